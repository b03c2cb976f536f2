"""`make mutate`: mutation testing (mutmut) of the vendor files and the request/retry policy; writes the kill rate
to bench/results.md, between `<!-- mutate:begin -->` and `<!-- mutate:end -->` (the block is replaced if present,
else appended). Not part of `make test`: a full run takes about 18 minutes on a 2-core machine.

Why mutmut: it is the tool already in the dev group; version 3 runs each mutant only against the tests that call
the mutated function (recorded in a first, clean run) and in forked workers, which is what keeps this bounded.

What is mutated (`[tool.mutmut] only_mutate` in pyproject.toml names the files; this script narrows _engine.py):
- every function of the five vendor files, src/unihook/_vendors/{flxpoint,commercelayer,blaze,shipping_channels,
  packcloud}.py, and of their shared readers in _vendors/_spec.py (`text`, `strings`, `timestamp`, `mapping`,
  `next_numbered_page`, `segment`, `plain_error`...): every vendor file reads its responses through them, so a
  gap there is a gap in every vendor file; they add some 190 mutants. _vendors/__init__.py (the registry) is out;
- in src/unihook/_engine.py, the request/retry policy only (`POLICY`): `wait_hint`, `api_error`, `_backoff`,
  `Engine.exchange` (a call with a token, renewed once), the token grant (`Engine._fetch_token`, or
  `Engine._obtain_token` where the engine has it), `Engine._attempts` (statuses, retries, backoff, hints) and
  `Engine._after_exception` (what a failed send means). The rest of _engine.py (validation, paging, create_many's
  rollback) is mutated by mutmut too but not run: that keeps a run within budget. mutmut mutates code inside
  functions only, so the module's constants (RETRY_STATUSES, BACKOFF_*) are held by the tests of the functions
  that read them, not mutated themselves.

How it stays bounded: the tests are tests/unit and tests/reliability without the `slow` ones (no subprocess, no
live sandbox: about 1,400 tests in about 10 s, all through httpx.MockTransport), each mutant runs only the tests
that call its function and stops at the first failure. The run is fresh (mutants/ is removed first) unless
`--keep`, which reuses mutmut's cache.

mutmut 3 copies src/ and tests/ into mutants/ and runs pytest there, in-process and in forked workers. Two
things this script adds:
- mutants/conftest.py, which stops pytest (9.x) from reusing the parametrize ids it cached on a mark during an
  earlier collection in the same process: reused, they are escaped a second time ('tab\\\\there' for
  'tab\\there'), the node ids mutmut recorded are then "not found", and the run stops on a usage error;
- the report: mutants/*.meta read back; each survivor shown with the line it changes and, from
  scripts/mutate_notes.toml, why it is equivalent (or "not reviewed yet"); the baseline run's survivors that the
  tests written for them now kill, by file and test, each test run alone against each of its mutants to show it
  fails (about 2 minutes; `--no-verify` skips it).

    python scripts/mutate.py                    # the full run, then the report into bench/results.md
    python scripts/mutate.py --report-only      # the report again from the last run's mutants/ (and its time)
    python scripts/mutate.py --only 'unihook._engine.x_wait_hint*' --no-write   # a quick look at one function
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
NOTES = ROOT / "scripts" / "mutate_notes.toml"
RESULTS = ROOT / "bench" / "results.md"
BEGIN, END = "<!-- mutate:begin -->", "<!-- mutate:end -->"
ENGINE = "src/unihook/_engine.py"
# The request/retry policy in _engine.py: mutmut's keys (x_ a function, xǁClassǁ a method).
POLICY = (
    "x_wait_hint",
    "x_api_error",
    "x__backoff",
    "xǁEngineǁexchange",
    "xǁEngineǁ_fetch_token",  # the token grant, at bc1593a
    "xǁEngineǁ_obtain_token",  # the token grant, where coordination shares tokens
    "xǁEngineǁ_attempts",
    "xǁEngineǁ_after_exception",
)

# See the docstring: pytest reuses the ids it generated for a parametrize mark in an earlier collection in the
# same process and escapes them again; mutmut collects in-process more than once.
CONFTEST = '''\
"""Written by scripts/mutate.py for mutmut runs only: see its docstring."""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    for mark in metafunc.definition.iter_markers("parametrize"):
        for m in (mark, getattr(mark, "_param_ids_from", None)):
            if m is not None and getattr(m, "_param_ids_generated", None) is not None:
                object.__setattr__(m, "_param_ids_generated", None)
'''

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code), folded into the report's columns.
KILLED, SURVIVED, TIMEOUT, NO_TESTS, SKIPPED, OTHER = "killed", "survived", "timeout", "no tests", "skipped", "other"
_STATUS = {1: KILLED, 3: KILLED, 37: KILLED, 0: SURVIVED, 5: NO_TESTS, 33: NO_TESTS, 34: SKIPPED}
_STATUS |= dict.fromkeys((24, -24, 152, 255, 36), TIMEOUT)


def status_of(exit_code: int | None) -> str | None:
    if exit_code is None:
        return None  # not run: outside the selection
    return _STATUS.get(exit_code, OTHER)


def mutmut_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]


def module_of(path: str) -> str:
    return path.removeprefix("src/").removesuffix(".py").replace("/", ".")


def selection(files: list[str]) -> list[str]:
    """mutmut's mutant-name globs: every mutant of the vendor files, the policy's of _engine.py."""
    globs = []
    for path in files:
        if path == ENGINE:
            globs += [f"{module_of(path)}.{key}__mutmut_*" for key in POLICY]
        else:
            globs.append(f"{module_of(path)}.*")
    return globs


def run_mutmut(globs: list[str], max_children: int, keep: bool) -> float:
    if not keep and MUTANTS.exists():
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    (MUTANTS / "conftest.py").write_text(CONFTEST)
    log_path = MUTANTS / "mutmut-run.log"
    mutmut = Path(sys.executable).parent / "mutmut"
    command = [str(mutmut), "run", "--max-children", str(max_children), *globs]
    print(f"mutmut run --max-children {max_children} <{len(globs)} globs>; output in {log_path.relative_to(ROOT)}")
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                print(f"  {int(time.monotonic() - started)} s: {latest_status(log_path)}", flush=True)
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        tail = log_path.read_text(errors="replace").replace("\r", "\n").splitlines()[-40:]
        sys.exit("mutmut failed (exit {}):\n{}".format(process.returncode, "\n".join(tail)))
    return elapsed


def latest_status(log_path: Path) -> str:
    text = log_path.read_text(errors="replace")[-4000:].replace("\r", "\n")
    lines = [line.strip("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ") for line in text.splitlines() if line.strip()]
    return lines[-1][:120] if lines else "starting"


def load_results(files: list[str], globs: list[str]) -> dict[str, dict[str, str]]:
    """{file: {mutant: status}} for the selected mutants that ran."""
    found: dict[str, dict[str, str]] = {}
    for path in files:
        meta = json.loads((MUTANTS / (path + ".meta")).read_text())["exit_code_by_key"]
        found[path] = {
            name: status
            for name, code in sorted(meta.items(), key=lambda kv: _natural(kv[0]))
            if any(fnmatch.fnmatch(name, g) for g in globs) and (status := status_of(code)) is not None
        }
    return found


def _natural(name: str) -> tuple[str, int]:
    base, _, number = name.partition("__mutmut_")
    return base, int(number) if number.isdigit() else 0


def change_of(name: str, path: str) -> tuple[str, str]:
    """The mutated code as (was, now): the diff's removed and added lines, each stripped, joined by a space."""
    try:
        from mutmut.mutation.diff_apply import get_diff_for_mutant

        diff = get_diff_for_mutant(name, path=path)
    except ImportError:  # an older or newer mutmut without this module: its command line says the same
        diff = subprocess.run(
            [str(Path(sys.executable).parent / "mutmut"), "show", name], cwd=ROOT, capture_output=True, text=True
        ).stdout
    was = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    now = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " ".join(was), " ".join(now)


def load_notes() -> dict:
    return tomllib.loads(NOTES.read_text()) if NOTES.exists() else {}


def equivalence(rules: list[dict], function: str, was: str, now: str) -> dict | None:
    """The first [[equivalent]] rule of scripts/mutate_notes.toml that matches this change, if any."""
    for rule in rules:
        if not fnmatch.fnmatchcase(function, rule["function"]):
            continue
        if "was" in rule and not re.fullmatch(rule["was"], was):
            continue
        if "now" in rule and not re.fullmatch(rule["now"], now):
            continue
        if "change" in rule and not re.fullmatch(rule["change"], f"{was}\n{now}"):
            continue
        if rule.get("case_only") and (was == now or was.lower() != now.lower()):
            continue
        return rule
    return None


def function_key(name: str) -> str:
    return name.partition("__mutmut_")[0]


def pretty(key: str) -> str:
    """`Engine._attempts` from xǁEngineǁ_attempts, `wait_hint` from x_wait_hint."""
    return key.removeprefix("x_").replace("xǁ", "").replace("ǁ", ".")


def short(name: str) -> str:
    """`Engine._attempts #12` from unihook._engine.xǁEngineǁ_attempts__mutmut_12."""
    key, _, number = name.rpartition(".")[2].partition("__mutmut_")
    return f"{pretty(key)} #{number}"


def code(text: str) -> str:
    text = text if len(text) <= 110 else text[:107] + "..."
    return "``" + text.replace("`", "'") + "``" if "`" in text else f"`{text}`"


def verify_kills(pairs: list[tuple[str, str]]) -> list[str]:
    """Run each (mutant, test) alone: the test must fail on the mutant. Returns those where it did not."""
    if not pairs:
        return []
    job = MUTANTS / "verify-kills.json"
    job.write_text(json.dumps(pairs))
    env = {**os.environ, "PY_IGNORE_IMPORTMISMATCH": "1"}
    run = subprocess.run(
        [sys.executable, __file__, "--verify-worker", str(job)], env=env, capture_output=True, text=True
    )
    if run.returncode != 0:
        sys.exit(f"the verification worker failed:\n{run.stderr[-3000:]}")
    codes = json.loads(run.stdout.splitlines()[-1])
    return [f"{short(name)}: {test} (exit {rc})" for (name, test), rc in zip(pairs, codes, strict=True) if rc != 1]


def _verify_worker(job: Path) -> None:
    """In mutants/, with mutmut's copy of src/ first on the path: pytest.main per pair, the mutant switched on
    through MUTANT_UNDER_TEST (read by mutmut's trampolines at each call). Prints the exit codes as JSON."""
    import io

    sys.path.insert(0, str(MUTANTS / "src"))
    os.chdir(MUTANTS)
    import pytest

    args = ["-x", "-q", "--rootdir=.", "-p", "no:randomly", *mutmut_config().get("pytest_add_cli_args", [])]
    codes = []
    real_stdout = sys.stdout
    for name, test in json.loads(job.read_text()):
        os.environ["MUTANT_UNDER_TEST"] = name
        sys.stdout = io.StringIO()
        try:
            codes.append(int(pytest.main([*args, test])))
        finally:
            sys.stdout = real_stdout
    print(json.dumps(codes))


def report(
    results: dict[str, dict[str, str]], elapsed: float | None, max_children: int, not_failing: list[str] | None
) -> list[str]:
    notes = load_notes()
    rules = notes.get("equivalent", [])
    counts = {path: Counter(statuses.values()) for path, statuses in results.items()}
    total = sum(counts.values(), Counter())
    where = {name: path for path, statuses in results.items() for name in statuses}
    status = {name: st for statuses in results.values() for name, st in statuses.items()}
    # The gaps: survivors, and mutants no selected test reaches.
    open_ = [name for name in where if status[name] in (SURVIVED, NO_TESTS)]
    expected_by = {name: group["test"] for group in notes.get("killed", []) for name in group["mutants"]}

    def rate(c: Counter) -> str:
        tested = sum(c.values()) - c[SKIPPED]
        return f"{100 * (c[KILLED] + c[TIMEOUT]) / tested:.1f}%" if tested else "n/a"

    version = importlib.metadata.version("mutmut")
    tests = len(json.loads((MUTANTS / "mutmut-stats.json").read_text())["duration_by_test"])
    config = mutmut_config()
    policy = [key for key in POLICY if any(f".{key}__mutmut_" in name for name in results.get(ENGINE, {}))]
    took = f"{elapsed / 60:.1f} min ({max_children} workers)" if elapsed is not None else "not timed"
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    tree = f"{head.strip()}{' with local changes' if dirty.stdout.strip() else ''}" if head.strip() else "no git"
    lines = [
        BEGIN,
        "## Mutation testing (`make mutate`)",
        "",
        f"{datetime.date.today().isoformat()}; mutmut {version}, Python {sys.version.split()[0]}; "
        f"`python scripts/mutate.py` at {tree}; mutmut's run took {took}.",
        "",
        "Mutated: every function of " + ", ".join(f"`{p}`" for p in results if p != ENGINE) + "; and in "
        f"`{ENGINE}` the request/retry policy: " + ", ".join(f"`{pretty(k)}`" for k in policy) + ".",
        f"Tests: {' '.join(config['pytest_add_cli_args_test_selection'])} without `slow` ({tests} tests); each "
        "mutant against the tests that call the function it changes.",
        "",
        "| file | mutants | killed | survived | timeout | no tests | skipped | other | kill rate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, c in [*counts.items(), ("**total**", total)]:
        columns = (KILLED, SURVIVED, TIMEOUT, NO_TESTS, SKIPPED, OTHER)
        lines.append(f"| {path} | {sum(c.values())} | " + " | ".join(str(c[k]) for k in columns) + f" | {rate(c)} |")
    lines += [
        "",
        f"**Kill rate {rate(total)}**: (killed + timeout) / (mutants - skipped); a mutant no selected test reaches "
        "counts as not killed.",
    ]
    base = notes.get("baseline")
    if base:
        before = 100 * (base["killed"] + base["timeout"]) / base["mutants"]
        lines += [
            f"Before the tests written for its survivors (tests/unit/test_mutation_gaps.py, "
            f"tests/unit/test_retry_policy_gaps.py), the same run at {base['commit']} ({base['date']}): "
            f"{before:.1f}%, {base['killed'] + base['timeout']} of {base['mutants']} killed, {base['survived']} "
            f"survived, {base['no_tests']} reached by no test; {base['minutes']} min.",
        ]
    lines.append("")

    # Survivors, by file: each with its change and why it is equivalent (a rule's label, explained below).
    used: dict[str, str] = {}
    unreviewed = 0
    lines += [f"### Survivors ({len(open_)})", ""]
    if not open_:
        lines += ["None.", ""]
    for path in results:
        mine = [name for name in open_ if where[name] == path]
        if not mine:
            continue
        lines += [f"{path}:", ""]
        for name in mine:
            was, now = change_of(name, path)
            rule = equivalence(rules, function_key(name), was, now)
            if rule is not None:
                used[rule["label"]] = rule["why"]
                why = f"equivalent ({rule['label']})"
            elif name in expected_by:
                why = f"**expected killed by {expected_by[name]}: survived**"
            else:
                why = "**not reviewed yet**"
                unreviewed += 1
            reached = " (no selected test reaches it)" if status[name] == NO_TESTS else ""
            lines.append(f"- {short(name)}{reached}: {code(was)} → {code(now)}: {why}")
        lines.append("")
    if used:
        lines += ["Why each is equivalent:", ""]
        lines += [f"- {label}: {why}." for label, why in used.items()]
        lines.append("")
    if unreviewed:
        lines += [f"{unreviewed} survivor(s) not reviewed yet: add them to scripts/mutate_notes.toml.", ""]

    # Survivors of the baseline run that the new tests kill, by file and test.
    killed_groups = [
        (group["test"], [n for n in group["mutants"] if status.get(n) in (KILLED, TIMEOUT)])
        for group in notes.get("killed", [])
    ]
    count = sum(len(names) for _, names in killed_groups)
    if count:
        lines += [f"### Survivors of the baseline run, now killed ({count})", ""]
        for path in results:
            rows = []
            for test, names in killed_groups:
                by_function: dict[str, list[str]] = {}
                for name in names:
                    if where[name] == path:
                        function, _, number = short(name).partition(" ")
                        by_function.setdefault(function, []).append(number)
                if by_function:
                    listed = "; ".join(f"{function} {', '.join(numbers)}" for function, numbers in by_function.items())
                    rows.append(f"- `{test.rpartition('::')[2]}` ({test.partition('::')[0]}): {listed}")
            if rows:
                lines += [f"{path}:", "", *rows, ""]
        if not_failing is not None:
            lines += [
                "Each of these tests was run alone against each of its mutants after the run: "
                + (
                    "each failed."
                    if not not_failing
                    else "**some did not fail** (a function changed since the notes were written: the mutant of "
                    "that name is another one now; attribute it again): " + "; ".join(not_failing)
                ),
                "",
            ]
    lines.append(END)
    return lines


def write(lines: list[str], output: Path) -> None:
    block = "\n".join(lines)
    text = output.read_text() if output.exists() else ""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + block + "\n"
    output.write_text(text if text.endswith("\n") else text + "\n")


def main() -> int:
    if sys.argv[1:2] == ["--verify-worker"]:
        _verify_worker(Path(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2, help="parallel mutmut workers")
    parser.add_argument("--only", action="append", default=[], help="mutant-name glob(s) instead of the selection")
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ (mutmut's cache) instead of a fresh run")
    parser.add_argument("--report-only", action="store_true", help="no run: report the last run's mutants/")
    parser.add_argument("--no-verify", action="store_true", help="skip running each [[killed]] test on its mutants")
    parser.add_argument("--no-write", action="store_true", help="print the report, leave bench/results.md alone")
    parser.add_argument("--output", type=Path, default=RESULTS, help="the markdown file to write the section into")
    args = parser.parse_args()
    os.chdir(ROOT)  # mutmut reads pyproject.toml and writes mutants/ in the working directory

    files = [path.removeprefix("./") for path in mutmut_config()["only_mutate"]]
    globs = args.only or selection(files)
    timing = MUTANTS / "mutate-run.json"
    if not args.report_only:
        elapsed = run_mutmut(globs, args.max_children, keep=args.keep)
        timing.write_text(json.dumps({"seconds": elapsed, "workers": args.max_children}))
    elif not (MUTANTS / "mutmut-stats.json").exists():
        sys.exit("no mutants/ from an earlier run: run without --report-only first")
    run = json.loads(timing.read_text()) if timing.exists() else {}
    results = {path: found for path, found in load_results(files, globs).items() if found}
    not_failing = None
    if not args.no_verify:
        ran = {name for statuses in results.values() for name, st in statuses.items() if st in (KILLED, TIMEOUT)}
        pairs = [(n, g["test"]) for g in load_notes().get("killed", []) for n in g["mutants"] if n in ran]
        print(f"verifying {len(pairs)} kills, one pytest run each")
        not_failing = verify_kills(pairs)
    lines = report(results, run.get("seconds"), run.get("workers", args.max_children), not_failing)
    print("\n".join(lines))
    if args.only or args.no_write:
        print("\n(not written: --only or --no-write)")
    else:
        write(lines, args.output)
        print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

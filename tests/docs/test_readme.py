"""README.md runs as written: every ```python block and every shell line of its ```sh / ```console blocks is run,
in README order, against a live sandbox, as a reader following it from the top would run them.

The rules, all here and all checked:
- Python blocks run as scripts (`python block.py`) in a scratch directory, with the environment the shell
  lines before them exported.
- Shell blocks run in bash, one bash per block (so `id=$(...)` on one line is seen by the next), each line
  checked on its own: it must exit 0, or N when its comment says `exits N`. Variables a block exports carry
  over to later blocks and to Python blocks, as in a terminal.
- ```console blocks: the lines starting with `$ ` are commands; the others are output, not compared.
- A ```yaml block whose first line is `# <file>.yaml` is written to that file before the blocks after it run
  (every YAML block must name its file, and must be a valid plan file).
- The README's sandbox address (`unihook sandbox` serves on port 8765) is replaced by the test sandbox's.
- The environment starts with no vendor setting at all: the README's own exports must configure the vendors.
- A line that cannot run in a test is skipped only when SKIPPED lists it exactly, with the reason; a listed
  line that is no longer in the README fails the test, so every skip is a deliberate one. Lines that install
  or drive the repository (pip, uv, make, git, ...) are never run: unless listed, they fail the test.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import unihook
from unihook_sandbox import SandboxServer

from .conftest import README, SANDBOX_CREDENTIALS, base_url_env, clean_environ

# The address the README gives for `unihook sandbox` (its default port); replaced by the test sandbox's.
README_SANDBOX = "http://127.0.0.1:8765"

# Shell lines a test cannot run (comments stripped, spaces collapsed) and why.
SKIPPED: dict[str, str] = {
    "pip install unihook": "installs into the reader's environment; the test runs this checkout's .venv",
    "pip install 'unihook[cli]'": "installs into the reader's environment; the test runs this checkout's .venv",
    "pip install 'unihook[sandbox]'": "installs into the reader's environment; the test runs this checkout's .venv",
    "unihook sandbox": "serves until Ctrl-C; the test starts its own SandboxServer and rewrites the address",
    "make demo": "the repository's own target (make demo runs scripts/demo.py, tested by running it there)",
    "make test": "the repository's own target: it runs this very test",
}

# Never run, listed or not: a new line like these must be added to SKIPPED (installs, the repository's targets).
NEVER_RUN = re.compile(r"(pip3?|uv|make|git|sudo|curl|wget)\b")

SHELL_LANGS = {"sh", "shell", "bash", "console"}
STEP_TIMEOUT = 120  # seconds; a step normally takes about one
_EXITS = re.compile(r"\bexits (\d+)\b")
_FILE_MARKER = re.compile(r"#\s*(\S+\.ya?ml)\s*$")


@dataclass(frozen=True)
class Block:
    lang: str
    line: int  # 1-based line of the opening fence
    text: str


@dataclass(frozen=True)
class Command:
    line: int  # 1-based README line where the command starts
    text: str  # as written, continuation lines joined with their backslash-newlines
    expect: int  # the exit status the README promises

    @property
    def key(self) -> str:
        """The command without its comment, spaces collapsed: what SKIPPED lists."""
        return " ".join(strip_comment(self.text).split())


def strip_comment(text: str) -> str:
    """Everything before a ` # ` comment outside quotes (a URL's `#fragment` has no space before it)."""
    quote = ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1].isspace()):
            return text[:index].rstrip()
    return text


def blocks(markdown: str) -> list[Block]:
    found: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = lines[index]
        if opening.startswith("```"):
            lang = opening[3:].strip().split()[0].lower() if opening[3:].strip() else ""
            end = index + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            if end == len(lines):
                raise AssertionError(f"README.md:{index + 1}: a code block is never closed")
            found.append(Block(lang, index + 1, "\n".join(lines[index + 1 : end]) + "\n"))
            index = end
        index += 1
    return found


def commands(block: Block) -> list[Command]:
    """A shell block's commands: sh lines (blank and comment-only lines aside), or console `$ ` lines."""
    found: list[Command] = []
    pending: list[str] = []
    start = 0
    for offset, raw in enumerate(block.text.splitlines(), start=1):
        row = raw.rstrip()
        if not pending:
            if block.lang == "console":
                if not row.startswith("$ "):
                    continue  # output
                row = row[2:]
            if not row.strip() or row.lstrip().startswith("#"):
                continue
            start = block.line + offset
        pending.append(row)
        if row.endswith("\\"):
            continue
        text = "\n".join(pending)
        match = _EXITS.search(text[len(strip_comment(text)) :])
        found.append(Command(start, text, int(match.group(1)) if match else 0))
        pending = []
    if pending:
        raise AssertionError(f"README.md:{start}: a command ends with a line continuation")
    return found


def readme_blocks() -> list[Block]:
    return blocks(README.read_text(encoding="utf-8"))


def all_commands() -> list[Command]:
    return [command for block in readme_blocks() if block.lang in SHELL_LANGS for command in commands(block)]


def yaml_file_name(block: Block) -> str | None:
    first = block.text.splitlines()[0] if block.text.strip() else ""
    match = _FILE_MARKER.fullmatch(first.strip())
    return match.group(1) if match else None


# --- the rules themselves -------------------------------------------------------------------------------------


def test_the_readme_has_what_this_test_runs() -> None:
    langs = [block.lang for block in readme_blocks()]
    assert langs.count("python") >= 3, "the quick start, the async client and errors"
    assert len(all_commands()) >= 15
    assert "yaml" in langs


def test_every_skip_is_listed_and_still_in_the_readme() -> None:
    keys = [command.key for command in all_commands()]
    assert sorted(set(SKIPPED) - set(keys)) == [], "SKIPPED lists lines the README no longer has: remove them"
    # What runs is everything else: a line is skipped only by being listed above.
    runnable = [key for key in keys if key not in SKIPPED]
    assert runnable
    assert [key for key in runnable if NEVER_RUN.match(key)] == [], "list these in SKIPPED, with the reason"


def test_the_readme_points_at_the_sandbox_address_it_is_tested_on() -> None:
    assert README_SANDBOX in README.read_text(encoding="utf-8")


def test_the_readme_exports_configure_every_vendor() -> None:
    exported: set[str] = set()
    for command in all_commands():
        words = shlex.split(strip_comment(command.text))
        if words and words[0] == "export":
            exported.update(word.split("=", 1)[0] for word in words[1:])
    wanted = set(SANDBOX_CREDENTIALS) | {base_url_env(vendor) for vendor in unihook.VENDORS}
    assert sorted(wanted - exported) == []


def test_every_yaml_block_names_its_file_and_is_a_valid_plan() -> None:
    from unihook._plan import parse_plan  # the [cli] extra; the docs tests run with it installed

    for block in readme_blocks():
        if block.lang not in {"yaml", "yml"}:
            continue
        name = yaml_file_name(block)
        assert name, f"README.md:{block.line}: a YAML block's first line must be `# <file>.yaml`"
        variables = re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", block.text)
        parse_plan(block.text, source=name, environ=dict.fromkeys(variables, "a-long-enough-secret"))


def test_both_make_commands_are_kept_exactly() -> None:
    text = README.read_text(encoding="utf-8")
    assert "\nmake demo   # sets everything up, starts the local sandbox" in text
    assert "\nmake test   # sets up if needed, then lint, strict type check and every test" in text


def test_nothing_points_outside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
    targets = re.findall(r"\]\(([^)\s]+)", text) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", text, flags=re.MULTILINE)
    assert [t for t in targets if not t.startswith(("#", "https://"))] == [], "links to paths break on PyPI"


def test_the_parser_reads_blocks_as_described() -> None:
    markdown = (
        "text\n```console\n$ unihook plan -f p.yaml   # exits 2\n+ create ...\n$ echo 'a # b' \\\n"
        "  c\noutput\n```\n```sh\n# a comment\n\ncurl https://example.com/#frag  # why\n```\n"
    )
    found = blocks(markdown)
    assert [(b.lang, b.line) for b in found] == [("console", 2), ("sh", 9)]
    console, sh = (commands(b) for b in found)
    assert [(c.line, c.key, c.expect) for c in console] == [
        (3, "unihook plan -f p.yaml", 2),
        (5, "echo 'a # b' \\ c", 0),
    ]
    assert [(c.line, c.key) for c in sh] == [(12, "curl https://example.com/#frag")]
    assert NEVER_RUN.match(sh[0].key)


# --- running it -----------------------------------------------------------------------------------------------


def _report(what: str, result: subprocess.CompletedProcess[str]) -> str:
    return f"{what}\n--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"


def _bash_script(runnable: list[Command], env_file: Path) -> str:
    rows = ["set -o pipefail"]
    for command in runnable:
        rows.append(command.text)
        rows.append(
            f'__rc=$?; if [ "$__rc" -ne {command.expect} ]; then '
            f'echo "[tests/docs] README.md:{command.line} exited $__rc, expected {command.expect}" >&2; exit 99; fi'
        )
    dump = "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"
    rows.append(f"{shlex.quote(sys.executable)} -c {shlex.quote(dump)} {shlex.quote(str(env_file))}")
    return "\n".join(rows) + "\n"


@pytest.mark.slow
def test_the_readme_runs_as_written(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.reset()
    env = clean_environ()
    ran = 0
    started = time.monotonic()
    for block in readme_blocks():
        text = block.text.replace(README_SANDBOX, sandbox.url)
        where = f"README.md:{block.line} ({block.lang} block)"
        if block.lang in {"yaml", "yml"}:
            name = yaml_file_name(block)
            assert name, f"{where}: first line must be `# <file>.yaml`"
            (tmp_path / name).write_text(text, encoding="utf-8")
        elif block.lang == "python":
            script = tmp_path / f"readme_{block.line}.py"
            script.write_text(text, encoding="utf-8")
            result = subprocess.run(
                [sys.executable, str(script)],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=STEP_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
            if result.returncode != 0:
                pytest.fail(_report(f"{where} exited {result.returncode}", result), pytrace=False)
            ran += 1
        elif block.lang in SHELL_LANGS:
            runnable = [c for c in commands(Block(block.lang, block.line, text)) if c.key not in SKIPPED]
            refused = [c.key for c in runnable if NEVER_RUN.match(c.key)]
            assert refused == [], f"{where}: not run in a test; list in SKIPPED if it is meant to be skipped"
            if not runnable:
                continue
            env_file = tmp_path / f"env_{block.line}.json"
            result = subprocess.run(
                ["bash", "-c", _bash_script(runnable, env_file)],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=STEP_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            )
            if result.returncode != 0:
                pytest.fail(_report(f"{where} failed", result), pytrace=False)
            env = json.loads(env_file.read_text(encoding="utf-8"))
            ran += len(runnable)
    assert ran >= 15
    print(f"{ran} README steps in {time.monotonic() - started:.1f} s")

"""Generate the five vendor client packages and the sandbox's request models from specs/.

    python scripts/generate.py            # regenerate vendors whose inputs changed (make generate)
    python scripts/generate.py --force    # regenerate everything
    python scripts/generate.py --check    # regenerate into a temp dir and fail on drift (make check-generated)

For each vendor key, the inputs are specs/<key>/openapi.yaml, specs/<key>/codegen.yaml, specs/templates/*
and the pinned tool versions. Their hash is recorded in generated/<key>/provenance.json; a vendor whose hash
is unchanged is skipped, so a no-op run only hashes files.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GENERATED = ROOT / "generated"
TEMPLATES = SPECS / "templates"
VENDORS = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")
TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")
SANDBOX_PACKAGE = "unihook_sandbox_models"

MARKER = """# Generated code: do not edit

Everything in this folder is written by `make generate` from `specs/{key}/openapi.yaml` and
`specs/{key}/codegen.yaml` with pinned tools (see `provenance.json`). Hand edits are lost on the next run and
fail `make check-generated`. To change it, change the spec or the codegen config, then run `make generate`.
"""


class GenerationError(Exception):
    pass


def _venv_bin() -> Path:
    return Path(sys.executable).parent


def _tool_versions() -> dict[str, str]:
    return {tool: metadata.version(tool) for tool in TOOLS}


def _inputs_hash(key: str, versions: dict[str, str]) -> dict[str, str]:
    def digest(paths: list[Path]) -> str:
        h = hashlib.sha256()
        for path in paths:
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(b"\0")
            h.update(path.read_bytes())
        return h.hexdigest()

    spec = SPECS / key / "openapi.yaml"
    config = SPECS / key / "codegen.yaml"
    templates = sorted(p for p in TEMPLATES.glob("*.jinja"))
    return {
        "spec_sha256": digest([spec]),
        "codegen_config_sha256": digest([config]),
        "templates_sha256": digest(templates),
        "generator_script_sha256": digest([Path(__file__).resolve()]),
        **{f"{tool}_version": version for tool, version in versions.items()},
    }


def _run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "PATH": f"{_venv_bin()}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    # --fail-on-warning exits 1 but still writes files; a warning printed with exit 0 is caught here too.
    if result.returncode != 0 or "warning" in output.lower():
        raise GenerationError(f"{' '.join(cmd[:2])} failed (exit {result.returncode}):\n{output}")


def _generate_client(key: str, out_root: Path) -> None:
    package_dir = out_root / key / f"{key}_client"
    shutil.rmtree(package_dir, ignore_errors=True)  # --overwrite would only clear models/ and api/
    package_dir.parent.mkdir(parents=True, exist_ok=True)
    _run(
        [
            str(_venv_bin() / "openapi-python-client"),
            "generate",
            "--path",
            str(SPECS / key / "openapi.yaml"),
            "--config",
            str(SPECS / key / "codegen.yaml"),
            "--custom-template-path",
            str(TEMPLATES),
            "--meta",
            "none",
            "--output-path",
            str(package_dir),
            "--fail-on-warning",
        ],
        cwd=out_root,
    )
    (package_dir / "py.typed").write_text("# Marker file for PEP 561\n")


def _generate_sandbox_models(key: str, out_root: Path) -> None:
    package_dir = out_root / "sandbox" / SANDBOX_PACKAGE
    package_dir.mkdir(parents=True, exist_ok=True)
    target = package_dir / f"{key}.py"
    target.unlink(missing_ok=True)
    _run(
        [
            str(_venv_bin() / "datamodel-codegen"),
            "--input",
            str(SPECS / key / "openapi.yaml"),
            "--input-file-type",
            "openapi",
            "--output",
            str(target),
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--target-python-version",
            "3.11",
            "--disable-timestamp",
            "--use-standard-collections",
            "--use-union-operator",
            "--use-annotated",
            "--field-constraints",
            # The sandbox validates requests with these models: lax pydantic would take `0` or `"true"` for a
            # boolean and `false` or `"5"` for an integer, values the spec's schema refuses.
            "--strict-types",
            "str",
            "int",
            "float",
            "bool",
            "--formatters",
            "builtin",
            "--custom-file-header",
            f"# Generated by make generate from specs/{key}/openapi.yaml: do not edit.",
        ],
        cwd=out_root,
    )
    # Formatted here, isolated from any ruff settings found near the output, so bytes never depend on where
    # the output is written (the drift check writes to a temporary directory).
    _run(
        [
            str(_venv_bin() / "ruff"),
            "format",
            "--isolated",
            "--no-cache",
            "--quiet",
            "--line-length",
            "120",
            "--config",
            "format.skip-magic-trailing-comma = true",
            str(target),
        ],
        cwd=out_root,
    )


def _write_metadata(key: str, out_root: Path, provenance: dict[str, str]) -> None:
    vendor_dir = out_root / key
    (vendor_dir / "README.md").write_text(MARKER.format(key=key))
    (vendor_dir / "provenance.json").write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n")
    sandbox = out_root / "sandbox"
    (sandbox / "README.md").write_text(MARKER.format(key="<key>"))
    (sandbox / SANDBOX_PACKAGE / "__init__.py").write_text(
        '"""pydantic v2 request models of the five vendor specs, for the sandbox (generated: do not edit)."""\n'
    )
    (sandbox / SANDBOX_PACKAGE / "py.typed").write_text("# Marker file for PEP 561\n")


def generate(keys: tuple[str, ...], out_root: Path, force: bool) -> list[str]:
    versions = _tool_versions()
    todo: list[tuple[str, dict[str, str]]] = []
    for key in keys:
        provenance = {"vendor": key, **_inputs_hash(key, versions)}
        recorded = out_root / key / "provenance.json"
        complete = (out_root / key / f"{key}_client" / "py.typed").exists() and (
            out_root / "sandbox" / SANDBOX_PACKAGE / f"{key}.py"
        ).exists()
        if not force and complete and recorded.exists() and json.loads(recorded.read_text()) == provenance:
            continue
        todo.append((key, provenance))

    def one(item: tuple[str, dict[str, str]]) -> str:
        key, provenance = item
        try:
            _generate_client(key, out_root)
            _generate_sandbox_models(key, out_root)
        except GenerationError:
            shutil.rmtree(out_root / key / f"{key}_client", ignore_errors=True)
            (out_root / key / "provenance.json").unlink(missing_ok=True)
            raise
        _write_metadata(key, out_root, provenance)
        return key

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(one, todo))


def _tree(root: Path) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }


def check(keys: tuple[str, ...]) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="unihook-gen-") as tmp:
        fresh_root = Path(tmp)
        generate(keys, fresh_root, force=True)
        fresh, committed = _tree(fresh_root), _tree(GENERATED)
        problems = [f"missing in generated/: {name}" for name in sorted(fresh.keys() - committed.keys())]
        problems += [f"not produced by the specs: generated/{name}" for name in sorted(committed.keys() - fresh.keys())]
        problems += [
            f"differs: generated/{name}"
            for name in sorted(fresh.keys() & committed.keys())
            if not filecmp.cmp(fresh[name], committed[name], shallow=False)
        ]
        return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vendors", nargs="*", help=f"vendor keys (default: all of {', '.join(VENDORS)})")
    parser.add_argument("--force", action="store_true", help="regenerate even when inputs are unchanged")
    parser.add_argument("--check", action="store_true", help="fail when generated/ differs from the specs")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.vendors) - set(VENDORS))
    if unknown:
        parser.error(f"unknown vendor key(s): {', '.join(unknown)}; known: {', '.join(VENDORS)}")
    keys = tuple(args.vendors) or VENDORS
    try:
        if args.check:
            problems = check(keys)
            if problems:
                # `make generate` skips a vendor whose inputs are unchanged, so it never undoes a hand edit:
                # --force regenerates whatever the inputs say.
                repair = " ".join([".venv/bin/python scripts/generate.py --force", *args.vendors])
                print(f"generated/ does not match specs/ (run `{repair}` and commit the result):", file=sys.stderr)
                print("\n".join(f"  {p}" for p in problems[:40]), file=sys.stderr)
                return 1
            print(f"generated/ matches specs/ for {len(keys)} vendors")
            return 0
        done = generate(keys, GENERATED, force=args.force)
    except GenerationError as exc:
        print(f"generation failed: {exc}", file=sys.stderr)
        return 1
    skipped = [k for k in keys if k not in done]
    print(f"generated: {', '.join(done) or 'none'}; unchanged: {', '.join(skipped) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

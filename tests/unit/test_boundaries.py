"""DESIGN.md boundary rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

from tests.support import ROOT, VENDORS

SRC = ROOT / "src" / "unihook"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_each_generated_package_is_imported_by_its_one_adapter() -> None:
    importers: dict[str, list[str]] = {f"{v}_client": [] for v in VENDORS}
    for path in sorted(SRC.rglob("*.py")):
        for module in _imports(path) & set(importers):
            importers[module].append(path.relative_to(SRC).as_posix())
    assert importers == {f"{v}_client": [f"_vendors/{v}.py"] for v in VENDORS}


def test_generated_code_never_imports_the_facade() -> None:
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "generated").rglob("*.py"))
        if "unihook" in _imports(path)
    ]
    assert offenders == []


def test_public_facade_types_do_not_expose_generated_models() -> None:
    import unihook

    for name in unihook.__all__:
        value = getattr(unihook, name)
        if typing.get_origin(value) is typing.Literal:
            continue  # a type alias of plain strings (VendorKey)
        module = getattr(value, "__module__", "unihook")
        assert module.startswith("unihook"), f"{name} comes from {module}"

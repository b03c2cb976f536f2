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


# --- vendor facts live in vendor files (DESIGN.md rule 7) ------------------------------------------------------

SANDBOX = ROOT / "sandbox" / "src" / "unihook_sandbox"
# The vendor files and the one registry per package: the only modules allowed to name a vendor.
VENDOR_FILES = {
    *(SRC / "_vendors" / f"{v}.py" for v in VENDORS),
    SRC / "_vendors" / "__init__.py",
    *(SANDBOX / f"{v}.py" for v in VENDORS),
    SANDBOX / "_registry.py",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def vendor_mentions(source: str) -> list[tuple[int, str]]:
    """Where code names a vendor: a string (docstrings aside) or an identifier containing a vendor key."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    mentions: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        words: list[str] = []
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            words.append(node.value)
        elif isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            words.append(node.name)
        elif isinstance(node, ast.arg | ast.keyword) and node.arg:
            words.append(node.arg)
        elif isinstance(node, ast.alias):
            words.append(node.asname or node.name)
        for word in words:
            lowered = word.lower()
            mentions.extend((getattr(node, "lineno", 0), key) for key in VENDORS if key in lowered)
    return mentions


def test_no_module_outside_the_vendor_files_names_a_vendor() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(set(found))
        for path in sorted([*SRC.rglob("*.py"), *SANDBOX.rglob("*.py")])
        if path not in VENDOR_FILES and (found := vendor_mentions(path.read_text()))
    }
    assert offenders == {}


def test_the_vendor_scan_finds_what_it_looks_for() -> None:
    # The scan above must be able to fail: each way of naming a vendor is found, docstrings are not.
    source = '''
"""Docstrings may say flxpoint."""
if vendor == "commercelayer":
    token = settings.blaze_partner_key
def shipping_channels_hint(packcloud_id): ...
'''
    assert sorted(key for _, key in vendor_mentions(source)) == [
        "blaze",
        "commercelayer",
        "packcloud",
        "shipping_channels",
    ]

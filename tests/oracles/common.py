"""Shared helpers of the oracle tests: our specs and the vendors' own files compared field by field.

A comparison returns *findings*, `{key: detail}`, keys shaped `<area>:<what>`. A test module holds the deliberate
differences as `{key: reason}`; `disagreements()` fails on a finding nobody listed and on a listed difference that is
no longer found, so the list cannot go stale.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SPECS = ROOT / "specs"
CASSETTES = ROOT / "tests" / "contract" / "cassettes"

Findings = dict[str, str]
Json = Any


# --- loading -------------------------------------------------------------------------------------------------------


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)  # the C loader: ten times the pure-Python one


@functools.cache
def _spec_text(vendor: str) -> str:
    return (SPECS / vendor / "openapi.yaml").read_text()


def load_spec(vendor: str) -> dict[str, Any]:
    """A fresh copy of our spec each call, so a test may mutate it freely."""
    spec: dict[str, Any] = _yaml(_spec_text(vendor))
    return spec


@functools.cache
def load_oracle(vendor: str, name: str) -> Json:
    return json.loads((HERE / vendor / name).read_text())


def oracle_text(vendor: str, name: str) -> str:
    return (HERE / vendor / name).read_text()


def provenance(vendor: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / vendor / "provenance.json").read_text())
    return data


def sha256_of(vendor: str, name: str) -> str:
    return hashlib.sha256((HERE / vendor / name).read_bytes()).hexdigest()


# --- schema walking (works on OpenAPI 3.x, Swagger 2.0 and our 3.1 specs alike) ------------------------------------


def resolve(doc: Mapping[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (`#/a/b`) until a node without one."""
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local refs are expected, got {ref}"
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def branches(doc: Mapping[str, Any], schema: Any) -> list[Mapping[str, Any]]:
    """The alternatives of a schema: itself, or its anyOf/oneOf members (recursively), refs resolved."""
    schema = resolve(doc, schema)
    if not isinstance(schema, Mapping):
        return []
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return [b for member in schema[key] for b in branches(doc, member)]
    return [schema]


def json_types(doc: Mapping[str, Any], schema: Any) -> frozenset[str]:
    """The JSON types a schema admits, `null` left out (nullability is compared on its own, where it matters)."""
    found: set[str] = set()
    for branch in branches(doc, schema):
        declared = branch.get("type")
        if isinstance(declared, str):
            found.add(declared)
        elif isinstance(declared, list):
            found.update(declared)
        elif "const" in branch:
            found.add(json_type_of(branch["const"]))
    found.discard("null")
    return frozenset(found)


def item_types(doc: Mapping[str, Any], schema: Any) -> frozenset[str] | None:
    """The item types of an array schema, None when it declares no items."""
    for branch in branches(doc, schema):
        if "items" in branch:
            return json_types(doc, branch["items"])
    return None


def formats(doc: Mapping[str, Any], schema: Any) -> frozenset[str]:
    return frozenset(b["format"] for b in branches(doc, schema) if "format" in b)


def enum_values(doc: Mapping[str, Any], schema: Any) -> frozenset[str]:
    """Every enum value reachable from a schema (our open enums keep them in a `...Known` branch)."""
    values: set[str] = set()
    for branch in branches(doc, schema):
        values.update(branch.get("enum", ()))
        if "const" in branch:
            values.add(branch["const"])
    return frozenset(values)


def properties(doc: Mapping[str, Any], schema: Any) -> dict[str, Any]:
    node = resolve(doc, schema) or {}
    props: dict[str, Any] = dict(node.get("properties", {}))
    return props


def required(doc: Mapping[str, Any], schema: Any) -> frozenset[str]:
    return frozenset((resolve(doc, schema) or {}).get("required", ()))


def json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def compare_properties(
    findings: Findings,
    prefix: str,
    ours_doc: Mapping[str, Any],
    ours: Mapping[str, Any],
    oracle_doc: Mapping[str, Any],
    oracle: Mapping[str, Any],
) -> None:
    """Names, JSON types, array item types and formats of two property maps; formats only where both declare one
    (a format one side leaves out narrows nothing either side parses)."""
    for name in sorted(oracle.keys() - ours.keys()):
        findings[f"{prefix}:not-in-ours:{name}"] = f"the vendor has `{name}`, our spec does not"
    for name in sorted(ours.keys() - oracle.keys()):
        findings[f"{prefix}:not-in-oracle:{name}"] = f"our spec has `{name}`, the vendor does not"
    for name in sorted(ours.keys() & oracle.keys()):
        mine, theirs = json_types(ours_doc, ours[name]), json_types(oracle_doc, oracle[name])
        if mine != theirs:
            findings[f"{prefix}:type:{name}"] = f"ours {sorted(mine)}, the vendor's {sorted(theirs)}"
            continue
        mine_items, theirs_items = item_types(ours_doc, ours[name]), item_types(oracle_doc, oracle[name])
        if mine_items is not None and theirs_items is not None and mine_items != theirs_items:
            findings[f"{prefix}:items:{name}"] = f"items ours {sorted(mine_items)}, the vendor's {sorted(theirs_items)}"
        mine_formats, theirs_formats = formats(ours_doc, ours[name]), formats(oracle_doc, oracle[name])
        if mine_formats and theirs_formats and mine_formats != theirs_formats:
            findings[f"{prefix}:format:{name}"] = f"ours {sorted(mine_formats)}, the vendor's {sorted(theirs_formats)}"


def normalise_path(path: str) -> str:
    """Path parameters by position, not name: a parameter's name never reaches the wire."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def http_methods(item: Mapping[str, Any]) -> list[str]:
    return [m for m in item if m in {"get", "put", "post", "patch", "delete"}]


def compare_sets(
    findings: Findings, prefix: str, ours: set[str] | frozenset[str], theirs: set[str] | frozenset[str]
) -> None:
    for value in sorted(theirs - ours):
        findings[f"{prefix}:not-in-ours:{value}"] = f"the vendor has `{value}`, our spec does not"
    for value in sorted(ours - theirs):
        findings[f"{prefix}:not-in-oracle:{value}"] = f"our spec has `{value}`, the vendor does not"


# --- deliberate differences --------------------------------------------------------------------------------------


def disagreements(findings: Mapping[str, str], deliberate: Mapping[str, str], area: str) -> list[str]:
    """Findings of one area nobody listed, and listed differences of that area that are gone (stale)."""
    found = {k: v for k, v in findings.items() if k.split(":", 1)[0] == area}
    listed = {k for k in deliberate if k.split(":", 1)[0] == area}
    problems = [f"{key} — {detail}" for key, detail in sorted(found.items()) if key not in deliberate]
    problems += [
        f"{key} — listed as deliberate but no longer found: remove it" for key in sorted(listed - found.keys())
    ]
    return problems


# --- recorded interactions ---------------------------------------------------------------------------------------


@functools.cache
def _cassettes() -> tuple[tuple[str, int, dict[str, Any]], ...]:
    # The same files and shape tests/contract/test_cassettes.py reads; loaded here with the C loader, because
    # importing that module pulls openapi-core in and parses with the pure-Python loader (~3 s, the whole budget).
    found = []
    for path in sorted(CASSETTES.rglob("*.yaml")):
        data = _yaml(path.read_text())
        for index, interaction in enumerate(data.get("interactions", [])):
            found.append((path.relative_to(CASSETTES).as_posix(), index, interaction))
    return tuple(found)


def interactions(is_vendor: Callable[[str], bool]) -> list[tuple[str, int, dict[str, Any]]]:
    return [(name, i, x) for name, i, x in _cassettes() if is_vendor(x["request"]["uri"])]


def body_json(text: str | bytes | None) -> Any:
    if not text:
        return None
    if isinstance(text, bytes):
        text = text.decode()
    return json.loads(text)


def schema_errors(schema: Mapping[str, Any], instance: Any, kind: str) -> Findings:
    """jsonschema (draft 4, the dialect of Swagger 2.0 and OpenAPI 3.0 schemas) errors as findings keyed
    `<kind>:<path>:<validator>`; array indices become `*`, and a `type` error on a null says `type(null)`."""
    found: Findings = {}
    for error in jsonschema.Draft4Validator(schema).iter_errors(instance):
        path = ".".join("*" if isinstance(p, int) else str(p) for p in error.absolute_path) or "$"
        validator = "type(null)" if error.validator == "type" and error.instance is None else str(error.validator)
        found[f"{kind}:{path}:{validator}"] = error.message
    return found


def iso_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def match_operation(templates: Mapping[str, Any], method: str, path: str) -> tuple[str, str] | None:
    """(template, method) of the oracle operation a request hits; a literal segment beats a parameter."""
    candidates = []
    for template, item in templates.items():
        if method.lower() not in http_methods(item):
            continue
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            candidates.append((template.count("{"), template))
    if not candidates:
        return None
    return min(candidates)[1], method.lower()

"""schemathesis against the sandbox, bounded for `make test`: every operation of every vendor spec, a few
examples each, the same harness and checks as `make fuzz` (scripts/fuzz.py, which runs 100 per operation).

The checks: no 5xx, documented status, documented media type, body valid against the documented schema,
documented headers. A failure fails the test with a reproducing curl command per distinct problem.

Collection only reads the specs' operation lists (libyaml, milliseconds); schemathesis and the schemas load
when the first test runs, so `-m "not slow"` does not pay for them.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
import yaml

from unihook_sandbox import VENDOR_KEYS, SandboxServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# Per operation: generated requests the spec allows (its own examples among them), and requests it forbids.
EXAMPLES = {"positive": 20, "negative": 10}
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def _operations(vendor: str) -> list[tuple[str, str, str]]:
    """(method, path, operationId) of every operation, creates first as the harness orders them (they fill the
    pool of known ids that the item operations use)."""
    with (ROOT / "specs" / vendor / "openapi.yaml").open(encoding="utf-8") as file:
        spec = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (safe loaders)
    found = [
        (method, path, str(item[method]["operationId"]))
        for path, item in spec["paths"].items()
        for method in HTTP_METHODS
        if method in item
    ]
    return sorted(found, key=lambda op: (not (op[0] == "post" and not op[1].endswith("}")), found.index(op)))


CASES = [
    pytest.param(vendor, mode, method, path, id=f"{vendor}-{mode}-{operation_id}")
    for vendor in VENDOR_KEYS
    for mode in EXAMPLES
    for method, path, operation_id in _operations(vendor)
]


@functools.cache
def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unihook_fuzz_harness", ROOT / "scripts" / "fuzz.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is being built
    spec.loader.exec_module(module)
    return module


@functools.cache
def _schema(vendor: str) -> Any:
    return _harness().load_schema(vendor)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        yield http


@pytest.fixture(scope="module")
def known() -> dict[str, Any]:
    """Per vendor, the records that creates made so far."""
    return {vendor: _harness().Known() for vendor in VENDOR_KEYS}


@pytest.mark.parametrize(("vendor", "mode", "method", "path"), CASES)
def test_operation_conforms_to_its_spec(
    sandbox: SandboxServer,
    session: requests.Session,
    known: dict[str, Any],
    vendor: str,
    mode: str,
    method: str,
    path: str,
) -> None:
    fuzz = _harness()
    outcome = fuzz.fuzz_operation(
        _schema(vendor)[path][method.upper()],
        vendor,
        sandbox.base_url(vendor),
        mode=fuzz.GenerationMode(mode),
        max_examples=EXAMPLES[mode],
        known=known[vendor],
        session=session,
    )
    assert outcome.examples > 0
    reports = "\n\n".join(
        f"--- {title} [{status or 'no response'}]\n{report}" for (title, status), report in outcome.reports.items()
    )
    assert outcome.failures == 0, f"{outcome.failures} of {outcome.examples} responses failed:\n\n{reports}"

"""Every recorded interaction against its vendor's spec, checked by openapi-core (not by the generator that
made the clients), plus coverage and secret scans of the cassettes.

A cassette re-recorded against a real vendor that disagrees with the spec fails here and names the spec. A request
the vendor refused (400, 422) or that left its credential out (401) is held to the spec like any other: only the
problems its test means to cause are allowed, exactly (conftest.EXPECTED_REQUEST_PROBLEMS). The same check runs on
the live exchanges during replay and recording (conftest.SpecCheck).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.contract.conftest import (
    CANONICAL_ROOTS,
    EXPECTED_REQUEST_PROBLEMS,
    FAKE_CREDENTIALS,
    REDACTED,
    TEST_SECRETS,
    exchange_problems,
    vendor_of,
)
from tests.support import VENDORS, load_spec, operations

CASSETTES = Path(__file__).parent / "cassettes"
MASKED = "••••••••••••••••"  # Shipping Channels' own masking


def _cassette_files() -> list[Path]:
    return sorted(CASSETTES.rglob("*.yaml"))


def _interactions() -> list[tuple[str, int, dict[str, Any]]]:
    found = []
    for path in _cassette_files():
        data = yaml.safe_load(path.read_text())
        for index, interaction in enumerate(data.get("interactions", [])):
            found.append((path.relative_to(CASSETTES).as_posix(), index, interaction))
    return found


def _ids(items: list[tuple[str, int, dict[str, Any]]]) -> list[str]:
    return [f"{name}#{index}" for name, index, _ in items]


INTERACTIONS = _interactions()


def test_cassettes_exist() -> None:
    assert len(INTERACTIONS) >= 100, "run `make record` to record the contract cassettes"


@pytest.mark.parametrize(("cassette", "index", "interaction"), INTERACTIONS, ids=_ids(INTERACTIONS))
def test_interaction_matches_the_spec(cassette: str, index: int, interaction: dict[str, Any]) -> None:
    # Only the problems the test means to cause (conftest.EXPECTED_REQUEST_PROBLEMS), exactly; a refused or
    # unauthorized request must conform in everything else.
    test = Path(cassette).stem
    problems = exchange_problems(test, interaction["request"], interaction["response"])
    assert not problems, f"{cassette}#{index}: " + "\n".join(problems)


def test_every_expected_problem_is_recorded() -> None:
    """An expectation without its recording would excuse nothing and hide that the test no longer sends it."""
    recorded = {(Path(name).stem, i["response"]["status"]["code"]) for name, _, i in INTERACTIONS}
    expected = {(test, status) for test, by_status in EXPECTED_REQUEST_PROBLEMS.items() for status in by_status}
    assert expected <= recorded, f"expected problems of no recorded exchange: {sorted(expected - recorded)}"


def _operation_of(vendor: str, method: str, path: str) -> str | None:
    root_path = urlsplit(CANONICAL_ROOTS[vendor]).path
    relative = path.removeprefix(root_path)
    candidates = []
    for template, verb, op in operations(load_spec(vendor)):
        if verb != method.lower():
            continue
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, relative):
            # A literal segment beats a parameter (available-events before {id}).
            candidates.append((template.count("{"), op["operationId"]))
    return min(candidates)[1] if candidates else None


def test_every_documented_operation_is_recorded_with_success() -> None:
    seen: dict[str, set[str]] = {v: set() for v in VENDORS}
    for _, _, interaction in INTERACTIONS:
        request, response = interaction["request"], interaction["response"]
        vendor = vendor_of(request["uri"])
        operation = _operation_of(vendor, request["method"], urlsplit(request["uri"]).path)
        if operation and 200 <= response["status"]["code"] < 300:
            seen[vendor].add(operation)
    for vendor in VENDORS:
        documented = {op["operationId"] for _, _, op in operations(load_spec(vendor))}
        assert documented == seen[vendor], f"{vendor}: not recorded: {sorted(documented - seen[vendor])}"


def test_main_error_cases_are_recorded_per_vendor() -> None:
    statuses: dict[str, set[int]] = {v: set() for v in VENDORS}
    for _, _, interaction in INTERACTIONS:
        statuses[vendor_of(interaction["request"]["uri"])].add(interaction["response"]["status"]["code"])
    for vendor in VENDORS:
        expected = {401, 404, 429} | ({400, 422} & statuses[vendor] or {422})
        if vendor == "flxpoint":
            expected = {400, 401, 404, 429}  # Flxpoint documents 400, not 422
        if vendor == "blaze":
            expected = {400, 401, 404, 429}
        assert expected <= statuses[vendor], f"{vendor}: missing {sorted(expected - statuses[vendor])}"


def _all_strings(node: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in _all_strings(v, k)]
    if isinstance(node, list):
        return [pair for v in node for pair in _all_strings(v, key)]
    return [(key, node)] if isinstance(node, str) else []


def test_no_cassette_holds_a_credential_or_secret() -> None:
    known = [v for k, v in FAKE_CREDENTIALS.items() if "organization" not in k] + list(TEST_SECRETS)
    known.append("contract-flx-token-0002")
    files = _cassette_files()
    assert files
    for path in files:
        text = path.read_text()
        for value in known:
            assert value not in text, f"{path.name} holds a credential or secret"
        data = yaml.safe_load(text)
        for interaction in data["interactions"]:
            for name in ("authorization", "x-api-token", "x-api-key"):
                for key, values in interaction["request"]["headers"].items():
                    if key.lower() == name:
                        assert values in ([REDACTED], [f"Bearer {REDACTED}"]), f"{path.name}: {key} not redacted"
            for part in (interaction["request"].get("body"), interaction["response"]["body"].get("string")):
                if not part:
                    continue
                try:
                    body = json.loads(part)
                except ValueError:
                    continue
                for key, value in _all_strings(body):
                    if key in ("secret", "shared_secret"):
                        assert value in (REDACTED, MASKED), f"{path.name}: {key} is not scrubbed"

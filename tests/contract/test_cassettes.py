"""Every recorded interaction against its vendor's spec, checked by openapi-core (not by the generator that
made the clients), plus coverage and secret scans of the cassettes.

A cassette re-recorded against a real vendor that disagrees with the spec fails here and names the spec.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from tests.contract.conftest import CANONICAL_ROOTS, FAKE_CREDENTIALS, REDACTED, TEST_SECRETS
from tests.support import VENDORS, load_spec, operations

CASSETTES = Path(__file__).parent / "cassettes"
# openapi-core cannot check Commerce Layer's oauth2 scheme (it checks the bearer alternative beside it).
pytestmark = pytest.mark.filterwarnings("ignore:Unsupported scheme type:UserWarning")
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


def _vendor_of(uri: str) -> str:
    for vendor, root in CANONICAL_ROOTS.items():
        if uri.startswith(root + "/"):
            return vendor
    raise AssertionError(f"{uri} is under no documented root: was the cassette recorded without the rewrite?")


@functools.cache
def _openapi(vendor: str) -> OpenAPI:
    spec = dict(load_spec(vendor))
    # Replay talks to the documented root with the tests' organization; the server entry keeps its variable.
    spec["servers"] = [{"url": CANONICAL_ROOTS[vendor]}]
    return OpenAPI.from_dict(spec)


def _header(headers: dict[str, list[str]], name: str) -> str | None:
    for key, values in headers.items():
        if key.lower() == name:
            return values[0] if values else None
    return None


def _mock_request(vendor: str, request: dict[str, Any]) -> MockRequest:
    parts = urlsplit(request["uri"])
    root = CANONICAL_ROOTS[vendor]
    path = parts.path
    root_path = urlsplit(root).path
    host_url = root.removesuffix(root_path) if root_path else root
    headers = {k: v[0] for k, v in request.get("headers", {}).items() if v}
    body = request.get("body") or None
    return MockRequest(
        host_url=host_url,
        method=request["method"].lower(),
        path=path,
        args=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
        data=body.encode() if isinstance(body, str) else body,
        content_type=_header(request.get("headers", {}), "content-type") or "application/json",
    )


def _mock_response(response: dict[str, Any]) -> MockResponse:
    body = response["body"].get("string") or b""
    data = body.encode() if isinstance(body, str) else body
    headers = {k: v[0] for k, v in response.get("headers", {}).items() if v}
    content_type = _header(response.get("headers", {}), "content-type") or "application/json"
    return MockResponse(data, status_code=response["status"]["code"], headers=headers, content_type=content_type)


def _ids(items: list[tuple[str, int, dict[str, Any]]]) -> list[str]:
    return [f"{name}#{index}" for name, index, _ in items]


INTERACTIONS = _interactions()


def test_cassettes_exist() -> None:
    assert len(INTERACTIONS) >= 100, "run `make record` to record the contract cassettes"


@pytest.mark.parametrize(("cassette", "index", "interaction"), INTERACTIONS, ids=_ids(INTERACTIONS))
def test_interaction_matches_the_spec(cassette: str, index: int, interaction: dict[str, Any]) -> None:
    request, response = interaction["request"], interaction["response"]
    vendor = _vendor_of(request["uri"])
    openapi = _openapi(vendor)
    mock_request = _mock_request(vendor, request)
    status = response["status"]["code"]
    problems = [str(e) for e in openapi.iter_request_errors(mock_request)]
    if status == 401:
        # The request left its credential out on purpose; everything but security must still hold.
        problems = [p for p in problems if "security" not in p.lower()]
    if status in (400, 422) and problems:
        # A request the vendor refused may break the spec's request schema: that is why it was refused.
        problems = []
    assert not problems, f"{cassette}#{index} request breaks specs/{vendor}/openapi.yaml: {problems}"
    errors = [str(e) for e in openapi.iter_response_errors(mock_request, _mock_response(response))]
    assert not errors, f"{cassette}#{index} response breaks specs/{vendor}/openapi.yaml: {errors}"


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
        vendor = _vendor_of(request["uri"])
        operation = _operation_of(vendor, request["method"], urlsplit(request["uri"]).path)
        if operation and 200 <= response["status"]["code"] < 300:
            seen[vendor].add(operation)
    for vendor in VENDORS:
        documented = {op["operationId"] for _, _, op in operations(load_spec(vendor))}
        assert documented == seen[vendor], f"{vendor}: not recorded: {sorted(documented - seen[vendor])}"


def test_main_error_cases_are_recorded_per_vendor() -> None:
    statuses: dict[str, set[int]] = {v: set() for v in VENDORS}
    for _, _, interaction in INTERACTIONS:
        statuses[_vendor_of(interaction["request"]["uri"])].add(interaction["response"]["status"]["code"])
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

"""schemathesis against the sandbox, bounded for `make test`: the harness of `make fuzz` (scripts/fuzz.py) on every
vendor spec, with every check but `ignored_auth`, positive and negative data and all four phases (examples,
coverage, fuzzing, stateful), at a few examples per operation (`make fuzz` runs 100). A failure fails the vendor's
test with a reproducing curl command per distinct problem.

The harness's own rules (the spec as fuzzed, the JSON:API id rule, the documented-conflict filter) are checked
without a server, so `-m "not slow"` still covers them.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from tests.support import load_spec
from unihook_sandbox import VENDOR_KEYS, SandboxServer

ROOT = Path(__file__).resolve().parents[2]
# Examples per operation in each generating phase (`make fuzz` runs 100): about 18 s for the five vendors on a
# 2-core machine.
EXAMPLES = 10
PHASES = ("examples", "coverage", "fuzzing", "stateful")


@functools.cache
def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unihook_fuzz_harness", ROOT / "scripts" / "fuzz.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is being built
    spec.loader.exec_module(module)
    return module


# --- the bounded run ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_the_sandbox_conforms_to_the_spec_under_every_check(sandbox: SandboxServer, vendor: str) -> None:
    fuzz = _harness()
    sandbox.reset()
    outcome = fuzz.fuzz_vendor(vendor, sandbox.base_url(vendor), max_examples=EXAMPLES)
    reports = "\n\n".join(fuzz.describe(failure) for failure in outcome.failures)
    assert not outcome.errors, "\n\n".join(outcome.errors)
    assert not outcome.failures, f"{len(outcome.failures)} distinct failures:\n\n{reports}"
    # Every phase ran requests: the stateful phase found links to follow, the coverage phase sent its cases.
    assert {phase for phase, cases in outcome.phases.items() if cases} == set(PHASES)
    # Requests reached the records the run created (not only 404s for made-up ids).
    assert any(200 <= status < 300 for status in outcome.statuses)


# --- the harness's rules, without a server -----------------------------------------------------------------------


def test_every_check_runs_but_ignored_auth() -> None:
    checks = set(_harness().checks())
    assert "ignored_auth" not in checks
    assert {
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "negative_data_rejection",
        "positive_data_acceptance",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
    } <= checks


def test_the_default_run_has_both_modes_and_all_four_phases() -> None:
    settings = _harness().config("http://127.0.0.1:1/x", max_examples=3, mode="all", seed=None)
    project = settings.projects.get_default()
    assert [mode.value for mode in project.generation.modes] == ["positive", "negative"]
    assert all(project.phases.get_by_name(name=phase).enabled for phase in PHASES)
    assert not project.checks.get_by_name(name="ignored_auth").enabled


def _media(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    content: dict[str, Any] = spec["paths"][path][method]["requestBody"]["content"]
    return next(iter(content.values()))


def test_request_bodies_are_fuzzed_with_the_documented_values_responses_stay_open() -> None:
    fuzzed = _harness().fuzz_spec("packcloud")
    create = _media(fuzzed, "/organizations/{organizationId}/webhooks", "post")
    assert create["schema"]["properties"]["event_code"] == {
        "description": "The subscribed event; open enum (order.canceled, order.created, order.shipped documented).",
        "anyOf": [{"$ref": "#/components/schemas/WebhookEventCodeKnown"}],
    }
    # The response model keeps its open enum.
    assert {"type": "string"} in fuzzed["components"]["schemas"]["Webhook"]["properties"]["event_code"]["anyOf"]
    # The seed's example names `orders.created`, a code the vendor does not list: not sent as valid data.
    written = _media(load_spec("packcloud"), "/organizations/{organizationId}/webhooks", "post")
    assert written["examples"]["seed"]["value"]["event_code"] == "orders.created"
    assert "seed" not in create["examples"]


def test_a_component_shared_with_responses_is_closed_only_where_a_request_uses_it() -> None:
    fuzzed = _harness().fuzz_spec("blaze")
    put = _media(fuzzed, "/api/v1/partner/webHooks/{webHookId}", "put")["schema"]
    inlined = put["properties"]["webHookType"]
    assert inlined["anyOf"] == [{"$ref": "#/components/schemas/PartnerWebHookTypeKnown"}]
    shared = fuzzed["components"]["schemas"]["PartnerWebHook"]["properties"]["webHookType"]
    assert {"type": "string"} in shared["anyOf"]


def _case(path: str, path_parameters: dict[str, Any], body: Any) -> Any:
    return SimpleNamespace(operation=SimpleNamespace(path=path), path_parameters=path_parameters, body=body)


def test_a_json_api_update_names_the_resource_of_its_path() -> None:
    rule = _harness().same_resource_in_path_and_body
    update = _case("/api/webhooks/{id}", {"id": "abc"}, {"data": {"type": "webhooks", "id": "other"}})
    rule(None, update, {})
    assert update.body == {"data": {"type": "webhooks", "id": "abc"}}
    # A collection path, a body without data.id, or an id that is no string (invalid data) stay as drawn.
    create = _case("/api/webhooks", {}, {"data": {"id": "x"}})
    no_id = _case("/api/webhooks/{id}", {"id": "abc"}, {"data": {"type": "webhooks"}})
    not_a_string = _case("/api/webhooks/{id}", {"id": "abc"}, {"data": {"id": 5}})
    for case in (create, no_id, not_a_string):
        before = json.dumps(case.body)
        rule(None, case, {})
        assert json.dumps(case.body) == before


def _response(status: int, body: Any) -> Any:
    return SimpleNamespace(status_code=status, content=json.dumps(body).encode())


class RejectedPositiveData:
    """Stands in for schemathesis's failure class, matched by name."""


class AcceptedNegativeData:
    pass


TAKEN = {
    "errors": [
        {
            "title": "has already been taken",
            "detail": "name - has already been taken",
            "code": "VALIDATION_ERROR",
            "source": {"pointer": "/data/attributes/name"},
            "status": "422",
            "meta": {"error": "taken"},
        }
    ]
}


def test_only_commerce_layers_documented_name_conflict_is_dropped() -> None:
    keep = _harness().taken_name_is_a_conflict
    assert keep(None, RejectedPositiveData(), None, _response(422, TAKEN)) is False
    blank = json.loads(json.dumps(TAKEN))
    blank["errors"][0].update(source={"pointer": "/data/attributes/topic"}, meta={"error": "blank"})
    assert keep(None, RejectedPositiveData(), None, _response(422, blank)) is True
    assert keep(None, RejectedPositiveData(), None, _response(400, TAKEN)) is True
    assert keep(None, AcceptedNegativeData(), None, _response(422, TAKEN)) is True
    assert keep(None, RejectedPositiveData(), None, SimpleNamespace(status_code=422, content=b"<html>")) is True
    assert list(_harness().DOCUMENTED_CONFLICTS) == ["commercelayer"]

"""`make fuzz`: schemathesis against the sandbox, every vendor spec, every check but `ignored_auth`.

For each vendor, specs/<key>/openapi.yaml is loaded with schemathesis and its engine runs every phase against a
live `SandboxServer` (`base_url` = the vendor's mount), as `schemathesis run` would:
- examples: the spec's own request examples;
- coverage: boundary values, a missing required header or parameter, methods the spec does not declare;
- fuzzing: hypothesis-generated requests, positive (data the spec allows) and negative (data it forbids);
- stateful: chains of calls (create, then get / update / delete what was created), from the links schemathesis
  infers from the specs and the responses.
Every response goes through every registered check except `ignored_auth` (the sandbox accepts any non-empty
credential by design, so a made-up one is never refused): no 5xx, documented status, media type, body schema
and headers, positive data accepted, negative data rejected, a missing required header refused, 405 with
`Allow` for an undeclared method, `Allow` matching the spec on OPTIONS, a deleted resource gone
(`use_after_free`), a created one available (`ensure_resource_availability`), `object_level_authorization`.

One deliberate difference from the specs as written: request bodies are fuzzed with the documented values of
every open enum (`anyOf: [<Thing>Known, {type: string}]`, see specs/README.md). The open branch is there so
that the generated clients can send and parse values a vendor adds later; today's vendor refuses a value it
does not list (400/422, as each spec's *Known component notes), and so does the sandbox. Positive requests
therefore use listed values, negative ones may use any other string, and a spec example with an unlisted
value is not sent as data the vendor must accept (`fuzz_spec`).

Two documented rules span more than one value, which no schema can state, and the harness applies them:
- a JSON:API update names its resource in the URL and in `data.id`, and Commerce Layer refuses a mismatch
  (400): the body's `data.id` follows the path (`same_resource_in_path_and_body`);
- a Commerce Layer webhook's name is unique, and a valid request that takes another webhook's name is refused
  with 422 "has already been taken": such a refusal is counted as a conflict, not as a failure
  (`taken_name_is_a_conflict`), as positive_data_acceptance counts a 409.

    python scripts/fuzz.py                      # 100 examples per operation and phase, all vendors
    python scripts/fuzz.py -n 500 --vendor blaze --mode positive --seed 7
    UNIHOOK_FUZZ_EXAMPLES=1000 make fuzz

Prints every distinct failure (schemathesis's deduplication: one per operation, check and kind of problem)
with a reproducing curl command, then the figures per vendor and per check; exits 1 on any failure or error.
`tests/fuzz/test_schemathesis.py` runs the same harness with a few examples per operation inside `make test`.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import secrets
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import schemathesis
import yaml
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from unihook_sandbox import VENDOR_KEYS, SandboxServer  # noqa: E402

SPECS = ROOT / "specs"
DEFAULT_EXAMPLES = int(os.environ.get("UNIHOOK_FUZZ_EXAMPLES", "100"))
# The sandbox accepts any non-empty credential by design (the sandbox contract): a check that expects a made-up
# credential to be refused can only fail.
EXCLUDED_CHECKS = ("ignored_auth",)
PHASES = ("examples", "coverage", "fuzzing", "stateful")
MODES = ("positive", "negative", "all")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
KNOWN_SUFFIX = "Known"
COMPONENT_SCHEMAS = "#/components/schemas/"


def checks() -> list[str]:
    """Every check schemathesis registers, but the excluded ones."""
    load_all_checks()
    return [name for name in CHECKS.get_all_names() if name not in EXCLUDED_CHECKS]


def credentials(vendor: str) -> dict[str, str]:
    """The vendor's credential headers, fresh for every request (any non-empty credential is accepted).

    Flxpoint allows 2 requests/second per token: a new random token per request keeps the run from stalling on
    429 (which the spec documents, so it would pass, but it would test nothing).
    """
    if vendor == "flxpoint":
        return {"X-API-TOKEN": f"fuzz-{secrets.token_hex(8)}"}
    if vendor == "blaze":
        return {"x-api-key": "fuzz-partner", "Authorization": "fuzz-developer"}
    return {"Authorization": "Bearer fuzz"}


# --- the spec as fuzzed ---------------------------------------------------------------------------------------


def fuzz_spec(vendor: str) -> dict[str, Any]:
    """specs/<vendor>/openapi.yaml with every request body's open enums closed to their documented values.

    Request body schemas are inlined (a component such as BLAZE's PartnerWebHook serves requests and responses;
    responses keep their open enums), and media-type examples outside the closed schema are dropped from the
    examples phase (Pack.cloud's seed example names `orders.created`, which VENDORS.md says not to trust).
    """
    with (SPECS / vendor / "openapi.yaml").open(encoding="utf-8") as file:
        spec: dict[str, Any] = yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    for item in spec["paths"].values():
        for method in HTTP_METHODS:
            body = item.get(method, {}).get("requestBody")
            if body is None:
                continue
            for media in body.get("content", {}).values():
                if "schema" not in media:
                    continue
                media["schema"] = _closed(media["schema"], schemas, frozenset())
                examples = media.get("examples")
                if isinstance(examples, dict):
                    media["examples"] = {
                        name: example
                        for name, example in examples.items()
                        if _valid(spec, media["schema"], example.get("value"))
                    }
    return spec


def _closed(node: Any, schemas: dict[str, Any], inlined: frozenset[str]) -> Any:
    if isinstance(node, list):
        return [_closed(item, schemas, inlined) for item in node]
    if not isinstance(node, dict):
        return node
    branches = node.get("anyOf")
    if isinstance(branches, list) and _is_open_enum(branches):
        kept = [branch for branch in branches if branch != {"type": "string"}]
        return {**{key: value for key, value in node.items() if key != "anyOf"}, "anyOf": kept}
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(COMPONENT_SCHEMAS):
        name = ref.removeprefix(COMPONENT_SCHEMAS)
        if not name.endswith(KNOWN_SUFFIX) and name not in inlined and name in schemas:
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return {**_closed(copy.deepcopy(schemas[name]), schemas, inlined | {name}), **siblings}
        return node
    return {key: _closed(value, schemas, inlined) for key, value in node.items()}


def _is_open_enum(branches: list[Any]) -> bool:
    """`anyOf: [{$ref: ...Known}, {type: string}]`, optionally with `{type: 'null'}` (specs/README.md)."""
    known = [b for b in branches if isinstance(b, dict) and str(b.get("$ref", "")).endswith(KNOWN_SUFFIX)]
    rest = [b for b in branches if b not in known]
    return bool(known) and {"type": "string"} in rest and all(b in ({"type": "string"}, {"type": "null"}) for b in rest)


def _valid(spec: dict[str, Any], schema: Any, value: Any) -> bool:
    resolver_root = {**spec, **schema} if isinstance(schema, dict) else spec
    return jsonschema.Draft202012Validator(resolver_root).is_valid(value)


# --- one vendor -------------------------------------------------------------------------------------------------


@dataclass
class Failure:
    """One distinct failure (schemathesis's own deduplication) and how to reproduce it."""

    vendor: str
    check: str
    operation: str
    title: str
    message: str
    status: int | None
    reproduce: str


@dataclass
class Outcome:
    vendor: str
    operations: int = 0
    cases: int = 0
    seconds: float = 0.0
    # Responses per status code: shows how deep the run got (only 404s would mean it never met a record).
    statuses: Counter[int] = field(default_factory=Counter)
    # Cases per phase.
    phases: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    # Failures dropped as documented conflicts (DOCUMENTED_CONFLICTS): refusals the vendor documents.
    conflicts: int = 0
    # Errors that stopped a scenario or the run (a schema schemathesis cannot use, a transport error).
    errors: list[str] = field(default_factory=list)


def config(
    base_url: str, *, max_examples: int, mode: str, seed: int | None, phases: Iterable[str] = PHASES
) -> SchemathesisConfig:
    enabled = set(phases)
    settings: dict[str, Any] = {
        "base-url": base_url,
        # One worker: the sandbox serves from this process, and the order of requests stays reproducible.
        "workers": 1,
        "request-timeout": 30,
        "suppress-health-check": ["all"],
        "warnings": False,
        "generation": {
            "mode": mode,
            "max-examples": max_examples,
            "deterministic": seed is None,
            "with-security-parameters": False,
        },
        "checks": {name: {"enabled": False} for name in EXCLUDED_CHECKS},
        "phases": {name: {"enabled": name in enabled} for name in PHASES},
    }
    if seed is not None:
        settings["seed"] = seed
    return SchemathesisConfig.from_dict(settings)


def same_resource_in_path_and_body(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """JSON:API names the resource an update changes twice, in the URL and in `data.id`, and Commerce Layer refuses
    a mismatch with 400 (KEY_NOT_INCLUDED_IN_URL, its error-handling page): a rule across two parts of a request
    that no schema can state. Every request to an item path (`.../{id}`) with a body `{"data": {"id": ...}}`
    therefore names the path's resource in `data.id` too (schemathesis revalidates the case after this hook).
    """
    item = case.operation.path.rstrip("/").rsplit("/", 1)[-1]
    body = case.body
    data = body.get("data") if isinstance(body, dict) else None
    if not (item.startswith("{") and item.endswith("}") and isinstance(data, dict)):
        return
    value = (case.path_parameters or {}).get(item[1:-1])
    if isinstance(data.get("id"), str) and isinstance(value, str):
        data["id"] = value


def taken_name_is_a_conflict(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Commerce Layer only: drop a "schema-valid request rejected" whose answer is the documented uniqueness refusal.

    A webhook's `name` is unique ("Unique name for the webhook"): a create or update naming another webhook's name is
    refused with 422 "has already been taken" on `/data/attributes/name` (specs/commercelayer: RecordNotUnique,
    UnprocessableEntity). Valid on its own, the request conflicts with what is stored, which positive_data_acceptance
    accepts as a 409 but cannot know of as a 422. Every other rejection still fails the run; the dropped ones are
    counted in the report.
    """
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 422:
        return True
    try:
        errors = json.loads(response.content)["errors"]
    except (ValueError, KeyError, TypeError):
        return True
    return not (
        isinstance(errors, list)
        and len(errors) == 1
        and isinstance(errors[0], dict)
        and errors[0].get("source") == {"pointer": "/data/attributes/name"}
        and errors[0].get("meta") == {"error": "taken"}
    )


# Refusals a vendor documents that no schema can state, per vendor (see each hook).
DOCUMENTED_CONFLICTS: dict[str, Callable[[Any, Any, Any, Any], bool]] = {"commercelayer": taken_name_is_a_conflict}


def _guard_observations() -> None:
    """schemathesis scans response bodies for URLs of the API under test (to infer links) with `urlsplit`, which
    raises on some strings a body may echo (`http://[x`, a fullwidth `＃` in a host): the exception ends the whole
    run. Such a string is no URL of the API, so it is skipped instead."""
    from schemathesis.engine import observations

    original = getattr(observations, "_same_origin_path", None)
    if original is None or getattr(original, "unihook_guarded", False):
        return

    def guarded(value: str, origin: tuple[str, str]) -> str | None:
        try:
            result: str | None = original(value, origin)
        except ValueError:
            return None
        return result

    guarded.unihook_guarded = True  # type: ignore[attr-defined]
    observations._same_origin_path = guarded


def _install_hooks() -> None:
    if not getattr(_install_hooks, "done", False):
        schemathesis.hook("before_call")(same_resource_in_path_and_body)
        _guard_observations()
        _install_hooks.done = True  # type: ignore[attr-defined]


def load_schema(vendor: str, settings: SchemathesisConfig) -> Any:
    """The fuzzed spec, with the vendor's credentials on every request.

    Security parameters are not generated (`with-security-parameters` off): the sandbox accepts any credential,
    so made-up ones test nothing; coverage's missing-header cases drop only the headers the spec declares as
    parameters (Commerce Layer's Accept), never these.
    """
    _install_hooks()
    schema = schemathesis.openapi.from_dict(fuzz_spec(vendor), config=settings)

    @schema.auth(refresh_interval=None)
    class Credentials:
        def get(self, case: Any, context: Any) -> dict[str, str]:
            return credentials(vendor)

        def set(self, case: Any, data: dict[str, str], context: Any) -> None:
            case.headers = {**(case.headers or {}), **data}

    if vendor in DOCUMENTED_CONFLICTS:
        schema.hook("filter_failure")(DOCUMENTED_CONFLICTS[vendor])
    return schema


def fuzz_vendor(
    vendor: str,
    base_url: str,
    *,
    max_examples: int,
    mode: str = "all",
    seed: int | None = None,
    phases: Iterable[str] = PHASES,
    on_failure: Callable[[Failure], None] | None = None,
) -> Outcome:
    outcome = Outcome(vendor)
    started = time.perf_counter()
    schema = load_schema(vendor, config(base_url, max_examples=max_examples, mode=mode, seed=seed, phases=phases))
    outcome.operations = sum(1 for _ in schema.get_all_operations())
    seen: set[Any] = set()

    def record(found: Failure, key: Any) -> None:
        if key in seen:
            return
        seen.add(key)
        outcome.failures.append(found)
        if on_failure is not None:
            on_failure(found)

    try:
        for event in from_schema(schema).execute():
            _take(event, vendor, outcome, record)
    except Exception:  # noqa: BLE001 (a crash of the tool itself: an error of this vendor; the others still run)
        outcome.errors.append(traceback.format_exc())
    outcome.seconds = time.perf_counter() - started
    return outcome


def _take(event: Any, vendor: str, outcome: Outcome, record: Callable[[Failure, Any], None]) -> None:
    """Fold one engine event into the vendor's outcome."""
    if isinstance(event, events.ScenarioFinished):
        if not event.is_test_scenario:
            return
        recorder = event.recorder
        outcome.cases += len(recorder.cases)
        outcome.conflicts += sum(recorder.filtered_failures.values())
        outcome.phases[event.phase.value] += len(recorder.cases)
        for case_id, node in recorder.cases.items():
            interaction = recorder.interactions.get(case_id)
            response = interaction.response if interaction is not None else None
            if response is not None:
                outcome.statuses[response.status_code] += 1
            for check in recorder.checks.get(case_id, []):
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                found = Failure(
                    vendor=vendor,
                    check=check.name,
                    operation=str(failure.operation or node.value.operation.label),
                    title=failure.title,
                    message=failure.message,
                    status=response.status_code if response is not None else None,
                    reproduce=info.code_sample,
                )
                record(found, failure)
    elif isinstance(event, events.NonFatalError):
        outcome.errors.append(f"{event.label}: {event.info.format()}")
    elif isinstance(event, events.FatalError):
        outcome.errors.append(f"fatal: {event.exception!r}")
    elif isinstance(event, events.EngineFinished):
        for failure in event.failures:
            record(
                Failure(vendor, "after run", str(failure.operation), failure.title, failure.message, None, ""), failure
            )


# --- the report --------------------------------------------------------------------------------------------------


def describe(failure: Failure) -> str:
    status = "no response" if failure.status is None else str(failure.status)
    lines = [f"=== {failure.vendor} {failure.operation}: {failure.check}: {failure.title} [{status}]"]
    lines.append(failure.message.rstrip())
    if failure.reproduce:
        lines.append(failure.reproduce.rstrip())
    return "\n".join(lines)


def summary(outcomes: list[Outcome], elapsed: float) -> str:
    header = (
        f"{'vendor':<18} {'operations':>10} {'cases':>7} {'failures':>9} {'errors':>7} {'conflicts':>10} {'seconds':>8}"
    )
    lines = [header, "-" * len(header)]
    for o in outcomes:
        lines.append(
            f"{o.vendor:<18} {o.operations:>10} {o.cases:>7} {len(o.failures):>9} {len(o.errors):>7} "
            f"{o.conflicts:>10} {o.seconds:>8.1f}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'total':<18} {sum(o.operations for o in outcomes):>10} {sum(o.cases for o in outcomes):>7} "
        f"{sum(len(o.failures) for o in outcomes):>9} {sum(len(o.errors) for o in outcomes):>7} "
        f"{sum(o.conflicts for o in outcomes):>10} {elapsed:>8.1f}"
    )
    per_check = Counter(failure.check for outcome in outcomes for failure in outcome.failures)
    lines.append("")
    lines.append(
        "unique failures per check: " + (", ".join(f"{c} {n}" for c, n in sorted(per_check.items())) or "none")
    )
    lines.append(
        "conflicts: responses refusing a valid request for a documented reason no schema states (DOCUMENTED_CONFLICTS)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n",
        "--max-examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        help=f"examples per operation in each generating phase (default {DEFAULT_EXAMPLES}, env UNIHOOK_FUZZ_EXAMPLES)",
    )
    parser.add_argument("--vendor", action="append", choices=VENDOR_KEYS, help="only this vendor (repeatable)")
    parser.add_argument(
        "--mode", choices=MODES, default="all", help="positive: data the spec allows; negative: data it forbids"
    )
    parser.add_argument(
        "--phase", action="append", choices=PHASES, help="only this phase (repeatable; default: all four)"
    )
    parser.add_argument(
        "--seed", type=int, help="hypothesis seed, to explore other inputs (default: derandomized, reproducible)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print the cases per phase and status")
    args = parser.parse_args(argv)

    vendors = tuple(args.vendor or VENDOR_KEYS)
    phases = tuple(args.phase or PHASES)
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with SandboxServer() as sandbox:
        for vendor in vendors:
            outcome = fuzz_vendor(
                vendor,
                sandbox.base_url(vendor),
                max_examples=args.max_examples,
                mode=args.mode,
                seed=args.seed,
                phases=phases,
                on_failure=lambda failure: print(describe(failure) + "\n", flush=True),
            )
            for error in outcome.errors:
                print(f"=== {vendor} error\n{error}\n", flush=True)
            if args.verbose:
                print(
                    f"  {vendor}: "
                    + " ".join(f"{phase}:{count}" for phase, count in sorted(outcome.phases.items()))
                    + " | "
                    + " ".join(f"{status}:{count}" for status, count in sorted(outcome.statuses.items())),
                    flush=True,
                )
            outcomes.append(outcome)
            sandbox.reset()
    elapsed = time.perf_counter() - started

    print(
        f"\nschemathesis {schemathesis.__version__}; checks: every one but {', '.join(EXCLUDED_CHECKS)} "
        f"({len(checks())}); phases: {', '.join(phases)}; mode: {args.mode}; "
        f"max {args.max_examples} examples per operation; "
        + ("derandomized\n" if args.seed is None else f"seed {args.seed}\n")
    )
    print(summary(outcomes, elapsed))
    return 1 if any(outcome.failures or outcome.errors for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())

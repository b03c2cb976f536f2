"""`make fuzz`: schemathesis against the sandbox, every operation of every vendor spec.

For each vendor, specs/<key>/openapi.yaml is loaded with schemathesis and every operation is run with
hypothesis-generated requests (the spec's own request examples included) against a live `SandboxServer`
(`base_url` = the vendor's mount). Each response must pass five checks: no 5xx (`not_a_server_error`), a
documented status (`status_code_conformance`), a documented media type (`content_type_conformance`), a body
that validates against the documented schema (`response_schema_conformance`) and documented headers
(`response_headers_conformance`).

The sandbox starts empty, so random ids would only ever reach the 404 branch: ids that creates returned are
kept, and half of the requests on an item path use one of them (with its scope, e.g. Pack.cloud's
organization), so updates, gets and deletes run on real records too.

Both generation modes run: positive (data the spec allows, its request examples among them) and negative
(data it forbids: the sandbox must then answer with a documented error, never a 5xx).

    python scripts/fuzz.py                      # 100 examples per operation and mode, all vendors
    python scripts/fuzz.py -n 500 --vendor blaze --mode positive --seed 7
    UNIHOOK_FUZZ_EXAMPLES=1000 make fuzz

Prints one table (vendor, operations, examples run, failures) and every distinct failure with a
reproducing curl command; exits 1 on any failure. `tests/fuzz/test_schemathesis.py` runs the same harness
with a few examples per operation inside `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from unihook_sandbox import VENDOR_KEYS, SandboxServer  # noqa: E402

SPECS = ROOT / "specs"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
MODES = {"positive": (GenerationMode.POSITIVE,), "negative": (GenerationMode.NEGATIVE,)}
MODES["all"] = MODES["positive"] + MODES["negative"]
DEFAULT_EXAMPLES = int(os.environ.get("UNIHOOK_FUZZ_EXAMPLES", "100"))
CL_MEDIA_TYPE = "application/vnd.api+json"


def auth_headers(vendor: str) -> dict[str, str]:
    """The vendor's credential headers, fresh for every request (any non-empty credential is accepted).

    Flxpoint allows 2 requests/second per token: a new random token per request keeps the run from stalling
    on 429 (which the spec documents, so it would pass, but it would test nothing).
    """
    if vendor == "flxpoint":
        return {"X-API-TOKEN": f"fuzz-{secrets.token_hex(8)}"}
    if vendor == "commercelayer":
        return {"Authorization": "Bearer fuzz", "Accept": CL_MEDIA_TYPE}
    if vendor == "blaze":
        return {"x-api-key": "fuzz-partner", "Authorization": "fuzz-developer"}
    return {"Authorization": "Bearer fuzz"}


def load_schema(vendor: str) -> Any:
    return schemathesis.openapi.from_path(str(SPECS / vendor / "openapi.yaml"))


def operations(schema: Any) -> list[Any]:
    """Every operation of the spec, creates first (they fill the pool of known ids)."""
    found = [result.ok() for result in schema.get_all_operations()]
    return sorted(found, key=lambda operation: (not _is_create(operation), found.index(operation)))


def _is_create(operation: Any) -> bool:
    return bool(operation.method.upper() == "POST" and not operation.path.rstrip("/").endswith("}"))


def label(operation: Any) -> str:
    return str(operation.definition.raw.get("operationId") or operation.label)


@dataclass
class Known:
    """Records the sandbox holds, as path parameters: the collection's (scope) and the record id."""

    records: list[tuple[dict[str, Any], str]] = field(default_factory=list)

    def learn(self, case: Any, response: Any) -> None:
        if not (_is_create(case.operation) and 200 <= response.status_code < 300):
            return
        try:
            body = json.loads(response.content)
        except ValueError:
            return
        data = body.get("data", body) if isinstance(body, dict) else None
        record_id = data.get("id") if isinstance(data, dict) else None
        if record_id is not None:
            self.records.append((dict(case.path_parameters or {}), str(record_id)))

    def aim(self, case: Any, choice: int | None) -> None:
        """Point an item operation at known record number `choice` (None: leave the generated ids)."""
        item_param = _item_parameter(case.operation.path)
        if choice is None or item_param is None or not self.records:
            return
        scope, record_id = self.records[choice % len(self.records)]
        case.path_parameters = {**(case.path_parameters or {}), **scope, item_param: record_id}
        # A body that names the record (JSON:API `data.id`, BLAZE's full object) must name the same one.
        body = case.body
        if isinstance(body, dict):
            target = body.get("data") if isinstance(body.get("data"), dict) else body
            if "id" in target:
                target["id"] = record_id


def _item_parameter(path: str) -> str | None:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last[1:-1] if last.startswith("{") and last.endswith("}") else None


@dataclass
class Outcome:
    vendor: str
    operation: str
    mode: str
    examples: int = 0
    # Responses (or requests without one) that failed at least one check.
    failures: int = 0
    # Status code -> responses; shows how deep the run got (all 404s would mean it never met a record).
    statuses: Counter[int] = field(default_factory=Counter)
    # Distinct failures (check title, status) -> one report with a reproducing request.
    reports: dict[tuple[str, int], str] = field(default_factory=dict)


def fuzz_operation(
    operation: Any,
    vendor: str,
    base_url: str,
    *,
    mode: GenerationMode,
    max_examples: int,
    known: Known,
    session: requests.Session,
    seed: int | None = None,
) -> Outcome:
    """Run `max_examples` generated cases of one operation (the spec's examples among them) and check every
    response; failures are counted and kept, not raised, so that one run reports all of them."""
    outcome = Outcome(vendor, label(operation), mode.value)
    generated = operation.as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE:
        examples = operation.schema.get_strategies_from_examples(operation)
        strategy = st.one_of(*examples, generated) if examples else generated
    else:
        strategy = generated

    @settings(
        max_examples=max_examples,
        derandomize=seed is None,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy, choice=st.none() | st.integers(min_value=0, max_value=1_000))
    def run(case: Any, choice: int | None) -> None:
        outcome.examples += 1
        known.aim(case, choice)
        headers = auth_headers(vendor)
        try:
            response = case.call(base_url=base_url, headers=headers, session=session, timeout=30)
        except requests.RequestException as exc:
            outcome.failures += 1
            outcome.reports.setdefault((f"request failed: {type(exc).__name__}", 0), f"{case.as_curl_command()}\n{exc}")
            return
        outcome.statuses[response.status_code] += 1
        known.learn(case, response)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            outcome.failures += 1
            for failure in group.exceptions:
                outcome.reports.setdefault((failure.title, response.status_code), str(group))

    (run if seed is None else hypothesis.seed(seed)(run))()
    return outcome


def fuzz_vendor(
    vendor: str,
    base_url: str,
    *,
    modes: tuple[GenerationMode, ...],
    max_examples: int,
    seed: int | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    schema = load_schema(vendor)
    known = Known()
    outcomes: list[Outcome] = []
    with requests.Session() as session:
        for mode in modes:
            for operation in operations(schema):
                outcome = fuzz_operation(
                    operation,
                    vendor,
                    base_url,
                    mode=mode,
                    max_examples=max_examples,
                    known=known,
                    session=session,
                    seed=seed,
                )
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n",
        "--max-examples",
        type=int,
        default=DEFAULT_EXAMPLES,
        help=f"hypothesis examples per operation and mode (default {DEFAULT_EXAMPLES}, env UNIHOOK_FUZZ_EXAMPLES)",
    )
    parser.add_argument("--vendor", action="append", choices=VENDOR_KEYS, help="only this vendor (repeatable)")
    parser.add_argument(
        "--mode",
        choices=sorted(MODES),
        default="all",
        help="positive: data the spec allows; negative: data it forbids (default: both)",
    )
    parser.add_argument(
        "--seed", type=int, help="hypothesis seed, to explore other inputs (default: derandomized, reproducible)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print a line per operation")
    args = parser.parse_args(argv)

    vendors = tuple(args.vendor or VENDOR_KEYS)
    modes = MODES[args.mode]
    started = time.perf_counter()
    rows: list[tuple[str, int, int, int, float]] = []
    outcomes: list[Outcome] = []

    def progress(outcome: Outcome) -> None:
        if args.verbose:
            print(
                f"  {outcome.vendor:<18} {outcome.mode:<8} {outcome.operation:<28} "
                f"{outcome.examples:>5} examples {outcome.failures:>4} failures  "
                + " ".join(f"{status}:{count}" for status, count in sorted(outcome.statuses.items())),
                flush=True,
            )

    with SandboxServer() as sandbox:
        for vendor in vendors:
            vendor_started = time.perf_counter()
            done = fuzz_vendor(
                vendor,
                sandbox.base_url(vendor),
                modes=modes,
                max_examples=args.max_examples,
                seed=args.seed,
                on_outcome=progress,
            )
            outcomes.extend(done)
            rows.append(
                (
                    vendor,
                    len({outcome.operation for outcome in done}),
                    sum(outcome.examples for outcome in done),
                    sum(outcome.failures for outcome in done),
                    time.perf_counter() - vendor_started,
                )
            )
            sandbox.reset()
    elapsed = time.perf_counter() - started

    for outcome in outcomes:
        for (title, status), report in outcome.reports.items():
            print(f"\n=== {outcome.vendor} {outcome.operation} ({outcome.mode}): {title} [{status or 'no response'}]")
            print(report.rstrip())

    print(
        f"\nschemathesis {schemathesis.__version__}, modes: {', '.join(mode.value for mode in modes)}, "
        f"max {args.max_examples} examples per operation and mode, "
        + ("derandomized\n" if args.seed is None else f"seed {args.seed}\n")
    )
    header = f"{'vendor':<18} {'operations':>10} {'examples':>9} {'failures':>9} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    for vendor, count, examples, failures, seconds in rows:
        print(f"{vendor:<18} {count:>10} {examples:>9} {failures:>9} {seconds:>8.1f}")
    print("-" * len(header))
    total_failures = sum(row[3] for row in rows)
    print(
        f"{'total':<18} {sum(row[1] for row in rows):>10} {sum(row[2] for row in rows):>9} "
        f"{total_failures:>9} {elapsed:>8.1f}"
    )
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())

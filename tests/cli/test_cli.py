"""The real `unihook` console script against the sandbox: every command for every vendor, the JSON envelope, exit
codes, the once-only generated secret, plan/apply end to end. Each subprocess costs ~0.5 s, so the per-vendor
lifecycles run concurrently and the many small plan cases live in test_plan.py."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import unihook
from unihook import _vendors
from unihook_sandbox import SandboxServer

pytestmark = pytest.mark.slow

UNIHOOK = Path(sys.executable).parent / "unihook"
VENDORS = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")
STABLE_KEYS = {"vendor", "id", "url", "events", "active", "name", "created_at", "updated_at"}
ERROR_KEYS = {"type", "message", "vendor", "status_code", "field_errors", "may_exist", "retry_after", "problems"}
EX_USAGE = 64


def _secret_once(vendor: str) -> bool:
    """unihook generates the vendor's signing secret and the vendor never shows it again."""
    capabilities = _vendors.load(vendor).spec.capabilities
    return capabilities.requires_secret and not capabilities.echoes_secret


ONCE = [v for v in VENDORS if _secret_once(v)]
CREDENTIALS = {
    "FLXPOINT_API_TOKEN": "flx-token",
    "COMMERCELAYER_ACCESS_TOKEN": "cl-token",
    "BLAZE_PARTNER_KEY": "partner",
    "BLAZE_DEVELOPER_KEY": "developer",
    "SHIPPING_CHANNELS_API_KEY": "ship-key",
    "PACKCLOUD_API_TOKEN": "pack-token",
    "PACKCLOUD_ORGANIZATION_ID": "org-1",
}
_tokens = itertools.count()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        """The whole envelope: stdout holds exactly one JSON document."""
        return json.loads(self.out)

    @property
    def data(self) -> Any:
        """A success envelope's data."""
        envelope = self.json
        assert envelope["ok"] is True, envelope
        assert set(envelope) == {"ok", "command", "data"}
        return envelope["data"]

    @property
    def error(self) -> Any:
        """A failure envelope's error object, every key there."""
        envelope = self.json
        assert envelope["ok"] is False, envelope
        assert set(envelope["error"]) == ERROR_KEYS
        return envelope["error"]


Run = Callable[..., Result]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


@pytest.fixture(scope="module")
def base_env(sandbox: SandboxServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # A clean environment: nothing of the developer's own configuration leaks in.
    prefixes = ("UNIHOOK_", *{c.split("_")[0] + "_" for c in CREDENTIALS})
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    # Bytecode cached outside the repo, as an installed package has it: without it every process recompiles
    # the generated clients, tripling its start-up time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    env.update(CREDENTIALS)
    env.update({f"UNIHOOK_{v.upper()}_BASE_URL": sandbox.base_url(v) for v in VENDORS})
    return env


@pytest.fixture(scope="module")
def run(base_env: dict[str, str]) -> Run:
    def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None, **extra: str) -> Result:
        environ = dict(env if env is not None else base_env)
        # The sandbox paces Flxpoint per token, across processes: a fresh token per process keeps calls quick.
        environ["FLXPOINT_API_TOKEN"] = f"flx-{next(_tokens)}"
        environ.update(extra)
        done = subprocess.run(
            [str(UNIHOOK), *args], input=stdin, capture_output=True, text=True, env=environ, timeout=60, check=False
        )
        assert "Traceback" not in done.stderr, done.stderr
        return Result(done.returncode, done.stdout, done.stderr)

    return invoke


@pytest.fixture(scope="module")
def hub(sandbox: SandboxServer) -> Iterator[unihook.Client]:
    """An in-process client to arrange and inspect state without paying for a process."""
    credentials = {k.lower(): v for k, v in CREDENTIALS.items()}
    with unihook.Client(base_urls={v: sandbox.base_url(v) for v in VENDORS}, **credentials) as client:
        yield client


# --- one lifecycle per vendor, run concurrently -----------------------------------------------------------------

CASES: dict[str, dict[str, Any]] = {
    "flxpoint": {"events": ["OrderImportedEvent", "FulfillmentRequestProcessingEvent"], "name": "Flx"},
    "commercelayer": {"events": ["orders.place", "orders.cancel"], "name": "CL"},
    "blaze": {"events": ["NEW_MEMBER", "UPDATE_MEMBER"], "name": None},
    "shipping_channels": {"events": ["shipment.created", "shipment.updated"], "name": "Ship"},
    "packcloud": {"events": ["order.created", "order.shipped"], "name": None},
}


def _lifecycle(run: Run, vendor: str) -> dict[str, Result]:
    case = CASES[vendor]
    url = f"https://life.example.com/{vendor}"
    args = ["create", vendor, "--url", url, "--json"]
    args += [a for e in case["events"] for a in ("--event", e)]
    if case["name"]:
        args += ["--name", case["name"]]
    steps = {"create": run(*args)}
    if steps["create"].code != 0:
        return steps
    first = steps["create"].data["subscriptions"][0]["id"]
    steps["list"] = run("list", vendor, "--json")
    steps["get"] = run("get", vendor, first, "--json")
    steps["update"] = run("update", vendor, first, "--url", url + "/v2", "--json")
    steps["disable"] = run("disable", vendor, first, "--json")
    steps["enable"] = run("enable", vendor, first, "--json")
    steps["delete"] = run("delete", vendor, first, "--json")
    return steps


@pytest.fixture(scope="module")
def lifecycles(run: Run) -> dict[str, dict[str, Result]]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {vendor: pool.submit(_lifecycle, run, vendor) for vendor in VENDORS}
        return {vendor: future.result() for vendor, future in futures.items()}


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_command_for_every_vendor(
    lifecycles: dict[str, dict[str, Result]], hub: unihook.Client, vendor: str
) -> None:
    steps = lifecycles[vendor]
    case = CASES[vendor]
    url = f"https://life.example.com/{vendor}"
    create = steps["create"]
    assert create.code == 0, create.err
    assert create.json["command"] == "create"
    made = create.data["subscriptions"]
    single = vendor in ("commercelayer", "blaze", "packcloud")
    if single:  # one registration per event, made by create_many and said so
        assert create.data["create_many"] is True
        assert [s["events"] for s in made] == [[e] for e in case["events"]]
    else:
        assert create.data["create_many"] is False
        assert [s["events"] for s in made] == [case["events"]]
    # No secret without --show-secret, but for one unihook generated that the vendor never shows again.
    once = _secret_once(vendor)
    assert create.data["secret_shown_once"] is once
    assert all(set(s) == (STABLE_KEYS | {"secret"} if once else STABLE_KEYS) and s["url"] == url for s in made)
    first = made[0]["id"]

    assert steps["list"].code == 0
    listed = steps["list"].data
    assert {s["id"] for s in made} <= {s["id"] for s in listed["subscriptions"]}
    assert listed["skipped"] == []
    assert listed["errors"] == []

    got = steps["get"].data["subscription"]
    assert steps["get"].code == 0
    assert got["id"] == first
    assert set(got) == STABLE_KEYS
    if case["name"]:
        # Where names must be unique (Commerce Layer), create_many names each registration "<name> <event>".
        unique = single and unihook._vendors.load(vendor).spec.capabilities.unique_names
        assert got["name"] == (f"{case['name']} {case['events'][0]}" if unique else case["name"])

    assert steps["update"].code == 0
    assert steps["update"].data["subscription"]["url"] == url + "/v2"

    if vendor == "blaze":
        for step in ("disable", "enable"):
            assert steps[step].code == 1
            assert steps[step].err.startswith(f"error: blaze does not support {step}")
            assert steps[step].json["command"] == step
            assert steps[step].error["type"] == "UnsupportedOperation"
            assert steps[step].error["vendor"] == "blaze"
    else:
        assert steps["disable"].code == 0
        assert steps["disable"].data["subscription"]["active"] is False
        assert steps["enable"].code == 0
        assert steps["enable"].data["subscription"]["active"] is True

    remaining = {s.id for s in hub.list(vendor)}
    if vendor == "packcloud":
        assert steps["delete"].code == 1
        assert steps["delete"].err.startswith("error: packcloud does not support delete")
        assert steps["delete"].error["type"] == "UnsupportedOperation"
        assert first in remaining
    else:
        assert steps["delete"].code == 0, steps["delete"].err
        assert steps["delete"].data == {"vendor": vendor, "id": first, "deleted": True, "soft": vendor == "flxpoint"}
        assert first not in remaining


# --- other commands ---------------------------------------------------------------------------------------------


def test_vendors_coverage(run: Run) -> None:
    data = run("vendors", "--json").data["vendors"]
    rows = {row["vendor"]: row for row in data}
    assert list(rows) == list(VENDORS)
    assert all(row["configured"] for row in data)
    assert rows["flxpoint"]["operations"]["delete"] == {
        "supported": True,
        "soft": True,
        "note": rows["flxpoint"]["operations"]["delete"]["note"],
    }
    assert rows["packcloud"]["operations"]["delete"]["supported"] is False
    assert rows["blaze"]["operations"]["enable"]["supported"] is False
    assert [v for v, row in rows.items() if row["single_event"]] == ["commercelayer", "blaze", "packcloud"]
    table = run("vendors")
    assert table.code == 0
    assert "soft" in table.out
    assert "packcloud delete:" in table.out


def test_list_without_key_skips_unconfigured_vendors(run: Run, base_env: dict[str, str]) -> None:
    env = {k: v for k, v in base_env.items() if not k.startswith(("BLAZE_", "PACKCLOUD_"))}
    result = run("list", "--json", env=env)
    assert result.code == 0, result.err
    data = result.data
    assert [s["vendor"] for s in data["skipped"]] == ["blaze", "packcloud"]
    assert "BLAZE_PARTNER_KEY" in data["skipped"][0]["reason"]
    assert "skipped blaze" in result.err
    assert "\x1b" not in result.err
    assert {s["vendor"] for s in data["subscriptions"]} <= {"flxpoint", "commercelayer", "shipping_channels"}


def test_secrets_are_masked_unless_asked(run: Run, hub: unihook.Client) -> None:
    sub = hub.create("packcloud", url="https://secret.example.com/p", events=["order.created"], secret="very-secret-1")
    table = run("get", "packcloud", sub.id)
    assert table.code == 0
    assert "very-secret-1" not in table.out
    assert "********" in table.out
    shown = run("get", "packcloud", sub.id, "--json", "--show-secret")
    assert shown.data["subscription"]["secret"] == "very-secret-1"
    hidden = run("get", "packcloud", sub.id, "--json")
    assert "very-secret-1" not in hidden.out
    assert "secret" not in hidden.data["subscription"]


def test_errors_are_one_line_with_exit_codes(run: Run, sandbox: SandboxServer) -> None:
    missing = run("get", "commercelayer", "doesnotexist")
    assert missing.code == 1
    assert missing.err.startswith("error: commercelayer answered 404")
    assert missing.err.count("\n") == 1
    bad_url = run("create", "shipping_channels", "--url", "not a url", "--event", "shipment.created")
    assert bad_url.code == 1
    assert bad_url.err.startswith("error: url must be an absolute http(s) URL")
    sandbox.inject("shipping_channels", "500")
    failing = run("list", "shipping_channels")
    assert failing.code == 1
    assert failing.err.startswith("error: shipping_channels answered 500")
    usage = run("get", "nosuchvendor", "1")
    assert usage.code == EX_USAGE
    assert "Invalid value for 'KEY'" in usage.err


def _leaves(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    elif isinstance(node, str):
        yield node


def _stored_strings(sandbox: SandboxServer, vendor: str, url: str) -> set[str]:
    """Every string the sandbox holds for the vendor's subscription at `url` (its signing secret among them)."""
    records = [r for r in sandbox.state.records(vendor) if url in set(_leaves(r))]
    assert len(records) == 1, records
    return set(_leaves(records[0])) - {url}


@pytest.mark.parametrize("vendor", ONCE)
def test_a_generated_secret_the_vendor_never_shows_again_is_printed_once(
    run: Run, hub: unihook.Client, sandbox: SandboxServer, vendor: str
) -> None:
    event = CASES[vendor]["events"][0]
    url = f"https://once.example.com/{vendor}/table"
    made = run("create", vendor, "--url", url, "--event", event)
    assert made.code == 0, made.err
    # What the vendor holds but never gives back, even to --show-secret: the generated secret.
    (sub,) = [s for s in hub.list(vendor) if s.url == url]
    readable = run("get", vendor, sub.id, "--json", "--show-secret").out
    hidden = [s for s in _stored_strings(sandbox, vendor, url) if len(s) >= 16 and s not in readable]
    printed = [s for s in hidden if s in made.out]
    assert len(printed) == 1, f"the generated secret is not in the output: {made.out!r}"
    secret = printed[0]
    assert made.out.count(secret) == 1
    assert any(secret in line.split() for line in made.out.splitlines()), "the secret is printed whole"
    warning = made.err.strip()
    assert warning.count("\n") == 0
    assert warning.startswith("warning: unihook generated the signing secret")
    assert "never shows it again" in warning
    assert "store it now" in warning
    assert secret not in made.err

    url = f"https://once.example.com/{vendor}/json"
    made = run("create", vendor, "--url", url, "--event", event, "--json")
    assert made.code == 0, made.err
    data = made.data
    assert data["secret_generated"] is True
    assert data["secret_shown_once"] is True
    secret = data["subscriptions"][0]["secret"]
    assert isinstance(secret, str)
    assert len(secret) >= 32
    assert secret in _stored_strings(sandbox, vendor, url)
    assert made.out.count(secret) == 1
    assert secret not in made.err
    assert "store it now" in made.err
    listed = run("list", vendor, "--json")
    assert secret not in listed.out

    # A secret the caller chose is theirs: masked as ever, no warning.
    url = f"https://once.example.com/{vendor}/own"
    own = run("create", vendor, "--url", url, "--event", event, "--secret", "caller-chosen-secret-1", "--json")
    assert own.code == 0, own.err
    assert "caller-chosen-secret-1" not in own.out
    assert own.data["secret_shown_once"] is False
    assert "secret" not in own.data["subscriptions"][0]
    assert "warning" not in own.err


def test_json_envelope_on_errors(run: Run, sandbox: SandboxServer) -> None:
    missing = run("get", "commercelayer", "doesnotexist", "--json")
    assert missing.code == 1
    assert missing.json["command"] == "get"
    assert missing.error["type"] == "NotFoundError"
    assert missing.error["vendor"] == "commercelayer"
    assert missing.error["status_code"] == 404
    assert missing.error["may_exist"] is False
    assert missing.error["problems"] is None
    assert missing.err.startswith("error: commercelayer answered 404")
    assert missing.err.count("\n") == 1
    assert missing.error["message"] == missing.err.removeprefix("error: ").strip()

    usage = run("list", "--colour", "--json")
    assert usage.code == EX_USAGE
    assert usage.json["command"] == "list"
    assert usage.error["type"] == "UsageError"
    assert "--colour" in usage.error["message"]

    # list across vendors: one failing does not hide the others; the envelope carries both.
    sandbox.inject("shipping_channels", "500")
    partial = run("list", "--json")
    assert partial.code == 1
    assert partial.error["type"] == "PartialFailure"
    assert "shipping_channels" in partial.error["message"]
    data = partial.json["data"]
    assert [e["vendor"] for e in data["errors"]] == ["shipping_channels"]
    assert data["errors"][0]["type"] == "ServerError"
    assert data["errors"][0]["status_code"] == 500
    assert {s["vendor"] for s in data["subscriptions"]} <= set(VENDORS) - {"shipping_channels"}
    assert "error: shipping_channels answered 500" in partial.err


def test_plan_drift_is_told_apart_from_a_broken_call(run: Run, sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "drift.yaml"
    path.write_text(
        'subscriptions:\n  - {vendor: commercelayer, url: "https://drift.example.com/a", events: [orders.place]}\n'
    )
    drift = run("plan", "-f", str(path), "--json")
    assert drift.code == 2, drift.err
    assert drift.data["pending"] is True
    assert drift.err == ""

    sandbox.inject("commercelayer", "500")
    broken = run("plan", "-f", str(path), "--json")
    assert broken.code == 1
    assert broken.json["command"] == "plan"
    assert broken.error["type"] == "ServerError"
    assert broken.err.startswith("error: commercelayer answered 500")

    usage = run("plan", "--json")
    assert usage.code == EX_USAGE
    assert usage.error["type"] == "UsageError"
    assert "--file" in usage.error["message"]

    path.write_text("subscriptions:\n  - {vendor: nope, url: x, events: []}\n")
    rejected = run("plan", "-f", str(path), "--json")
    assert rejected.code == 1
    assert rejected.error["type"] == "PlanFileError"
    assert "nothing was sent" in rejected.error["message"]
    assert len(rejected.error["problems"]) >= 2


def test_apply_stopped_midway_reports_what_was_done(run: Run, sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "midway.yaml"
    path.write_text(
        "subscriptions:\n"
        '  - {vendor: commercelayer, url: "https://midway.example.com/a", events: [orders.place]}\n'
        '  - {vendor: shipping_channels, url: "https://midway.example.com/b", events: [shipment.created]}\n'
    )
    sandbox.inject("shipping_channels", "slow:0", "500")  # its list passes, its create fails
    result = run("apply", "-f", str(path), "--json")
    assert result.code == 1
    envelope = result.json
    assert envelope["command"] == "apply"
    assert result.error["type"] == "ServerError"
    assert result.error["may_exist"] is True
    assert envelope["data"]["complete"] is False
    assert [(a["action"], a["vendor"]) for a in envelope["data"]["applied"]] == [("create", "commercelayer")]
    assert result.err.startswith("error: shipping_channels answered 500")


# --- plan / apply -----------------------------------------------------------------------------------------------

PLAN = """
subscriptions:
  - {vendor: flxpoint, url: "https://plan.example.com/flx", events: [OrderImportedEvent], name: Flx}
  - {vendor: commercelayer, url: "https://plan.example.com/cl", events: [orders.place, orders.cancel], name: Plan}
  - {vendor: blaze, url: "https://plan.example.com/blaze", events: [NEW_MEMBER]}
  - vendor: shipping_channels
    url: https://plan.example.com/ship
    events: [shipment.created]
    secret: ${SHIP_SECRET}
  - {vendor: packcloud, url: "https://plan.example.com/pack", events: [order.created, order.shipped]}
prune:
  prefixes: ["https://plan.example.com/"]
"""


def _urls(hub: unihook.Client, prefix: str) -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    return {v: sorted((s.id, s.url, s.events) for s in hub.list(v) if s.url.startswith(prefix)) for v in VENDORS}


def test_plan_apply_converges(run: Run, hub: unihook.Client, tmp_path: Path) -> None:
    path = tmp_path / "hooks.yaml"
    path.write_text(PLAN)
    f = ["-f", str(path), "--json"]
    secret = {"SHIP_SECRET": "ship-secret-1"}
    first = run("plan", *f, **secret)
    assert first.code == 2, first.err
    assert first.data["pending"] is True  # drift is a success envelope: the call itself worked
    assert first.data["summary"]["create"] == 7, first.json  # 1 + 2 + 1 + 1 + 2

    applied = run("apply", *f, **secret)
    assert applied.code == 0, applied.err
    assert applied.data["complete"] is True
    assert [a["action"] for a in applied.data["applied"]] == ["create"] * 7
    after_first = _urls(hub, "https://plan.example.com/")
    assert sum(map(len, after_first.values())) == 7

    again = run("plan", *f, **secret)
    assert again.code == 0
    assert again.data["pending"] is False
    assert again.data["summary"]["unchanged"] == 7
    second = run("apply", *f, "--prune", **secret)
    assert second.code == 0
    assert second.data["applied"] == []
    assert _urls(hub, "https://plan.example.com/") == after_first  # nothing duplicated, nothing touched

    # A URL changed in the file is an update of the same subscriptions, not new ones.
    path.write_text(PLAN.replace("https://plan.example.com/cl", "https://plan.example.com/cl-v2"))
    moved = run("apply", *f, **secret)
    assert moved.code == 0, moved.err
    assert [(a["action"], a["diff"]["url"]["to"]) for a in moved.data["applied"]] == [
        ("update", "https://plan.example.com/cl-v2")
    ] * 2
    now = _urls(hub, "https://plan.example.com/")
    assert [i for i, _, _ in now["commercelayer"]] == [i for i, _, _ in after_first["commercelayer"]]
    assert {u for _, u, _ in now["commercelayer"]} == {"https://plan.example.com/cl-v2"}


def test_prune_respects_scope(run: Run, hub: unihook.Client, tmp_path: Path) -> None:
    path = tmp_path / "prune.yaml"
    path.write_text(
        textwrap.dedent(
            """
            subscriptions:
              - {vendor: shipping_channels, url: "https://prune.example.com/managed/a", events: [shipment.created]}
              - {vendor: commercelayer, url: "https://prune.example.com/exact", events: [orders.place]}
            prune:
              prefixes: ["https://prune.example.com/managed/"]
            """
        )
    )
    under = hub.create("shipping_channels", url="https://prune.example.com/managed/old", events=["shipment.updated"])
    outside = hub.create("shipping_channels", url="https://prune.example.com/elsewhere", events=["shipment.created"])
    extra = hub.create("commercelayer", url="https://prune.example.com/exact", events=["orders.cancel"])
    foreign = hub.create("commercelayer", url="https://prune.example.com/other", events=["orders.cancel"])
    pack = hub.create("packcloud", url="https://prune.example.com/managed/p", events=["order.created"])

    result = run("apply", "-f", str(path), "--prune", "--json")
    assert result.code == 0, result.err
    done = {(a["action"], a["id"]) for a in result.data["applied"] if a["action"] != "create"}
    assert done == {("delete", under.id), ("delete", extra.id), ("disable", pack.id)}

    assert outside.id in {s.id for s in hub.list("shipping_channels")}
    assert foreign.id in {s.id for s in hub.list("commercelayer")}
    assert hub.get("packcloud", pack.id).active is False


def test_invalid_file_is_rejected_and_nothing_sent(run: Run, sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """
            subscriptions:
              - {vendor: commercelayer, url: "https://bad.example.com/ok", events: [orders.place]}
              - {vendor: nope, url: "https://bad.example.com/x", events: [a]}
              - vendor: shipping_channels
                url: ftp://bad.example.com/y
                events: []
              - {vendor: blaze, url: "https://bad.example.com/b", events: [NEW_MEMBER], active: false}
              - {vendor: commercelayer, url: "https://bad.example.com/ok", events: [orders.place]}
            """
        )
    )
    before = sandbox.state.snapshot()
    result = run("apply", "-f", str(path))
    assert result.code == 1
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0].startswith(f"error: {path} was rejected (5 problems); nothing was sent")
    assert any(line.strip().startswith("line 4, entry 1 (vendor)") for line in lines)
    assert any("line 6, entry 2 (url)" in line for line in lines)
    assert any("entry 2 (events)" in line for line in lines)
    assert any("entry 3" in line and "active: false" in line for line in lines)
    assert any("entry 4" in line and "duplicate" in line for line in lines)
    malformed = run("plan", "-f", "-", stdin="subscriptions: [\n  {vendor: blaze\n")
    assert malformed.code == 1
    assert "malformed YAML" in malformed.err
    assert sandbox.state.snapshot() == before

"""The real `unihook` console script against the sandbox: every command for every vendor, JSON output, exit codes,
plan/apply end to end. Each subprocess costs ~0.5 s, so the per-vendor lifecycles run concurrently and the many
small plan cases live in test_plan.py."""

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
from unihook_sandbox import SandboxServer

pytestmark = pytest.mark.slow

UNIHOOK = Path(sys.executable).parent / "unihook"
VENDORS = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")
STABLE_KEYS = {"vendor", "id", "url", "events", "active", "name", "created_at", "updated_at"}
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
        return json.loads(self.out)


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
    first = steps["create"].json["subscriptions"][0]["id"]
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
    made = create.json["subscriptions"]
    single = vendor in ("commercelayer", "blaze", "packcloud")
    if single:  # one registration per event, made by create_many and said so
        assert create.json["create_many"] is True
        assert [s["events"] for s in made] == [[e] for e in case["events"]]
    else:
        assert create.json["create_many"] is False
        assert [s["events"] for s in made] == [case["events"]]
    assert all(set(s) == STABLE_KEYS and s["url"] == url for s in made)  # no secret without --show-secret
    first = made[0]["id"]

    assert steps["list"].code == 0
    listed = steps["list"].json
    assert {s["id"] for s in made} <= {s["id"] for s in listed["subscriptions"]}
    assert listed["skipped"] == []

    got = steps["get"].json
    assert steps["get"].code == 0
    assert got["id"] == first
    assert set(got) == STABLE_KEYS
    if case["name"]:
        assert got["name"] == case["name"]

    assert steps["update"].code == 0
    assert steps["update"].json["url"] == url + "/v2"

    if vendor == "blaze":
        for step in ("disable", "enable"):
            assert steps[step].code == 1
            assert steps[step].err.startswith(f"error: blaze does not support {step}")
            assert steps[step].out == ""
    else:
        assert steps["disable"].code == 0
        assert steps["disable"].json["active"] is False
        assert steps["enable"].code == 0
        assert steps["enable"].json["active"] is True

    remaining = {s.id for s in hub.list(vendor)}
    if vendor == "packcloud":
        assert steps["delete"].code == 1
        assert steps["delete"].err.startswith("error: packcloud does not support delete")
        assert first in remaining
    else:
        assert steps["delete"].code == 0, steps["delete"].err
        assert steps["delete"].json == {"vendor": vendor, "id": first, "deleted": True, "soft": vendor == "flxpoint"}
        assert first not in remaining


# --- other commands ---------------------------------------------------------------------------------------------


def test_vendors_coverage(run: Run) -> None:
    data = run("vendors", "--json").json["vendors"]
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
    data = result.json
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
    assert shown.json["secret"] == "very-secret-1"


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
    assert usage.code == 2
    assert "Invalid value for 'KEY'" in usage.err


# --- plan / apply -----------------------------------------------------------------------------------------------

PLAN = """
subscriptions:
  - {vendor: flxpoint, url: "https://plan.example.com/flx", events: [OrderImportedEvent], name: Flx}
  - {vendor: commercelayer, url: "https://plan.example.com/cl", events: [orders.place, orders.cancel], name: CL}
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
    assert first.json["pending"] is True
    assert first.json["summary"]["create"] == 7, first.json  # 1 + 2 + 1 + 1 + 2

    applied = run("apply", *f, **secret)
    assert applied.code == 0, applied.err
    assert [a["action"] for a in applied.json["applied"]] == ["create"] * 7
    after_first = _urls(hub, "https://plan.example.com/")
    assert sum(map(len, after_first.values())) == 7

    again = run("plan", *f, **secret)
    assert again.code == 0
    assert again.json["pending"] is False
    assert again.json["summary"]["unchanged"] == 7
    second = run("apply", *f, "--prune", **secret)
    assert second.code == 0
    assert second.json["applied"] == []
    assert _urls(hub, "https://plan.example.com/") == after_first  # nothing duplicated, nothing touched

    # A URL changed in the file is an update of the same subscriptions, not new ones.
    path.write_text(PLAN.replace("https://plan.example.com/cl", "https://plan.example.com/cl-v2"))
    moved = run("apply", *f, **secret)
    assert moved.code == 0, moved.err
    assert [(a["action"], a["diff"]["url"]["to"]) for a in moved.json["applied"]] == [
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
    done = {(a["action"], a["id"]) for a in result.json["applied"] if a["action"] != "create"}
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

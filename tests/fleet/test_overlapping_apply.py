"""Two `unihook apply -f same.yaml` at once, as two worker processes would run them: the account's lock makes them
take turns, and the second plans afresh and finds nothing left to do. Ten trials with the default backend (lock
files) and ten with Redis. Without the lock both create everything (issue 14 saw duplicates in 5 of 5 trials)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import unihook
from tests import redis_server
from unihook_sandbox import SandboxServer

pytestmark = pytest.mark.slow

TRIALS = 10
VENDORS = ("commercelayer", "shipping_channels")
PLAN = textwrap.dedent(
    """\
    subscriptions:
      - vendor: shipping_channels
        url: https://race.example.com/ship-a
        events: [shipment.created]
      - vendor: shipping_channels
        url: https://race.example.com/ship-b
        events: [shipment.created, shipment.updated]
      - vendor: commercelayer
        url: https://race.example.com/orders
        events: [orders.place, orders.cancel]
        name: Orders
    """
)
EXPECTED = 4  # registrations: 2 on Shipping Channels, 1 per event on Commerce Layer


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


@pytest.fixture(scope="module")
def redis() -> Iterator[redis_server.RedisServer]:
    with redis_server.running() as server:
        yield server


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("UNIHOOK_", "COMMERCELAYER_", "SHIPPING_"))}
    environ.pop("PYTHONDONTWRITEBYTECODE", None)
    environ["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.getbasetemp() / "pycache")
    environ["COMMERCELAYER_ACCESS_TOKEN"] = "cl-race"
    environ["SHIPPING_CHANNELS_API_KEY"] = "ship-race"
    environ["UNIHOOK_LOCK_DIR"] = str(tmp_path / "locks")
    environ.update({f"UNIHOOK_{v.upper()}_BASE_URL": sandbox.base_url(v) for v in VENDORS})
    return environ


def registrations(sandbox: SandboxServer) -> Counter[tuple[str, str, tuple[str, ...]]]:
    found: Counter[tuple[str, str, tuple[str, ...]]] = Counter()
    base_urls = {v: sandbox.base_url(v) for v in VENDORS}
    with unihook.Client(
        base_urls=base_urls, commercelayer_access_token="cl-race", shipping_channels_api_key="ship-race"
    ) as hub:
        for vendor in VENDORS:
            for sub in hub.list(vendor):
                found[(vendor, sub.url, tuple(sorted(sub.events)))] += 1
    return found


@contextlib.contextmanager
def workers(env: dict[str, str]) -> Iterator[list[subprocess.Popen[str]]]:
    command = [sys.executable, str(Path(__file__).with_name("apply_worker.py"))]
    started = [
        subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    try:
        yield started
    finally:
        for worker in started:
            worker.stdin.close()  # type: ignore[union-attr]
            worker.wait(timeout=30)


def overlapping_applies(pair: list[subprocess.Popen[str]], plan: Path) -> list[dict[str, object]]:
    line = json.dumps(["apply", "-f", str(plan), "--json"]) + "\n"
    for worker in pair:  # both start at once: neither waits for the other's answer
        worker.stdin.write(line)  # type: ignore[union-attr]
        worker.stdin.flush()  # type: ignore[union-attr]
    results = []
    for worker in pair:
        answer = json.loads(worker.stdout.readline())  # type: ignore[union-attr]
        assert answer["code"] == 0, answer
        results.append(json.loads(answer["out"])["data"])
    return results


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_overlapping_applies_never_duplicate(
    backend: str, sandbox: SandboxServer, env: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "redis":
        env["UNIHOOK_REDIS_URL"] = request.getfixturevalue("redis").url
    plan = tmp_path / "subscriptions.yaml"
    plan.write_text(PLAN)
    outcomes = []
    with workers(env) as pair:
        for _trial in range(TRIALS):
            sandbox.reset()
            first, second = overlapping_applies(pair, plan)
            found = registrations(sandbox)
            created = sorted(len(result["applied"]) for result in (first, second))  # type: ignore[arg-type]
            outcomes.append((sum(found.values()), max(found.values()), created))
    # Every trial: each registration exactly once; one apply made all four, the other found them in sync.
    assert outcomes == [(EXPECTED, 1, [0, EXPECTED])] * TRIALS

"""The whole receiving loop on every vendor, live on 127.0.0.1: the sandbox, a registration made through the
facade, `trigger`, and a receiver (`unihook listen`'s, in-process and as the console script) that sees the
delivery arrive and verifies it wherever a secret exists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import unihook
from unihook._listen import Heard, Listener
from unihook_sandbox import SandboxServer

pytestmark = pytest.mark.slow

EVENT = {
    "flxpoint": "OrderImportedEvent",
    "commercelayer": "orders.place",
    "blaze": "NEW_CONSUMER_ORDER",
    "shipping_channels": "shipment.created",
    "packcloud": "order.created",
}
CREDENTIALS = {
    "flxpoint_api_token": "t",
    "commercelayer_access_token": "t",
    "commercelayer_organization": "acme",
    "blaze_partner_key": "p",
    "blaze_developer_key": "d",
    "shipping_channels_api_key": "k",
    "packcloud_api_token": "t",
    "packcloud_organization_id": "org1",
}
# How each delivery can be checked: the vendor's documented scheme, the sandbox's own, or none.
SCHEME = {
    "flxpoint": "none",
    "commercelayer": "vendor's",
    "blaze": "none",
    "shipping_channels": "sandbox's own",
    "packcloud": "sandbox's own",
}
CONSOLE_SCRIPT = Path(sys.executable).parent / "unihook"


@pytest.fixture(scope="module")
def sandbox() -> SandboxServer:
    with SandboxServer() as server:
        yield server


def _wait(heard: list[Heard], count: int) -> list[Heard]:
    deadline = time.monotonic() + 10
    while len(heard) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return heard


@pytest.mark.parametrize("vendor", sorted(EVENT))
def test_a_triggered_event_arrives_and_verifies_where_a_secret_exists(sandbox: SandboxServer, vendor: str) -> None:
    sandbox.reset()
    heard: list[Heard] = []
    with (
        Listener(heard.append) as listener,
        unihook.Client(**CREDENTIALS, base_urls={vendor: sandbox.base_url(vendor)}) as hub,
    ):
        accepts = unihook._vendors.load(vendor).spec.capabilities.accepts_secret
        secret = "a-signing-secret-0123456789" if accepts else None
        sub = hub.create(vendor, url=f"{listener.url}/{vendor}", events=[EVENT[vendor]], secret=secret)
        key = sub.secret or secret  # the vendor's own (Commerce Layer's shared_secret) or the one given
        if key:
            listener.secrets[vendor] = [key]
        answer = sandbox.trigger(vendor, EVENT[vendor], {"note": "from the test"})
        assert [d["outcome"] for d in answer["deliveries"]] == ["delivered"]
        (delivery,) = _wait(heard, 1)
    assert delivery.vendor == vendor
    assert delivery.event == EVENT[vendor]
    assert delivery.scheme == SCHEME[vendor]
    assert delivery.verified is (None if SCHEME[vendor] == "none" else True)


def test_a_wrong_secret_is_answered_401_and_reported(sandbox: SandboxServer) -> None:
    sandbox.reset()
    heard: list[Heard] = []
    with (
        Listener(heard.append, {"commercelayer": ["not-the-shared-secret"]}) as listener,
        unihook.Client(**CREDENTIALS, base_urls={"commercelayer": sandbox.base_url("commercelayer")}) as hub,
    ):
        hub.create("commercelayer", url=f"{listener.url}/commercelayer", events=["orders.place"])
        answer = sandbox.trigger("commercelayer", "orders.place")
        assert answer["deliveries"][0]["status"] == 401
        assert _wait(heard, 1)[0].verified is False


def test_listen_and_trigger_from_the_command_line(sandbox: SandboxServer, tmp_path: Path) -> None:
    sandbox.reset()
    with unihook.Client(**CREDENTIALS, base_urls={"commercelayer": sandbox.base_url("commercelayer")}) as hub:
        env = {**os.environ, "UNIHOOK_COMMERCELAYER_BASE_URL": sandbox.base_url("commercelayer")}
        listen = subprocess.Popen(
            [str(CONSOLE_SCRIPT), "listen", "--port", "0", "--count", "1", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            banner = listen.stderr.readline() if listen.stderr else ""
            url = banner.split("listening on ", 1)[1].split("/<vendor>", 1)[0]
            sub = hub.create("commercelayer", url=f"{url}/commercelayer", events=["orders.place"])
            done = subprocess.run(
                [str(CONSOLE_SCRIPT), "trigger", "commercelayer", "orders.place", "--json"],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
            out, _ = listen.communicate(timeout=30)
        finally:
            listen.kill()
    assert done.returncode == 0, done.stderr
    envelope = json.loads(done.stdout)
    assert envelope["ok"] is True
    assert envelope["data"]["deliveries"][0]["outcome"] == "delivered"
    line = json.loads(out.strip().splitlines()[0])
    assert (line["vendor"], line["event"], line["scheme"]) == ("commercelayer", "orders.place", "vendor's")
    assert sub.secret  # Commerce Layer made the shared secret; without --secret the listener could not verify
    assert line["verified"] is None


def test_listen_refuses_a_secret_not_written_key_equals_secret(capsys: pytest.CaptureFixture[str]) -> None:
    from unihook._cli import run

    assert run(["listen", "--secret", "commercelayer:abc", "--count", "1"]) == 64
    assert "KEY=SECRET" in capsys.readouterr().err
    assert run(["listen", "--secret", "shopify=abc", "--count", "1"]) == 64


def test_trigger_says_when_the_sandbox_cannot_be_reached(capsys: pytest.CaptureFixture[str]) -> None:
    from unihook._cli import run

    assert run(["trigger", "commercelayer", "orders.place", "--sandbox", "http://127.0.0.1:9", "--json"]) == 1
    captured = capsys.readouterr()
    assert "cannot reach the sandbox at http://127.0.0.1:9/_admin/trigger" in captured.err
    assert json.loads(captured.out)["ok"] is False
    assert run(["trigger", "commercelayer", "orders.place", "--data", "[1]"]) == 64


def test_trigger_prints_each_delivery(sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    from unihook._cli import run

    sandbox.reset()
    heard: list[Heard] = []
    with (
        Listener(heard.append) as listener,
        unihook.Client(**CREDENTIALS, base_urls={"blaze": sandbox.base_url("blaze")}) as hub,
    ):
        hub.create("blaze", url=f"{listener.url}/blaze", events=["NEW_MEMBER"])
        assert run(["trigger", "blaze", "NEW_MEMBER", "--sandbox", sandbox.url]) == 0
        out = capsys.readouterr().out
        assert f"{listener.url}/blaze" in out
        assert "delivered" in out
        assert run(["trigger", "blaze", "NEW_CONSUMER_ORDER", "--sandbox", sandbox.url]) == 0
        assert "nothing was delivered" in capsys.readouterr().err
    assert [h.event for h in _wait(heard, 1)] == ["NEW_MEMBER"]

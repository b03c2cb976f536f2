"""The sandbox delivers: `POST /_admin/trigger` posts events to a real receiver on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from unihook_sandbox import DeliverySettings, SandboxServer, SandboxState

from .support import BLAZE, CL, FLX, PACK, SC, TestClient, cl_document

CL_ROOT = "/commercelayer/api/webhooks"


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A webhook receiver on 127.0.0.1: records every POST; answers the statuses scripted for its path, then 200."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.scripts: dict[str, deque[int]] = {}
        self.always: dict[str, int] = {}
        self.delays: dict[str, float] = {}
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, delay = receiver.record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the sandbox stopped waiting (the timeout test)
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def record(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, float]:
        with self.lock:
            self.received.append(Received(path, headers, body, time.perf_counter()))
            script = self.scripts.get(path)
            status = script.popleft() if script else self.always.get(path, 200)
            delay = self.delays.get(path, 0.0)
        self.arrived.set()
        return status, delay

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def at(self, path: str) -> list[Received]:
        with self.lock:
            return [item for item in self.received if item.path == path]

    def paths(self) -> list[str]:
        with self.lock:
            return sorted(item.path for item in self.received)

    def clear(self) -> None:
        with self.lock:
            self.received.clear()
            self.scripts.clear()
            self.always.clear()
            self.delays.clear()
        self.arrived.clear()


@pytest.fixture(scope="module")
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    receiver.thread.join(5)


@pytest.fixture
def receiver(running_receiver: Receiver) -> Iterator[Receiver]:
    running_receiver.clear()
    yield running_receiver
    running_receiver.clear()


@pytest.fixture
def fast(state: SandboxState) -> SandboxState:
    """No waiting between attempts."""
    state.configure(delivery_backoff=0)
    return state


def trigger(client: TestClient, vendor: str, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"vendor": vendor, "event": event}
    if data is not None:
        body["data"] = data
    response = client.post("/_admin/trigger", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def sandbox_signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def delivered(registration: str | int, url: str, signature: str | None) -> dict[str, Any]:
    return {
        "registration": registration,
        "url": url,
        "status": 200,
        "attempts": 1,
        "outcome": "delivered",
        "signature": signature,
        "error": None,
    }


# --- one test per vendor: who gets what ------------------------------------------------------------------------


def test_flxpoint_delivers_unsigned_to_active_subscribed_configurations(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    root = "/flxpoint/webhhok/configurations"

    def create(path: str, event: str) -> int:
        body = {"webhookUrl": receiver.url(path), "subscribedEvents": [event, "FulfillmentRequestProcessingEvent"]}
        response = client.post(root, json=body, headers=FLX)
        assert response.status_code == 200, response.text
        number: int = response.json()["id"]
        return number

    on = create("/flx/on", "OrderImportedEvent")
    create("/flx/other", "FulfillmentRequestProcessingEvent")
    off = create("/flx/off", "OrderImportedEvent")
    update = {"webhookUrl": receiver.url("/flx/off"), "subscribedEvents": ["OrderImportedEvent"], "status": "disabled"}
    assert client.patch(f"{root}/{off}", json=update, headers=FLX).status_code == 200

    answer = trigger(client, "flxpoint", "OrderImportedEvent", {"orderId": "o-1"})
    assert answer == {
        "vendor": "flxpoint",
        "event": "OrderImportedEvent",
        "deliveries": [delivered(on, receiver.url("/flx/on"), None)],
    }
    assert receiver.paths() == ["/flx/on"]
    (got,) = receiver.at("/flx/on")
    assert got.json() == {"event": "OrderImportedEvent", "data": {"orderId": "o-1"}}
    assert got.headers["content-type"] == "application/json"
    assert got.headers["x-unihook-sandbox-event"] == "OrderImportedEvent"
    assert not any("signature" in name for name in got.headers)


def test_commercelayer_delivers_a_signed_json_api_document(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    def create(path: str, topic: str, **more: Any) -> dict[str, Any]:
        body = {"topic": topic, "callback_url": receiver.url(path), **more}
        response = client.post(CL_ROOT, content=cl_document(body), headers=CL)
        assert response.status_code == 201, response.text
        resource: dict[str, Any] = response.json()["data"]
        return resource

    on = create("/cl/on", "orders.place")
    create("/cl/other", "orders.cancel")
    create("/cl/disabled", "orders.place", _disable=True)

    answer = trigger(client, "commercelayer", "orders.place", {"number": "123", "status": "placed"})
    assert answer["deliveries"] == [delivered(on["id"], receiver.url("/cl/on"), "vendor")]
    assert receiver.paths() == ["/cl/on"]
    (got,) = receiver.at("/cl/on")
    assert got.headers["content-type"] == "application/vnd.api+json"
    assert got.headers["x-commercelayer-topic"] == "orders.place"
    expected = sandbox_signature(got.body, on["attributes"]["shared_secret"])
    assert hmac.compare_digest(got.headers["x-commercelayer-signature"], expected)
    document = got.json()["data"]
    assert document["type"] == "orders"
    assert isinstance(document["id"], str)
    assert document["id"]
    assert document["attributes"] == {"number": "123", "status": "placed"}
    assert not any(name.startswith("x-unihook") for name in got.headers)

    # Without data: a small default resource, still signed; a success keeps the failure count at 0.
    trigger(client, "commercelayer", "orders.place")
    latest = receiver.at("/cl/on")[-1]
    assert set(latest.json()["data"]["attributes"]) == {"created_at", "updated_at"}
    assert latest.headers["x-commercelayer-signature"] == sandbox_signature(
        latest.body, on["attributes"]["shared_secret"]
    )
    webhook = client.get(f"{CL_ROOT}/{on['id']}", headers=CL).json()["data"]["attributes"]
    assert (webhook["circuit_state"], webhook["circuit_failure_count"]) == ("closed", 0)


def test_blaze_delivers_unsigned_to_every_url_of_matching_webhooks(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    root = "/blaze/api/v1/partner/webHooks"
    body = {"webHookType": "NEW_CONSUMER_ORDER", "webHookUrls": [receiver.url("/blaze/a"), receiver.url("/blaze/b")]}
    created = client.post(root, json=body, headers=BLAZE)
    assert created.status_code == 200, created.text
    other = {"webHookType": "UPDATE_PRODUCT", "webHookUrls": [receiver.url("/blaze/other")]}
    assert client.post(root, json=other, headers=BLAZE).status_code == 200

    answer = trigger(client, "blaze", "NEW_CONSUMER_ORDER", {"orderId": 7})
    webhook_id = created.json()["id"]
    assert answer["deliveries"] == [
        delivered(webhook_id, receiver.url("/blaze/a"), None),
        delivered(webhook_id, receiver.url("/blaze/b"), None),
    ]
    assert receiver.paths() == ["/blaze/a", "/blaze/b"]
    for got in receiver.received:
        assert got.json() == {"event": "NEW_CONSUMER_ORDER", "data": {"orderId": 7}}
        assert got.headers["x-unihook-sandbox-event"] == "NEW_CONSUMER_ORDER"
        assert "x-unihook-sandbox-signature" not in got.headers


def test_shipping_channels_signs_with_the_sandbox_scheme_and_the_real_secret(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    root = "/shipping_channels/webhook-subscriptions"

    def create(path: str, events: list[str], **more: Any) -> dict[str, Any]:
        body = {"name": path, "url": receiver.url(path), "events": events, **more}
        response = client.post(root, json=body, headers=SC)
        assert response.status_code == 201, response.text
        record: dict[str, Any] = response.json()["data"]
        return record

    chosen = create("/sc/chosen", ["shipment.created", "shipment.updated"], secret="chosen-secret")
    generated = create("/sc/generated", ["shipment.created"])
    create("/sc/inactive", ["shipment.created"], active=False)
    create("/sc/other", ["shipment.deleted"])
    assert generated["secret"] == "\u2022" * 16  # masked in every response; the sandbox signs with the real one
    real_secret = {record["id"]: record["secret"] for record in fast.records("shipping_channels")}

    answer = trigger(client, "shipping_channels", "shipment.created", {"shipment_id": "s-1"})
    assert answer["deliveries"] == [
        delivered(chosen["id"], receiver.url("/sc/chosen"), "sandbox"),
        delivered(generated["id"], receiver.url("/sc/generated"), "sandbox"),
    ]
    assert receiver.paths() == ["/sc/chosen", "/sc/generated"]
    for path, record in (("/sc/chosen", chosen), ("/sc/generated", generated)):
        (got,) = receiver.at(path)
        assert got.json() == {"event": "shipment.created", "data": {"shipment_id": "s-1"}}
        assert got.headers["content-type"] == "application/json"
        assert got.headers["x-unihook-sandbox-event"] == "shipment.created"
        expected = sandbox_signature(got.body, real_secret[record["id"]])
        assert hmac.compare_digest(got.headers["x-unihook-sandbox-signature"], expected)
    assert real_secret[chosen["id"]] == "chosen-secret"


def test_packcloud_signs_with_the_sandbox_scheme_for_enabled_webhooks(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    def create(organization: str, path: str, event: str, **more: Any) -> dict[str, Any]:
        body = {"event_code": event, "endpoint": receiver.url(path), "secret": f"secret-{path}", **more}
        response = client.post(f"/packcloud/organizations/{organization}/webhooks", json=body, headers=PACK)
        assert response.status_code == 201, response.text
        record: dict[str, Any] = response.json()
        return record

    first = create("org-a", "/pack/a", "order.created")
    second = create("org-b", "/pack/b", "order.created")
    off = create("org-a", "/pack/off", "order.created")
    create("org-a", "/pack/other", "order.shipped")
    disable = client.put(f"/packcloud/organizations/org-a/webhooks/{off['id']}", json={"enabled": False}, headers=PACK)
    assert disable.status_code == 200

    answer = trigger(client, "packcloud", "order.created")
    assert answer["deliveries"] == [
        delivered(first["id"], receiver.url("/pack/a"), "sandbox"),
        delivered(second["id"], receiver.url("/pack/b"), "sandbox"),
    ]
    assert receiver.paths() == ["/pack/a", "/pack/b"]
    for path, record in (("/pack/a", first), ("/pack/b", second)):
        (got,) = receiver.at(path)
        assert got.json() == {"event": "order.created", "data": {}}
        assert got.headers["x-unihook-sandbox-event"] == "order.created"
        assert got.headers["x-unihook-sandbox-signature"] == sandbox_signature(got.body, record["secret"])


# --- retries, backoff, timeouts ---------------------------------------------------------------------------------


def pack_webhook(client: TestClient, url: str, event: str = "order.created") -> str:
    body = {"event_code": event, "endpoint": url, "secret": "s3cret-key"}
    response = client.post("/packcloud/organizations/o/webhooks", json=body, headers=PACK)
    assert response.status_code == 201, response.text
    webhook_id: str = response.json()["id"]
    return webhook_id


def test_a_failing_delivery_is_retried_with_exponential_backoff(
    client: TestClient, receiver: Receiver, state: SandboxState
) -> None:
    state.configure(delivery_attempts=3, delivery_backoff=0.05, delivery_backoff_factor=2)
    receiver.scripts["/flaky"] = deque([500, 503])
    pack_webhook(client, receiver.url("/flaky"))

    (report,) = trigger(client, "packcloud", "order.created")["deliveries"]
    assert (report["status"], report["attempts"], report["outcome"], report["error"]) == (200, 3, "delivered", None)
    attempts = receiver.at("/flaky")
    assert len(attempts) == 3
    assert len({(got.body, got.headers["x-unihook-sandbox-signature"]) for got in attempts}) == 1  # the same POST
    first_wait, second_wait = (later.at - earlier.at for earlier, later in itertools.pairwise(attempts))
    # 0.05 s, then 0.05 * 2 (less a clock tick).
    assert first_wait >= 0.045
    assert second_wait >= 0.095


def test_a_delivery_fails_after_its_last_attempt(client: TestClient, receiver: Receiver, fast: SandboxState) -> None:
    receiver.always["/down"] = 500
    receiver.always["/moved"] = 307
    pack_webhook(client, receiver.url("/down"))
    pack_webhook(client, receiver.url("/moved"))
    # Nothing listens on port 9 (discard) on 127.0.0.1: connection refused.
    pack_webhook(client, "http://127.0.0.1:9/nobody")
    pack_webhook(client, "ftp://127.0.0.1/not-http")

    down, moved, refused, not_http = trigger(client, "packcloud", "order.created")["deliveries"]
    assert (down["status"], down["attempts"], down["outcome"], down["error"]) == (500, 3, "failed", "HTTP 500")
    assert (moved["status"], moved["attempts"], moved["outcome"]) == (307, 3, "failed")
    assert "redirects are not followed" in moved["error"]
    assert (refused["status"], refused["attempts"], refused["outcome"]) == (None, 3, "failed")
    assert refused["error"].startswith("ConnectError")
    # A URL that can never be posted to is not retried.
    assert (not_http["status"], not_http["attempts"], not_http["outcome"]) == (None, 1, "failed")
    assert len(receiver.at("/down")) == 3


def test_an_attempt_is_cut_off_after_the_timeout(client: TestClient, receiver: Receiver, fast: SandboxState) -> None:
    fast.configure(delivery_attempts=2, delivery_timeout=0.2)
    receiver.delays["/slow"] = 0.5
    pack_webhook(client, receiver.url("/slow"))
    (report,) = trigger(client, "packcloud", "order.created")["deliveries"]
    assert (report["status"], report["attempts"], report["outcome"]) == (None, 2, "failed")
    assert report["error"] == "no answer within 0.2 s"


# --- Commerce Layer's circuit breaker ---------------------------------------------------------------------------


def test_the_circuit_opens_after_the_threshold_and_reset_circuit_closes_it(
    client: TestClient, receiver: Receiver, fast: SandboxState
) -> None:
    assert DeliverySettings().circuit_threshold == 5
    fast.configure(delivery_attempts=2, circuit_threshold=3)
    receiver.always["/cl/down"] = 500
    created = client.post(
        CL_ROOT, content=cl_document({"topic": "orders.place", "callback_url": receiver.url("/cl/down")}), headers=CL
    )
    webhook_id = created.json()["data"]["id"]

    def circuit() -> tuple[str, int]:
        attributes = client.get(f"{CL_ROOT}/{webhook_id}", headers=CL).json()["data"]["attributes"]
        return attributes["circuit_state"], attributes["circuit_failure_count"]

    for failures in (1, 2):
        (report,) = trigger(client, "commercelayer", "orders.place")["deliveries"]
        assert (report["outcome"], report["attempts"]) == ("failed", 2)
        assert circuit() == ("closed", failures)  # one failed delivery counts once, whatever its attempts

    # A success in between zeroes the count.
    receiver.scripts["/cl/down"] = deque([200])
    assert trigger(client, "commercelayer", "orders.place")["deliveries"][0]["outcome"] == "delivered"
    assert circuit() == ("closed", 0)

    for _ in range(3):
        trigger(client, "commercelayer", "orders.place")
    assert circuit() == ("open", 3)
    sent = len(receiver.at("/cl/down"))
    assert sent == 2 + 2 + 1 + 3 * 2

    (skipped,) = trigger(client, "commercelayer", "orders.place")["deliveries"]
    assert skipped == {
        "registration": webhook_id,
        "url": receiver.url("/cl/down"),
        "status": None,
        "attempts": 0,
        "outcome": "skipped: circuit open",
        "signature": "vendor",
        "error": None,
    }
    assert len(receiver.at("/cl/down")) == sent
    assert circuit() == ("open", 3)

    reset = client.patch(
        f"{CL_ROOT}/{webhook_id}", content=cl_document({"_reset_circuit": True}, webhook_id), headers=CL
    )
    assert reset.status_code == 200, reset.text
    assert circuit() == ("closed", 0)
    receiver.always.pop("/cl/down")
    assert trigger(client, "commercelayer", "orders.place")["deliveries"][0]["outcome"] == "delivered"
    assert len(receiver.at("/cl/down")) == sent + 1


# --- the admin API ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"vendor": "nope", "event": "x"},
        {"event": "orders.place"},
        {"vendor": "commercelayer"},
        {"vendor": "commercelayer", "event": ""},
        {"vendor": "commercelayer", "event": "two words"},
        {"vendor": "commercelayer", "event": "line\nbreak"},
        {"vendor": "commercelayer", "event": 7},
        {"vendor": "commercelayer", "event": "orders.place", "data": [1]},
        {"vendor": "commercelayer", "event": "orders.place", "data": "x"},
        {"vendor": "commercelayer", "event": "orders.place", "extra": 1},
        ["commercelayer", "orders.place"],
    ],
)
def test_trigger_refuses_a_body_of_another_shape(client: TestClient, body: Any) -> None:
    response = client.post("/_admin/trigger", json=body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_trigger_refuses_what_is_not_json_and_answers_no_deliveries_when_nobody_listens(client: TestClient) -> None:
    for raw in (b"", b"{", b'{"vendor": "blaze", "event": "X", "data": {"n": NaN}}'):
        assert client.post("/_admin/trigger", content=raw).status_code == 400
    answer = trigger(client, "blaze", "NEW_MEMBER", None)
    assert answer == {"vendor": "blaze", "event": "NEW_MEMBER", "deliveries": []}
    explicit_null = client.post("/_admin/trigger", json={"vendor": "blaze", "event": "NEW_MEMBER", "data": None})
    assert explicit_null.status_code == 200


def test_settings_are_read_validated_changed_and_reset(client: TestClient, state: SandboxState) -> None:
    defaults = {
        "delivery_attempts": 3,
        "delivery_backoff": 0.2,
        "delivery_backoff_factor": 2.0,
        "delivery_timeout": 5.0,
        "circuit_threshold": 5,
    }
    assert client.get("/_admin/settings").json() == defaults
    change = {"delivery_attempts": 1, "delivery_backoff": 0, "circuit_threshold": 2}
    changed = client.post("/_admin/settings", json=change)
    assert changed.status_code == 200
    assert changed.json() == {**defaults, "delivery_attempts": 1, "delivery_backoff": 0.0, "circuit_threshold": 2}
    assert state.settings.delivery_attempts == 1

    for wrong in (
        {"delivery_attempts": 0},
        {"delivery_attempts": 11},
        {"delivery_attempts": 2.5},
        {"delivery_attempts": True},
        {"delivery_backoff": -1},
        {"delivery_backoff": "1"},
        {"delivery_backoff_factor": 0.5},
        {"delivery_timeout": 0},
        {"circuit_threshold": 0},
        {"circuit_threshold": None},
        {"delivery_attempts": 2, "retries": 3},
        [1],
    ):
        refused = client.post("/_admin/settings", json=wrong)
        assert refused.status_code == 400, wrong
        assert refused.json()["error"]
    assert client.post("/_admin/settings", content=b'{"delivery_backoff": NaN}').status_code == 400
    assert client.get("/_admin/settings").json()["delivery_attempts"] == 1  # nothing changed by a refusal

    with pytest.raises(ValueError, match="delivery_attempts"):
        state.configure(delivery_attempts=-1)
    assert client.post("/_admin/reset").status_code == 200
    assert client.get("/_admin/settings").json() == defaults


# --- the real server: SandboxServer.trigger (its latency is measured by make bench, not asserted here) ----------


@pytest.mark.slow
def test_sandbox_server_trigger(receiver: Receiver) -> None:
    with SandboxServer() as sandbox:
        sandbox.configure(delivery_backoff=0)
        with TestClient(sandbox.app) as client:
            webhook_id = pack_webhook(client, receiver.url("/live"))
        answer = sandbox.trigger("packcloud", "order.created", {"n": 0})
        assert answer["deliveries"] == [delivered(webhook_id, receiver.url("/live"), "sandbox")]
        with pytest.raises(ValueError, match="unknown vendor"):
            sandbox.trigger("nope", "order.created")

        sandbox.trigger("packcloud", "order.created", {"n": 1})
        assert [json.loads(r.body)["data"] for r in receiver.at("/live")] == [{"n": 0}, {"n": 1}]

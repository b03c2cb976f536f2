from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from unihook_sandbox import ConnectionDropped, SandboxState

from .support import BLAZE, CL, FLX, PACK, SC, TestClient, cl_document

Create = Callable[[TestClient, dict[str, str]], httpx.Response]


def _flxpoint(client: TestClient, extra: dict[str, str]) -> httpx.Response:
    body = {"webhookUrl": "https://x.example", "subscribedEvents": ["OrderImportedEvent"]}
    response: httpx.Response = client.post("/flxpoint/webhhok/configurations", json=body, headers={**FLX, **extra})
    return response


def _commercelayer(client: TestClient, extra: dict[str, str]) -> httpx.Response:
    body = cl_document({"topic": "orders.place", "callback_url": "https://x.example"})
    response: httpx.Response = client.post("/commercelayer/api/webhooks", content=body, headers={**CL, **extra})
    return response


def _blaze(client: TestClient, extra: dict[str, str]) -> httpx.Response:
    body = {"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"]}
    response: httpx.Response = client.post("/blaze/api/v1/partner/webHooks", json=body, headers={**BLAZE, **extra})
    return response


def _shipping_channels(client: TestClient, extra: dict[str, str]) -> httpx.Response:
    body = {"name": "n", "url": "https://x.example", "events": ["shipment.created"]}
    response: httpx.Response = client.post(
        "/shipping_channels/webhook-subscriptions", json=body, headers={**SC, **extra}
    )
    return response


def _packcloud(client: TestClient, extra: dict[str, str]) -> httpx.Response:
    body = {"event_code": "order.shipped", "endpoint": "https://x.example", "secret": "s3cret"}
    response: httpx.Response = client.post(
        "/packcloud/organizations/org_1/webhooks", json=body, headers={**PACK, **extra}
    )
    return response


CREATES: dict[str, Create] = {
    "flxpoint": _flxpoint,
    "commercelayer": _commercelayer,
    "blaze": _blaze,
    "shipping_channels": _shipping_channels,
    "packcloud": _packcloud,
}
VENDORS = list(CREATES)


def test_429_in_each_vendors_shape(client: TestClient, state: SandboxState) -> None:
    for vendor in VENDORS:
        state.inject(vendor, "429")

    flx = _flxpoint(client, {})
    assert (flx.status_code, flx.content) == (429, b"")
    assert "retry-after" not in flx.headers

    cl = _commercelayer(client, {})
    assert cl.status_code == 429
    assert cl.headers["content-type"] == "application/vnd.api+json"
    assert cl.json()["errors"][0]["status"] == "429"
    assert (
        cl.headers["x-ratelimit-limit"],
        cl.headers["x-ratelimit-interval"],
        cl.headers["x-ratelimit-remaining"],
    ) == (
        "50",
        "10",
        "0",
    )

    blaze = _blaze(client, {})
    assert blaze.status_code == 429
    assert blaze.json()["error"] == "Too Many Requests"
    assert blaze.json()["status"] == 429
    assert "retry-after" not in blaze.headers

    sc = _shipping_channels(client, {})
    assert sc.status_code == 429
    assert sc.json()["error"]["code"] == "rate_limit_exceeded"
    assert sc.json()["error"]["retry_after"] == 1
    assert sc.headers["X-RateLimit-Limit"] == "100"
    assert sc.headers["X-RateLimit-Remaining"] == "0"
    assert int(sc.headers["X-RateLimit-Reset"]) >= int(time.time())

    pack = _packcloud(client, {})
    assert (pack.status_code, pack.content) == (429, b"")
    assert state.snapshot() == {vendor: [] for vendor in VENDORS}


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_store_nothing(client: TestClient, state: SandboxState, status: int) -> None:
    responses = {vendor: create(client, {"X-Unihook-Fault": str(status)}) for vendor, create in CREATES.items()}
    assert {vendor: response.status_code for vendor, response in responses.items()} == dict.fromkeys(VENDORS, status)
    assert responses["flxpoint"].content == b""
    assert responses["packcloud"].content == b""
    assert responses["commercelayer"].json()["errors"][0]["status"] == str(status)
    assert responses["blaze"].json()["status"] == status
    assert responses["shipping_channels"].json()["error"]["status"] == status
    assert state.snapshot() == {vendor: [] for vendor in VENDORS}


def test_html_and_unknown_status(client: TestClient, state: SandboxState) -> None:
    state.inject("blaze", "html", "520")
    proxy = _blaze(client, {})
    assert proxy.status_code == 502
    assert proxy.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in proxy.text
    unknown = _blaze(client, {})
    assert unknown.status_code == 520
    assert unknown.headers["content-type"].startswith("text/html")
    assert state.records("blaze") == []
    assert _blaze(client, {}).status_code == 200


@pytest.mark.parametrize("vendor", VENDORS)
def test_drop_before_stores_nothing_and_drop_after_stores(client: TestClient, state: SandboxState, vendor: str) -> None:
    create = CREATES[vendor]
    state.inject(vendor, "drop-before")
    # In-process the drop surfaces as httpx's transport error, as a closed socket would.
    with pytest.raises(httpx.RemoteProtocolError):
        create(client, {})
    assert state.records(vendor) == []

    state.inject(vendor, "drop-after")
    with pytest.raises(ConnectionDropped):
        create(client, {})
    assert len(state.records(vendor)) == 1


def test_slow_answers_normally_after_the_delay(client: TestClient, state: SandboxState) -> None:
    started = time.monotonic()
    response = _packcloud(client, {"X-Unihook-Fault": "slow:0.2"})
    elapsed = time.monotonic() - started
    assert response.status_code == 201
    assert elapsed >= 0.2
    assert len(state.records("packcloud")) == 1


def test_malformed_is_processed_but_unparseable(client: TestClient, state: SandboxState) -> None:
    response = _shipping_channels(client, {"X-Unihook-Fault": "malformed"})
    assert response.status_code == 201
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.content.startswith(b'{"data":')
    with pytest.raises(json.JSONDecodeError):
        response.json()
    assert len(state.records("shipping_channels")) == 1
    # A bodiless success (Commerce Layer's 204 delete) still answers cut-off JSON.
    webhook_id = _commercelayer(client, {}).json()["data"]["id"]
    deleted = client.delete(f"/commercelayer/api/webhooks/{webhook_id}", headers={**CL, "X-Unihook-Fault": "malformed"})
    assert deleted.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        deleted.json()
    assert state.records("commercelayer") == []


def test_enum_reveals_unknown_values_without_changing_state(client: TestClient, state: SandboxState) -> None:
    fault = {"X-Unihook-Fault": "enum"}
    bodies: dict[str, Any] = {vendor: create(client, fault).json() for vendor, create in CREATES.items()}

    assert bodies["flxpoint"]["subscribedEvents"] == ["OrderImportedEvent", "SOMETHING_NEW"]
    assert bodies["flxpoint"]["status"] == "paused"
    assert bodies["commercelayer"]["data"]["attributes"]["circuit_state"] == "half_open"
    assert bodies["blaze"]["webHookType"] == "TRANSACTION_UPDATE"
    assert bodies["shipping_channels"]["data"]["events"] == ["shipment.created", "SOMETHING_NEW"]
    assert bodies["shipping_channels"]["data"]["status"] == "paused"
    assert bodies["packcloud"]["event_code"] == "orders.created"
    for record in (
        bodies["flxpoint"],
        bodies["commercelayer"]["data"]["attributes"],
        bodies["blaze"],
        bodies["shipping_channels"]["data"],
        bodies["packcloud"],
    ):
        assert record["x_new_field"]

    assert state.records("flxpoint")[0]["status"] == "active"
    assert state.records("blaze")[0]["webHookType"] == "NEW_MEMBER"
    assert state.records("packcloud")[0]["event_code"] == "order.shipped"
    listed = client.get("/flxpoint/webhhok/configurations", headers={**FLX, **fault}).json()
    assert listed[0]["subscribedEvents"][-1] == "SOMETHING_NEW"
    events = client.get("/shipping_channels/webhook-subscriptions/available-events", headers={**SC, **fault}).json()
    assert events["data"][-1]["value"] == "SOMETHING_NEW"
    assert len(events["data"]) == 14


def test_queued_faults_are_consumed_one_per_request_in_order(client: TestClient, state: SandboxState) -> None:
    state.inject("blaze", "503", "500")
    state.inject("blaze", "502")
    # The header wins for its request and leaves the queue alone.
    assert _blaze(client, {"X-Unihook-Fault": "504"}).status_code == 504
    assert [_blaze(client, {}).status_code for _ in range(4)] == [503, 500, 502, 200]
    assert state.pending_faults("blaze") == []
    # Other vendors' queues are untouched.
    state.inject("packcloud", "500")
    assert _blaze(client, {}).status_code == 200
    assert state.pending_faults("packcloud") == ["500"]


def test_token_endpoint_skips_queued_faults_but_honours_the_header(client: TestClient, state: SandboxState) -> None:
    state.inject("commercelayer", "503")
    form = {"grant_type": "client_credentials", "client_id": "a", "client_secret": "b"}
    assert client.post("/commercelayer/oauth/token", data=form).status_code == 200
    assert client.post("/commercelayer/oauth/token", data=form, headers={"X-Unihook-Fault": "500"}).status_code == 500
    assert _commercelayer(client, {}).status_code == 503


def test_bad_fault_names_are_refused(client: TestClient, state: SandboxState) -> None:
    for bad in ("418", "slow:abc", "slow:-1", "slow:31", "drop"):
        with pytest.raises(ValueError, match=r"fault|slow"):
            state.inject("flxpoint", bad)
    with pytest.raises(ValueError, match="unknown vendor"):
        state.inject("stripe", "500")
    with pytest.raises(ValueError, match="at most 100"):
        state.inject("flxpoint", *["500"] * 101)
    assert state.pending_faults("flxpoint") == []
    header = _flxpoint(client, {"X-Unihook-Fault": "teapot"})
    assert header.status_code == 400
    assert "unknown fault" in header.text
    assert state.records("flxpoint") == []


def test_admin_endpoints(client: TestClient, state: SandboxState) -> None:
    queued = client.post("/_admin/faults", json={"vendor": "packcloud", "faults": ["503", "slow:0"]})
    assert queued.status_code == 200
    assert queued.json() == {"vendor": "packcloud", "queued": ["503", "slow:0"]}
    assert _packcloud(client, {}).status_code == 503
    assert _packcloud(client, {}).status_code == 201
    _flxpoint(client, {})

    snapshot = client.get("/_admin/state").json()
    assert set(snapshot) == set(VENDORS)
    assert snapshot["packcloud"][0]["secret"] == "s3cret"
    assert snapshot["flxpoint"][0]["id"] == 1

    assert client.post("/_admin/faults", json={"vendor": "nope", "faults": ["500"]}).status_code == 400
    assert client.post("/_admin/faults", json={"vendor": "blaze", "faults": ["nope"]}).status_code == 400
    assert client.post("/_admin/faults", json={"vendor": "blaze"}).status_code == 400
    assert state.pending_faults("blaze") == []

    state.inject("blaze", "500")
    assert client.post("/_admin/reset").status_code == 200
    assert client.get("/_admin/state").json() == {vendor: [] for vendor in VENDORS}
    assert state.pending_faults("blaze") == []
    # Ids start over after a reset.
    assert _flxpoint(client, {}).json()["id"] == 1


def test_unknown_routes_are_404(client: TestClient) -> None:
    assert client.get("/flxpoint/webhooks", headers=FLX).status_code == 404
    assert client.get("/stripe/webhooks").status_code == 404
    assert client.get("/").status_code == 404

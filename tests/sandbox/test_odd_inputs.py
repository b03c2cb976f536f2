"""Inputs found by fuzzing (scripts/fuzz.py): odd ids and not-quite-JSON bodies get each vendor's own
documented answer, never a 500, a plain-text 404 or a response that is not JSON."""

from __future__ import annotations

import pytest

from .support import BLAZE, CL, FLX, PACK, SC, TestClient

# vendor, item URL prefix, headers, media type of the vendor's 404 (None: no body)
ITEMS = [
    ("flxpoint", "/flxpoint/webhhok/configurations/", FLX, None),
    ("commercelayer", "/commercelayer/api/webhooks/", CL, "application/vnd.api+json"),
    ("blaze", "/blaze/api/v1/partner/webHooks/", BLAZE, "application/json"),
    ("shipping_channels", "/shipping_channels/webhook-subscriptions/", SC, "application/json"),
    ("packcloud", "/packcloud/organizations/o/webhooks/", PACK, None),
]
# Percent-decoded before routing: a newline (Starlette's mount did not match it), a slash (no route matches),
# a trailing slash (Starlette redirected with a 307), and digits that str.isdigit() takes but int() refuses.
ODD_IDS = ["%0A%C2%AF%08", "a%2Fb", "abc%2F", "x%0A", "%C2%B2", "%D9%A3"]


@pytest.mark.parametrize("odd_id", ODD_IDS)
@pytest.mark.parametrize(("vendor", "prefix", "headers", "media_type"), ITEMS, ids=[item[0] for item in ITEMS])
def test_odd_ids_get_the_vendors_404(
    client: TestClient, vendor: str, prefix: str, headers: dict[str, str], media_type: str | None, odd_id: str
) -> None:
    response = client.get(prefix + odd_id, headers=headers, follow_redirects=False)
    assert response.status_code == 404
    if media_type is None:
        assert response.content == b""
    else:
        assert response.headers["content-type"].split(";")[0] == media_type
        assert response.json()


def test_unknown_path_below_a_mount_gets_the_vendors_404(client: TestClient) -> None:
    response = client.get("/blaze/api/v1/partner/nothing/here", headers=BLAZE)
    assert (response.status_code, response.json()["status"]) == (404, 404)
    assert client.get("/flxpoint/webhhok/configurations/", headers=FLX, follow_redirects=False).status_code == 404


def test_arabic_indic_digits_do_not_name_a_flxpoint_configuration(client: TestClient) -> None:
    body = {"webhookUrl": "https://x.example", "subscribedEvents": ["OrderImportedEvent"]}
    for _ in range(3):
        assert client.post("/flxpoint/webhhok/configurations", json=body, headers=FLX).status_code == 200
    assert client.get("/flxpoint/webhhok/configurations/3", headers=FLX).status_code == 200
    assert client.get("/flxpoint/webhhok/configurations/%D9%A3", headers=FLX).status_code == 404  # "٣"


# vendor, create URL, headers, a valid body with the placeholder VALUE in a free-text field, status refused with
CREATES = [
    (
        "/flxpoint/webhhok/configurations",
        {**FLX, "Content-Type": "application/json"},
        '{"webhookUrl": VALUE, "subscribedEvents": ["OrderImportedEvent"]}',
        400,
    ),
    (
        "/commercelayer/api/webhooks",
        CL,
        '{"data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": "https://x.example",'
        ' "metadata": {"x": VALUE}}}}',
        400,
    ),
    (
        "/blaze/api/v1/partner/webHooks",
        {**BLAZE, "Content-Type": "application/json"},
        '{"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"], "url": VALUE}',
        400,
    ),
    (
        "/shipping_channels/webhook-subscriptions",
        {**SC, "Content-Type": "application/json"},
        '{"name": VALUE, "url": "https://x.example", "events": ["shipment.created"]}',
        400,
    ),
    (
        "/packcloud/organizations/o/webhooks",
        {**PACK, "Content-Type": "application/json"},
        '{"event_code": "order.created", "endpoint": "https://x.example", "secret": VALUE}',
        422,
    ),
]
# Python's json module takes all of these; none is JSON that a response could carry back.
NOT_JSON = ['"\\ud800"', '"a\\udc00b"', "NaN", "Infinity", "-Infinity", "1e400"]


@pytest.mark.parametrize("value", NOT_JSON)
@pytest.mark.parametrize(("url", "headers", "template", "status"), CREATES, ids=[c[0].split("/")[1] for c in CREATES])
def test_not_quite_json_bodies_are_refused_not_stored(
    client: TestClient, url: str, headers: dict[str, str], template: str, status: int, value: str
) -> None:
    response = client.post(url, content=template.replace("VALUE", value).encode(), headers=headers)
    assert response.status_code == status
    # A valid surrogate pair (one astral character) is fine.
    accepted = client.post(url, content=template.replace("VALUE", '"\\ud83d\\ude00"').encode(), headers=headers)
    assert 200 <= accepted.status_code < 300, accepted.text


def test_shipping_channels_url_that_urlsplit_refuses_is_a_validation_error(client: TestClient) -> None:
    body = {"name": "n", "url": "http://[", "events": ["shipment.created"]}
    response = client.post("/shipping_channels/webhook-subscriptions", json=body, headers=SC)
    assert response.status_code == 422
    assert response.json()["error"]["errors"] == {"url": ["The url must be a valid URL."]}


DEEP = ("[" * 100_000 + "]" * 100_000).encode()


@pytest.mark.parametrize(("url", "headers", "template", "status"), CREATES, ids=[c[0].split("/")[1] for c in CREATES])
def test_a_body_nested_past_the_stack_is_refused_like_any_malformed_body(
    client: TestClient, state, url: str, headers: dict[str, str], template: str, status: int
) -> None:
    response = client.post(url, content=DEEP, headers={**headers, "Content-Type": headers.get("Content-Type", "")})
    assert response.status_code == status
    assert all(not records for records in state.snapshot().values())


LONG_URL = ("https://x.example/" + "a" * 2048)[:2049]  # one past the assumed 2048-character cap
URL_CREATES = [
    (
        "/flxpoint/webhhok/configurations",
        FLX,
        {"webhookUrl": LONG_URL, "subscribedEvents": ["OrderImportedEvent"]},
        400,
    ),
    (
        "/commercelayer/api/webhooks",
        CL,
        {"data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": LONG_URL}}},
        422,
    ),
    ("/blaze/api/v1/partner/webHooks", BLAZE, {"webHookType": "NEW_MEMBER", "webHookUrls": [LONG_URL]}, 400),
    (
        "/shipping_channels/webhook-subscriptions",
        SC,
        {"name": "n", "url": LONG_URL, "events": ["shipment.created"]},
        422,
    ),
    (
        "/packcloud/organizations/o/webhooks",
        PACK,
        {"event_code": "order.created", "endpoint": LONG_URL, "secret": "s" * 12},
        422,
    ),
]


@pytest.mark.parametrize(
    ("url", "headers", "body", "status"), URL_CREATES, ids=[c[0].split("/")[1] for c in URL_CREATES]
)
def test_a_url_past_the_assumed_cap_is_refused_not_stored(
    client: TestClient, state, url: str, headers: dict[str, str], body: dict, status: int
) -> None:
    import json

    content_type = "application/vnd.api+json" if "commercelayer" in url else "application/json"
    response = client.post(url, content=json.dumps(body).encode(), headers={**headers, "Content-Type": content_type})
    assert response.status_code == status
    assert all(not records for records in state.snapshot().values())
    fitting = json.dumps(body).replace(LONG_URL, LONG_URL[:-1]).encode()  # exactly 2048 characters
    assert client.post(url, content=fitting, headers={**headers, "Content-Type": content_type}).status_code < 300

"""Shipping Channels through the facade: Bearer auth, `{data}` envelopes, page/per_page pagination with
meta.last_page, PUT that always carries `name` (read first when not given), masked secrets in responses,
`{error: {...}}` bodies with a per-field `errors` map on 422 and `retry_after` on 429 (VENDORS.md)."""

from __future__ import annotations

import datetime

import pytest
from shipping_channels_client.models import WebhookSubscription

import unihook
import unihook._engine

from ._fakes import (
    HTML_BODY,
    MODES,
    SC_KEY,
    NoRequests,
    Recorder,
    Script,
    body,
    call,
    empty_response,
    html_response,
    json_response,
    raises_from,
    requests_per_yield,
    walk_lazily,
)

pytestmark = pytest.mark.parametrize("mode", MODES)

ROOT = "https://api.shipping-channels.com/v1"
COLLECTION = ROOT + "/webhook-subscriptions"
HOOK_ID = "wh_123456"
HOOK_URL = "https://example.com/webhooks/shipping-channels"
MASKED = "••••••••••••••••"
EVENTS = [
    "shipping_channel.created",
    "shipping_channel.updated",
    "shipping_channel.deleted",
    "shipping_channel.status_changed",
]
UTC = datetime.UTC


def subscription(**overrides: object) -> dict[str, object]:
    """A WebhookSubscription, the spec's get/create `seed` example."""
    base: dict[str, object] = {
        "id": HOOK_ID,
        "name": "Shipping Channel Updates",
        "url": HOOK_URL,
        "events": list(EVENTS),
        "secret": MASKED,
        "active": True,
        "created_at": "2025-04-07T12:00:00Z",
        "updated_at": "2025-04-07T12:00:00Z",
    }
    base.update(overrides)
    return base


def list_item(id: str, url: str, events: list[str]) -> dict[str, object]:
    """An item shaped like the list page's example: `status`, no `name`/`active`."""
    return {
        "id": id,
        "url": url,
        "events": events,
        "status": "active",
        "secret": MASKED,
        "created_at": "2025-03-29T16:00:00Z",
        "updated_at": "2025-03-29T16:00:00Z",
    }


def data(status: int, payload: dict[str, object], headers: dict[str, str] | None = None):
    return json_response(status, {"data": payload}, headers=headers)


def assert_sc_auth(request) -> None:
    assert request.headers["Authorization"] == f"Bearer {SC_KEY}"
    if request.content:
        assert request.headers["Content-Type"] == "application/json"


def assert_all_auth(handler) -> None:
    assert handler.requests
    for request in handler.requests:
        assert_sc_auth(request)


# --- create ------------------------------------------------------------------------------------------------


def test_create_sends_seed_body_and_maps_subscription(mode):
    script = Script(data(201, subscription()))
    sub = call(
        mode,
        script,
        "create",
        "shipping_channels",
        url=HOOK_URL,
        events=EVENTS,
        name="Shipping Channel Updates",
        secret="your-webhook-secret",
    )

    assert script.calls == [("POST", COLLECTION)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {
        "name": "Shipping Channel Updates",
        "url": HOOK_URL,
        "events": EVENTS,
        "secret": "your-webhook-secret",
        "active": True,
    }
    assert sub.vendor == "shipping_channels"
    assert sub.id == HOOK_ID
    assert sub.url == HOOK_URL
    assert sub.events == tuple(EVENTS)
    assert sub.active is True
    assert sub.name == "Shipping Channel Updates"
    assert sub.secret == "your-webhook-secret"
    assert sub.secret != MASKED
    assert sub.created_at == datetime.datetime(2025, 4, 7, 12, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2025, 4, 7, 12, tzinfo=UTC)
    assert isinstance(sub.vendor_model, WebhookSubscription)


def test_create_without_secret_or_name_sends_strong_secret_and_a_name(mode):
    script = Script(data(201, subscription()))
    sub = call(
        mode, script, "create", "shipping_channels", url=HOOK_URL, events=["shipping_channel.created"], active=False
    )

    sent = body(script.requests[0])
    assert set(sent) == {"name", "url", "events", "secret", "active"}
    assert isinstance(sent["name"], str)
    assert sent["name"].strip()
    assert sent["url"] == HOOK_URL
    assert sent["events"] == ["shipping_channel.created"]
    assert sent["active"] is False
    assert isinstance(sent["secret"], str)
    assert len(sent["secret"]) >= 32
    assert sub.secret == sent["secret"]


@pytest.mark.parametrize("secret", ["short", "1234567"])
def test_create_with_secret_shorter_than_8_is_refused_and_sends_nothing(mode, secret):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "shipping_channels", url=HOOK_URL, events=EVENTS, secret=secret)
    assert handler.requests == []


def test_update_with_secret_shorter_than_8_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "update", "shipping_channels", HOOK_ID, name="x", secret="1234567")
    assert handler.requests == []


def test_create_many_on_multi_event_vendor_makes_one_subscription(mode):
    script = Script(data(201, subscription()))
    subs = call(
        mode,
        script,
        "create_many",
        "shipping_channels",
        url=HOOK_URL,
        events=EVENTS,
        name="Shipping Channel Updates",
        secret="your-webhook-secret",
    )
    assert script.calls == [("POST", COLLECTION)]
    assert body(script.requests[0])["events"] == EVENTS
    assert [s.id for s in subs] == [HOOK_ID]


# --- list ----------------------------------------------------------------------------------------------------


def _paged(page_sizes: list[int]) -> Recorder:
    total = sum(page_sizes)
    records = [
        list_item(f"wh_{i:06d}", f"https://example.com/webhooks/{i}", ["tracking_parcel.created"]) for i in range(total)
    ]
    last = len(page_sizes)

    def respond(request):
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        start = (page - 1) * per_page
        items = records[start : start + per_page]
        link = COLLECTION + "?page={}"
        return json_response(
            200,
            {
                "data": items,
                "meta": {
                    "current_page": page,
                    "from": start + 1,
                    "last_page": last,
                    "path": COLLECTION,
                    "per_page": per_page,
                    "to": start + len(items),
                    "total": total,
                },
                "links": {
                    "first": link.format(1),
                    "last": link.format(last),
                    "prev": link.format(page - 1) if page > 1 else None,
                    "next": link.format(page + 1) if page < last else None,
                },
            },
        )

    return Recorder(respond)


def test_list_pages_until_last_page(mode):
    handler = _paged([100, 100, 50])
    subs = call(mode, handler, "list", "shipping_channels")

    assert [(r.method, r.url.host, r.url.path) for r in handler.requests] == [
        ("GET", "api.shipping-channels.com", "/v1/webhook-subscriptions")
    ] * 3
    assert [dict(r.url.params) for r in handler.requests] == [
        {"page": "1", "per_page": "100"},
        {"page": "2", "per_page": "100"},
        {"page": "3", "per_page": "100"},
    ]
    assert_all_auth(handler)
    assert [s.id for s in subs] == [f"wh_{i:06d}" for i in range(250)]
    # The list items carry `status` instead of `active`, no name, and a masked secret.
    assert all(s.active is True for s in subs)
    assert all(s.name is None for s in subs)
    assert all(s.secret is None for s in subs)


def test_list_is_lazy(mode):
    handler = _paged([100, 100, 50])
    before, seen = walk_lazily(mode, handler, "shipping_channels")
    assert before == 0
    assert requests_per_yield(seen) == [1] * 100 + [2] * 100 + [3] * 50


def test_list_seed_example(mode):
    script = Script(
        json_response(
            200,
            {
                "data": [
                    list_item(HOOK_ID, HOOK_URL, EVENTS),
                    list_item(
                        "wh_234567",
                        "https://example.com/webhooks/tracking-parcels",
                        ["tracking_parcel.created", "tracking_parcel.status_changed"],
                    ),
                ],
                "meta": {
                    "current_page": 1,
                    "from": 1,
                    "last_page": 1,
                    "path": COLLECTION,
                    "per_page": 15,
                    "to": 2,
                    "total": 2,
                },
                "links": {"first": COLLECTION + "?page=1", "last": COLLECTION + "?page=1", "prev": None, "next": None},
            },
        )
    )
    subs = call(mode, script, "list", "shipping_channels")
    assert len(script.requests) == 1
    assert [(s.id, s.events) for s in subs] == [
        (HOOK_ID, tuple(EVENTS)),
        ("wh_234567", ("tracking_parcel.created", "tracking_parcel.status_changed")),
    ]


def test_list_empty_example(mode):
    script = Script(
        json_response(
            200,
            {
                "data": [],
                "meta": {
                    "current_page": 1,
                    "from": None,
                    "last_page": 1,
                    "path": COLLECTION,
                    "per_page": 15,
                    "to": None,
                    "total": 0,
                },
                "links": {"first": COLLECTION + "?page=1", "last": COLLECTION + "?page=1", "prev": None, "next": None},
            },
        )
    )
    assert call(mode, script, "list", "shipping_channels") == []
    assert len(script.requests) == 1


# --- get -----------------------------------------------------------------------------------------------------


def test_get_sends_documented_request_and_never_exposes_masked_secret(mode):
    script = Script(data(200, subscription(created_at="2025-03-29T16:00:00Z", updated_at="2025-03-29T16:00:00Z")))
    sub = call(mode, script, "get", "shipping_channels", HOOK_ID)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_auth(script)
    assert sub.id == HOOK_ID
    assert sub.name == "Shipping Channel Updates"
    assert sub.secret is None
    assert sub.created_at == datetime.datetime(2025, 3, 29, 16, tzinfo=UTC)


def test_get_list_shaped_item(mode):
    script = Script(
        data(
            200,
            list_item(
                "wh_234567",
                "https://example.com/webhooks/tracking-parcels",
                ["tracking_parcel.created", "tracking_parcel.status_changed"],
            ),
        )
    )
    sub = call(mode, script, "get", "shipping_channels", "wh_234567")
    assert sub.active is True
    assert sub.name is None
    assert sub.secret is None


def test_get_uses_base_url_override(mode):
    script = Script(data(200, subscription()))
    call(
        mode,
        script,
        "get",
        "shipping_channels",
        HOOK_ID,
        client={"base_urls": {"shipping_channels": "https://sandbox.test/shipping_channels"}},
    )
    assert script.calls == [("GET", "https://sandbox.test/shipping_channels/webhook-subscriptions/" + HOOK_ID)]
    assert_all_auth(script)


def test_unknown_event_and_fields_parse(mode):
    script = Script(
        data(
            200,
            subscription(
                events=["shipment.created", "parcel_locker.assigned"],
                delivery_stats={"failed": 2},
                status="paused",
                active=False,
            ),
        )
    )
    sub = call(mode, script, "get", "shipping_channels", HOOK_ID)
    assert sub.events == ("shipment.created", "parcel_locker.assigned")
    assert sub.active is False
    assert isinstance(sub.vendor_model, WebhookSubscription)
    assert sub.vendor_model.additional_properties == {"delivery_stats": {"failed": 2}}


# --- update / enable / disable -------------------------------------------------------------------------------


def test_update_with_name_puts_seed_body_without_reading(mode):
    new_url = "https://example.com/webhooks/updated-endpoint"
    new_events = [*EVENTS, "tracking_parcel.status_changed"]
    script = Script(
        data(
            200,
            subscription(
                name="Updated Webhook Name", url=new_url, events=new_events, updated_at="2025-03-29T18:00:00Z"
            ),
        )
    )
    sub = call(
        mode,
        script,
        "update",
        "shipping_channels",
        HOOK_ID,
        name="Updated Webhook Name",
        url=new_url,
        events=new_events,
        active=True,
    )

    assert script.calls == [("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {
        "name": "Updated Webhook Name",
        "url": new_url,
        "events": new_events,
        "active": True,
    }
    assert sub.url == new_url
    assert sub.events == tuple(new_events)
    assert sub.secret is None


def test_update_without_name_reads_current_name_first(mode):
    new_url = "https://example.com/webhooks/v2"
    script = Script(data(200, subscription()), data(200, subscription(url=new_url)))
    sub = call(mode, script, "update", "shipping_channels", HOOK_ID, url=new_url)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID), ("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[1]) == {"name": "Shipping Channel Updates", "url": new_url}
    assert sub.url == new_url


def test_update_secret_is_sent_and_returned_not_the_masked_one(mode):
    script = Script(data(200, subscription()))
    sub = call(
        mode, script, "update", "shipping_channels", HOOK_ID, name="Shipping Channel Updates", secret="n3VbT8kP1rQ7"
    )
    assert body(script.requests[0]) == {"name": "Shipping Channel Updates", "secret": "n3VbT8kP1rQ7"}
    assert sub.secret == "n3VbT8kP1rQ7"


@pytest.mark.parametrize(("operation", "active"), [("enable", True), ("disable", False)])
def test_enable_disable_put_name_and_active(mode, operation, active):
    script = Script(data(200, subscription(active=not active)), data(200, subscription(active=active)))
    sub = call(mode, script, operation, "shipping_channels", HOOK_ID)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID), ("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[1]) == {"name": "Shipping Channel Updates", "active": active}
    assert sub.active is active
    assert sub.secret is None


# --- delete --------------------------------------------------------------------------------------------------


def test_delete_sends_delete(mode):
    script = Script(empty_response(204))
    assert call(mode, script, "delete", "shipping_channels", HOOK_ID) is None
    assert script.calls == [("DELETE", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_auth(script)


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "payload", "expected", "message"),
    [
        (
            400,
            {"error": {"code": "invalid_request", "message": "Missing required parameter: name", "status": 400}},
            unihook.ValidationError,
            "Missing required parameter: name",
        ),
        (
            401,
            {"error": {"code": "unauthorized", "message": "Invalid API key", "status": 401}},
            unihook.AuthenticationError,
            "Invalid API key",
        ),
        (
            403,
            {"error": {"code": "forbidden", "message": "You may not access this webhook subscription", "status": 403}},
            unihook.AuthenticationError,
            "You may not access this webhook subscription",
        ),
        (
            404,
            {"error": {"code": "not_found", "message": "Webhook subscription not found", "status": 404}},
            unihook.NotFoundError,
            "Webhook subscription not found",
        ),
        (
            500,
            {"error": {"code": "server_error", "message": "Something went wrong", "status": 500}},
            unihook.ServerError,
            "Something went wrong",
        ),
    ],
)
def test_error_bodies_map_to_exceptions(mode, status, payload, expected, message):
    script = Script(json_response(status, payload))
    exc = raises_from(mode, script, expected, "get", "shipping_channels", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert exc.status_code == status
    assert exc.vendor == "shipping_channels"
    assert exc.body == payload
    assert exc.message == message
    assert exc.field_errors == {}
    assert len(script.requests) == 1


def test_422_field_errors_from_errors_map(mode):
    payload = {
        "error": {
            "message": "The given data was invalid.",
            "errors": {"url": ["The url must be a valid URL."], "events": ["The events field is required."]},
        }
    }
    script = Script(json_response(422, payload))
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create",
        "shipping_channels",
        url=HOOK_URL,
        events=EVENTS,
        secret="your-webhook-secret",
    )
    assert exc.status_code == 422
    assert exc.vendor == "shipping_channels"
    assert exc.body == payload
    assert exc.message == "The given data was invalid."
    assert exc.field_errors == {"url": ["The url must be a valid URL."], "events": ["The events field is required."]}


def test_429_retry_after_from_body(mode):
    payload = {
        "error": {
            "code": "rate_limit_exceeded",
            "message": "Rate limit exceeded. Try again in 47 seconds.",
            "retry_after": 47,
        }
    }
    script = Script(json_response(429, payload, headers={"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0"}))
    exc = raises_from(
        mode, script, unihook.RateLimitError, "get", "shipping_channels", HOOK_ID, client={"max_retries": 0}
    )
    assert exc.status_code == 429
    assert exc.vendor == "shipping_channels"
    assert exc.body == payload
    assert exc.retry_after == 47.0
    assert len(script.requests) == 1


def test_429_retry_after_from_retry_after_header(mode):
    payload = {"error": {"code": "rate_limit_exceeded", "message": "Rate limit exceeded."}}
    script = Script(json_response(429, payload, headers={"Retry-After": "12"}))
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "shipping_channels", client={"max_retries": 0})
    assert exc.retry_after == 12.0


def test_429_retry_after_from_rate_limit_reset_header(mode, monkeypatch):
    monkeypatch.setattr(unihook._engine, "_wall_clock", lambda: 1_700_000_000.0)
    payload = {"error": {"code": "rate_limit_exceeded", "message": "Rate limit exceeded."}}
    script = Script(
        json_response(
            429,
            payload,
            headers={"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000030"},
        )
    )
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "shipping_channels", client={"max_retries": 0})
    assert exc.retry_after == 30.0


def test_429_with_unparseable_retry_after_header_still_maps(mode):
    # Whatever a proxy puts in Retry-After, the caller must get a RateLimitError, not a ValueError.
    payload = {
        "error": {
            "code": "rate_limit_exceeded",
            "message": "Rate limit exceeded. Try again in 47 seconds.",
            "retry_after": 47,
        }
    }
    script = Script(json_response(429, payload, headers={"Retry-After": "soon"}))
    exc = raises_from(
        mode, script, unihook.RateLimitError, "get", "shipping_channels", HOOK_ID, client={"max_retries": 0}
    )
    assert exc.status_code == 429


def test_429_on_create_is_retried_after_body_hint(mode, monkeypatch):
    waits: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(unihook._engine, "_sleep", waits.append)
    monkeypatch.setattr(unihook._engine, "_async_sleep", fake_async_sleep)
    payload = {"error": {"code": "rate_limit_exceeded", "message": "Try again in 3 seconds.", "retry_after": 3}}
    script = Script(json_response(429, payload), data(201, subscription()))
    sub = call(mode, script, "create", "shipping_channels", url=HOOK_URL, events=EVENTS, secret="your-webhook-secret")

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION)]
    assert body(script.requests[0]) == body(script.requests[1])
    assert waits == [3.0]
    assert sub.id == HOOK_ID


@pytest.mark.parametrize(
    ("response", "expected", "status", "parsed"),
    [
        (html_response(502), unihook.ServerError, 502, HTML_BODY),
        (html_response(404), unihook.NotFoundError, 404, HTML_BODY),
        (empty_response(401), unihook.AuthenticationError, 401, None),
        (empty_response(422), unihook.ValidationError, 422, None),
        (empty_response(429), unihook.RateLimitError, 429, None),
        (empty_response(500), unihook.ServerError, 500, None),
    ],
)
def test_non_json_and_empty_error_bodies(mode, response, expected, status, parsed):
    script = Script(response)
    exc = raises_from(mode, script, expected, "get", "shipping_channels", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert (exc.status_code, exc.vendor, exc.body) == (status, "shipping_channels", parsed)
    assert exc.field_errors == {}

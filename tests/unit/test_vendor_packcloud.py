"""Pack.cloud through the facade: Bearer auth (assumed), webhooks under /organizations/{organizationId}, one
event_code per webhook, a required secret (generated when not given), `next` links followed as absolute URLs,
PUT updates of the fields sent, no DELETE (VENDORS.md)."""

from __future__ import annotations

import datetime

import pytest
from packcloud_client.models import Webhook

import unihook

from ._fakes import (
    HTML_BODY,
    MODES,
    PC_TOKEN,
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

ROOT = "https://api.pack.cloud/v1"
COLLECTION = ROOT + "/organizations/org_1/webhooks"
HOOK_ID = "wh_8f3a2c1e"
ENDPOINT = "https://myapp.packcloud.local/order-created"
UTC = datetime.UTC


def webhook(**overrides: object) -> dict[str, object]:
    """A Webhook, the spec's `knownEvent` example."""
    base: dict[str, object] = {
        "id": HOOK_ID,
        "event_code": "order.created",
        "endpoint": ENDPOINT,
        "secret": "q9NhjkjV9o",
        "enabled": True,
        "created_at": "2024-08-02T09:15:00Z",
        "updated_at": "2024-08-02T09:15:00Z",
    }
    base.update(overrides)
    return base


def assert_pc_auth(request) -> None:
    assert request.headers["Authorization"] == f"Bearer {PC_TOKEN}"
    if request.content:
        assert request.headers["Content-Type"] == "application/json"


def assert_all_auth(handler) -> None:
    assert handler.requests
    for request in handler.requests:
        assert_pc_auth(request)


def echo_create(ids: list[str]) -> Recorder:
    """Answers each create like Pack.cloud does: the webhook as stored, its secret in plain text."""

    def respond(request):
        sent = body(request)
        index = len(recorder.requests) - 1
        return json_response(
            201,
            webhook(
                id=ids[index],
                event_code=sent["event_code"],
                endpoint=sent["endpoint"],
                secret=sent["secret"],
                enabled=sent.get("enabled", True),
            ),
        )

    recorder = Recorder(respond)
    return recorder


# --- create ------------------------------------------------------------------------------------------------


def test_create_sends_documented_request_and_maps_subscription(mode):
    script = Script(json_response(201, webhook()))
    sub = call(mode, script, "create", "packcloud", url=ENDPOINT, events=["order.created"], secret="q9NhjkjV9o")

    assert script.calls == [("POST", COLLECTION)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {
        "event_code": "order.created",
        "endpoint": ENDPOINT,
        "secret": "q9NhjkjV9o",
        "enabled": True,
    }
    assert sub.vendor == "packcloud"
    assert sub.id == HOOK_ID
    assert sub.url == ENDPOINT
    assert sub.events == ("order.created",)
    assert sub.active is True
    assert sub.name is None
    assert sub.secret == "q9NhjkjV9o"
    assert "q9NhjkjV9o" not in repr(sub)
    assert "q9NhjkjV9o" not in str(sub)
    assert sub.created_at == datetime.datetime(2024, 8, 2, 9, 15, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2024, 8, 2, 9, 15, tzinfo=UTC)
    assert isinstance(sub.vendor_model, Webhook)


def test_create_without_secret_generates_a_strong_one(mode):
    handler = echo_create([HOOK_ID])
    sub = call(mode, handler, "create", "packcloud", url=ENDPOINT, events=["order.created"], active=False)

    assert handler.calls == [("POST", COLLECTION)]
    sent = body(handler.requests[0])
    assert set(sent) == {"event_code", "endpoint", "secret", "enabled"}
    assert sent["enabled"] is False
    assert isinstance(sent["secret"], str)
    assert len(sent["secret"]) >= 32
    assert sub.secret == sent["secret"]
    assert sub.active is False


def test_create_with_two_events_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "packcloud", url=ENDPOINT, events=["order.created", "order.shipped"])
    assert handler.requests == []


def test_create_with_name_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "packcloud", url=ENDPOINT, events=["order.created"], name="orders")
    assert handler.requests == []


def test_create_many_makes_one_webhook_per_event(mode):
    handler = echo_create(["wh_8f3a2c1e", "wh_8f3a2c20"])
    subs = call(mode, handler, "create_many", "packcloud", url=ENDPOINT, events=["order.created", "order.shipped"])

    assert handler.calls == [("POST", COLLECTION), ("POST", COLLECTION)]
    assert_all_auth(handler)
    sent = [body(r) for r in handler.requests]
    assert [s["event_code"] for s in sent] == ["order.created", "order.shipped"]
    assert [s["endpoint"] for s in sent] == [ENDPOINT, ENDPOINT]
    assert all(len(s["secret"]) >= 32 for s in sent)
    assert [(s.id, s.events) for s in subs] == [
        ("wh_8f3a2c1e", ("order.created",)),
        ("wh_8f3a2c20", ("order.shipped",)),
    ]
    assert [s.secret for s in subs] == [s["secret"] for s in sent]


def test_create_many_disables_the_first_when_the_second_fails(mode):
    script = Script(
        json_response(201, webhook()),
        empty_response(422),
        json_response(200, webhook(enabled=False, updated_at="2024-08-05T14:30:00Z")),
    )
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create_many",
        "packcloud",
        url=ENDPOINT,
        events=["order.created", "order.shipped"],
        secret="q9NhjkjV9o",
    )

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION), ("PUT", COLLECTION + "/" + HOOK_ID)]
    assert body(script.requests[2]) == {"enabled": False}
    assert_all_auth(script)
    assert exc.status_code == 422
    assert exc.vendor == "packcloud"


# --- list ----------------------------------------------------------------------------------------------------


def _paged(page_sizes: list[int]) -> Recorder:
    pages: list[list[dict[str, object]]] = []
    n = 0
    for size in page_sizes:
        page = []
        for _ in range(size):
            n += 1
            page.append(webhook(id=f"wh_{n:08x}", endpoint=f"https://myapp.packcloud.local/hook/{n}"))
        pages.append(page)

    def url_of(number: int) -> str:
        return f"{COLLECTION}?page={number}"

    def respond(request):
        number = int(request.url.params.get("page", "1"))
        return json_response(
            200,
            {
                "data": pages[number - 1],
                "prev": url_of(number - 1) if number > 1 else None,
                "next": url_of(number + 1) if number < len(pages) else None,
                "per_page": page_sizes[0],
            },
        )

    return Recorder(respond)


def test_list_follows_next_urls_until_null(mode):
    handler = _paged([2, 2, 1])
    subs = call(mode, handler, "list", "packcloud")

    assert handler.calls == [
        ("GET", COLLECTION),
        ("GET", COLLECTION + "?page=2"),
        ("GET", COLLECTION + "?page=3"),
    ]
    assert_all_auth(handler)
    assert [s.id for s in subs] == [f"wh_{i:08x}" for i in range(1, 6)]
    assert subs[4].url == "https://myapp.packcloud.local/hook/5"


def test_list_is_lazy(mode):
    handler = _paged([2, 2, 1])
    before, seen = walk_lazily(mode, handler, "packcloud")
    assert before == 0
    assert requests_per_yield(seen) == [1, 1, 2, 2, 3]


def test_list_spec_examples(mode):
    first = {
        "data": [
            webhook(),
            webhook(
                id="wh_8f3a2c20",
                event_code="order.shipped",
                endpoint="https://myapp.packcloud.local/order-shipped",
                secret="Zp4rT7wQ2m",
                enabled=False,
                created_at="2024-08-02T09:20:00Z",
                updated_at="2024-08-03T11:02:00Z",
            ),
        ],
        "prev": None,
        "next": "https://api.pack.cloud/v1/organizations/org_1/webhooks?page=2",
        "per_page": 2,
    }
    last = {
        "data": [
            webhook(
                id="wh_8f3a2c1f",
                event_code="orders.created",
                created_at="2024-08-02T09:16:00Z",
                updated_at="2024-08-02T09:16:00Z",
            )
        ],
        "prev": "https://api.pack.cloud/v1/organizations/org_1/webhooks?page=1",
        "next": None,
        "per_page": 2,
    }
    script = Script(json_response(200, first), json_response(200, last))
    subs = call(mode, script, "list", "packcloud")

    assert script.calls == [("GET", COLLECTION), ("GET", COLLECTION + "?page=2")]
    assert [(s.id, s.events, s.active) for s in subs] == [
        ("wh_8f3a2c1e", ("order.created",), True),
        ("wh_8f3a2c20", ("order.shipped",), False),
        ("wh_8f3a2c1f", ("orders.created",), True),
    ]
    assert subs[1].updated_at == datetime.datetime(2024, 8, 3, 11, 2, tzinfo=UTC)


# --- get -----------------------------------------------------------------------------------------------------


def test_get_sends_documented_request(mode):
    script = Script(json_response(200, webhook()))
    sub = call(mode, script, "get", "packcloud", HOOK_ID)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_auth(script)
    assert sub.id == HOOK_ID
    assert sub.secret == "q9NhjkjV9o"


def test_get_uses_base_url_override(mode):
    script = Script(json_response(200, webhook()))
    call(
        mode, script, "get", "packcloud", HOOK_ID, client={"base_urls": {"packcloud": "https://sandbox.test/packcloud"}}
    )
    assert script.calls == [("GET", "https://sandbox.test/packcloud/organizations/org_1/webhooks/" + HOOK_ID)]
    assert_all_auth(script)


def test_unknown_event_code_and_fields_parse(mode):
    # The spec's seed example: `orders.created` is in no documented list.
    script = Script(json_response(200, webhook(id="wh_8f3a2c1f", event_code="orders.created", delivery_attempts=4)))
    sub = call(mode, script, "get", "packcloud", "wh_8f3a2c1f")
    assert sub.events == ("orders.created",)
    assert isinstance(sub.vendor_model, Webhook)
    assert sub.vendor_model.additional_properties == {"delivery_attempts": 4}


def test_webhook_without_event_code_parses(mode):
    payload = webhook(
        id="wh_8f3a2c21",
        endpoint="https://myapp.packcloud.local/orders",
        secret="Hk2mW9xL4s",
        created_at="2024-08-04T08:00:00Z",
        updated_at="2024-08-04T08:00:00Z",
    )
    del payload["event_code"]
    script = Script(json_response(200, payload))
    sub = call(mode, script, "get", "packcloud", "wh_8f3a2c21")
    assert sub.events == ()
    assert sub.url == "https://myapp.packcloud.local/orders"


# --- update / enable / disable -------------------------------------------------------------------------------


def test_update_puts_only_changed_fields(mode):
    new = "https://myapp.packcloud.local/v2/order-created"
    script = Script(json_response(200, webhook(endpoint=new, secret="n3VbT8kP1r", updated_at="2024-08-05T14:30:00Z")))
    sub = call(mode, script, "update", "packcloud", HOOK_ID, url=new, secret="n3VbT8kP1r")

    assert script.calls == [("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {"endpoint": new, "secret": "n3VbT8kP1r"}
    assert sub.url == new
    assert sub.secret == "n3VbT8kP1r"
    assert sub.updated_at == datetime.datetime(2024, 8, 5, 14, 30, tzinfo=UTC)


def test_update_event_code(mode):
    script = Script(json_response(200, webhook(event_code="order.shipped")))
    sub = call(mode, script, "update", "packcloud", HOOK_ID, events=["order.shipped"])
    assert body(script.requests[0]) == {"event_code": "order.shipped"}
    assert sub.events == ("order.shipped",)


@pytest.mark.parametrize(("operation", "enabled"), [("enable", True), ("disable", False)])
def test_enable_disable_put_enabled(mode, operation, enabled):
    script = Script(json_response(200, webhook(enabled=enabled, updated_at="2024-08-05T14:30:00Z")))
    sub = call(mode, script, operation, "packcloud", HOOK_ID)

    assert script.calls == [("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {"enabled": enabled}
    assert sub.active is enabled


# --- delete (unsupported) ------------------------------------------------------------------------------------


def test_delete_is_unsupported_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.UnsupportedOperation):
        call(mode, handler, "delete", "packcloud", HOOK_ID)
    assert handler.requests == []


# --- errors (no error body is documented) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected", "status", "parsed"),
    [
        (empty_response(401), unihook.AuthenticationError, 401, None),
        (empty_response(403), unihook.AuthenticationError, 403, None),
        (empty_response(404), unihook.NotFoundError, 404, None),
        (html_response(404), unihook.NotFoundError, 404, HTML_BODY),
        (empty_response(422), unihook.ValidationError, 422, None),
        (empty_response(400), unihook.ValidationError, 400, None),
        (empty_response(429), unihook.RateLimitError, 429, None),
        (empty_response(500), unihook.ServerError, 500, None),
        (html_response(502), unihook.ServerError, 502, HTML_BODY),
        (
            json_response(404, {"message": "Webhook not found"}),
            unihook.NotFoundError,
            404,
            {"message": "Webhook not found"},
        ),
    ],
)
def test_error_responses_map_to_exceptions(mode, response, expected, status, parsed):
    script = Script(response)
    exc = raises_from(mode, script, expected, "get", "packcloud", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert exc.status_code == status
    assert exc.vendor == "packcloud"
    assert exc.body == parsed
    assert exc.field_errors == {}
    assert len(script.requests) == 1


def test_429_has_no_retry_hint(mode):
    script = Script(empty_response(429))
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "packcloud", client={"max_retries": 0})
    assert exc.retry_after is None


def test_create_422_is_validation_error(mode):
    script = Script(empty_response(422))
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create",
        "packcloud",
        url=ENDPOINT,
        events=["order.created"],
        secret="q9NhjkjV9o",
    )
    assert (exc.status_code, exc.vendor, exc.body) == (422, "packcloud", None)
    assert script.calls == [("POST", COLLECTION)]

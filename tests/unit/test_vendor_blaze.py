"""BLAZE partner API through the facade: `x-api-key` + raw developer key in `Authorization`, one webHookType per
registration, PUT of the full object read first, start/limit pagination in two envelope shapes, no
enable/disable, epoch-millisecond timestamps (VENDORS.md)."""

from __future__ import annotations

import datetime

import pytest
from blaze_client.models import PartnerWebHook

import unihook

from ._fakes import (
    BLAZE_DEVELOPER,
    BLAZE_PARTNER,
    HTML_BODY,
    MODES,
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

ROOT = "https://api.partners.blaze.me"
COLLECTION = ROOT + "/api/v1/partner/webHooks"
HOOK_ID = "6571a3f09c2e4b0011de5f01"
HOOK_URL = "https://partner.example.com/blaze/webhooks"
BACKUP_URL = "https://backup.partner.example.com/blaze/webhooks"
UTC = datetime.UTC


def partner_web_hook(**overrides: object) -> dict[str, object]:
    """A PartnerWebHook, the spec's `seed` example."""
    base: dict[str, object] = {
        "id": HOOK_ID,
        "companyId": "5d2b7e019a3c4f0010aa1122",
        "shopId": "5e8f1c2a9b1d4a0012ab34cd",
        "created": 1701946352000,
        "modified": 1701946352000,
        "deleted": False,
        "updated": False,
        "url": HOOK_URL,
        "webHookType": "NEW_CONSUMER_ORDER",
        "webHookUrls": [HOOK_URL, BACKUP_URL],
    }
    base.update(overrides)
    return base


def assert_blaze_auth(request) -> None:
    assert request.headers["x-api-key"] == BLAZE_PARTNER
    assert request.headers["Authorization"] == BLAZE_DEVELOPER  # raw, no "Bearer"
    assert "bearer" not in request.headers["Authorization"].lower()
    if request.content:
        assert request.headers["Content-Type"] == "application/json"


def assert_all_auth(handler) -> None:
    assert handler.requests
    for request in handler.requests:
        assert_blaze_auth(request)


# --- create ------------------------------------------------------------------------------------------------


def test_create_sends_documented_request_and_maps_subscription(mode):
    script = Script(json_response(200, partner_web_hook(webHookUrls=[HOOK_URL])))
    sub = call(mode, script, "create", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER"])

    assert script.calls == [("POST", COLLECTION)]
    assert_all_auth(script)
    assert body(script.requests[0]) == {"url": HOOK_URL, "webHookType": "NEW_CONSUMER_ORDER", "webHookUrls": [HOOK_URL]}
    assert sub.vendor == "blaze"
    assert sub.id == HOOK_ID
    assert sub.url == HOOK_URL
    assert sub.events == ("NEW_CONSUMER_ORDER",)
    assert sub.active is None
    assert sub.name is None
    assert sub.secret is None
    assert sub.created_at == datetime.datetime(2023, 12, 7, 10, 52, 32, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2023, 12, 7, 10, 52, 32, tzinfo=UTC)
    assert isinstance(sub.vendor_model, PartnerWebHook)
    assert sub.vendor_model.shop_id == "5e8f1c2a9b1d4a0012ab34cd"


def test_create_with_two_events_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER", "NEW_MEMBER"])
    assert handler.requests == []


def test_create_with_name_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER"], name="orders")
    assert handler.requests == []


def test_create_inactive_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER"], active=False)
    assert handler.requests == []


def test_create_many_makes_one_registration_per_type(mode):
    script = Script(
        json_response(200, partner_web_hook(webHookUrls=[HOOK_URL])),
        json_response(
            200, partner_web_hook(id="6571a3f09c2e4b0011de5f02", webHookType="NEW_MEMBER", webHookUrls=[HOOK_URL])
        ),
    )
    subs = call(mode, script, "create_many", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER", "NEW_MEMBER"])

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION)]
    assert [body(r) for r in script.requests] == [
        {"url": HOOK_URL, "webHookType": "NEW_CONSUMER_ORDER", "webHookUrls": [HOOK_URL]},
        {"url": HOOK_URL, "webHookType": "NEW_MEMBER", "webHookUrls": [HOOK_URL]},
    ]
    assert_all_auth(script)
    assert [(s.id, s.events) for s in subs] == [
        (HOOK_ID, ("NEW_CONSUMER_ORDER",)),
        ("6571a3f09c2e4b0011de5f02", ("NEW_MEMBER",)),
    ]


def test_create_many_deletes_the_first_when_the_second_fails(mode):
    error = {"error": "Bad Request", "message": "webHookUrls must not be empty", "status": 400}
    script = Script(
        json_response(200, partner_web_hook(webHookUrls=[HOOK_URL])),
        json_response(400, error),
        empty_response(200),
    )
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create_many",
        "blaze",
        url=HOOK_URL,
        events=["NEW_CONSUMER_ORDER", "NEW_MEMBER"],
    )

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION), ("DELETE", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert exc.status_code == 400
    assert exc.body == error


# --- list ----------------------------------------------------------------------------------------------------


def _paged(page_sizes: list[int], shape: str) -> Recorder:
    total = sum(page_sizes)
    records = [
        partner_web_hook(
            id=f"hook{i:04d}",
            webHookUrls=[f"https://partner.example.com/blaze/{i}"],
            url=f"https://partner.example.com/blaze/{i}",
        )
        for i in range(total)
    ]

    def respond(request):
        start = int(request.url.params["start"])
        limit = int(request.url.params["limit"])
        page = records[start : start + limit]
        if shape == "values":
            payload = {"values": page, "skip": start, "limit": limit, "total": total}
        else:
            payload = {"count": len(page), "total": total, "searchResult": page}
        return json_response(200, payload)

    return Recorder(respond)


@pytest.mark.parametrize("shape", ["values", "searchResult"])
def test_list_pages_with_start_and_limit_in_both_envelopes(mode, shape):
    handler = _paged([100, 100, 50], shape)
    subs = call(mode, handler, "list", "blaze")

    assert [(r.method, r.url.path) for r in handler.requests] == [("GET", "/api/v1/partner/webHooks")] * 3
    assert [r.url.host for r in handler.requests] == ["api.partners.blaze.me"] * 3
    assert [dict(r.url.params) for r in handler.requests] == [
        {"start": "0", "limit": "100"},
        {"start": "100", "limit": "100"},
        {"start": "200", "limit": "100"},
    ]
    assert_all_auth(handler)
    assert [s.id for s in subs] == [f"hook{i:04d}" for i in range(250)]
    assert subs[249].url == "https://partner.example.com/blaze/249"
    assert all(s.active is None for s in subs)


@pytest.mark.parametrize("shape", ["values", "searchResult"])
def test_list_is_lazy(mode, shape):
    handler = _paged([100, 100, 50], shape)
    before, seen = walk_lazily(mode, handler, "blaze")
    assert before == 0
    assert requests_per_yield(seen) == [1] * 100 + [2] * 100 + [3] * 50


def test_list_prose_shape_seed_example(mode):
    script = Script(
        json_response(
            200,
            {
                "count": 1,
                "total": 1,
                "searchResult": [
                    partner_web_hook(
                        id="6571a3f09c2e4b0011de5f02",
                        created=1701946400000,
                        modified=1701950000000,
                        updated=True,
                        url="https://partner.example.com/blaze/members",
                        webHookType="UPDATE_MEMBER",
                        webHookUrls=["https://partner.example.com/blaze/members"],
                    )
                ],
            },
        )
    )
    subs = call(mode, script, "list", "blaze")
    assert len(script.requests) == 1
    assert [(s.id, s.url, s.events) for s in subs] == [
        ("6571a3f09c2e4b0011de5f02", "https://partner.example.com/blaze/members", ("UPDATE_MEMBER",)),
    ]
    assert subs[0].updated_at == datetime.datetime(2023, 12, 7, 11, 53, 20, tzinfo=UTC)


# --- get -----------------------------------------------------------------------------------------------------


def test_get_sends_documented_request(mode):
    script = Script(json_response(200, partner_web_hook()))
    sub = call(mode, script, "get", "blaze", HOOK_ID)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_auth(script)
    assert sub.id == HOOK_ID
    assert sub.url == HOOK_URL  # the first of webHookUrls
    assert sub.events == ("NEW_CONSUMER_ORDER",)


def test_get_uses_base_url_override(mode):
    script = Script(json_response(200, partner_web_hook()))
    call(mode, script, "get", "blaze", HOOK_ID, client={"base_urls": {"blaze": "https://sandbox.test/blaze"}})
    assert script.calls == [("GET", "https://sandbox.test/blaze/api/v1/partner/webHooks/" + HOOK_ID)]
    assert_all_auth(script)


def test_unknown_web_hook_type_and_fields_parse(mode):
    # The spec's `unlistedType` example (TRANSACTION_UPDATE is in no documented list) plus an unknown field.
    script = Script(
        json_response(
            200,
            partner_web_hook(
                id="6571a3f09c2e4b0011de5f03",
                created=1701946500000,
                modified=1701946500000,
                url="https://partner.example.com/blaze/transactions",
                webHookType="TRANSACTION_UPDATE",
                webHookUrls=["https://partner.example.com/blaze/transactions"],
                retryCount=3,
            ),
        )
    )
    sub = call(mode, script, "get", "blaze", "6571a3f09c2e4b0011de5f03")

    assert sub.events == ("TRANSACTION_UPDATE",)
    assert sub.created_at == datetime.datetime(2023, 12, 7, 10, 55, tzinfo=UTC)
    assert isinstance(sub.vendor_model, PartnerWebHook)
    assert sub.vendor_model.additional_properties == {"retryCount": 3}


# --- update --------------------------------------------------------------------------------------------------


def test_update_url_puts_full_object_read_first_keeping_unknown_fields(mode):
    new_url = "https://partner.example.com/blaze/v2/webhooks"
    current = partner_web_hook(retryPolicy={"attempts": 5}, partnerTag="crm")
    updated = {
        **current,
        "modified": 1702032752000,
        "updated": True,
        "url": new_url,
        "webHookUrls": [new_url, BACKUP_URL],
    }
    script = Script(json_response(200, current), json_response(200, updated))
    sub = call(mode, script, "update", "blaze", HOOK_ID, url=new_url)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID), ("PUT", COLLECTION + "/" + HOOK_ID)]
    assert_all_auth(script)
    assert body(script.requests[1]) == {
        "id": HOOK_ID,
        "companyId": "5d2b7e019a3c4f0010aa1122",
        "shopId": "5e8f1c2a9b1d4a0012ab34cd",
        "created": 1701946352000,
        "modified": 1701946352000,
        "deleted": False,
        "updated": False,
        "url": new_url,
        "webHookType": "NEW_CONSUMER_ORDER",
        "webHookUrls": [new_url, BACKUP_URL],
        "retryPolicy": {"attempts": 5},
        "partnerTag": "crm",
    }
    assert sub.url == new_url
    assert sub.updated_at == datetime.datetime(2023, 12, 8, 10, 52, 32, tzinfo=UTC)


def test_update_type_puts_full_object(mode):
    current = partner_web_hook()
    script = Script(
        json_response(200, current), json_response(200, {**current, "webHookType": "UPDATE_CONSUMER_ORDER"})
    )
    sub = call(mode, script, "update", "blaze", HOOK_ID, events=["UPDATE_CONSUMER_ORDER"])

    assert [m for m, _ in script.calls] == ["GET", "PUT"]
    assert body(script.requests[1]) == {**current, "webHookType": "UPDATE_CONSUMER_ORDER"}
    assert sub.events == ("UPDATE_CONSUMER_ORDER",)


@pytest.mark.parametrize(
    ("operation", "kwargs"),
    [("enable", {}), ("disable", {}), ("update", {"active": True}), ("update", {"active": False})],
)
def test_enable_disable_are_unsupported_and_send_nothing(mode, operation, kwargs):
    handler = NoRequests()
    with pytest.raises(unihook.UnsupportedOperation):
        call(mode, handler, operation, "blaze", HOOK_ID, **kwargs)
    assert handler.requests == []


# --- delete --------------------------------------------------------------------------------------------------


def test_delete_sends_delete(mode):
    script = Script(empty_response(200))
    assert call(mode, script, "delete", "blaze", HOOK_ID) is None
    assert script.calls == [("DELETE", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_auth(script)


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "payload", "expected", "message"),
    [
        (
            400,
            {"error": "Bad Request", "message": "webHookUrls must not be empty", "status": 400},
            unihook.ValidationError,
            "Bad Request: webHookUrls must not be empty",
        ),
        (
            401,
            {"error": "Unauthorized", "message": "Invalid developer key", "status": 401},
            unihook.AuthenticationError,
            "Unauthorized: Invalid developer key",
        ),
        (
            403,
            {"error": "Forbidden", "message": "Access denied for shop", "status": 403},
            unihook.AuthenticationError,
            "Forbidden: Access denied for shop",
        ),
        (
            404,
            {"error": "Not Found", "message": "WebHook not found", "status": 404},
            unihook.NotFoundError,
            "Not Found: WebHook not found",
        ),
        (
            429,
            {"error": "Too Many Requests", "message": "Rate limit exceeded", "status": 429},
            unihook.RateLimitError,
            "Too Many Requests: Rate limit exceeded",
        ),
        (
            500,
            {"error": "Internal Server Error", "message": "Unexpected error", "status": 500},
            unihook.ServerError,
            "Internal Server Error: Unexpected error",
        ),
    ],
)
def test_error_bodies_map_to_exceptions(mode, status, payload, expected, message):
    script = Script(json_response(status, payload))
    exc = raises_from(mode, script, expected, "get", "blaze", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert exc.status_code == status
    assert exc.vendor == "blaze"
    assert exc.body == payload
    assert exc.message == message
    assert exc.field_errors == {}
    assert len(script.requests) == 1


def test_429_has_no_retry_hint(mode):
    script = Script(json_response(429, {"error": "Too Many Requests", "message": "Slow down", "status": 429}))
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "blaze", client={"max_retries": 0})
    assert exc.retry_after is None


@pytest.mark.parametrize(
    ("payload", "message", "field_errors"),
    [
        # The Swagger's shape: the field at fault, its message, the kind of error.
        (
            {"field": "webHookUrls", "message": "must not be empty", "errorType": "invalid.argument.exception"},
            "webHookUrls: must not be empty",
            {"webHookUrls": ["must not be empty"]},
        ),
        # A message that names its field already is not prefixed again.
        (
            {"field": "webHookType", "message": "webHookType is required", "errorType": "x.y.exception"},
            "webHookType is required",
            {"webHookType": ["webHookType is required"]},
        ),
        # No message: the errorType is all there is to say.
        (
            {"field": "shopId", "errorType": "shop.not.found.exception"},
            "shopId: shop.not.found.exception",
            {"shopId": ["shop.not.found.exception"]},
        ),
        # Both shapes at once: the field still reaches field_errors.
        (
            {"error": "Bad Request", "message": "url is not valid", "status": 400, "field": "url"},
            "url is not valid",
            {"url": ["url is not valid"]},
        ),
    ],
)
def test_field_shaped_error_body_fills_field_errors(mode, payload, message, field_errors):
    script = Script(json_response(400, payload))
    exc = raises_from(
        mode, script, unihook.ValidationError, "create", "blaze", url=HOOK_URL, events=["NEW_CONSUMER_ORDER"]
    )
    assert exc.status_code == 400
    assert exc.body == payload
    assert exc.message == message
    assert exc.field_errors == field_errors


@pytest.mark.parametrize(
    ("response", "expected", "status", "parsed"),
    [
        (html_response(502), unihook.ServerError, 502, HTML_BODY),
        (html_response(403), unihook.AuthenticationError, 403, HTML_BODY),
        (empty_response(401), unihook.AuthenticationError, 401, None),
        (empty_response(404), unihook.NotFoundError, 404, None),
        (empty_response(500), unihook.ServerError, 500, None),
    ],
)
def test_non_json_and_empty_error_bodies(mode, response, expected, status, parsed):
    script = Script(response)
    exc = raises_from(mode, script, expected, "get", "blaze", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert (exc.status_code, exc.vendor, exc.body) == (status, "blaze", parsed)

"""Flxpoint through the facade: X-API-TOKEN auth, the `/webhhok/configurations` path (sic), bare-array list,
PATCH updates that always carry webhookUrl + subscribedEvents (read first), soft delete (VENDORS.md)."""

from __future__ import annotations

import datetime

import pytest
from flxpoint_client.models import WebhookConfiguration

import unihook

from ._fakes import (
    FLX_TOKEN,
    HTML_BODY,
    MODES,
    NoRequests,
    Script,
    body,
    call,
    empty_response,
    html_response,
    json_response,
    raises_from,
)

pytestmark = pytest.mark.parametrize("mode", MODES)

ROOT = "https://api.flxpoint.com"
COLLECTION = ROOT + "/webhhok/configurations"
HOOK_URL = "https://hooks.example.com/flxpoint"
UTC = datetime.UTC


def configuration(**overrides: object) -> dict[str, object]:
    """A WebhookConfiguration shaped like the spec's `seed` example (values made concrete)."""
    base: dict[str, object] = {
        "id": 4217,
        "configurationName": "Orders to ERP",
        "sourceId": 11,
        "channelId": 22,
        "webhookUrl": HOOK_URL,
        "notificationEmail": "ops@example.com",
        "status": "active",
        "subscribedEvents": ["OrderImportedEvent"],
        "createdAt": "2026-04-20T00:00:00Z",
        "updatedAt": "2026-04-21T08:30:00Z",
    }
    base.update(overrides)
    return base


def assert_flx_auth(request) -> None:
    assert request.headers["X-API-TOKEN"] == FLX_TOKEN
    assert "authorization" not in request.headers
    if request.content:
        assert request.headers["Content-Type"] == "application/json"


def assert_all_auth(script: Script) -> None:
    for request in script.requests:
        assert_flx_auth(request)


# --- create ------------------------------------------------------------------------------------------------


def test_create_sends_documented_request_and_maps_subscription(mode):
    script = Script(
        json_response(200, configuration(subscribedEvents=["OrderImportedEvent", "FulfillmentRequestProcessingEvent"]))
    )
    sub = call(
        mode,
        script,
        "create",
        "flxpoint",
        url=HOOK_URL,
        events=["OrderImportedEvent", "FulfillmentRequestProcessingEvent"],
        name="Orders to ERP",
    )

    assert script.calls == [("POST", COLLECTION)]
    request = script.requests[0]
    assert_flx_auth(request)
    assert body(request) == {
        "webhookUrl": HOOK_URL,
        "subscribedEvents": ["OrderImportedEvent", "FulfillmentRequestProcessingEvent"],
        "configurationName": "Orders to ERP",
    }
    assert isinstance(sub, unihook.Subscription)
    assert sub.vendor == "flxpoint"
    assert sub.id == "4217"
    assert sub.url == HOOK_URL
    assert sub.events == ("OrderImportedEvent", "FulfillmentRequestProcessingEvent")
    assert sub.active is True
    assert sub.name == "Orders to ERP"
    assert sub.secret is None
    assert sub.created_at == datetime.datetime(2026, 4, 20, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2026, 4, 21, 8, 30, tzinfo=UTC)
    assert isinstance(sub.vendor_model, WebhookConfiguration)
    assert sub.vendor_model.notification_email == "ops@example.com"


def test_create_without_name_sends_no_configuration_name(mode):
    script = Script(json_response(200, configuration()))
    call(mode, script, "create", "flxpoint", url=HOOK_URL, events=["OrderImportedEvent"])
    assert body(script.requests[0]) == {"webhookUrl": HOOK_URL, "subscribedEvents": ["OrderImportedEvent"]}


def test_create_inactive_patches_status_disabled_after_create(mode):
    script = Script(
        json_response(200, configuration()),
        json_response(200, configuration(status="disabled")),
    )
    sub = call(mode, script, "create", "flxpoint", url=HOOK_URL, events=["OrderImportedEvent"], active=False)

    assert script.calls == [("POST", COLLECTION), ("PATCH", COLLECTION + "/4217")]
    assert body(script.requests[1]) == {
        "webhookUrl": HOOK_URL,
        "subscribedEvents": ["OrderImportedEvent"],
        "status": "disabled",
    }
    assert_all_auth(script)
    assert sub.active is False


def test_create_many_on_multi_event_vendor_makes_one_registration(mode):
    events = ["OrderImportedEvent", "FulfillmentRequestProcessingEvent"]
    script = Script(json_response(200, configuration(subscribedEvents=events)))
    subs = call(mode, script, "create_many", "flxpoint", url=HOOK_URL, events=events)
    assert script.calls == [("POST", COLLECTION)]
    assert body(script.requests[0])["subscribedEvents"] == events
    assert [s.id for s in subs] == ["4217"]


# --- list ----------------------------------------------------------------------------------------------------


def test_list_reads_bare_array_and_hides_soft_deleted(mode):
    script = Script(
        json_response(
            200,
            [
                configuration(),
                configuration(id=4218, status="deleted", configurationName="Old one"),
                configuration(
                    id=4219,
                    status="disabled",
                    webhookUrl="https://hooks.example.com/flxpoint/2",
                    subscribedEvents=["FulfillmentRequestProcessingEvent"],
                ),
            ],
        )
    )
    subs = call(mode, script, "list", "flxpoint")

    assert script.calls == [("GET", COLLECTION)]
    assert script.requests[0].url.query == b""
    assert_all_auth(script)
    assert [s.id for s in subs] == ["4217", "4219"]
    assert [s.active for s in subs] == [True, False]
    assert subs[1].url == "https://hooks.example.com/flxpoint/2"
    assert subs[1].events == ("FulfillmentRequestProcessingEvent",)
    assert all(isinstance(s.vendor_model, WebhookConfiguration) for s in subs)


def test_list_empty_account(mode):
    script = Script(json_response(200, []))
    assert call(mode, script, "list", "flxpoint") == []
    assert script.calls == [("GET", COLLECTION)]


# --- get -----------------------------------------------------------------------------------------------------


def test_get_sends_documented_request(mode):
    script = Script(json_response(200, configuration()))
    sub = call(mode, script, "get", "flxpoint", "4217")

    assert script.calls == [("GET", COLLECTION + "/4217")]
    assert script.requests[0].content == b""
    assert_all_auth(script)
    assert sub.id == "4217"
    assert sub.name == "Orders to ERP"
    assert sub.events == ("OrderImportedEvent",)


def test_get_uses_base_url_override(mode):
    script = Script(json_response(200, configuration()))
    call(mode, script, "get", "flxpoint", "4217", client={"base_urls": {"flxpoint": "https://sandbox.test/flxpoint"}})
    assert script.calls == [("GET", "https://sandbox.test/flxpoint/webhhok/configurations/4217")]
    assert_all_auth(script)


def test_get_non_numeric_id_is_refused_locally(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "get", "flxpoint", "wh_abc")
    assert handler.requests == []


def test_unknown_status_event_and_fields_parse(mode):
    # The spec's `unlistedValues` example plus a field Flxpoint might add later.
    script = Script(
        json_response(
            200,
            {
                "id": 4218,
                "configurationName": "Future events",
                "webhookUrl": HOOK_URL,
                "status": "paused",
                "subscribedEvents": ["OrderImportedEvent", "ShipmentCreatedEvent"],
                "retryPolicy": {"maxAttempts": 5},
            },
        )
    )
    sub = call(mode, script, "get", "flxpoint", "4218")

    assert sub.events == ("OrderImportedEvent", "ShipmentCreatedEvent")
    assert sub.active is False
    assert sub.created_at is None
    assert isinstance(sub.vendor_model, WebhookConfiguration)
    assert sub.vendor_model.additional_properties == {"retryPolicy": {"maxAttempts": 5}}


# --- update / enable / disable -------------------------------------------------------------------------------


def test_update_url_reads_first_and_patches_url_with_current_events(mode):
    new_url = "https://hooks.example.com/flxpoint/v2"
    current = configuration(subscribedEvents=["OrderImportedEvent", "FulfillmentRequestProcessingEvent"])
    script = Script(
        json_response(200, current),
        json_response(200, {**current, "webhookUrl": new_url, "updatedAt": "2026-04-22T10:00:00Z"}),
    )
    sub = call(mode, script, "update", "flxpoint", "4217", url=new_url)

    assert script.calls == [("GET", COLLECTION + "/4217"), ("PATCH", COLLECTION + "/4217")]
    assert body(script.requests[1]) == {
        "webhookUrl": new_url,
        "subscribedEvents": ["OrderImportedEvent", "FulfillmentRequestProcessingEvent"],
    }
    assert_all_auth(script)
    assert sub.url == new_url
    assert sub.updated_at == datetime.datetime(2026, 4, 22, 10, tzinfo=UTC)


def test_update_events_keeps_current_url(mode):
    script = Script(
        json_response(200, configuration()),
        json_response(200, configuration(subscribedEvents=["FulfillmentRequestProcessingEvent"])),
    )
    sub = call(mode, script, "update", "flxpoint", "4217", events=["FulfillmentRequestProcessingEvent"])

    assert [m for m, _ in script.calls] == ["GET", "PATCH"]
    assert body(script.requests[1]) == {
        "webhookUrl": HOOK_URL,
        "subscribedEvents": ["FulfillmentRequestProcessingEvent"],
    }
    assert sub.events == ("FulfillmentRequestProcessingEvent",)


@pytest.mark.parametrize(
    ("operation", "status", "active"), [("enable", "active", True), ("disable", "disabled", False)]
)
def test_enable_disable_patch_status_with_required_fields(mode, operation, status, active):
    current = configuration(status="disabled" if active else "active")
    script = Script(json_response(200, current), json_response(200, {**current, "status": status}))
    sub = call(mode, script, operation, "flxpoint", "4217")

    assert script.calls == [("GET", COLLECTION + "/4217"), ("PATCH", COLLECTION + "/4217")]
    assert body(script.requests[1]) == {
        "webhookUrl": HOOK_URL,
        "subscribedEvents": ["OrderImportedEvent"],
        "status": status,
    }
    assert_all_auth(script)
    assert sub.active is active


def test_update_name_is_refused_because_configuration_name_is_immutable(mode):
    # VENDORS.md: configurationName is not in the update body (immutable after create). A rename cannot be
    # done, so it must be refused locally rather than reported as a success with the old name.
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "update", "flxpoint", "4217", name="Renamed")
    assert handler.requests == []


# --- delete (soft) -------------------------------------------------------------------------------------------


def test_delete_is_soft_patch_status_deleted(mode):
    script = Script(json_response(200, configuration()), json_response(200, configuration(status="deleted")))
    result = call(mode, script, "delete", "flxpoint", "4217")

    assert result is None
    assert script.calls == [("GET", COLLECTION + "/4217"), ("PATCH", COLLECTION + "/4217")]
    assert body(script.requests[1]) == {
        "webhookUrl": HOOK_URL,
        "subscribedEvents": ["OrderImportedEvent"],
        "status": "deleted",
    }
    assert_all_auth(script)


# --- headers on the wire -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "args", "kwargs", "responses", "methods"),
    [
        ("create", (), {"url": HOOK_URL, "events": ["OrderImportedEvent"]}, [configuration()], ["POST"]),
        ("list", (), {}, [[configuration()]], ["GET"]),
        ("get", ("4217",), {}, [configuration()], ["GET"]),
        ("update", ("4217",), {"url": HOOK_URL + "/v2"}, [configuration(), configuration()], ["GET", "PATCH"]),
        ("disable", ("4217",), {}, [configuration(), configuration(status="disabled")], ["GET", "PATCH"]),
        ("delete", ("4217",), {}, [configuration(), configuration(status="deleted")], ["GET", "PATCH"]),
    ],
)
def test_every_request_sends_exactly_the_documented_media_type_and_token(
    mode, operation, args, kwargs, responses, methods
):
    # Flxpoint documents JSON both ways: `Accept: application/json` on every request (never the `*/*` an HTTP
    # library sends by default, under which the vendor may answer in any form), `Content-Type: application/json`
    # on those with a body and none without; the token alone in X-API-TOKEN, with no scheme word.
    script = Script(*(json_response(200, r) for r in responses))
    call(mode, script, operation, "flxpoint", *args, **kwargs)

    assert [r.method for r in script.requests] == methods
    for request in script.requests:
        assert request.headers.get_list("Accept") == ["application/json"]
        assert request.headers.get_list("X-API-TOKEN") == [FLX_TOKEN]
        assert "authorization" not in request.headers
        expected_type = ["application/json"] if request.method in ("POST", "PATCH") else []
        assert request.headers.get_list("Content-Type") == expected_type
        assert bool(request.content) is bool(expected_type)


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected", "status", "parsed"),
    [
        (empty_response(400), unihook.ValidationError, 400, None),
        (empty_response(401), unihook.AuthenticationError, 401, None),
        (empty_response(403), unihook.AuthenticationError, 403, None),
        (empty_response(404), unihook.NotFoundError, 404, None),
        (html_response(404), unihook.NotFoundError, 404, HTML_BODY),
        (empty_response(429), unihook.RateLimitError, 429, None),
        (empty_response(500), unihook.ServerError, 500, None),
        (html_response(500), unihook.ServerError, 500, HTML_BODY),
        (html_response(502), unihook.ServerError, 502, HTML_BODY),
    ],
)
def test_get_error_maps_to_exception(mode, response, expected, status, parsed):
    script = Script(response)
    exc = raises_from(mode, script, expected, "get", "flxpoint", "4217", client={"max_retries": 0})
    assert type(exc) is expected
    assert exc.status_code == status
    assert exc.vendor == "flxpoint"
    assert exc.body == parsed
    assert exc.field_errors == {}
    assert len(script.requests) == 1


def test_create_400_without_body_is_validation_error(mode):
    script = Script(empty_response(400))
    exc = raises_from(
        mode, script, unihook.ValidationError, "create", "flxpoint", url=HOOK_URL, events=["OrderImportedEvent"]
    )
    assert (exc.status_code, exc.vendor, exc.body) == (400, "flxpoint", None)
    assert script.calls == [("POST", COLLECTION)]


def test_429_has_no_retry_hint(mode):
    script = Script(empty_response(429))
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "flxpoint", client={"max_retries": 0})
    assert exc.retry_after is None
    assert exc.status_code == 429


def test_update_of_missing_configuration_is_not_found_and_sends_no_patch(mode):
    script = Script(html_response(404))
    exc = raises_from(mode, script, unihook.NotFoundError, "disable", "flxpoint", "999")
    assert exc.body == HTML_BODY
    assert script.calls == [("GET", COLLECTION + "/999")]


def test_html_success_body_is_server_error(mode):
    script = Script(html_response(200))
    exc = raises_from(mode, script, unihook.ServerError, "get", "flxpoint", "4217")
    assert exc.status_code == 200
    assert exc.vendor == "flxpoint"

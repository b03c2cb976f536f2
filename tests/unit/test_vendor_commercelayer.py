"""Commerce Layer through the facade: JSON:API in application/vnd.api+json, Bearer auth, one topic per webhook,
page[number]/page[size] pagination, `_enable`/`_disable` triggers, JSON:API error documents (VENDORS.md)."""

from __future__ import annotations

import datetime

import pytest
from commercelayer_client.models import Webhook

import unihook

from ._fakes import (
    CL_TOKEN,
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

MEDIA = "application/vnd.api+json"
ROOT = "https://acme.commercelayer.io"
COLLECTION = ROOT + "/api/webhooks"
HOOK_ID = "xYZkjABcde"
CALLBACK = "https://yourapp.com/webhooks"
SECRET = "1c0994cc4e996e8c6ee56a2198f66f3c"
UTC = datetime.UTC


def resource(id: str = HOOK_ID, **attributes: object) -> dict[str, object]:
    """A webhook resource object shaped like the spec's `seed` examples."""
    attrs: dict[str, object] = {
        "name": "myorg-orders.place",
        "topic": "orders.place",
        "callback_url": CALLBACK,
        "include_resources": ["customer", "shipping_address", "billing_address"],
        "created_at": "2018-01-01T12:00:00.000Z",
        "updated_at": "2018-01-02T08:30:00.000Z",
        "reference": None,
        "reference_origin": None,
        "metadata": {},
        "disabled_at": None,
        "circuit_state": "closed",
        "circuit_failure_count": 0,
        "shared_secret": SECRET,
    }
    attrs.update(attributes)
    return {
        "id": id,
        "type": "webhooks",
        "links": {"self": f"https://yourdomain.commercelayer.io/api/webhooks/{id}"},
        "attributes": attrs,
        "relationships": {
            "last_event_callbacks": {
                "links": {
                    "self": f"https://yourdomain.commercelayer.io/api/webhooks/{id}/relationships/last_event_callbacks",
                    "related": f"https://yourdomain.commercelayer.io/api/webhooks/{id}/last_event_callbacks",
                }
            },
        },
        "meta": {"mode": "test", "organization_id": "WXlEOFrjnr"},
    }


def document(status: int, res: dict[str, object]):
    return json_response(status, {"data": res}, content_type=MEDIA)


def errors(status: int, *items: dict[str, object]):
    return json_response(status, {"errors": list(items)}, content_type=MEDIA)


def assert_cl_headers(request) -> None:
    assert request.headers["Authorization"] == f"Bearer {CL_TOKEN}"
    assert request.headers["Accept"] == MEDIA
    if request.content:
        assert request.headers["Content-Type"] == MEDIA


def assert_all_headers(handler) -> None:
    assert handler.requests
    for request in handler.requests:
        assert_cl_headers(request)


# --- create ------------------------------------------------------------------------------------------------


def test_create_sends_json_api_document_and_maps_subscription(mode):
    script = Script(document(201, resource()))
    sub = call(
        mode, script, "create", "commercelayer", url=CALLBACK, events=["orders.place"], name="myorg-orders.place"
    )

    assert script.calls == [("POST", COLLECTION)]
    assert_all_headers(script)
    assert body(script.requests[0]) == {
        "data": {
            "type": "webhooks",
            "attributes": {"topic": "orders.place", "callback_url": CALLBACK, "name": "myorg-orders.place"},
        }
    }
    assert sub.vendor == "commercelayer"
    assert sub.id == HOOK_ID
    assert sub.url == CALLBACK
    assert sub.events == ("orders.place",)
    assert sub.active is True
    assert sub.name == "myorg-orders.place"
    assert sub.secret == SECRET
    assert SECRET not in repr(sub)
    assert SECRET not in str(sub)
    assert sub.created_at == datetime.datetime(2018, 1, 1, 12, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2018, 1, 2, 8, 30, tzinfo=UTC)
    assert isinstance(sub.vendor_model, Webhook)


def test_create_seed_response_with_disabled_at_maps_inactive(mode):
    # The spec's create `seed` response verbatim in its attributes: disabled_at is set.
    res = resource(
        updated_at="2018-01-01T12:00:00.000Z",
        reference="ANY-EXTERNAL-REFEFERNCE",
        reference_origin="ANY-EXTERNAL-REFEFERNCE-ORIGIN",
        metadata={"foo": "bar"},
        disabled_at="2018-01-01T12:00:00.000Z",
        circuit_failure_count=5,
    )
    script = Script(document(201, res))
    sub = call(mode, script, "create", "commercelayer", url=CALLBACK, events=["orders.place"])

    assert body(script.requests[0]) == {
        "data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": CALLBACK}}
    }
    assert sub.active is False


def test_create_inactive_sends_disable_trigger(mode):
    script = Script(document(201, resource(disabled_at="2018-01-01T12:00:00.000Z")))
    sub = call(mode, script, "create", "commercelayer", url=CALLBACK, events=["orders.place"], active=False)
    assert body(script.requests[0])["data"]["attributes"] == {
        "topic": "orders.place",
        "callback_url": CALLBACK,
        "_disable": True,
    }
    assert sub.active is False


def test_create_with_two_events_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "create", "commercelayer", url=CALLBACK, events=["orders.place", "orders.cancel"])
    assert handler.requests == []


def test_create_many_makes_one_webhook_per_topic(mode):
    script = Script(
        document(201, resource("whPlace0001")),
        document(201, resource("whCancel002", topic="orders.cancel", name="myorg-orders.cancel")),
    )
    subs = call(mode, script, "create_many", "commercelayer", url=CALLBACK, events=["orders.place", "orders.cancel"])

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION)]
    assert [body(r)["data"]["attributes"]["topic"] for r in script.requests] == ["orders.place", "orders.cancel"]
    assert [body(r)["data"]["attributes"]["callback_url"] for r in script.requests] == [CALLBACK, CALLBACK]
    assert_all_headers(script)
    assert [s.id for s in subs] == ["whPlace0001", "whCancel002"]
    assert [s.events for s in subs] == [("orders.place",), ("orders.cancel",)]


def test_create_many_deletes_the_first_when_the_second_fails(mode):
    script = Script(
        document(201, resource("whPlace0001")),
        errors(
            422,
            {
                "title": "can't be blank",
                "detail": "topic - can't be blank",
                "code": "VALIDATION_ERROR",
                "source": {"pointer": "/data/attributes/topic"},
                "status": "422",
                "meta": {"error": "blank"},
            },
        ),
        empty_response(204),
    )
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create_many",
        "commercelayer",
        url=CALLBACK,
        events=["orders.place", "orders.cancel"],
    )

    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION), ("DELETE", COLLECTION + "/whPlace0001")]
    assert_all_headers(script)
    assert exc.status_code == 422
    assert exc.field_errors == {"topic": ["topic - can't be blank"]}


TAKEN = {
    "title": "has already been taken",
    "detail": "name - has already been taken",
    "code": "VALIDATION_ERROR",
    "source": {"pointer": "/data/attributes/name"},
    "status": "422",
    "meta": {"error": "taken"},
}


def _unique_names() -> Recorder:
    """A Commerce Layer that keeps the webhooks it made and refuses a name one of them has, as the vendor does
    ("Unique name for the webhook")."""
    made: dict[str, dict[str, object]] = {}

    def respond(request):
        if request.method == "DELETE":
            made.pop(request.url.path.rsplit("/", 1)[-1], None)
            return empty_response(204)
        attributes = body(request)["data"]["attributes"]
        name = attributes.get("name")
        if name is not None and any(res["attributes"]["name"] == name for res in made.values()):
            return errors(422, TAKEN)
        res = resource(f"wh{len(made) + 1:08d}", topic=attributes["topic"], name=name)
        made[str(res["id"])] = res
        return document(201, res)

    return Recorder(respond)


def test_create_many_gives_each_webhook_its_own_name(mode):
    handler = _unique_names()
    subs = call(
        mode,
        handler,
        "create_many",
        "commercelayer",
        url=CALLBACK,
        events=["orders.place", "orders.cancel"],
        name="Orders",
    )
    sent = [body(r)["data"]["attributes"]["name"] for r in handler.requests]
    assert sent == ["Orders orders.place", "Orders orders.cancel"]
    assert [s.name for s in subs] == ["Orders orders.place", "Orders orders.cancel"]
    assert [r.method for r in handler.requests] == ["POST", "POST"]  # nothing refused, nothing undone


def test_create_many_with_one_topic_keeps_the_name_as_given(mode):
    handler = _unique_names()
    (sub,) = call(mode, handler, "create_many", "commercelayer", url=CALLBACK, events=["orders.place"], name="Orders")
    assert body(handler.requests[0])["data"]["attributes"]["name"] == "Orders"
    assert sub.name == "Orders"


def test_create_many_without_a_name_sends_none(mode):
    handler = _unique_names()
    call(mode, handler, "create_many", "commercelayer", url=CALLBACK, events=["orders.place", "orders.cancel"])
    assert ["name" in body(r)["data"]["attributes"] for r in handler.requests] == [False, False]


def test_a_name_another_webhook_has_is_a_validation_error_on_name(mode):
    # The first registration of the batch is made; the second's name is taken already: it is refused on `name`,
    # and the first is deleted again.
    script = Script(
        document(201, resource("whPlace0001", name="Orders orders.place")), errors(422, TAKEN), empty_response(204)
    )
    exc = raises_from(
        mode,
        script,
        unihook.ValidationError,
        "create_many",
        "commercelayer",
        url=CALLBACK,
        events=["orders.place", "orders.cancel"],
        name="Orders",
    )
    assert script.calls == [("POST", COLLECTION), ("POST", COLLECTION), ("DELETE", COLLECTION + "/whPlace0001")]
    assert exc.status_code == 422
    assert exc.field_errors == {"name": ["name - has already been taken"]}
    assert exc.message == "name - has already been taken"


# --- list ----------------------------------------------------------------------------------------------------


def _paged(page_sizes: list[int]) -> Recorder:
    pages = {}
    counter = 0
    for number, size in enumerate(page_sizes, start=1):
        items = []
        for _ in range(size):
            counter += 1
            items.append(resource(f"wh{counter:05d}", topic=f"orders.t{counter}"))
        pages[str(number)] = items
    total = sum(page_sizes)

    def respond(request):
        number = request.url.params["page[number]"]
        link = "https://acme.commercelayer.io/api/webhooks?page%5Bnumber%5D={}&page%5Bsize%5D=25"
        n = int(number)
        return json_response(
            200,
            {
                "data": pages[number],
                "meta": {"record_count": total, "page_count": len(page_sizes)},
                "links": {
                    "first": link.format(1),
                    "prev": link.format(n - 1) if n > 1 else None,
                    "next": link.format(n + 1) if n < len(page_sizes) else None,
                    "last": link.format(len(page_sizes)),
                },
            },
            content_type=MEDIA,
        )

    return Recorder(respond)


def test_list_follows_page_number_until_page_count(mode):
    handler = _paged([25, 25, 10])
    subs = call(mode, handler, "list", "commercelayer")

    assert [r.method for r in handler.requests] == ["GET"] * 3
    assert [r.url.path for r in handler.requests] == ["/api/webhooks"] * 3
    assert [r.url.host for r in handler.requests] == ["acme.commercelayer.io"] * 3
    assert [dict(r.url.params) for r in handler.requests] == [
        {"page[number]": "1", "page[size]": "25"},
        {"page[number]": "2", "page[size]": "25"},
        {"page[number]": "3", "page[size]": "25"},
    ]
    assert_all_headers(handler)
    assert len(subs) == 60
    assert [s.id for s in subs] == [f"wh{i:05d}" for i in range(1, 61)]
    assert subs[59].events == ("orders.t60",)


def test_list_is_lazy(mode):
    handler = _paged([25, 25, 10])
    before, seen = walk_lazily(mode, handler, "commercelayer")
    assert before == 0
    assert requests_per_yield(seen) == [1] * 25 + [2] * 25 + [3] * 10


def test_list_single_page_seed_example(mode):
    script = Script(
        json_response(
            200,
            {
                "data": [resource()],
                "meta": {"record_count": 1, "page_count": 1},
                "links": {
                    "first": "https://yourdomain.commercelayer.io/api/webhooks?page%5Bnumber%5D=1&page%5Bsize%5D=10",
                    "prev": None,
                    "next": None,
                    "last": "https://yourdomain.commercelayer.io/api/webhooks?page%5Bnumber%5D=1&page%5Bsize%5D=10",
                },
            },
            content_type=MEDIA,
        )
    )
    subs = call(mode, script, "list", "commercelayer")
    assert len(script.requests) == 1
    assert [s.id for s in subs] == [HOOK_ID]


# --- get -----------------------------------------------------------------------------------------------------


def test_get_sends_documented_request(mode):
    script = Script(
        document(200, resource(include_resources=None, metadata=None, circuit_state="open", circuit_failure_count=30))
    )
    sub = call(mode, script, "get", "commercelayer", HOOK_ID)

    assert script.calls == [("GET", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_headers(script)
    assert sub.id == HOOK_ID
    assert sub.active is True
    assert sub.secret == SECRET


def test_get_uses_base_url_override(mode):
    script = Script(document(200, resource()))
    call(
        mode,
        script,
        "get",
        "commercelayer",
        HOOK_ID,
        client={"base_urls": {"commercelayer": "https://sandbox.test/commercelayer"}},
    )
    assert script.calls == [("GET", "https://sandbox.test/commercelayer/api/webhooks/" + HOOK_ID)]
    assert_all_headers(script)


def test_unknown_enum_values_and_fields_parse(mode):
    res = resource(topic="order_subscriptions.activate", circuit_state="half_open", api_version="2025-01")
    res["meta"] = {"mode": "staging", "organization_id": "WXlEOFrjnr", "trace_id": "0a1b2c3d4e5f"}
    res["relationships"]["webhook_stats"] = {"links": {"related": "https://yourdomain.commercelayer.io/x"}}
    res["something_new"] = {"a": 1}
    script = Script(document(200, res))
    sub = call(mode, script, "get", "commercelayer", HOOK_ID)

    assert sub.events == ("order_subscriptions.activate",)
    assert isinstance(sub.vendor_model, Webhook)
    assert sub.vendor_model.attributes.additional_properties == {"api_version": "2025-01"}


# --- update / enable / disable -------------------------------------------------------------------------------


def test_update_patches_only_changed_attributes(mode):
    new_url = "https://yourapp.com/webhooks/v2"
    script = Script(document(200, resource(callback_url=new_url)))
    sub = call(mode, script, "update", "commercelayer", HOOK_ID, url=new_url, name="renamed")

    assert script.calls == [("PATCH", COLLECTION + "/" + HOOK_ID)]
    assert_all_headers(script)
    assert body(script.requests[0]) == {
        "data": {"type": "webhooks", "id": HOOK_ID, "attributes": {"callback_url": new_url, "name": "renamed"}}
    }
    assert sub.url == new_url


def test_update_topic(mode):
    script = Script(document(200, resource(topic="orders.cancel")))
    sub = call(mode, script, "update", "commercelayer", HOOK_ID, events=["orders.cancel"])
    assert body(script.requests[0]) == {
        "data": {"type": "webhooks", "id": HOOK_ID, "attributes": {"topic": "orders.cancel"}}
    }
    assert sub.events == ("orders.cancel",)


def test_update_with_two_topics_is_refused_and_sends_nothing(mode):
    handler = NoRequests()
    with pytest.raises(unihook.InvalidRequest):
        call(mode, handler, "update", "commercelayer", HOOK_ID, events=["orders.place", "orders.cancel"])
    assert handler.requests == []


@pytest.mark.parametrize(
    ("operation", "trigger", "disabled_at", "active"),
    [("enable", "_enable", None, True), ("disable", "_disable", "2018-01-02T08:30:00.000Z", False)],
)
def test_enable_disable_use_triggers(mode, operation, trigger, disabled_at, active):
    script = Script(document(200, resource(disabled_at=disabled_at)))
    sub = call(mode, script, operation, "commercelayer", HOOK_ID)

    assert script.calls == [("PATCH", COLLECTION + "/" + HOOK_ID)]
    assert_all_headers(script)
    assert body(script.requests[0]) == {"data": {"type": "webhooks", "id": HOOK_ID, "attributes": {trigger: True}}}
    assert sub.active is active


# --- delete --------------------------------------------------------------------------------------------------


def test_delete_sends_delete(mode):
    script = Script(empty_response(204))
    assert call(mode, script, "delete", "commercelayer", HOOK_ID) is None
    assert script.calls == [("DELETE", COLLECTION + "/" + HOOK_ID)]
    assert script.requests[0].content == b""
    assert_all_headers(script)


# --- errors --------------------------------------------------------------------------------------------------

INVALID_TOKEN = {
    "title": "Invalid token",
    "detail": "The access token you provided is invalid.",
    "code": "INVALID_TOKEN",
    "status": "401",
}
NOT_FOUND = {
    "title": "The resource you are looking for could not be found.",
    "detail": "The resource you are looking for could not be found.",
    "code": "RECORD_NOT_FOUND",
    "status": "404",
}
BLANK_TOPIC = {
    "title": "can't be blank",
    "detail": "topic - can't be blank",
    "code": "VALIDATION_ERROR",
    "source": {"pointer": "/data/attributes/topic"},
    "status": "422",
    "meta": {"error": "blank"},
}


@pytest.mark.parametrize(
    ("status", "item", "expected", "message"),
    [
        (
            400,
            {"title": "Bad request", "detail": "Invalid filter", "code": "BAD_REQUEST", "status": "400"},
            unihook.ValidationError,
            "Invalid filter",
        ),
        (401, INVALID_TOKEN, unihook.AuthenticationError, "The access token you provided is invalid."),
        (
            403,
            {
                "title": "Forbidden",
                "detail": "You are not authorized to perform this action",
                "code": "FORBIDDEN",
                "status": "403",
            },
            unihook.AuthenticationError,
            "You are not authorized to perform this action",
        ),
        (404, NOT_FOUND, unihook.NotFoundError, "The resource you are looking for could not be found."),
        (
            429,
            {
                "title": "Too many requests",
                "detail": "You have exceeded the rate limit",
                "code": "TOO_MANY_REQUESTS",
                "status": "429",
            },
            unihook.RateLimitError,
            "You have exceeded the rate limit",
        ),
        (
            500,
            {
                "title": "Internal server error",
                "detail": "Something went wrong",
                "code": "INTERNAL_SERVER_ERROR",
                "status": "500",
            },
            unihook.ServerError,
            "Something went wrong",
        ),
    ],
)
def test_error_documents_map_to_exceptions(mode, status, item, expected, message):
    script = Script(errors(status, item))
    exc = raises_from(mode, script, expected, "get", "commercelayer", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert exc.status_code == status
    assert exc.vendor == "commercelayer"
    assert exc.body == {"errors": [item]}
    assert exc.message == message
    assert exc.field_errors == {}
    assert len(script.requests) == 1


RECORD_NOT_UNIQUE = {
    "title": "Record not unique",
    "detail": "The performed operation violates a unique constraint.",
    "status": "409",
}


def test_record_not_unique_is_a_conflict_error_and_not_retried(mode):
    script = Script(errors(409, RECORD_NOT_UNIQUE))
    exc = raises_from(
        mode, script, unihook.ConflictError, "create", "commercelayer", url=CALLBACK, events=["orders.place"]
    )
    assert type(exc) is unihook.ConflictError
    assert (exc.status_code, exc.message, exc.may_exist) == (409, RECORD_NOT_UNIQUE["detail"], False)
    assert exc.body == {"errors": [RECORD_NOT_UNIQUE]}
    assert len(script.requests) == 1


def test_locked_delete_is_a_conflict_error(mode):
    locked = {
        "title": "Locked",
        "detail": "The resource could not be deleted due to integrity constraints.",
        "status": "423",
    }
    script = Script(errors(423, locked))
    exc = raises_from(mode, script, unihook.ConflictError, "delete", "commercelayer", HOOK_ID)
    assert type(exc) is unihook.ConflictError
    assert (exc.status_code, exc.message) == (423, locked["detail"])
    assert script.calls == [("DELETE", COLLECTION + "/" + HOOK_ID)]


def test_method_not_allowed_is_a_plain_api_error(mode):
    # A client error of its own kind: not the server's fault (no ServerError), not a validation problem.
    item = {"title": "Method not allowed", "detail": "The request method has been disabled.", "status": "405"}
    script = Script(errors(405, item))
    exc = raises_from(mode, script, unihook.APIError, "update", "commercelayer", HOOK_ID, name="renamed")
    assert type(exc) is unihook.APIError
    assert (exc.status_code, exc.message, exc.field_errors) == (405, item["detail"], {})
    assert len(script.requests) == 1


def test_422_field_errors_from_source_pointer(mode):
    other = {
        "title": "is invalid",
        "detail": "callback_url - is invalid",
        "code": "VALIDATION_ERROR",
        "source": {"pointer": "/data/attributes/callback_url"},
        "status": "422",
    }
    script = Script(errors(422, BLANK_TOPIC, other))
    exc = raises_from(
        mode, script, unihook.ValidationError, "create", "commercelayer", url=CALLBACK, events=["orders.place"]
    )
    assert exc.status_code == 422
    assert exc.body == {"errors": [BLANK_TOPIC, other]}
    assert exc.field_errors == {"topic": ["topic - can't be blank"], "callback_url": ["callback_url - is invalid"]}


def test_429_with_rate_limit_headers(mode):
    script = Script(
        json_response(
            429,
            {"errors": [{"title": "Too many requests", "status": "429"}]},
            headers={"x-ratelimit-limit": "200", "x-ratelimit-interval": "60", "x-ratelimit-remaining": "0"},
            content_type=MEDIA,
        )
    )
    exc = raises_from(mode, script, unihook.RateLimitError, "list", "commercelayer", client={"max_retries": 0})
    assert exc.status_code == 429
    assert exc.vendor == "commercelayer"


@pytest.mark.parametrize(
    ("response", "expected", "status", "parsed"),
    [
        (html_response(502), unihook.ServerError, 502, HTML_BODY),
        (html_response(404), unihook.NotFoundError, 404, HTML_BODY),
        (empty_response(401), unihook.AuthenticationError, 401, None),
        (empty_response(500), unihook.ServerError, 500, None),
        (empty_response(422), unihook.ValidationError, 422, None),
    ],
)
def test_non_json_and_empty_error_bodies(mode, response, expected, status, parsed):
    script = Script(response)
    exc = raises_from(mode, script, expected, "get", "commercelayer", HOOK_ID, client={"max_retries": 0})
    assert type(exc) is expected
    assert (exc.status_code, exc.vendor, exc.body) == (status, "commercelayer", parsed)
    assert exc.field_errors == {}

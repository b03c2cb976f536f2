"""What `make mutate` found untested in the vendor files and their shared readers (src/unihook/_vendors): each test
here kills mutants that survived the whole unit suite (scripts/mutate_notes.toml names them).

- A body the vendor file cannot read is a ServerError that says which part was wrong and how, for every reader
  (`mapping`, `items`, `text`, `strings`, `flag`, `timestamp`, `epoch_ms`) and every place a vendor file reads.
- Optional fields read as absent; the fallbacks (BLAZE's `url`, Shipping Channels' default name, a Commerce Layer
  resource without topic) and the secret masking of `vendor_model`.
- Error bodies: plain text and HTML pages, each vendor's message keys in their order, Commerce Layer's pointers.
- Ids with ':' or '@' are percent-encoded in the path; numbered and linked pages end where the vendor says.
- The checks each vendor file makes for itself behind the facade's own (a second event, BLAZE's missing state).
"""

from __future__ import annotations

import datetime
from typing import Any

import httpx
import pytest

import unihook
from unihook._settings import Settings
from unihook._types import Changes, NewSubscription
from unihook._vendors import _spec
from unihook._vendors.blaze import Blaze
from unihook._vendors.commercelayer import SPEC as CL_SPEC
from unihook._vendors.packcloud import Packcloud

from ._fakes import CREDENTIALS, HTML_BODY, Script, body, call, html_response, json_response, raises_from

UTC = datetime.UTC
HOOK = "https://hooks.example.com/in"
ROOTS = {
    "flxpoint": "https://api.flxpoint.com/webhhok/configurations",
    "commercelayer": "https://acme.commercelayer.io/api/webhooks",
    "blaze": "https://api.partners.blaze.me/api/v1/partner/webHooks",
    "shipping_channels": "https://api.shipping-channels.com/v1/webhook-subscriptions",
    "packcloud": "https://api.pack.cloud/v1/organizations/org_1/webhooks",
}
IDS = {"flxpoint": "4217", "commercelayer": "wh1", "blaze": "b1", "shipping_channels": "wh_1", "packcloud": "p1"}
NO_RETRY = {"max_retries": 0}


def flx(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": 4217,
        "configurationName": "Orders",
        "webhookUrl": HOOK,
        "subscribedEvents": ["OrderImportedEvent"],
        "status": "active",
    }
    return _with(item, overrides)


def cl(**attributes: Any) -> dict[str, Any]:
    base = {
        "name": "n",
        "topic": "orders.place",
        "callback_url": HOOK,
        "shared_secret": "s3cret-cl",
        "disabled_at": None,
    }
    return {"id": "wh1", "type": "webhooks", "attributes": _with(base, attributes)}


def blaze(**overrides: Any) -> dict[str, Any]:
    return _with({"id": "b1", "webHookType": "NEW_CONSUMER_ORDER", "webHookUrls": [HOOK], "url": HOOK}, overrides)


def sc(**overrides: Any) -> dict[str, Any]:
    item = {"id": "wh_1", "name": "n", "url": HOOK, "events": ["shipment.created"], "active": True}
    return _with(item, overrides)


def pc(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": "p1",
        "event_code": "order.created",
        "endpoint": HOOK,
        "secret": "s3cret-pc",
        "enabled": True,
        "created_at": "2024-08-02T10:00:00Z",
        "updated_at": "2024-08-02T10:00:00Z",
    }
    return _with(item, overrides)


MISSING = object()


def _with(item: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """`item` with `overrides` applied; an override of MISSING removes the key."""
    merged = {**item, **overrides}
    return {k: v for k, v in merged.items() if v is not MISSING}


def wrap(vendor: str, item: Any) -> Any:
    """A single resource as the vendor's get answers it."""
    return {"data": item} if vendor in ("commercelayer", "shipping_channels") else item


def get(vendor: str, answer: Any, status: int = 200) -> Any:
    return call("sync", Script(json_response(status, answer)), "get", vendor, IDS[vendor])


def unreadable(vendor: str, operation: str, *responses: httpx.Response) -> str:
    """The message of the ServerError a body the vendor file cannot read gives."""
    args = (vendor, IDS[vendor]) if operation == "get" else (vendor,)
    error = raises_from("sync", Script(*responses), unihook.ServerError, operation, *args, client=NO_RETRY)
    assert error.status_code == 200
    assert "could not be read as the documented" in error.message
    return error.message


# --- unreadable bodies say what was wrong ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendor", "answer", "reason"),
    [
        ("flxpoint", [], "a webhook configuration is not a JSON object"),
        ("flxpoint", flx(id="4217"), "'id' is not an integer"),
        ("flxpoint", flx(webhookUrl=MISSING), "'webhookUrl'"),
        ("flxpoint", flx(webhookUrl=None), "'webhookUrl' is not a string"),
        ("flxpoint", flx(subscribedEvents=MISSING), "'subscribedEvents'"),
        ("flxpoint", flx(subscribedEvents=None), "'subscribedEvents' is not a list of strings"),
        ("flxpoint", flx(subscribedEvents=["OrderImportedEvent", 7]), "'subscribedEvents' is not a list of strings"),
        ("flxpoint", flx(configurationName=MISSING), "'configurationName'"),
        ("flxpoint", flx(createdAt=20240802), "'createdAt' is not a date-time string"),
        ("commercelayer", [], "the document is not a JSON object"),
        ("commercelayer", {"data": []}, "a webhook resource is not a JSON object"),
        ("commercelayer", {"data": {"id": "wh1", "attributes": []}}, "the webhook's attributes is not a JSON object"),
        ("commercelayer", {"data": {"type": "webhooks", "attributes": {}}}, "'id'"),
        ("blaze", [], "a web hook is not a JSON object"),
        ("blaze", blaze(webHookUrls=HOOK), "'webHookUrls' is not a list of strings"),
        ("blaze", blaze(created="2024-08-02"), "'created' is not a number"),
        ("blaze", blaze(created=10**20), "'created' is out of range"),
        ("shipping_channels", [], "the document is not a JSON object"),
        ("shipping_channels", {"data": []}, "a webhook subscription is not a JSON object"),
        ("shipping_channels", {"data": sc(active="yes")}, "'active' is not a boolean"),
        ("shipping_channels", {"data": sc(name=5)}, "'name' is not a string"),
        ("packcloud", [], "a webhook is not a JSON object"),
        ("packcloud", pc(enabled=MISSING), "\"missing 'enabled'\""),
        ("packcloud", pc(id=MISSING), "'id'"),
        ("packcloud", pc(endpoint=MISSING), "'endpoint'"),
        ("packcloud", pc(secret=MISSING), "'secret'"),
        ("packcloud", pc(created_at=MISSING), "'created_at'"),
    ],
)
def test_an_unreadable_resource_names_its_fault(vendor, answer, reason):
    # The reason in parentheses exactly: a missing key reads "('key')", a value of the wrong type says so.
    assert f"({reason})" in unreadable(vendor, "get", json_response(200, answer))


@pytest.mark.parametrize(
    ("vendor", "answer", "reason"),
    [
        ("flxpoint", {}, "the list is not a JSON array"),
        ("flxpoint", [5], "an item is not a JSON object"),
        ("commercelayer", [], "the list is not a JSON object"),
        ("commercelayer", {"data": {}}, "data is not a JSON array"),
        ("commercelayer", {"data": [cl()], "meta": []}, "meta is not a JSON object"),
        ("commercelayer", {"data": [cl()], "meta": {"page_count": "2"}}, "'page_count' is not an integer"),
        ("commercelayer", {"data": [cl()], "links": []}, "links is not a JSON object"),
        ("blaze", [], "the list is not a JSON object"),
        ("blaze", {"values": {"id": "b1"}}, "values is not a JSON array"),
        ("blaze", {"values": [blaze()], "total": "5"}, "'total' is not an integer"),
        ("shipping_channels", [], "the list is not a JSON object"),
        ("shipping_channels", {"data": {}}, "data is not a JSON array"),
        ("packcloud", [], "the list is not a JSON object"),
        ("packcloud", {"data": {"id": "p1"}}, "data is not a JSON array"),
        ("packcloud", {"data": [pc()], "next": 5}, "'next' is not a string"),
    ],
)
def test_an_unreadable_page_names_its_fault(vendor, answer, reason):
    assert f"({reason})" in unreadable(vendor, "list", json_response(200, answer))


# --- what optional fields and fallbacks read as ----------------------------------------------------------------


def test_flxpoint_without_status_has_no_state_and_keeps_an_empty_url():
    sub = get("flxpoint", flx(status=MISSING, webhookUrl=""))
    assert sub.active is None
    assert sub.url == ""


@pytest.mark.parametrize(
    ("vendor", "answer", "field"),
    [
        ("commercelayer", {"data": cl() | {"id": ""}}, "id"),
        ("packcloud", pc(id=""), "id"),
        ("packcloud", pc(endpoint=""), "url"),
    ],
)
def test_an_empty_required_string_stays_empty(vendor, answer, field):
    assert getattr(get(vendor, answer), field) == ""


def test_a_timestamp_only_dateutil_reads_is_read():
    # fromisoformat refuses hour 24; the generated models' isoparse reads it as the next midnight.
    sub = get("flxpoint", flx(createdAt="2024-08-02T24:00:00Z"))
    assert sub.created_at == datetime.datetime(2024, 8, 3, tzinfo=UTC)


def test_commercelayer_without_topic_or_callback_url():
    sub = get("commercelayer", {"data": cl(topic=MISSING, callback_url=MISSING)})
    assert sub.events == ()
    assert sub.url == ""


def test_commercelayer_vendor_model_masks_the_secret_and_only_the_secret():
    masked = get("commercelayer", {"data": cl()}).vendor_model
    assert masked.attributes.shared_secret == "***"
    plain = get("commercelayer", {"data": cl(shared_secret=MISSING)}).vendor_model
    assert not isinstance(plain.attributes.shared_secret, str)  # left unset, not "***"


def test_packcloud_vendor_model_masks_the_secret():
    sub = get("packcloud", pc())
    assert sub.secret == "s3cret-pc"
    assert sub.vendor_model.secret == "***"


def test_blaze_url_is_the_first_of_its_urls_else_its_url_field():
    assert get("blaze", blaze(webHookUrls=[HOOK, "https://b.example.com/2"], url="https://old.example.com")).url == HOOK
    assert get("blaze", blaze(webHookUrls=MISSING, url="https://old.example.com")).url == "https://old.example.com"
    assert get("blaze", blaze(webHookUrls=[], url="https://old.example.com")).url == "https://old.example.com"
    bare = get("blaze", {"webHookType": "NEW_CONSUMER_ORDER"})
    assert (bare.id, bare.url) == ("", "")


def test_blaze_without_type_has_no_event():
    assert get("blaze", blaze(webHookType=MISSING)).events == ()


def test_blaze_epoch_milliseconds_may_be_fractional():
    sub = get("blaze", blaze(created=1_722_592_800_000.5, modified=1_722_592_800_000))
    assert sub.created_at == datetime.datetime(2024, 8, 2, 10, 0, 0, 500, tzinfo=UTC)
    assert sub.updated_at == datetime.datetime(2024, 8, 2, 10, tzinfo=UTC)


def test_shipping_channels_optional_fields_read_as_absent():
    sub = get("shipping_channels", {"data": {"name": "n"}})
    assert (sub.id, sub.url, sub.events, sub.active) == ("", "", (), None)


def test_shipping_channels_create_without_name_sends_a_name_made_from_the_url():
    script = Script(json_response(201, {"data": sc()}))
    call("sync", script, "create", "shipping_channels", url="https://hooks.example.com/in/orders", events=["a.b"])
    assert body(script.requests[0])["name"] == "unihook hooks.example.com/in/orders"


def test_shipping_channels_made_up_name_is_cut_at_255_characters():
    script = Script(json_response(201, {"data": sc()}))
    call("sync", script, "create", "shipping_channels", url="https://hooks.example.com/" + "p" * 300, events=["a.b"])
    name = body(script.requests[0])["name"]
    assert len(name) == 255
    assert name.startswith("unihook hooks.example.com/ppp")


def test_shipping_channels_update_of_an_unnamed_one_names_it_after_the_new_url():
    script = Script(json_response(200, {"data": sc(name=None)}), json_response(200, {"data": sc()}))
    call("sync", script, "update", "shipping_channels", "wh_1", url="https://new.example.com/x")
    assert [r.method for r in script.requests] == ["GET", "PUT"]
    assert body(script.requests[1])["name"] == "unihook new.example.com/x"


# --- error bodies -----------------------------------------------------------------------------------------------


def error_message(vendor: str, response: httpx.Response, expected: type[BaseException] = unihook.APIError) -> Any:
    return raises_from("sync", Script(response), expected, "get", vendor, IDS[vendor], client=NO_RETRY)


@pytest.mark.parametrize("vendor", ["flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud"])
def test_an_html_error_page_becomes_its_text(vendor):
    error = error_message(vendor, html_response(502), unihook.ServerError)
    assert error.message == "502 Bad Gateway Oops Something went wrong"
    assert error.body == HTML_BODY


def test_a_long_text_error_is_cut_at_200_characters():
    text = "<p>" + "word " * 100 + "</p>"
    response = httpx.Response(500, content=text.encode(), headers={"Content-Type": "text/html"})
    error = error_message("flxpoint", response, unihook.ServerError)
    assert error.message == ("word " * 40)[:200]


def test_the_default_vendor_error_reader_reads_text_and_nothing_else():
    assert _spec.Vendor.parse_error(500, "<b>down</b> for <i>now</i>") == ("down for now", {})
    assert _spec.Vendor.parse_error(500, {"message": "x"}) == ("", {})


@pytest.mark.parametrize(
    ("vendor", "payload", "message"),
    [
        ("flxpoint", {"message": "m", "error": "e", "detail": "d"}, "m"),
        ("flxpoint", {"error": "e", "detail": "d"}, "e"),
        ("flxpoint", {"detail": "d"}, "d"),
        ("flxpoint", {"message": 5}, "5"),
        ("flxpoint", {}, "Not Found"),
        ("flxpoint", [1], "Not Found"),
        ("packcloud", {"message": "m", "error": "e"}, "m"),
        ("packcloud", {"error": "e"}, "e"),
        ("packcloud", {"message": 5}, "5"),
        ("packcloud", {}, "Not Found"),
        ("commercelayer", {"errors": [{"title": "Gone away"}]}, "Gone away"),
        ("commercelayer", {"errors": [{"code": "VALIDATION_ERROR"}]}, "VALIDATION_ERROR"),
        # A code the spec does not list yet (its enum is open) is still the message, not an empty one.
        ("commercelayer", {"errors": [{"code": "SOME_FUTURE_CODE"}]}, "SOME_FUTURE_CODE"),
        ("commercelayer", {"errors": [{"status": "404"}]}, "Not Found"),
        ("commercelayer", {"errors": [{"detail": "a"}, {"title": "b"}]}, "a; b"),
        ("commercelayer", {"errors": [{"title": "Gone away"}, {"status": "404"}]}, "Gone away"),
        ("commercelayer", {"errors": [5]}, "Not Found"),
        ("blaze", {"field": "url"}, "url: is invalid"),
        ("shipping_channels", {"error": {"code": "not_found"}}, "not_found"),
        ("shipping_channels", {"error": {}}, "Not Found"),
    ],
)
def test_error_messages_come_from_the_vendors_keys_in_order(vendor, payload, message):
    # An empty or unreadable message falls back to the reason phrase ("Not Found").
    assert error_message(vendor, json_response(404, payload)).message == message


@pytest.mark.parametrize(
    ("pointer", "fields"),
    [
        ("/data/attributes/callback_url/", {"callback_url": ["is invalid"]}),
        ("callback_url", {"callback_url": ["is invalid"]}),
        ("/", {}),
        # Only the slashes are trimmed, whatever the attribute is called.
        ("X", {"X": ["is invalid"]}),
        ("/data/attributes/X", {"X": ["is invalid"]}),
    ],
)
def test_commercelayer_pointer_names_the_field(pointer, fields):
    payload = {"errors": [{"detail": "is invalid", "source": {"pointer": pointer}}]}
    error = error_message("commercelayer", json_response(422, payload), unihook.ValidationError)
    assert (error.message, error.field_errors) == ("is invalid", fields)


def test_blaze_field_error_without_message():
    error = error_message("blaze", json_response(400, {"field": "url"}), unihook.ValidationError)
    assert error.field_errors == {"url": ["is invalid"]}


@pytest.mark.parametrize(
    ("status", "payload", "message", "fields"),
    [
        # The validation shape by its `errors`, whatever the status; a field's message may come bare.
        (400, {"error": {"message": "bad", "errors": {"url": "is invalid"}}}, "bad", {"url": ["is invalid"]}),
        # A 422 is read as the validation shape even without `errors` (which has no `code`).
        (422, {"error": {"message": "bad"}}, "bad", {}),
        (422, {"error": {"code": "invalid"}}, "Unprocessable Entity", {}),
        (422, {"error": {}}, "Unprocessable Entity", {}),
    ],
)
def test_shipping_channels_validation_shape(status, payload, message, fields):
    error = error_message("shipping_channels", json_response(status, payload), unihook.ValidationError)
    assert (error.message, error.field_errors) == (message, fields)


# --- paths and pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("id", "segment"), [("wh:1", "wh%3A1"), ("wh@1", "wh%401"), ("wh.1~x", "wh.1~x")])
def test_an_id_with_a_colon_or_an_at_sign_is_percent_encoded(id, segment):
    script = Script(json_response(200, {"data": cl()}))
    call("sync", script, "get", "commercelayer", id)
    assert script.requests[0].url.raw_path.decode() == f"/api/webhooks/{segment}"


def test_commercelayer_pages_follow_page_count():
    script = Script(
        json_response(200, {"data": [cl()], "meta": {"page_count": 2}}),
        json_response(200, {"data": [cl()], "meta": {"page_count": 2}}),
    )
    assert len(call("sync", script, "list", "commercelayer")) == 2
    assert [r.url.params["page[number]"] for r in script.requests] == ["1", "2"]


def test_pages_without_meta_follow_links_next_until_it_ends():
    script = Script(
        json_response(200, {"data": [sc()], "links": {"next": ROOTS["shipping_channels"] + "?page=2"}}),
        json_response(200, {"data": [sc()], "links": {"next": None}}),
    )
    assert len(call("sync", script, "list", "shipping_channels")) == 2
    assert [r.url.params["page"] for r in script.requests] == ["1", "2"]


def test_packcloud_next_link_to_the_same_page_ends_the_list():
    first = ROOTS["packcloud"]
    script = Script(json_response(200, {"data": [pc()], "next": first}))
    assert len(call("sync", script, "list", "packcloud")) == 1
    assert len(script.requests) == 1


# --- the vendor files' own checks -------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", ["commercelayer", "blaze", "packcloud"])
def test_update_to_two_events_on_a_one_event_vendor_is_refused_by_name(vendor):
    script = Script(json_response(200, wrap(vendor, {"commercelayer": cl, "blaze": blaze, "packcloud": pc}[vendor]())))
    with pytest.raises(unihook.InvalidRequest) as info:
        call("sync", script, "update", vendor, IDS[vendor], events=["a.b", "c.d"])
    assert str(info.value) == (
        f"{vendor} holds one event per registration, got 2 events: use create_many() to make one registration per "
        "event (the CLI and plan files do this for you)"
    )


def configured(cls: type[_spec.Vendor]) -> _spec.Vendor:
    return cls(Settings(values=dict(CREDENTIALS)))


def test_blaze_refuses_a_state_change_itself():
    with pytest.raises(unihook.InvalidRequest, match="no enabled/disabled state"):
        next(configured(Blaze).update("b1", Changes(active=True)))


def test_packcloud_refuses_a_create_without_secret_and_any_delete_itself():
    vendor = configured(Packcloud)
    with pytest.raises(unihook.InvalidRequest, match=r"^Pack\.cloud requires a secret$"):
        next(vendor.create(NewSubscription(HOOK, ("order.created",), None, None, True)))
    with pytest.raises(unihook.InvalidRequest, match="documents no DELETE"):
        next(vendor.delete("p1"))


def test_a_credential_the_spec_does_not_declare_is_a_key_error_naming_it():
    with pytest.raises(KeyError) as info:
        CL_SPEC.credential("commercelayer_password")
    assert info.value.args == ("commercelayer_password",)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"documented": True, "algorithm": "hmac-sha256-base64", "signature_header": "X-Sig"}, "documented"),
        ({"documented": True, "algorithm": "hmac-sha256-base64", "signs": True}, "documented"),
        ({"documented": True, "signature_header": "X-Sig", "signs": True}, "documented"),
        ({"algorithm": "hmac-sha256-base64", "signature_header": "X-Sig", "signs": True}, "algorithm"),
        ({"documented": True, "algorithm": "hmac-sha256-base64", "signature_header": "X-Sig", "signs": True}, None),
        ({"signs": True}, None),
    ],
)
def test_a_signing_scheme_is_documented_only_in_full(fields, error):
    messages = {
        "documented": "a documented signing scheme names its algorithm and signature header",
        "algorithm": "an algorithm is declared only for a documented signing scheme",
    }
    if error is None:
        assert _spec.Signing(**fields).documented is fields.get("documented", False)
        return
    with pytest.raises(ValueError, match=f"^{messages[error]}$"):
        _spec.Signing(**fields)

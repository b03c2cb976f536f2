"""Every documented operation of every vendor, and its main error cases, as recorded HTTP traffic.

Through the facade (the lifecycle and error tests) and through each generated client directly (list with the
right auth, and the 401 a missing credential gets). Re-record with `make record`.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

import unihook
from tests.contract.conftest import TEST_SECRETS, SpecCheck, Target
from tests.support import VENDORS, load_spec

EVENTS = {
    "flxpoint": ["OrderImportedEvent"],
    "commercelayer": ["orders.place"],
    "blaze": ["NEW_CONSUMER_ORDER"],
    "shipping_channels": ["shipping_channel.created", "tracking_parcel.status_changed"],
    "packcloud": ["order.created"],
}
OTHER_EVENTS = {
    "flxpoint": ["FulfillmentRequestProcessingEvent", "OrderImportedEvent"],
    "commercelayer": ["orders.approve"],
    "blaze": ["UPDATE_CONSUMER_ORDER"],
    "shipping_channels": ["tracking_parcel.created"],
    "packcloud": ["order.shipped"],
}
# An event name the vendor does not know: refused by the vendor (not by unihook, which passes names through).
UNKNOWN_EVENT = {
    "flxpoint": "NoSuchEvent",
    "blaze": "NO_SUCH_TYPE",
    "shipping_channels": "no_such.event",
    "packcloud": "no.such_event",
}
SECRETS = {"shipping_channels": TEST_SECRETS[0], "packcloud": TEST_SECRETS[1]}
# What each vendor documents, asserted exactly (never "whatever the facade says it supports"):
# whether a subscription reports its state (BLAZE's has no active flag), can be paused, and can be deleted.
ACTIVE_ON_CREATE = {
    "flxpoint": True,
    "commercelayer": True,
    "blaze": None,
    "shipping_channels": True,
    "packcloud": True,
}
TOGGLES = {"flxpoint": True, "commercelayer": True, "blaze": False, "shipping_channels": True, "packcloud": True}
DELETES = {"flxpoint": True, "commercelayer": True, "blaze": True, "shipping_channels": True, "packcloud": False}
# How each vendor refuses an unknown event: status, message and field errors, as recorded.
REFUSAL = {
    "flxpoint": (400, "Bad Request", {}),  # no error body documented
    "blaze": (400, "Bad Request: webHookType 'NO_SUCH_TYPE' is not a valid web hook type", {}),
    "shipping_channels": (422, "The given data was invalid.", {"events.0": ["The selected events.0 is invalid."]}),
    "packcloud": (422, "Unprocessable Entity", {}),  # no error body documented
}
# The wait a 429 asks for: Commerce Layer's x-ratelimit-interval (remaining 0), Shipping Channels' retry_after;
# the others send no hint.
RETRY_AFTER = {"commercelayer": 10.0, "shipping_channels": 1.0, "flxpoint": None, "blaze": None, "packcloud": None}
MISSING_ID = {
    "flxpoint": "999999",
    "commercelayer": "zzzzzzzzzz",
    "blaze": "ffffffffffffffffffffffff",
    "shipping_channels": "wh_999999",
    "packcloud": "00000000-0000-4000-8000-000000000000",
}


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_lifecycle(vendor: str, hub: unihook.Client) -> None:
    url = f"https://hooks.example.com/contract/{vendor}"
    created = hub.create(vendor, url=url, events=EVENTS[vendor], secret=SECRETS.get(vendor))
    assert created.url == url
    assert created.events == tuple(EVENTS[vendor])
    assert created.active is ACTIVE_ON_CREATE[vendor]

    fetched = hub.get(vendor, created.id)
    assert (fetched.id, fetched.url, fetched.events) == (created.id, url, created.events)

    assert created.id in [s.id for s in hub.list(vendor)]

    moved = hub.update(vendor, created.id, url=url + "/v2", events=OTHER_EVENTS[vendor])
    assert moved.url == url + "/v2"
    assert moved.events == tuple(OTHER_EVENTS[vendor])

    assert (hub.supports(vendor, "disable"), hub.supports(vendor, "delete")) == (TOGGLES[vendor], DELETES[vendor])
    if TOGGLES[vendor]:
        assert hub.disable(vendor, created.id).active is False
        assert hub.enable(vendor, created.id).active is True
    else:
        with pytest.raises(unihook.UnsupportedOperation):
            hub.disable(vendor, created.id)

    if DELETES[vendor]:
        hub.delete(vendor, created.id)
        assert created.id not in [s.id for s in hub.list(vendor)]
        if vendor == "flxpoint":  # a soft delete: the record stays, marked deleted
            assert hub.get(vendor, created.id).active is False
        else:
            with pytest.raises(unihook.NotFoundError):
                hub.get(vendor, created.id)
    else:
        with pytest.raises(unihook.UnsupportedOperation):
            hub.delete(vendor, created.id)
        assert hub.disable(vendor, created.id).active is False


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_list_follows_every_page(vendor: str, hub: unihook.Client, target: Target) -> None:
    # More than one page on the paginated vendors: Commerce Layer 25, BLAZE 100, Shipping Channels 100,
    # Pack.cloud 25 per page.
    count = {"commercelayer": 27, "packcloud": 27, "blaze": 3, "shipping_channels": 3, "flxpoint": 3}[vendor]
    made = []
    for i in range(count):
        url = f"https://hooks.example.com/pages/{vendor}/{i}"
        made.append(hub.create(vendor, url=url, events=EVENTS[vendor][:1], secret=SECRETS.get(vendor)).id)
    listed = [s.id for s in hub.list(vendor)]
    assert set(made) <= set(listed)
    assert len(listed) == len(set(listed)), "a page boundary repeated an item"


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_get_missing_is_not_found(vendor: str, hub: unihook.Client) -> None:
    with pytest.raises(unihook.NotFoundError) as caught:
        hub.get(vendor, MISSING_ID[vendor])
    assert caught.value.status_code == 404
    assert caught.value.vendor == vendor


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", sorted(UNKNOWN_EVENT))
def test_vendor_refuses_an_unknown_event(vendor: str, hub: unihook.Client) -> None:
    with pytest.raises(unihook.ValidationError) as caught:
        hub.create(
            vendor, url="https://hooks.example.com/refused", events=[UNKNOWN_EVENT[vendor]], secret=SECRETS.get(vendor)
        )
    status, message, field_errors = REFUSAL[vendor]
    assert (caught.value.status_code, caught.value.message, caught.value.field_errors) == (
        status,
        message,
        field_errors,
    )


@pytest.mark.vcr
def test_commercelayer_validation_error_points_at_the_field(target: Target, spec_check: SpecCheck) -> None:
    """A JSON:API 422 with source.pointer, sent through the generated client (the facade refuses it locally)."""
    from commercelayer_client.api.webhooks import create_webhook
    from commercelayer_client.models import (
        CreateWebhookAttributes,
        CreateWebhookRequest,
        CreateWebhookRequestData,
        ErrorDocument,
    )

    client = _generated_client("commercelayer", target, spec_check)
    body = CreateWebhookRequest(
        data=CreateWebhookRequestData(
            type_="webhooks", attributes=CreateWebhookAttributes(topic="orders.place", callback_url="")
        )
    )
    response = create_webhook.sync_detailed(client=client, body=body)
    assert response.status_code == 422
    assert isinstance(response.parsed, ErrorDocument)
    errors = [(e.code, e.title, e.source.pointer) for e in response.parsed.errors]
    assert errors == [("VALIDATION_ERROR", "can't be blank", "/data/attributes/callback_url")]


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_rate_limited_answer_is_a_rate_limit_error(vendor: str, hub: unihook.Client, target: Target) -> None:
    target.inject(vendor, "429")
    with pytest.raises(unihook.RateLimitError) as caught:
        hub.get(vendor, MISSING_ID[vendor])
    assert caught.value.status_code == 429
    assert caught.value.retry_after == RETRY_AFTER[vendor]


@pytest.mark.vcr
def test_flxpoint_limits_each_token_to_two_requests_a_second(target: Target, spec_check: SpecCheck) -> None:
    """Without unihook's pacing, a third request inside one second is refused by the sandbox's limiter."""
    if "flxpoint" in target.real:
        pytest.skip("provoking the real vendor's limit is not a thing to record")
    credentials = {**target.credentials, "flxpoint_api_token": "contract-flx-token-0002"}
    with unihook.Client(
        **credentials,
        base_urls=target.base_urls,
        rate_limit=False,
        max_retries=0,
        http_client=spec_check.http_client(),
    ) as hub:
        list(hub.list("flxpoint"))
        list(hub.list("flxpoint"))
        with pytest.raises(unihook.RateLimitError):
            list(hub.list("flxpoint"))


# --- the generated clients, called directly -------------------------------------------------------------------


def _generated_client(vendor: str, target: Target, spec_check: SpecCheck, authenticated: bool = True) -> Any:
    package = importlib.import_module(f"{vendor}_client")
    base_url = target.base_urls[vendor]
    checked = {"event_hooks": spec_check.event_hooks}  # every exchange against the spec, as it happens
    if not authenticated:
        headers = {"Accept": "application/vnd.api+json"} if vendor == "commercelayer" else {}
        return package.Client(base_url=base_url, headers=headers, httpx_args=checked)
    creds = target.credentials
    if vendor == "flxpoint":  # X-API-TOKEN, never Bearer (PITFALLS.md)
        return package.AuthenticatedClient(
            base_url=base_url,
            token=creds["flxpoint_api_token"],
            prefix="",
            auth_header_name="X-API-TOKEN",
            httpx_args=checked,
        )
    if vendor == "commercelayer":  # the generator never sets Accept
        return package.AuthenticatedClient(
            base_url=base_url,
            token=creds["commercelayer_access_token"],
            headers={"Accept": "application/vnd.api+json"},
            httpx_args=checked,
        )
    if vendor == "blaze":  # two keys: one through the auth header, the other as an extra header
        return package.AuthenticatedClient(
            base_url=base_url,
            token=creds["blaze_developer_key"],
            prefix="",
            headers={"x-api-key": creds["blaze_partner_key"]},
            httpx_args=checked,
        )
    token = creds["shipping_channels_api_key"] if vendor == "shipping_channels" else creds["packcloud_api_token"]
    return package.AuthenticatedClient(base_url=base_url, token=token, httpx_args=checked)


def _list_module(vendor: str) -> Any:
    name = {
        "flxpoint": "flxpoint_client.api.webhook_configurations.list_webhook_configurations",
        "commercelayer": "commercelayer_client.api.webhooks.list_webhooks",
        "blaze": "blaze_client.api.webhooks.list_partner_web_hooks",
        "shipping_channels": "shipping_channels_client.api.webhook_subscriptions.list_webhook_subscriptions",
        "packcloud": "packcloud_client.api.webhooks.list_webhooks",
    }[vendor]
    return importlib.import_module(name)


# The documented list model of each vendor and where its items are (Flxpoint's list is a bare array).
LIST_SHAPES: dict[str, tuple[str, Any]] = {
    "flxpoint": ("list", lambda parsed: parsed),
    "commercelayer": ("WebhookList", lambda parsed: parsed.data),
    "blaze": ("PartnerWebHookSearchResult", lambda parsed: parsed.values),
    "shipping_channels": ("WebhookSubscriptionListResponse", lambda parsed: parsed.data),
    "packcloud": ("WebhookList", lambda parsed: parsed.data),
}


def _list_args(vendor: str, target: Target) -> dict[str, Any]:
    return {"organization_id": target.credentials["packcloud_organization_id"]} if vendor == "packcloud" else {}


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_generated_client_lists_with_the_vendors_auth(vendor: str, target: Target, spec_check: SpecCheck) -> None:
    client = _generated_client(vendor, target, spec_check)
    response = _list_module(vendor).sync_detailed(client=client, **_list_args(vendor, target))
    assert response.status_code == 200
    # Every listed item parsed into the documented model, in the order sent.
    model, items_of = LIST_SHAPES[vendor]
    raw = json.loads(response.content)
    raw_items = raw if vendor == "flxpoint" else raw["values" if vendor == "blaze" else "data"]
    assert type(response.parsed).__name__ == model
    assert raw_items
    assert [str(item.id) for item in items_of(response.parsed)] == [str(item["id"]) for item in raw_items]


@pytest.mark.vcr
@pytest.mark.parametrize("vendor", VENDORS)
def test_generated_client_without_credentials_gets_401(vendor: str, target: Target, spec_check: SpecCheck) -> None:
    client = _generated_client(vendor, target, spec_check, authenticated=False)
    response = _list_module(vendor).sync_detailed(client=client, **_list_args(vendor, target))
    assert response.status_code == 401


@pytest.mark.vcr
def test_shipping_channels_available_events(target: Target, spec_check: SpecCheck) -> None:
    from shipping_channels_client.api.webhook_subscriptions import list_available_events
    from shipping_channels_client.models import AvailableEventListResponse

    client = _generated_client("shipping_channels", target, spec_check)
    response = list_available_events.sync_detailed(client=client)
    assert response.status_code == 200
    assert isinstance(response.parsed, AvailableEventListResponse)
    values = [str(getattr(e.value, "value", e.value)) for e in response.parsed.data]
    # The live catalogue is the documented list of events, in its order.
    assert values == load_spec("shipping_channels")["components"]["schemas"]["WebhookEventKnown"]["enum"]

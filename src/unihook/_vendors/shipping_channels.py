"""Shipping Channels: Bearer auth, `{data}` envelopes, page/per_page pagination, PUT that needs `name`, secrets
masked in every response, wait hints in a `retry_after` body field and `X-RateLimit-Reset`.

Source: VENDORS.md (Shipping Channels), specs/shipping_channels/openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from .._types import Changes, NewSubscription, Subscription

if TYPE_CHECKING:
    from shipping_channels_client.models import WebhookSubscription

from ._spec import (
    Capabilities,
    Credential,
    DeleteMode,
    Flow,
    Page,
    Req,
    Signing,
    Vendor,
    VendorSpec,
    flag,
    items,
    mapping,
    next_numbered_page,
    path_template,
    plain_error,
    segment,
    strings,
    text,
    timestamp,
)

PAGE_SIZE = 100  # the documented maximum per_page

SPEC = VendorSpec(
    key="shipping_channels",
    title="Shipping Channels",
    root="https://api.shipping-channels.com/v1",
    credentials=(Credential("shipping_channels_api_key", "SHIPPING_CHANNELS_API_KEY"),),
    credential_sets=(("shipping_channels_api_key",),),
    max_page_size=PAGE_SIZE,
    # 100/min per key, announced in X-RateLimit-* headers: 429s are honoured rather than paced.
    capabilities=Capabilities(
        single_event=False,
        delete=DeleteMode.HARD,
        toggle=True,
        has_name=True,
        renamable=True,
        accepts_secret=True,
        # The vendor generates a secret when none is sent but never shows it: unihook generates one so the
        # caller can verify signatures.
        requires_secret=True,
        echoes_secret=False,
        numeric_ids=False,
        min_secret_length=8,
    ),
    # Deliveries are signed with the subscription's secret, by a scheme the vendor does not document.
    signing=Signing(
        signs=True,
        note=(
            "Shipping Channels signs deliveries with the subscription's secret (set at create, never shown "
            "again), but documents neither the signature header nor the algorithm"
        ),
    ),
)


def _opt(value: Any) -> Any:
    from shipping_channels_client.types import Unset

    return None if isinstance(value, Unset) else value


if TYPE_CHECKING:
    Model = WebhookSubscription


def _to_model(raw: Any) -> WebhookSubscription:
    from shipping_channels_client.models import WebhookSubscription

    return WebhookSubscription.from_dict(raw)


def _subscription(raw: object, secret: str | None = None) -> Subscription:
    data = mapping(raw, "a webhook subscription")
    active = flag(data, "active")
    if active is None:
        status = text(data, "status")
        if status is not None:
            active = status == "active"  # the list example carries `status` instead of `active`
    return Subscription(
        "shipping_channels",
        text(data, "id") or "",
        text(data, "url") or "",
        strings(data, "events"),
        active,
        text(data, "name"),
        secret,  # responses always mask it: only the one sent in this call is worth handing back
        timestamp(data, "created_at"),
        timestamp(data, "updated_at"),
        None,
        data,
        _to_model,
    )


def _data(response: httpx.Response, secret: str | None = None) -> Subscription:
    return _subscription(mapping(response.json(), "the document")["data"], secret)


def _default_name(url: str) -> str:
    parts = urlsplit(url)
    return f"unihook {parts.hostname}{parts.path}"[:255]


class ShippingChannels(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {values['shipping_channels_api_key']}"}

    def setup(self, values: Mapping[str, str]) -> None:
        # The generated package is imported when the vendor is first used, not when its SPEC is read.
        from shipping_channels_client.api.webhook_subscriptions import get_webhook_subscription as get
        from shipping_channels_client.api.webhook_subscriptions import list_webhook_subscriptions as list_
        from shipping_channels_client.models import CreateWebhookSubscriptionRequest, UpdateWebhookSubscriptionRequest
        from shipping_channels_client.types import UNSET

        self._create_body = CreateWebhookSubscriptionRequest
        self._update_body = UpdateWebhookSubscriptionRequest
        self._unset = UNSET
        self._collection = path_template(list_._get_kwargs)
        self._item = path_template(get._get_kwargs, None)
        self._page_path = self._collection + "?page={}&per_page={}"

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
            return plain_error(body), {}
        from shipping_channels_client.models import ErrorResponse, ValidationErrorResponse

        if status == 422 or "errors" in body["error"]:
            detail = ValidationErrorResponse.from_dict(body).error
            errors = _opt(detail.errors)
            fields = {
                str(k): [str(m) for m in (v if isinstance(v, list) else [v])]
                for k, v in (errors.additional_properties.items() if errors else [])
            }
            return _opt(detail.message) or "", fields
        error = ErrorResponse.from_dict(body).error
        return _opt(error.message) or _opt(error.code) or "", {}

    @staticmethod
    def wait_hint(response: httpx.Response, body: object, now: float) -> float | None:
        if isinstance(body, dict):
            error = body.get("error")
            if isinstance(error, dict) and isinstance(error.get("retry_after"), int | float):
                return max(0.0, float(error["retry_after"]))
        reset = response.headers.get("x-ratelimit-reset")  # unix time
        return max(0.0, float(reset) - now) if reset else None

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        unset = self._unset
        body = self._create_body(
            name=new.name or _default_name(new.url),
            url=new.url,
            events=list(new.events),
            secret=unset if new.secret is None else new.secret,
            active=new.active,
        )
        response = yield Req("POST", self._collection, "create", body.to_dict())
        return _data(response, new.secret)

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(segment(id)), "read")
        return _data(response)

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        name = changes.name
        if name is None:
            # PUT requires name: keep the current one.
            current = yield from self.get(id)
            name = current.name or _default_name(changes.url or current.url)
        unset = self._unset
        body = self._update_body(
            name=name,
            url=unset if changes.url is None else changes.url,
            events=unset if changes.events is None else list(changes.events),
            secret=unset if changes.secret is None else changes.secret,  # omitted: the vendor keeps it
            active=unset if changes.active is None else changes.active,
        )
        response = yield Req("PUT", self._item.format(segment(id)), "update", body.to_dict())
        return _data(response, changes.secret)

    def delete(self, id: str) -> Flow[None]:
        yield Req("DELETE", self._item.format(segment(id)), "delete")

    def first_page(self, size: int) -> Req:
        return self._page(1, size)

    def _page(self, number: int, size: int) -> Req:
        return Req("GET", self._page_path.format(number, size), "read", page=number, size=size)

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        document = mapping(response.json(), "the list")
        subs = [_subscription(item) for item in items(document["data"], "data")]
        following = next_numbered_page(document, request, len(subs), "last_page")
        return subs, None if following is None else self._page(following, request.size)


VENDOR = ShippingChannels

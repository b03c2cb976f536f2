"""Shipping Channels: Bearer auth, `{data}` envelopes, page/per_page pagination, PUT that needs `name`,
secrets masked in every response (VENDORS.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from shipping_channels_client.api.webhook_subscriptions import create_webhook_subscription as _create
from shipping_channels_client.api.webhook_subscriptions import delete_webhook_subscription as _delete
from shipping_channels_client.api.webhook_subscriptions import get_webhook_subscription as _get
from shipping_channels_client.api.webhook_subscriptions import list_webhook_subscriptions as _list
from shipping_channels_client.api.webhook_subscriptions import update_webhook_subscription as _update
from shipping_channels_client.models import (
    CreateWebhookSubscriptionRequest,
    ErrorResponse,
    UpdateWebhookSubscriptionRequest,
    ValidationErrorResponse,
    WebhookSubscription,
    WebhookSubscriptionListResponse,
    WebhookSubscriptionResponse,
)
from shipping_channels_client.types import UNSET, Unset

from .._config import Settings
from .._http import Call
from .._subscription import Subscription
from ._base import Changes, Flow, NewSubscription, Page, enum_values, plain_error, to_call

PAGE_SIZE = 100  # the documented maximum per_page


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _from_webhook_subscription(model: WebhookSubscription, secret: str | None = None) -> Subscription:
    active = _opt(model.active)
    status = _opt(model.status)
    if active is None and isinstance(status, str):
        active = status == "active"  # the list example carries `status` instead of `active`
    return Subscription(
        vendor="shipping_channels",
        id=_opt(model.id) or "",
        url=_opt(model.url) or "",
        events=enum_values(_opt(model.events) or []),
        active=active,
        name=_opt(model.name),
        # Responses always mask the secret; only the one sent in this call is worth handing back.
        secret=secret,
        created_at=_opt(model.created_at),
        updated_at=_opt(model.updated_at),
        vendor_model=model,
    )


def _default_name(url: str) -> str:
    parts = urlsplit(url)
    return f"unihook {parts.hostname}{parts.path}"[:255]


class ShippingChannelsAdapter:
    vendor = "shipping_channels"
    single_event = False
    # The vendor generates a secret when none is sent but never shows it: generate one here so the
    # caller can verify signatures.
    has_name = True
    renamable = True
    echoes_secret = False
    accepts_secret = True
    requires_secret = True
    numeric_ids = False
    delete_note = "DELETE"
    unsupported: dict[str, str] = {}

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        (key,) = settings.require("shipping_channels_api_key")
        return settings.base_url(self.vendor), {"Authorization": f"Bearer {key}", "Accept": "application/json"}

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
            return plain_error(body), {}
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

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        body = CreateWebhookSubscriptionRequest(
            name=new.name or _default_name(new.url),
            url=new.url,
            events=list(new.events),
            secret=UNSET if new.secret is None else new.secret,
            active=new.active,
        )
        response = yield to_call(_create._get_kwargs(body=body), "create")
        return _from_webhook_subscription(WebhookSubscriptionResponse.from_dict(response.json()).data, new.secret)

    def get(self, id: str) -> Flow[Subscription]:
        response = yield to_call(_get._get_kwargs(id), "read")
        return _from_webhook_subscription(WebhookSubscriptionResponse.from_dict(response.json()).data)

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        name = changes.name
        if name is None:
            # PUT requires name: keep the current one.
            current = yield from self.get(id)
            name = current.name or _default_name(changes.url or current.url)
        body = UpdateWebhookSubscriptionRequest(
            name=name,
            url=UNSET if changes.url is None else changes.url,
            events=UNSET if changes.events is None else list(changes.events),
            secret=UNSET if changes.secret is None else changes.secret,  # omitted: the vendor keeps it
            active=UNSET if changes.active is None else changes.active,
        )
        response = yield to_call(_update._get_kwargs(id, body=body), "update")
        data = WebhookSubscriptionResponse.from_dict(response.json()).data
        return _from_webhook_subscription(data, changes.secret)

    def delete(self, id: str) -> Flow[None]:
        yield to_call(_delete._get_kwargs(id), "delete")

    def first_page(self) -> Call:
        return self._page(1)

    @staticmethod
    def _page(number: int) -> Call:
        return to_call(_list._get_kwargs(page=number, per_page=PAGE_SIZE), "read")

    def read_page(self, response: httpx.Response) -> Page:
        page = WebhookSubscriptionListResponse.from_dict(response.json())
        items = [_from_webhook_subscription(m) for m in page.data]
        meta, links = _opt(page.meta), _opt(page.links)
        number = int(response.request.url.params.get("page", "1"))
        if meta is not None and _opt(meta.last_page) is not None:
            more = number < int(meta.last_page)
        else:
            more = bool(links is not None and _opt(links.next_))
        return items, (self._page(number + 1) if more and items else None)


ADAPTER = ShippingChannelsAdapter

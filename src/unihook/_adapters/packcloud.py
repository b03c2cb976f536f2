"""Pack.cloud: webhooks under /organizations/{organizationId}, one event_code per webhook, secret required,
`next` links for pagination, no DELETE (VENDORS.md; the auth scheme is an assumption marked in the spec)."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
from packcloud_client.api.webhooks import create_webhook as _create
from packcloud_client.api.webhooks import get_webhook as _get
from packcloud_client.api.webhooks import list_webhooks as _list
from packcloud_client.api.webhooks import update_webhook as _update
from packcloud_client.models import CreateWebhookRequest, UpdateWebhookRequest, Webhook, WebhookList
from packcloud_client.types import UNSET, Unset

from .._config import Settings
from .._exceptions import InvalidRequest
from .._http import Call
from .._subscription import Subscription
from ._base import Changes, Flow, NewSubscription, Page, plain_error, single_event, to_call


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _parse_time(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value)  # ISO 8601 as sent in practice; 50x faster than dateutil
    except (TypeError, ValueError):
        pass
    from dateutil.parser import isoparse

    try:
        return isoparse(value)
    except (TypeError, ValueError, OverflowError):
        return None  # the format is undocumented: keep the raw string on vendor_model only


def _from_webhook(model: Webhook) -> Subscription:
    event = _opt(model.event_code)
    return Subscription(
        vendor="packcloud",
        id=model.id,
        url=model.endpoint,
        events=(str(getattr(event, "value", event)),) if event is not None else (),
        active=model.enabled,
        secret=model.secret,
        created_at=_parse_time(model.created_at),
        updated_at=_parse_time(model.updated_at),
        vendor_model=model,
    )


class PackcloudAdapter:
    vendor = "packcloud"
    single_event = True
    has_name = False
    renamable = False
    echoes_secret = True
    accepts_secret = True
    requires_secret = True  # create refuses a webhook without one
    numeric_ids = False
    delete_note = "not offered by the vendor: disable instead"
    unsupported: dict[str, str] = {
        "delete": "Pack.cloud documents no DELETE for webhooks; disable it with disable() instead",
    }

    def __init__(self) -> None:
        self.organization_id = ""

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        token, self.organization_id = settings.require("packcloud_api_token", "packcloud_organization_id")
        return settings.base_url(self.vendor), {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if isinstance(body, dict):  # undocumented: take the usual keys when present
            message = body.get("message") or body.get("error")
            return (str(message) if message else ""), {}
        return plain_error(body), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        if new.secret is None:
            raise InvalidRequest("Pack.cloud requires a secret")
        body = CreateWebhookRequest(
            event_code=single_event(self.vendor, new.events),
            endpoint=new.url,
            secret=new.secret,
            enabled=new.active,
        )
        response = yield to_call(_create._get_kwargs(self.organization_id, body=body), "create")
        return _from_webhook(Webhook.from_dict(response.json()))

    def get(self, id: str) -> Flow[Subscription]:
        response = yield to_call(_get._get_kwargs(self.organization_id, id), "read")
        return _from_webhook(Webhook.from_dict(response.json()))

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        body = UpdateWebhookRequest(
            event_code=UNSET if changes.events is None else single_event(self.vendor, changes.events),
            endpoint=UNSET if changes.url is None else changes.url,
            secret=UNSET if changes.secret is None else changes.secret,
            enabled=UNSET if changes.active is None else changes.active,
        )
        response = yield to_call(_update._get_kwargs(self.organization_id, id, body=body), "update")
        return _from_webhook(Webhook.from_dict(response.json()))

    def delete(self, id: str) -> Flow[None]:
        raise InvalidRequest(self.unsupported["delete"])
        yield  # pragma: no cover - makes this a generator like the others

    def first_page(self) -> Call:
        return to_call(_list._get_kwargs(self.organization_id), "read")

    def read_page(self, response: httpx.Response) -> Page:
        page = WebhookList.from_dict(response.json())
        items = [_from_webhook(m) for m in (_opt(page.data) or [])]
        following = _opt(page.next_)
        if not following or not items:
            return items, None
        next_url = str(response.request.url.join(following))
        if next_url == str(response.request.url):
            return items, None  # a `next` pointing at itself would never end
        return items, Call("GET", "", "read", absolute_url=next_url)


ADAPTER = PackcloudAdapter

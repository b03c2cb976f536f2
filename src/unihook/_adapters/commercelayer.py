"""Commerce Layer: JSON:API documents in application/vnd.api+json, page[number]/page[size] pagination,
one topic per webhook, enable/disable through the `_enable`/`_disable` triggers (VENDORS.md)."""

from __future__ import annotations

from typing import Any

import httpx
from commercelayer_client.api.webhooks import create_webhook as _create
from commercelayer_client.api.webhooks import delete_webhook as _delete
from commercelayer_client.api.webhooks import get_webhook as _get
from commercelayer_client.api.webhooks import list_webhooks as _list
from commercelayer_client.api.webhooks import update_webhook as _update
from commercelayer_client.models import (
    CreateWebhookAttributes,
    CreateWebhookRequest,
    CreateWebhookRequestData,
    ErrorDocument,
    UpdateWebhookAttributes,
    UpdateWebhookRequest,
    UpdateWebhookRequestData,
    Webhook,
    WebhookDocument,
    WebhookList,
)
from commercelayer_client.types import UNSET, Unset

from .._config import Settings
from .._http import Call
from .._subscription import Subscription
from ._base import Changes, Flow, NewSubscription, Page, plain_error, single_event, to_call

MEDIA_TYPE = "application/vnd.api+json"
PAGE_SIZE = 25  # the documented maximum: fewest round trips


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _from_webhook(model: Webhook) -> Subscription:
    attributes = model.attributes
    if isinstance(attributes, Unset):
        raise ValueError("a webhook resource without attributes")
    topic = _opt(attributes.topic)
    return Subscription(
        vendor="commercelayer",
        id=model.id,
        url=_opt(attributes.callback_url) or "",
        events=(topic,) if topic else (),
        active=_opt(attributes.disabled_at) is None,
        name=_opt(attributes.name),
        secret=_opt(attributes.shared_secret),
        created_at=_opt(attributes.created_at),
        updated_at=_opt(attributes.updated_at),
        vendor_model=model,
    )


def _from_webhook_document(response: httpx.Response) -> Subscription:
    return _from_webhook(WebhookDocument.from_dict(response.json()).data)


# The generator never sets Accept (PITFALLS.md); Commerce Layer answers 406 without it.
_ACCEPT = {"Accept": MEDIA_TYPE}


class CommerceLayerAdapter:
    vendor = "commercelayer"
    single_event = True
    has_name = True
    renamable = True
    echoes_secret = False
    accepts_secret = False
    requires_secret = False
    numeric_ids = False
    delete_note = "DELETE"
    unsupported: dict[str, str] = {}

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        settings.require_credentials(self.vendor)
        token = settings.get("commercelayer_access_token")
        headers = {"Accept": MEDIA_TYPE}
        if token:
            headers["Authorization"] = f"Bearer {token.strip()}"
        return settings.base_url(self.vendor), headers

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
            return plain_error(body), {}
        document = ErrorDocument.from_dict(body)
        messages: list[str] = []
        fields: dict[str, list[str]] = {}
        for error in document.errors:
            detail = str(_opt(error.detail) or _opt(error.title) or getattr(_opt(error.code), "value", "") or "")
            if detail:
                messages.append(detail)
            pointer = _opt(_opt(error.source).pointer) if _opt(error.source) else None
            if isinstance(pointer, str) and pointer.strip("/"):
                fields.setdefault(pointer.rstrip("/").rsplit("/", 1)[-1], []).append(detail)
        return "; ".join(messages), fields

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        topic = single_event(self.vendor, new.events)
        attributes = CreateWebhookAttributes(
            topic=topic,
            callback_url=new.url,
            name=UNSET if new.name is None else new.name,
            field_disable=UNSET if new.active else True,
        )
        body = CreateWebhookRequest(data=CreateWebhookRequestData(type_="webhooks", attributes=attributes))
        response = yield to_call(_create._get_kwargs(body=body), "create", _ACCEPT)
        return _from_webhook_document(response)

    def get(self, id: str) -> Flow[Subscription]:
        response = yield to_call(_get._get_kwargs(id), "read", _ACCEPT)
        return _from_webhook_document(response)

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        topic = UNSET if changes.events is None else single_event(self.vendor, changes.events)
        attributes = UpdateWebhookAttributes(
            name=UNSET if changes.name is None else changes.name,
            topic=topic,
            callback_url=UNSET if changes.url is None else changes.url,
            field_enable=True if changes.active is True else UNSET,
            field_disable=True if changes.active is False else UNSET,
        )
        body = UpdateWebhookRequest(data=UpdateWebhookRequestData(type_="webhooks", id=id, attributes=attributes))
        response = yield to_call(_update._get_kwargs(id, body=body), "update", _ACCEPT)
        return _from_webhook_document(response)

    def delete(self, id: str) -> Flow[None]:
        yield to_call(_delete._get_kwargs(id), "delete", _ACCEPT)

    def first_page(self) -> Call:
        return self._page(1)

    def _page(self, number: int) -> Call:
        return to_call(_list._get_kwargs(pagenumber=number, pagesize=PAGE_SIZE), "read", _ACCEPT)

    def read_page(self, response: httpx.Response) -> Page:
        page = WebhookList.from_dict(response.json())
        items = [_from_webhook(item) for item in page.data]
        number = int(response.request.url.params.get("page[number]", "1"))
        links, meta = _opt(page.links), _opt(page.meta)
        page_count = _opt(meta.page_count) if meta else None
        has_next = bool(_opt(links.next_)) if links else False
        if page_count is not None:
            has_next = number < int(page_count)
        return items, (self._page(number + 1) if has_next and items else None)


ADAPTER = CommerceLayerAdapter

"""Flxpoint: `X-API-TOKEN` auth, bare-array list, PATCH updates, soft delete (VENDORS.md)."""

from __future__ import annotations

from typing import Any

import httpx
from flxpoint_client.api.webhook_configurations import (
    create_webhook_configuration as _create,
)
from flxpoint_client.api.webhook_configurations import (
    get_webhook_configuration as _get,
)
from flxpoint_client.api.webhook_configurations import (
    list_webhook_configurations as _list,
)
from flxpoint_client.api.webhook_configurations import (
    update_webhook_configuration as _update,
)
from flxpoint_client.models import (
    CreateWebhookConfigurationRequest,
    UpdateWebhookConfigurationRequest,
    WebhookConfiguration,
)
from flxpoint_client.types import UNSET, Unset

from .._config import Settings
from .._http import Call
from .._subscription import Subscription
from ._base import Changes, Flow, NewSubscription, Page, enum_values, plain_error, to_call

_ACTIVE, _DISABLED, _DELETED = "active", "disabled", "deleted"


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _from_webhook_configuration(model: WebhookConfiguration) -> Subscription:
    status = _status(model)
    return Subscription(
        vendor="flxpoint",
        id=str(model.id),
        url=model.webhook_url,
        events=enum_values(model.subscribed_events),
        active=None if status is None else status == _ACTIVE,
        name=model.configuration_name,
        created_at=_opt(model.created_at),
        updated_at=_opt(model.updated_at),
        vendor_model=model,
    )


def _status(model: WebhookConfiguration) -> str | None:
    status = _opt(model.status)
    return None if status is None else str(getattr(status, "value", status))


class FlxpointAdapter:
    vendor = "flxpoint"
    single_event = False
    has_name = True
    renamable = False
    echoes_secret = False
    accepts_secret = False
    requires_secret = False
    numeric_ids = True
    delete_note = 'soft delete: PATCH status "deleted" (no DELETE endpoint is documented)'
    unsupported: dict[str, str] = {}

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        (token,) = settings.require("flxpoint_api_token")
        return settings.base_url(self.vendor), {"X-API-TOKEN": token, "Accept": "application/json"}

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        # Flxpoint documents no error body; a 404 may even be an HTML page.
        if isinstance(body, dict):
            message = body.get("message") or body.get("error") or body.get("detail")
            return (str(message) if message else ""), {}
        return plain_error(body), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        body = CreateWebhookConfigurationRequest(
            webhook_url=new.url,
            subscribed_events=list(new.events),
            configuration_name=UNSET if new.name is None else new.name,
        )
        response = yield to_call(_create._get_kwargs(body=body), "create")
        created = _from_webhook_configuration(WebhookConfiguration.from_dict(response.json()))
        if not new.active:
            # Create takes no status: pause it right away, as asked.
            response = yield self._patch(created, Changes(active=False))
            created = _from_webhook_configuration(WebhookConfiguration.from_dict(response.json()))
        return created

    def get(self, id: str) -> Flow[Subscription]:
        response = yield to_call(_get._get_kwargs(int(id)), "read")
        return _from_webhook_configuration(WebhookConfiguration.from_dict(response.json()))

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        # PATCH needs webhookUrl and subscribedEvents every time: read the current state first.
        current = yield from self.get(id)
        response = yield self._patch(current, changes)
        return _from_webhook_configuration(WebhookConfiguration.from_dict(response.json()))

    def _patch(self, current: Subscription, changes: Changes, status: str | None = None) -> Call:
        if status is None and changes.active is not None:
            status = _ACTIVE if changes.active else _DISABLED
        body = UpdateWebhookConfigurationRequest(
            webhook_url=changes.url or current.url,
            subscribed_events=list(changes.events or current.events),
            status=UNSET if status is None else status,
        )
        return to_call(_update._get_kwargs(int(current.id), body=body), "update")

    def delete(self, id: str) -> Flow[None]:
        current = yield from self.get(id)
        yield self._patch(current, Changes(), status=_DELETED)

    def first_page(self) -> Call:
        return to_call(_list._get_kwargs(), "read")

    def read_page(self, response: httpx.Response) -> Page:
        items = [WebhookConfiguration.from_dict(item) for item in response.json()]
        # Soft-deleted configurations stay in Flxpoint's list; to a caller they are gone.
        return [_from_webhook_configuration(m) for m in items if _status(m) != _DELETED], None


ADAPTER = FlxpointAdapter

"""Flxpoint: `X-API-TOKEN` auth, 2 requests/second per token, bare-array list, PATCH updates, soft delete.

Source: VENDORS.md (Flxpoint), specs/flxpoint/openapi.yaml. The path really is `/webhhok/...` (sic).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._types import Changes, NewSubscription, Subscription

if TYPE_CHECKING:
    from flxpoint_client.models import WebhookConfiguration

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
    items,
    mapping,
    path_template,
    plain_error,
    strings,
    text,
    timestamp,
)

SPEC = VendorSpec(
    key="flxpoint",
    title="Flxpoint",
    root="https://api.flxpoint.com",
    credentials=(Credential("flxpoint_api_token", "FLXPOINT_API_TOKEN"),),
    credential_sets=(("flxpoint_api_token",),),
    rate=2.0,  # 2 requests/second per token; each token is its own bucket
    capabilities=Capabilities(
        single_event=False,
        delete=DeleteMode.SOFT,
        toggle=True,
        has_name=True,
        renamable=False,  # configurationName is not in the update body: fixed at create
        accepts_secret=False,
        requires_secret=False,
        echoes_secret=False,
        numeric_ids=True,
        delete_note='soft delete: PATCH status "deleted" (no DELETE endpoint is documented)',
    ),
    signing=Signing(note="Flxpoint documents no signing of deliveries: no secret is set at create or returned"),
)

_ACTIVE, _DISABLED, _DELETED = "active", "disabled", "deleted"


if TYPE_CHECKING:
    Model = WebhookConfiguration


def _to_model(raw: Any) -> WebhookConfiguration:
    from flxpoint_client.models import WebhookConfiguration

    return WebhookConfiguration.from_dict(raw)


def _subscription(raw: object) -> Subscription:
    data = mapping(raw, "a webhook configuration")
    id = data["id"]
    if type(id) is not int:
        raise TypeError("'id' is not an integer")
    status = text(data, "status")
    return Subscription(
        "flxpoint",
        str(id),
        text(data, "webhookUrl", required=True) or "",
        strings(data, "subscribedEvents", required=True),
        None if status is None else status == _ACTIVE,
        text(data, "configurationName", required=True),
        None,
        timestamp(data, "createdAt"),
        timestamp(data, "updatedAt"),
        None,
        data,
        _to_model,
    )


class Flxpoint(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {"X-API-TOKEN": values["flxpoint_api_token"]}

    def setup(self, values: Mapping[str, str]) -> None:
        # The generated package is imported when the vendor is first used, not when its SPEC is read.
        from flxpoint_client.api.webhook_configurations import get_webhook_configuration as get
        from flxpoint_client.api.webhook_configurations import list_webhook_configurations as list_
        from flxpoint_client.models import CreateWebhookConfigurationRequest, UpdateWebhookConfigurationRequest
        from flxpoint_client.types import UNSET

        self._create_body = CreateWebhookConfigurationRequest
        self._update_body = UpdateWebhookConfigurationRequest
        self._unset = UNSET
        self._collection = path_template(list_._get_kwargs)
        self._item = path_template(get._get_kwargs, None)

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        # Flxpoint documents no error body; a 404 may even be an HTML page.
        if isinstance(body, dict):
            message = body.get("message") or body.get("error") or body.get("detail")
            return (str(message) if message else ""), {}
        return plain_error(body), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        body = self._create_body(
            webhook_url=new.url,
            subscribed_events=list(new.events),
            configuration_name=self._unset if new.name is None else new.name,
        )
        response = yield Req("POST", self._collection, "create", body.to_dict())
        created = _subscription(response.json())
        if not new.active:
            # Create takes no status: pause it right away, as asked.
            response = yield self._patch(created, Changes(active=False))
            created = _subscription(response.json())
        return created

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(id), "read")
        return _subscription(response.json())

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        # PATCH needs webhookUrl and subscribedEvents every time: read the current state first.
        current = yield from self.get(id)
        response = yield self._patch(current, changes)
        return _subscription(response.json())

    def _patch(self, current: Subscription, changes: Changes, status: str | None = None) -> Req:
        if status is None and changes.active is not None:
            status = _ACTIVE if changes.active else _DISABLED
        body = self._update_body(
            webhook_url=changes.url or current.url,
            subscribed_events=list(changes.events or current.events),
            status=self._unset if status is None else status,
        )
        return Req("PATCH", self._item.format(current.id), "update", body.to_dict())

    def delete(self, id: str) -> Flow[None]:
        current = yield from self.get(id)
        yield self._patch(current, Changes(), status=_DELETED)

    def first_page(self, size: int) -> Req:
        return Req("GET", self._collection, "read")

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        # Soft-deleted configurations stay in Flxpoint's list; to a caller they are gone.
        listed = items(response.json(), "the list")
        return [_subscription(item) for item in listed if mapping(item, "an item").get("status") != _DELETED], None


VENDOR = Flxpoint

"""Pack.cloud: webhooks under /organizations/{organizationId}, one event_code per webhook, a secret required
and echoed in plain text, `next` links for pagination, no DELETE (disable instead). The auth scheme, list
envelope and error bodies are assumptions marked in the spec.

Source: VENDORS.md (Pack.cloud), specs/packcloud/openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._exceptions import InvalidRequest
from .._types import Changes, NewSubscription, Subscription

if TYPE_CHECKING:
    from packcloud_client.models import Webhook

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
    path_template,
    plain_error,
    segment,
    single_event,
    text,
    timestamp,
)

SPEC = VendorSpec(
    key="packcloud",
    title="Pack.cloud",
    root="https://api.pack.cloud/v1",
    credentials=(
        Credential("packcloud_api_token", "PACKCLOUD_API_TOKEN"),
        Credential("packcloud_organization_id", "PACKCLOUD_ORGANIZATION_ID", secret=False, slug=True),
    ),
    credential_sets=(("packcloud_api_token", "packcloud_organization_id"),),
    capabilities=Capabilities(
        single_event=True,
        delete=DeleteMode.NONE,
        toggle=True,
        has_name=False,
        renamable=False,
        accepts_secret=True,
        requires_secret=True,  # create refuses a webhook without one
        echoes_secret=True,
        numeric_ids=False,
        delete_note="not offered by the vendor: disable instead",
        unsupported_note="Pack.cloud documents no DELETE for webhooks; disable it with disable() instead",
    ),
    # Deliveries are signed with the webhook's secret, by a scheme the vendor does not document.
    signing=Signing(
        signs=True,
        note=(
            "Pack.cloud signs deliveries with the webhook's secret, but documents neither the signature header "
            "nor the algorithm"
        ),
    ),
)


if TYPE_CHECKING:
    Model = Webhook


def _to_model(raw: Any) -> Webhook:
    from packcloud_client.models import Webhook

    # The secret is Subscription.secret's alone: a model prints every field in its repr.
    return Webhook.from_dict({**raw, "secret": "***"})


def _time(data: Mapping[str, Any], key: str) -> Any:
    text(data, key, required=True)
    try:
        return timestamp(data, key)
    except (TypeError, ValueError, OverflowError):
        return None  # the format is undocumented: the raw string stays on vendor_model


def _subscription(raw: object) -> Subscription:
    data = mapping(raw, "a webhook")
    event = text(data, "event_code")
    enabled = flag(data, "enabled")
    if enabled is None:
        raise KeyError("missing 'enabled'")
    return Subscription(
        "packcloud",
        text(data, "id", required=True) or "",
        text(data, "endpoint", required=True) or "",
        (event,) if event is not None else (),
        enabled,
        None,
        text(data, "secret", required=True),
        _time(data, "created_at"),
        _time(data, "updated_at"),
        None,
        data,
        _to_model,
    )


class Packcloud(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {values['packcloud_api_token']}"}

    def setup(self, values: Mapping[str, str]) -> None:
        # The generated package is imported when the vendor is first used, not when its SPEC is read.
        from packcloud_client.api.webhooks import get_webhook as get
        from packcloud_client.api.webhooks import list_webhooks as list_
        from packcloud_client.models import CreateWebhookRequest, UpdateWebhookRequest
        from packcloud_client.types import UNSET

        self._create_body = CreateWebhookRequest
        self._update_body = UpdateWebhookRequest
        self._unset = UNSET
        organization = segment(values["packcloud_organization_id"])
        self._collection = path_template(list_._get_kwargs, None).format(organization)
        self._item = path_template(get._get_kwargs, None, None).replace("{}", organization, 1)

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if isinstance(body, dict):  # undocumented: take the usual keys when present
            message = body.get("message") or body.get("error")
            return (str(message) if message else ""), {}
        return plain_error(body), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        if new.secret is None:
            raise InvalidRequest("Pack.cloud requires a secret")
        body = self._create_body(
            event_code=single_event(self.spec.key, new.events),
            endpoint=new.url,
            secret=new.secret,
            enabled=new.active,
        )
        response = yield Req("POST", self._collection, "create", body.to_dict())
        return _subscription(response.json())

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(segment(id)), "read")
        return _subscription(response.json())

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        unset = self._unset
        body = self._update_body(
            event_code=unset if changes.events is None else single_event(self.spec.key, changes.events),
            endpoint=unset if changes.url is None else changes.url,
            secret=unset if changes.secret is None else changes.secret,
            enabled=unset if changes.active is None else changes.active,
        )
        response = yield Req("PUT", self._item.format(segment(id)), "update", body.to_dict())
        return _subscription(response.json())

    def delete(self, id: str) -> Flow[None]:
        raise InvalidRequest(self.spec.capabilities.unsupported_note)
        yield  # pragma: no cover - makes this a generator like the others

    def first_page(self, size: int) -> Req:
        return Req("GET", self._collection, "read")

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        document = mapping(response.json(), "the list")
        subs = [_subscription(m) for m in items(document.get("data") or [], "data")]
        following = document.get("next")
        if not following or not subs:
            return subs, None
        if type(following) is not str:
            raise TypeError("'next' is not a string")
        next_url = str(response.request.url.join(following))
        if next_url == str(response.request.url):
            return subs, None  # a `next` pointing at itself would never end
        return subs, Req("GET", next_url, "read", absolute=True)


VENDOR = Packcloud

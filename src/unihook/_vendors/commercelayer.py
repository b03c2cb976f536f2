"""Commerce Layer: JSON:API documents in application/vnd.api+json, OAuth2 client credentials or a ready access
token, page[number]/page[size] pagination, one topic per webhook, enable/disable through the `_enable`/`_disable`
triggers, rate-limit windows in `x-ratelimit-*` headers.

Source: VENDORS.md (Commerce Layer), specs/commercelayer/openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._types import Changes, NewSubscription, Subscription
from ._spec import (
    Capabilities,
    Credential,
    DeleteMode,
    Flow,
    Page,
    Req,
    Signing,
    TokenGrant,
    Vendor,
    VendorSpec,
    items,
    mapping,
    next_numbered_page,
    path_template,
    plain_error,
    segment,
    single_event,
    text,
    timestamp,
)

if TYPE_CHECKING:
    from commercelayer_client.models import Webhook

    from .._settings import Settings

MEDIA_TYPE = "application/vnd.api+json"
TOKEN_URL = "https://auth.commercelayer.io/oauth/token"  # noqa: S105 - a URL
PAGE_SIZE = 25  # the documented maximum: fewest round trips

SPEC = VendorSpec(
    key="commercelayer",
    title="Commerce Layer",
    root="https://{commercelayer_organization}.commercelayer.io",
    credentials=(
        Credential("commercelayer_access_token", "COMMERCELAYER_ACCESS_TOKEN"),
        Credential("commercelayer_client_id", "COMMERCELAYER_CLIENT_ID"),
        Credential("commercelayer_client_secret", "COMMERCELAYER_CLIENT_SECRET"),
        Credential("commercelayer_organization", "COMMERCELAYER_ORGANIZATION", secret=False, slug=True),
    ),
    credential_sets=(("commercelayer_access_token",), ("commercelayer_client_id", "commercelayer_client_secret")),
    root_needs=("commercelayer_organization",),
    # Limits are per IP and announced in headers: no client-side pacing, 429s honour x-ratelimit-interval.
    rate=None,
    max_page_size=PAGE_SIZE,
    media_type=MEDIA_TYPE,
    capabilities=Capabilities(
        single_event=True,
        delete=DeleteMode.HARD,
        toggle=True,
        has_name=True,
        renamable=True,
        # "Unique name for the webhook" (the SDK's resources.json): a name another webhook has is refused (422).
        unique_names=True,
        accepts_secret=False,  # the vendor makes the shared_secret
        requires_secret=False,
        echoes_secret=False,
        numeric_ids=False,
    ),
    # Documented: every delivery is signed with the webhook's shared_secret (made by the vendor, returned by
    # create); the body is the JSON:API document of the resource the topic is about.
    signing=Signing(
        algorithm="hmac-sha256-base64",
        signature_header="X-CommerceLayer-Signature",
        event_header="X-CommerceLayer-Topic",
        resource_id_path=("data", "id"),
        documented=True,
        signs=True,
        note=(
            "X-CommerceLayer-Signature is base64(HMAC-SHA256(raw body)) keyed with the webhook's shared_secret; "
            "the topic is in X-CommerceLayer-Topic"
        ),
    ),
)


if TYPE_CHECKING:
    Model = Webhook


def _to_model(raw: Any) -> Webhook:
    from commercelayer_client.models import Webhook

    attributes = raw.get("attributes")
    if isinstance(attributes, dict) and attributes.get("shared_secret") is not None:
        # The secret is Subscription.secret's alone: a model prints every field in its repr.
        raw = {**raw, "attributes": {**attributes, "shared_secret": "***"}}
    return Webhook.from_dict(raw)


def _subscription(raw: object) -> Subscription:
    resource = mapping(raw, "a webhook resource")
    attributes = mapping(resource["attributes"], "the webhook's attributes")
    topic = text(attributes, "topic")
    disabled_at = timestamp(attributes, "disabled_at")
    return Subscription(
        "commercelayer",
        text(resource, "id", required=True) or "",
        text(attributes, "callback_url") or "",
        (topic,) if topic else (),
        disabled_at is None,
        text(attributes, "name"),
        text(attributes, "shared_secret"),
        timestamp(attributes, "created_at"),
        timestamp(attributes, "updated_at"),
        None,
        resource,
        _to_model,
    )


def _document(response: httpx.Response) -> Subscription:
    return _subscription(mapping(response.json(), "the document")["data"])


class CommerceLayer(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        token = values.get("commercelayer_access_token")
        return {"Authorization": f"Bearer {token}"} if token else {}

    def setup(self, values: Mapping[str, str]) -> None:
        # The generated package is imported when the vendor is first used, not when its SPEC is read.
        from commercelayer_client.api.webhooks import get_webhook as get
        from commercelayer_client.api.webhooks import list_webhooks as list_
        from commercelayer_client.models import (
            CreateWebhookAttributes,
            CreateWebhookRequest,
            CreateWebhookRequestData,
            UpdateWebhookAttributes,
            UpdateWebhookRequest,
            UpdateWebhookRequestData,
        )
        from commercelayer_client.types import UNSET

        self._create = (CreateWebhookRequest, CreateWebhookRequestData, CreateWebhookAttributes)
        self._update = (UpdateWebhookRequest, UpdateWebhookRequestData, UpdateWebhookAttributes)
        self._unset = UNSET
        self._collection = path_template(list_._get_kwargs)
        self._item = path_template(get._get_kwargs, None)
        self._page_path = self._collection + "?page%5Bnumber%5D={}&page%5Bsize%5D={}"

    def token_grant(self, values: Mapping[str, str], settings: Settings) -> TokenGrant | None:
        if values.get("commercelayer_access_token"):
            return None
        # A replaced root (the sandbox, a proxy) serves /oauth/token on its own host, as the organization's
        # host does; the documented default is the central auth host.
        url = self.base_url + "/oauth/token" if settings.overridden(self.spec.key) else TOKEN_URL
        return TokenGrant(url, values["commercelayer_client_id"], values["commercelayer_client_secret"])

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
            return plain_error(body), {}
        from commercelayer_client.models import ErrorDocument
        from commercelayer_client.types import Unset

        def _opt(value: Any) -> Any:
            return None if isinstance(value, Unset) else value

        document = ErrorDocument.from_dict(body)
        messages: list[str] = []
        fields: dict[str, list[str]] = {}
        for error in document.errors:
            code = _opt(error.code)  # a known code is an enum member; an unknown one stays a string
            detail = str(_opt(error.detail) or _opt(error.title) or getattr(code, "value", code) or "")
            if detail:
                messages.append(detail)
            pointer = _opt(_opt(error.source).pointer) if _opt(error.source) else None
            if isinstance(pointer, str) and pointer.strip("/"):
                fields.setdefault(pointer.rstrip("/").rsplit("/", 1)[-1], []).append(detail)
        return "; ".join(messages), fields

    @staticmethod
    def wait_hint(response: httpx.Response, body: object, now: float) -> float | None:
        # The budget is spent and resets within `x-ratelimit-interval` seconds (an upper bound).
        interval = response.headers.get("x-ratelimit-interval")
        if interval and response.headers.get("x-ratelimit-remaining") == "0":
            return max(0.0, float(interval))
        return None

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        request, data, attributes_of = self._create
        unset = self._unset
        attributes = attributes_of(
            topic=single_event(self.spec.key, new.events),
            callback_url=new.url,
            name=unset if new.name is None else new.name,
            field_disable=unset if new.active else True,
        )
        body = request(data=data(type_="webhooks", attributes=attributes))
        response = yield Req("POST", self._collection, "create", body.to_dict())
        return _document(response)

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(segment(id)), "read")
        return _document(response)

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        request, data, attributes_of = self._update
        unset = self._unset
        attributes = attributes_of(
            name=unset if changes.name is None else changes.name,
            topic=unset if changes.events is None else single_event(self.spec.key, changes.events),
            callback_url=unset if changes.url is None else changes.url,
            field_enable=True if changes.active is True else unset,
            field_disable=True if changes.active is False else unset,
        )
        body = request(data=data(type_="webhooks", id=id, attributes=attributes))
        response = yield Req("PATCH", self._item.format(segment(id)), "update", body.to_dict())
        return _document(response)

    def delete(self, id: str) -> Flow[None]:
        yield Req("DELETE", self._item.format(segment(id)), "delete")

    def first_page(self, size: int) -> Req:
        return self._page(1, size)

    def _page(self, number: int, size: int) -> Req:
        return Req("GET", self._page_path.format(number, size), "read", page=number, size=size)

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        document = mapping(response.json(), "the list")
        subs = [_subscription(item) for item in items(document["data"], "data")]
        following = next_numbered_page(document, request, len(subs), "page_count")
        return subs, None if following is None else self._page(following, request.size)


VENDOR = CommerceLayer

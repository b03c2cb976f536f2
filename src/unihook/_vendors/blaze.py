"""BLAZE partner API: `x-api-key` plus the raw developer key in `Authorization`, one webHookType per registration,
PUT of the whole object, start/limit pagination, no enabled/disabled state.

Source: VENDORS.md (BLAZE), specs/blaze/openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .._exceptions import InvalidRequest
from .._types import Changes, NewSubscription, Subscription

if TYPE_CHECKING:
    from blaze_client.models import PartnerWebHook

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
    epoch_ms,
    items,
    mapping,
    path_template,
    plain_error,
    segment,
    single_event,
    strings,
    text,
)

PAGE_SIZE = 100  # the documented default limit
_NO_STATE = "BLAZE registrations have no enabled/disabled state; delete and re-create instead"

SPEC = VendorSpec(
    key="blaze",
    title="BLAZE",
    root="https://api.partners.blaze.me",
    credentials=(
        Credential("blaze_partner_key", "BLAZE_PARTNER_KEY"),
        Credential("blaze_developer_key", "BLAZE_DEVELOPER_KEY"),
    ),
    credential_sets=(("blaze_partner_key", "blaze_developer_key"),),
    max_page_size=PAGE_SIZE,  # the documented default `limit`; no larger one is documented
    capabilities=Capabilities(
        single_event=True,
        delete=DeleteMode.HARD,
        toggle=False,
        has_name=False,
        renamable=False,
        accepts_secret=False,
        requires_secret=False,
        echoes_secret=False,
        numeric_ids=False,
        unsupported_note=_NO_STATE,
    ),
    signing=Signing(note="BLAZE documents no signing of deliveries: no secret is set at create or returned"),
)


def _opt(value: Any) -> Any:
    from blaze_client.types import Unset

    return None if isinstance(value, Unset) else value


if TYPE_CHECKING:
    Model = PartnerWebHook


def _to_model(raw: Any) -> PartnerWebHook:
    from blaze_client.models import PartnerWebHook

    return PartnerWebHook.from_dict(raw)


def _subscription(raw: object) -> Subscription:
    data = mapping(raw, "a web hook")
    urls = strings(data, "webHookUrls")
    kind = text(data, "webHookType")
    return Subscription(
        "blaze",
        text(data, "id") or "",
        # One registration may carry several URLs; the first is the one unihook manages (it sends one).
        urls[0] if urls else (text(data, "url") or ""),
        (kind,) if kind is not None else (),
        None,  # no enabled/disabled state
        None,
        None,
        epoch_ms(data, "created"),
        epoch_ms(data, "modified"),
        None,
        data,
        _to_model,
    )


class Blaze(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        # Both keys on every call; the developer key goes raw into Authorization, never as "Bearer".
        return {"x-api-key": values["blaze_partner_key"], "Authorization": values["blaze_developer_key"]}

    def setup(self, values: Mapping[str, str]) -> None:
        # The generated package is imported when the vendor is first used, not when its SPEC is read.
        import attrs  # the generated models are attrs classes
        from blaze_client.api.webhooks import get_partner_web_hook as get
        from blaze_client.api.webhooks import list_partner_web_hooks as list_
        from blaze_client.models import CreatePartnerWebHookRequest, PartnerWebHook

        self._copy = attrs.evolve
        self._create_body = CreatePartnerWebHookRequest
        self._model = PartnerWebHook
        self._collection = path_template(list_._get_kwargs)
        self._item = path_template(get._get_kwargs, None)
        self._page_path = self._collection + "?start={}&limit={}"

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict):
            return plain_error(body), {}
        from blaze_client.models import ErrorResponse

        # Two documented shapes: {error, message, status} (the errors page) and {field, message, errorType} (the
        # Swagger): a field names the request field at fault, and the message is its message.
        error = ErrorResponse.from_dict(body)
        message, field = _opt(error.message), _opt(error.field)
        parts = [str(p) for p in (_opt(error.error), message) if p]
        if not field:
            return ": ".join(dict.fromkeys(parts)), {}
        field = str(field)
        why = str(message or _opt(error.error_type) or "is invalid")
        text = why if field in why else f"{field}: {why}"
        return text, {field: [why]}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        if not new.active:
            raise InvalidRequest(_NO_STATE)
        body = self._create_body(
            web_hook_type=single_event(self.spec.key, new.events), web_hook_urls=[new.url], url=new.url
        )
        response = yield Req("POST", self._collection, "create", body.to_dict())
        return _subscription(response.json())

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(segment(id)), "read")
        return _subscription(response.json())

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        if changes.active is not None:
            raise InvalidRequest(_NO_STATE)
        # PUT replaces the whole object: start from the current one so nothing else is lost.
        response = yield Req("GET", self._item.format(segment(id)), "read")
        current = self._model.from_dict(response.json())
        updated = self._copy(current)
        updated.additional_properties = dict(current.additional_properties)
        if changes.url is not None:
            others = [u for u in (_opt(current.web_hook_urls) or [])[1:] if u != changes.url]
            updated.web_hook_urls = [changes.url, *others]
            updated.url = changes.url
        if changes.events is not None:
            updated.web_hook_type = single_event(self.spec.key, changes.events)
        response = yield Req("PUT", self._item.format(segment(id)), "update", updated.to_dict())
        return _subscription(response.json())

    def delete(self, id: str) -> Flow[None]:
        yield Req("DELETE", self._item.format(segment(id)), "delete")

    def first_page(self, size: int) -> Req:
        return self._page(0, size)

    def _page(self, start: int, size: int) -> Req:
        return Req("GET", self._page_path.format(start, size), "read", page=start, size=size)

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        document = mapping(response.json(), "the list")
        # Two documented shapes: {values, skip, limit, total} and {count, total, searchResult}.
        listed = items(document.get("values") or document.get("searchResult") or [], "values")
        total = document.get("total")
        if total is not None and type(total) is not int:
            raise TypeError("'total' is not an integer")
        following = request.page + len(listed)
        more = bool(listed) and total is not None and following < total
        return [_subscription(m) for m in listed], (self._page(following, request.size) if more else None)


VENDOR = Blaze

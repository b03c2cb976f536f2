"""BLAZE partner API: `x-api-key` + raw developer key in `Authorization`, one webHookType per registration,
PUT of the whole object, start/limit pagination, no enable/disable (VENDORS.md)."""

from __future__ import annotations

from typing import Any

import attrs
import httpx
from blaze_client.api.webhooks import create_partner_web_hook as _create
from blaze_client.api.webhooks import delete_partner_web_hook as _delete
from blaze_client.api.webhooks import get_partner_web_hook as _get
from blaze_client.api.webhooks import list_partner_web_hooks as _list
from blaze_client.api.webhooks import update_partner_web_hook as _update
from blaze_client.models import CreatePartnerWebHookRequest, ErrorResponse, PartnerWebHook, PartnerWebHookSearchResult
from blaze_client.types import Unset

from .._config import Settings
from .._exceptions import InvalidRequest
from .._http import Call
from .._subscription import Subscription
from ._base import Changes, Flow, NewSubscription, Page, as_datetime, enum_values, plain_error, single_event, to_call

PAGE_SIZE = 100  # the documented default limit
_NO_STATE = "BLAZE registrations have no enabled/disabled state; delete and re-create instead"


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _from_partner_web_hook(model: PartnerWebHook) -> Subscription:
    urls = _opt(model.web_hook_urls) or []
    kind = _opt(model.web_hook_type)
    return Subscription(
        vendor="blaze",
        id=_opt(model.id) or "",
        # One registration may carry several URLs; the first is the one unihook manages (it sends one).
        url=urls[0] if urls else (_opt(model.url) or ""),
        events=enum_values([kind]) if kind is not None else (),
        active=None,
        created_at=as_datetime(_opt(model.created)),
        updated_at=as_datetime(_opt(model.modified)),
        vendor_model=model,
    )


class BlazeAdapter:
    vendor = "blaze"
    single_event = True
    has_name = False
    renamable = False
    echoes_secret = False
    accepts_secret = False
    requires_secret = False
    numeric_ids = False
    delete_note = "DELETE"
    unsupported: dict[str, str] = {"enable": _NO_STATE, "disable": _NO_STATE}

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        partner, developer = settings.require("blaze_partner_key", "blaze_developer_key")
        # Both keys on every call; the developer key goes raw into Authorization, never as "Bearer".
        headers = {"x-api-key": partner, "Authorization": developer, "Accept": "application/json"}
        return settings.base_url(self.vendor), headers

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        if not isinstance(body, dict):
            return plain_error(body), {}
        error = ErrorResponse.from_dict(body)
        parts = [p for p in (_opt(error.error), _opt(error.message)) if p]
        return ": ".join(dict.fromkeys(parts)), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        if not new.active:
            raise InvalidRequest(_NO_STATE)
        body = CreatePartnerWebHookRequest(
            web_hook_type=single_event(self.vendor, new.events), web_hook_urls=[new.url], url=new.url
        )
        response = yield to_call(_create._get_kwargs(body=body), "create")
        return _from_partner_web_hook(PartnerWebHook.from_dict(response.json()))

    def get(self, id: str) -> Flow[Subscription]:
        response = yield to_call(_get._get_kwargs(id), "read")
        return _from_partner_web_hook(PartnerWebHook.from_dict(response.json()))

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        if changes.active is not None:
            raise InvalidRequest(_NO_STATE)
        # PUT replaces the whole object: start from the current one so nothing else is lost.
        response = yield to_call(_get._get_kwargs(id), "read")
        current = PartnerWebHook.from_dict(response.json())
        updated = attrs.evolve(current)
        updated.additional_properties = dict(current.additional_properties)
        if changes.url is not None:
            others = [u for u in (_opt(current.web_hook_urls) or [])[1:] if u != changes.url]
            updated.web_hook_urls = [changes.url, *others]
            updated.url = changes.url
        if changes.events is not None:
            updated.web_hook_type = single_event(self.vendor, changes.events)
        response = yield to_call(_update._get_kwargs(id, body=updated), "update")
        return _from_partner_web_hook(PartnerWebHook.from_dict(response.json()))

    def delete(self, id: str) -> Flow[None]:
        yield to_call(_delete._get_kwargs(id), "delete")

    def first_page(self) -> Call:
        return self._page(0)

    @staticmethod
    def _page(start: int) -> Call:
        return to_call(_list._get_kwargs(start=start, limit=PAGE_SIZE), "read")

    def read_page(self, response: httpx.Response) -> Page:
        page = PartnerWebHookSearchResult.from_dict(response.json())
        # Two documented shapes: {values, skip, limit, total} and {count, total, searchResult}.
        models = _opt(page.values) or _opt(page.search_result) or []
        start = int(response.request.url.params.get("start", "0"))
        total = _opt(page.total)
        following = start + len(models)
        more = bool(models) and total is not None and following < int(total)
        return [_from_partner_web_hook(m) for m in models], (self._page(following) if more else None)


ADAPTER = BlazeAdapter

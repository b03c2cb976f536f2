"""A sixth vendor in one file: everything unihook needs to know about the made-up Acme Hooks API
(tests/unit/sixth_vendor/openapi.yaml, its client generated from that spec as `acme_client`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from unihook._types import Changes, NewSubscription, Subscription
from unihook._vendors._spec import (
    Capabilities,
    Credential,
    DeleteMode,
    Flow,
    Page,
    Req,
    Vendor,
    VendorSpec,
    flag,
    mapping,
    path_template,
    segment,
    strings,
    text,
)

SPEC = VendorSpec(
    key="acme",
    title="Acme",
    root="https://api.acme.test/v1",
    credentials=(Credential("acme_api_key", "ACME_API_KEY"),),
    credential_sets=(("acme_api_key",),),
    rate=None,
    capabilities=Capabilities(
        single_event=False,
        delete=DeleteMode.HARD,
        toggle=True,
        has_name=False,
        renamable=False,
        accepts_secret=False,
        requires_secret=False,
        echoes_secret=False,
        numeric_ids=False,
    ),
)


def _to_model(raw: Any) -> object:
    from acme_client.models import Hook

    return Hook.from_dict(raw)


def _subscription(raw: object) -> Subscription:
    data = mapping(raw, "a hook")
    return Subscription(
        "acme",
        text(data, "id", required=True) or "",
        text(data, "target", required=True) or "",
        strings(data, "topics", required=True),
        flag(data, "enabled"),
        raw=data,
        to_model=_to_model,
    )


class Acme(Vendor):
    spec = SPEC

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {values['acme_api_key']}"}

    def setup(self, values: Mapping[str, str]) -> None:
        from acme_client.api.hooks import get_hook, list_hooks
        from acme_client.models import HookChanges, HookInput
        from acme_client.types import UNSET

        self._input, self._changes, self._unset = HookInput, HookChanges, UNSET
        self._collection = path_template(list_hooks._get_kwargs)
        self._item = path_template(get_hook._get_kwargs, None)

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        return (str(body.get("message", "")) if isinstance(body, dict) else ""), {}

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        body = self._input(target=new.url, topics=list(new.events), enabled=new.active)
        response = yield Req("POST", self._collection, "create", body.to_dict())
        return _subscription(response.json())

    def get(self, id: str) -> Flow[Subscription]:
        response = yield Req("GET", self._item.format(segment(id)), "read")
        return _subscription(response.json())

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        unset = self._unset
        body = self._changes(
            target=unset if changes.url is None else changes.url,
            topics=unset if changes.events is None else list(changes.events),
            enabled=unset if changes.active is None else changes.active,
        )
        response = yield Req("PATCH", self._item.format(segment(id)), "update", body.to_dict())
        return _subscription(response.json())

    def delete(self, id: str) -> Flow[None]:
        yield Req("DELETE", self._item.format(segment(id)), "delete")

    def first_page(self, size: int) -> Req:
        return Req("GET", f"{self._collection}?page=1", "read", page=1)

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        document = mapping(response.json(), "the page")
        subs = [_subscription(item) for item in document["items"]]
        more = flag(document, "has_more")
        following = Req("GET", f"{self._collection}?page={request.page + 1}", "read", page=request.page + 1)
        return subs, following if more else None


VENDOR = Acme

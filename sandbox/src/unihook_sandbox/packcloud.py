"""Pack.cloud stand-in: webhooks per organization, bearer auth, `{data, prev, next, per_page}` pages.

Pack.cloud documents no error bodies and no DELETE (405 here). The list's `page` query parameter is the
sandbox's own: the spec only says to follow `next` as given.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from unihook_sandbox_models.packcloud import CreateWebhookRequest, UpdateWebhookRequest, WebhookEventCodeKnown

from ._core import (
    BadBody,
    SandboxState,
    bearer_token,
    each_record,
    empty_response,
    json_object,
    json_response,
    query_int,
    too_long,
    utc_now,
    validated,
    vendor_root,
    with_unknown_field,
)
from ._deliver import Delivery, sandbox_delivery

KEY = "packcloud"
PER_PAGE = 25
KNOWN_EVENT_CODES = frozenset(code.value for code in WebhookEventCodeKnown)


class PackcloudApi:
    key = KEY
    queue_exempt_paths: frozenset[str] = frozenset()

    def __init__(self, state: SandboxState) -> None:
        self._state = state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/organizations/{organization}/webhooks", self._create, methods=["POST"]),
            Route("/organizations/{organization}/webhooks", self._list, methods=["GET"]),
            Route("/organizations/{organization}/webhooks/{id}", self._get, methods=["GET"]),
            Route("/organizations/{organization}/webhooks/{id}", self._update, methods=["PUT"]),
        ]

    def not_found(self) -> Response:
        return empty_response(404)

    def error_response(self, status: int) -> Response:
        return empty_response(status)

    def method_not_allowed(self) -> Response:
        return empty_response(405)

    def reveal_unknown_values(self, body: Any) -> Any:
        for record in each_record(body, ("data",)):
            # The seed's own example value, in no documented list.
            record["event_code"] = "orders.created"
            with_unknown_field(record)
        return with_unknown_field(body)

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        # Pack.cloud signs deliveries with the webhook's secret but documents neither header nor algorithm: the
        # sandbox signs with its own scheme. Every organization's webhooks.
        return [
            sandbox_delivery(record["id"], record["endpoint"], event, data, secret=record["secret"])
            for record in self._state.records(KEY)
            if record.get("enabled") is True and record.get("event_code") == event
        ]

    def _refusal(self, request: Request) -> Response | None:
        return empty_response(401) if bearer_token(request) is None else None

    async def _create(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            body = validated(CreateWebhookRequest, await json_object(request))
        except (BadBody, ValidationError):
            return empty_response(422)
        fields = body.model_dump(mode="json", exclude_none=True)
        if not _acceptable(fields):
            return empty_response(422)
        now = utc_now()
        webhook_id = str(uuid.uuid4())
        record: dict[str, Any] = {
            "id": webhook_id,
            "event_code": fields["event_code"],
            "endpoint": fields["endpoint"],
            "secret": fields["secret"],
            "enabled": fields.get("enabled", True),
            "created_at": now,
            "updated_at": now,
        }
        with self._state.lock:
            store = self._state.store(KEY)
            store.records[webhook_id] = record
            store.scopes[webhook_id] = request.path_params["organization"]
            return json_response(record, 201)

    async def _list(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        page = query_int(request.query_params.get("page"), 1)
        if page is None or page < 1:
            return empty_response(400)
        organization: str = request.path_params["organization"]
        owned = self._state.records(KEY, scope=organization)
        base = f"{vendor_root(request)}/organizations/{quote(organization, safe='')}/webhooks"
        has_next = page * PER_PAGE < len(owned)
        return json_response(
            {
                "data": owned[(page - 1) * PER_PAGE : page * PER_PAGE],
                "prev": f"{base}?page={page - 1}" if page > 1 else None,
                "next": f"{base}?page={page + 1}" if has_next else None,
                "per_page": PER_PAGE,
            }
        )

    async def _get(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            record = self._owned(request)
            return empty_response(404) if record is None else json_response(record)

    async def _update(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            body = validated(UpdateWebhookRequest, await json_object(request))
        except (BadBody, ValidationError):
            return empty_response(422)
        # Partial update: fields left out keep their values (an explicit null is refused: `validated`).
        fields = body.model_dump(mode="json", exclude_none=True)
        if not _acceptable(fields):
            return empty_response(422)
        with self._state.lock:
            record = self._owned(request)
            if record is None:
                return empty_response(404)
            record.update(fields)
            record["updated_at"] = utc_now()
            return json_response(record)

    def _owned(self, request: Request) -> dict[str, Any] | None:
        """The organization's webhook named in the path; the caller holds the lock."""
        store = self._state.store(KEY)
        webhook_id: str = request.path_params["id"]
        if store.scopes.get(webhook_id) != request.path_params["organization"]:
            return None
        return store.records.get(webhook_id)


def _acceptable(fields: dict[str, Any]) -> bool:
    """A documented event code and no blank endpoint or secret."""
    if "event_code" in fields and fields["event_code"] not in KNOWN_EVENT_CODES:
        return False
    if too_long(fields.get("endpoint")):
        return False
    return all(str(fields[name]).strip() for name in ("endpoint", "secret") if name in fields)

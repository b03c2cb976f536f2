"""Flxpoint stand-in: `/webhhok/configurations` (sic), X-API-TOKEN auth, 2 requests/second per token.

Flxpoint documents no error bodies, so every error here is empty; there is no DELETE route (405).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from unihook_sandbox_models.flxpoint import (
    CreateWebhookConfigurationRequest,
    UpdateWebhookConfigurationRequest,
    WebhookConfigurationStatusKnown,
    WebhookEventKnown,
)

from ._core import (
    BadBody,
    SandboxState,
    each_record,
    empty_response,
    json_object,
    json_response,
    too_long,
    utc_now,
    validated,
    with_unknown_field,
)
from ._deliver import Delivery, sandbox_delivery

KEY = "flxpoint"
REQUESTS_PER_SECOND = 2
KNOWN_EVENTS = frozenset(event.value for event in WebhookEventKnown)
KNOWN_STATUSES = frozenset(status.value for status in WebhookConfigurationStatusKnown)


class FlxpointApi:
    key = KEY
    queue_exempt_paths: frozenset[str] = frozenset()

    def __init__(self, state: SandboxState) -> None:
        self._state = state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/webhhok/configurations", self._create, methods=["POST"]),
            Route("/webhhok/configurations", self._list, methods=["GET"]),
            Route("/webhhok/configurations/{id}", self._get, methods=["GET"]),
            Route("/webhhok/configurations/{id}", self._update, methods=["PATCH"]),
        ]

    def not_found(self) -> Response:
        return empty_response(404)

    def error_response(self, status: int) -> Response:
        return empty_response(status)

    def method_not_allowed(self) -> Response:
        return empty_response(405)

    def reveal_unknown_values(self, body: Any) -> Any:
        for record in each_record(body, ()):
            record["subscribedEvents"] = [*record.get("subscribedEvents", []), "SOMETHING_NEW"]
            record["status"] = "paused"
            with_unknown_field(record)
        return body

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        # Flxpoint documents no delivery signing: the sandbox's envelope, unsigned. Active configurations only
        # (not "disabled", nor soft-deleted ones, which stay listed).
        return [
            sandbox_delivery(record["id"], record["webhookUrl"], event, data)
            for record in self._state.records(KEY)
            if record.get("status") == "active" and event in record.get("subscribedEvents", [])
        ]

    def _refusal(self, request: Request) -> Response | None:
        token = request.headers.get("x-api-token", "").strip()
        if not token:
            return empty_response(401)
        if not self._state.admit(KEY, token, REQUESTS_PER_SECOND, 1.0):
            return empty_response(429)
        return None

    async def _create(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            body = validated(CreateWebhookConfigurationRequest, await json_object(request))
        except (BadBody, ValidationError):
            return empty_response(400)
        fields = body.model_dump(mode="json", exclude_none=True)
        if not _known_events(fields["subscribedEvents"]) or too_long(fields["webhookUrl"]):
            return empty_response(400)
        now = utc_now()
        with self._state.lock:
            store = self._state.store(KEY)
            store.serial += 1
            number = store.serial
            record: dict[str, Any] = {
                "id": number,
                # The response requires a name although the request does not; the vendor's default is
                # undocumented, so the sandbox names it after the id.
                "configurationName": fields.get("configurationName", f"Webhook Configuration {number}"),
            }
            record.update({name: fields[name] for name in ("sourceId", "channelId") if name in fields})
            record["webhookUrl"] = fields["webhookUrl"]
            if "notificationEmail" in fields:
                record["notificationEmail"] = fields["notificationEmail"]
            record.update(status="active", subscribedEvents=fields["subscribedEvents"], createdAt=now, updatedAt=now)
            store.records[str(number)] = record
            return json_response(record)

    async def _list(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        # Soft-deleted configurations stay listed, with status "deleted".
        return json_response(self._state.records(KEY))

    async def _get(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            record = self._state.store(KEY).records.get(_record_key(request))
            return empty_response(404) if record is None else json_response(record)

    async def _update(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            body = validated(UpdateWebhookConfigurationRequest, await json_object(request))
        except (BadBody, ValidationError):
            return empty_response(400)
        fields = body.model_dump(mode="json", exclude_none=True)
        if (
            not _known_events(fields["subscribedEvents"])
            or fields.get("status", "active") not in KNOWN_STATUSES
            or too_long(fields["webhookUrl"])
        ):
            return empty_response(400)
        with self._state.lock:
            record = self._state.store(KEY).records.get(_record_key(request))
            if record is None:
                return empty_response(404)
            record.update(fields)
            record["updatedAt"] = utc_now()
            return json_response(record)


def _record_key(request: Request) -> str:
    raw: str = request.path_params["id"]
    # Ids are integers; "07" and "7" name the same configuration, anything else none. ASCII digits only:
    # str.isdigit() also accepts "²" (which int() refuses) and "٣" (which int() reads as 3).
    return str(int(raw)) if raw.isascii() and raw.isdigit() else ""


def _known_events(events: list[str]) -> bool:
    return all(event in KNOWN_EVENTS for event in events)

"""Shipping Channels stand-in: `/webhook-subscriptions`, Laravel-style envelopes and validation errors,
secrets always masked in responses."""

from __future__ import annotations

import copy
import secrets
import time
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from unihook_sandbox_models.shipping_channels import (
    CreateWebhookSubscriptionRequest,
    UpdateWebhookSubscriptionRequest,
    WebhookEventKnown,
)

from ._core import (
    MAX_URL_LENGTH,
    BadBody,
    SandboxState,
    bearer_token,
    json_object,
    json_response,
    page_count,
    query_int,
    too_long,
    utc_now,
    validated,
    vendor_root,
    with_unknown_field,
)
from ._deliver import Delivery, sandbox_delivery

KEY = "shipping_channels"
MASKED_SECRET = "\u2022" * 16
PER_PAGE_DEFAULT = 15
PER_PAGE_MAX = 100
RETRY_AFTER_SECONDS = 1
KNOWN_EVENTS = frozenset(event.value for event in WebhookEventKnown)
# The live catalogue: the nine events of the available-events page plus the four of the webhooks guide.
AVAILABLE_EVENTS = (
    ("shipping_channel.created", "Shipping Channel Created", "Fires when a new shipping channel is created"),
    ("shipping_channel.updated", "Shipping Channel Updated", "Fires when a shipping channel is updated"),
    ("shipping_channel.deleted", "Shipping Channel Deleted", "Fires when a shipping channel is deleted"),
    (
        "shipping_channel.validated",
        "Shipping Channel Validated",
        "Fires when a shipping channel is successfully validated",
    ),
    (
        "shipping_channel.status_changed",
        "Shipping Channel Status Changed",
        "Fires when a shipping channel's status changes",
    ),
    ("tracking_parcel.created", "Tracking Parcel Created", "Fires when a new tracking parcel is created"),
    ("tracking_parcel.updated", "Tracking Parcel Updated", "Fires when a tracking parcel is updated"),
    ("tracking_parcel.deleted", "Tracking Parcel Deleted", "Fires when a tracking parcel is deleted"),
    (
        "tracking_parcel.status_changed",
        "Tracking Parcel Status Changed",
        "Fires when a tracking parcel's status changes",
    ),
    ("shipment.created", "Shipment Created", "Fires when a new shipment is created"),
    ("shipment.updated", "Shipment Updated", "Fires when a shipment is updated"),
    ("shipment.deleted", "Shipment Deleted", "Fires when a shipment is deleted"),
    ("shipment.status_changed", "Shipment Status Changed", "Fires when a shipment's status changes"),
)
# Laravel's wording for the pydantic error types a request can trigger.
MESSAGES = {
    "missing": "The {field} field is required.",
    "string_type": "The {field} field must be a string.",
    "list_type": "The {field} field must be an array.",
    "bool_type": "The {field} field must be true or false.",
    "bool_parsing": "The {field} field must be true or false.",
    "string_too_short": "The {field} must be at least 8 characters.",
    # An empty `events` list (the spec's minItems 1) is missing to Laravel: the seed's own 422 message.
    "too_short": "The {field} field is required.",
}
# The spec's SubscriptionUrl pattern (an http(s) URL with a host, no whitespace), which the generated model checks.
VALID_URL = "The url must be a valid URL."


def error(status: int, code: str, message: str) -> Response:
    return json_response({"error": {"code": code, "message": message, "status": status}}, status)


def invalid(errors: dict[str, list[str]]) -> Response:
    return json_response({"error": {"message": "The given data was invalid.", "errors": errors}}, 422)


def _public(record: dict[str, Any]) -> dict[str, Any]:
    shown = copy.deepcopy(record)
    shown["secret"] = MASKED_SECRET
    return shown


class ShippingChannelsApi:
    key = KEY
    queue_exempt_paths: frozenset[str] = frozenset()

    def __init__(self, state: SandboxState) -> None:
        self._state = state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/webhook-subscriptions", self._create, methods=["POST"]),
            Route("/webhook-subscriptions", self._list, methods=["GET"]),
            # Before the `{id}` template, which would otherwise take "available-events" as an id.
            Route("/webhook-subscriptions/available-events", self._available_events, methods=["GET"]),
            Route("/webhook-subscriptions/{id}", self._get, methods=["GET"]),
            Route("/webhook-subscriptions/{id}", self._update, methods=["PUT"]),
            Route("/webhook-subscriptions/{id}", self._delete, methods=["DELETE"]),
        ]

    def not_found(self) -> Response:
        return _not_found()

    def error_response(self, status: int) -> Response:
        if status == 429:
            response = json_response(
                {
                    "error": {
                        "code": "rate_limit_exceeded",
                        "message": f"Rate limit exceeded. Try again in {RETRY_AFTER_SECONDS} seconds.",
                        "retry_after": RETRY_AFTER_SECONDS,
                    }
                },
                429,
                headers={
                    "X-RateLimit-Limit": "100",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(int(time.time()) + RETRY_AFTER_SECONDS),
                },
            )
            return response
        phrase = HTTPStatus(status).phrase
        return error(status, phrase.lower().replace(" ", "_"), f"{phrase} (sandbox fault)")

    def method_not_allowed(self) -> Response:
        return error(405, "method_not_allowed", "The method is not supported for this route.")

    def reveal_unknown_values(self, body: Any) -> Any:
        data = body.get("data") if isinstance(body, dict) else None
        items = [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, dict)]
        if isinstance(data, list) and any("value" in item for item in items):
            # The event catalogue grows an event of its own.
            data.append({"value": "SOMETHING_NEW", "label": "Something New", "description": "Not in any spec"})
        for item in items:
            if "value" not in item:
                item["events"] = [*item.get("events", []), "SOMETHING_NEW"]
                item["status"] = "paused"
            with_unknown_field(item)
        return with_unknown_field(body)

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        # Shipping Channels signs deliveries with the subscription's secret but documents neither header nor
        # algorithm: the sandbox signs with its own scheme. The stored secret is the real one (only responses
        # mask it).
        return [
            sandbox_delivery(record["id"], record["url"], event, data, secret=record["secret"])
            for record in self._state.records(KEY)
            if record.get("active") is True and event in record.get("events", [])
        ]

    def _refusal(self, request: Request) -> Response | None:
        if bearer_token(request) is None:
            return error(401, "unauthorized", "Invalid or missing API key.")
        return None

    async def _create(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            raw = await json_object(request)
        except BadBody as exc:
            return error(400, "invalid_request", str(exc))
        if errors := _validation_errors(raw, CreateWebhookSubscriptionRequest):
            return invalid(errors)
        fields = validated(CreateWebhookSubscriptionRequest, raw).model_dump(mode="json", exclude_none=True)
        now = utc_now()
        with self._state.lock:
            store = self._state.store(KEY)
            subscription_id = _new_id(store.records)
            record: dict[str, Any] = {
                "id": subscription_id,
                "name": fields["name"],
                "url": fields["url"],
                "events": fields["events"],
                # Generated when omitted, and never shown: only the test-side records reveal it.
                "secret": fields.get("secret") or secrets.token_hex(16),
                "active": fields.get("active", True),
                "created_at": now,
                "updated_at": now,
            }
            store.records[subscription_id] = record
            return json_response({"data": _public(record)}, 201)

    async def _list(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        query = request.query_params
        errors: dict[str, list[str]] = {}
        page = query_int(query.get("page"), 1)
        if page is None:
            errors["page"] = ["The page field must be an integer."]
        elif page < 1:
            errors["page"] = ["The page field must be at least 1."]
        per_page = query_int(query.get("per_page"), PER_PAGE_DEFAULT)
        if per_page is None:
            errors["per_page"] = ["The per page field must be an integer."]
        elif per_page < 1:
            errors["per_page"] = ["The per page field must be at least 1."]
        elif per_page > PER_PAGE_MAX:
            errors["per_page"] = [f"The per page field must not be greater than {PER_PAGE_MAX}."]
        if errors or page is None or per_page is None:
            # 400, not the 422 of a body: the spec documents 400 for invalid query values (the seed's "Invalid
            # input parameters") and no 422 on this operation. The per-field messages ride along.
            return json_response(
                {
                    "error": {
                        "code": "invalid_request",
                        "message": "The given data was invalid.",
                        "status": 400,
                        "errors": errors,
                    }
                },
                400,
            )
        everything = self._state.records(KEY)
        items = everything[(page - 1) * per_page : page * per_page]
        last_page = max(page_count(len(everything), per_page), 1)
        path = f"{vendor_root(request)}/webhook-subscriptions"
        # Like Laravel's withQueryString(): links keep the other parameters, per_page included.
        kept = [(name, value) for name, value in query.multi_items() if name != "page"]

        def link(number: int) -> str:
            return f"{path}?{urlencode([*kept, ('page', str(number))])}"

        first_position = (page - 1) * per_page + 1
        return json_response(
            {
                "data": [_public(record) for record in items],
                "meta": {
                    "current_page": page,
                    "from": first_position if items else None,
                    "last_page": last_page,
                    "path": path,
                    "per_page": per_page,
                    "to": first_position + len(items) - 1 if items else None,
                    "total": len(everything),
                },
                "links": {
                    "first": link(1),
                    "last": link(last_page),
                    "prev": link(page - 1) if page > 1 else None,
                    "next": link(page + 1) if page < last_page else None,
                },
            }
        )

    async def _available_events(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        catalogue = [{"value": value, "label": label, "description": text} for value, label, text in AVAILABLE_EVENTS]
        return json_response({"data": catalogue})

    async def _get(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            record = self._state.store(KEY).records.get(request.path_params["id"])
            return _not_found() if record is None else json_response({"data": _public(record)})

    async def _update(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            raw = await json_object(request)
        except BadBody as exc:
            return error(400, "invalid_request", str(exc))
        with self._state.lock:
            if request.path_params["id"] not in self._state.store(KEY).records:
                return _not_found()
        if errors := _validation_errors(raw, UpdateWebhookSubscriptionRequest):
            return invalid(errors)
        # An omitted field keeps its value; the docs say so for `secret` (an explicit null is refused: `validated`).
        fields = validated(UpdateWebhookSubscriptionRequest, raw).model_dump(mode="json", exclude_none=True)
        with self._state.lock:
            record = self._state.store(KEY).records.get(request.path_params["id"])
            if record is None:
                return _not_found()
            record.update(fields)
            record["updated_at"] = utc_now()
            return json_response({"data": _public(record)})

    async def _delete(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            if self._state.store(KEY).records.pop(request.path_params["id"], None) is None:
                return _not_found()
        return Response(status_code=204)


def _validation_errors(raw: dict[str, Any], model: type[BaseModel]) -> dict[str, list[str]]:
    """Every problem of a create/update body, keyed by field as Laravel reports them (`events.0`)."""
    errors: dict[str, list[str]] = {}
    try:
        validated(model, raw)
    except ValidationError as exc:
        for problem in exc.errors():
            key = ".".join(str(part) for part in problem["loc"][:2])
            if problem["type"] == "string_pattern_mismatch":
                # The spec's patterns: `name` not blank (Laravel: missing), `url` an http(s) URL.
                message = VALID_URL if key == "url" else MESSAGES["missing"].format(field=key)
            else:
                template = MESSAGES.get(problem["type"], "The {field} field is invalid.")
                message = template.format(field=key.replace("_", " "))
            if message not in errors.setdefault(key, []):
                errors[key].append(message)
    url = raw.get("url")
    if "url" not in errors and too_long(url):
        errors["url"] = [f"The url field must not be greater than {MAX_URL_LENGTH} characters."]
    events = raw.get("events")
    if "events" not in errors and isinstance(events, list):
        for index, event in enumerate(events):
            if isinstance(event, str) and event not in KNOWN_EVENTS:
                errors[f"events.{index}"] = [f"The selected events.{index} is invalid."]
    return errors


def _not_found() -> Response:
    return error(404, "not_found", "Webhook subscription not found.")


def _new_id(taken: dict[str, Any]) -> str:
    while True:
        candidate = f"wh_{secrets.randbelow(900_000) + 100_000}"
        if candidate not in taken:
            return candidate

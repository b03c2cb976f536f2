"""BLAZE Partner API stand-in: `/api/v1/partner/webHooks`, two keys per request (`x-api-key` and a raw
`Authorization`), timestamps in epoch milliseconds. Errors come in both documented shapes: a body field at fault
as `{field, message, errorType}` (the Swagger's), anything else as `{error, message, status}` (the errors page)."""

from __future__ import annotations

import secrets
from http import HTTPStatus
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from unihook_sandbox_models.blaze import CreatePartnerWebHookRequest, PartnerWebHook, PartnerWebHookTypeKnown

from ._core import (
    MAX_URL_LENGTH,
    BadBody,
    SandboxState,
    each_record,
    empty_response,
    epoch_ms,
    json_object,
    json_response,
    query_int,
    too_long,
    validated,
    with_unknown_field,
)
from ._deliver import Delivery, sandbox_delivery

KEY = "blaze"
COMPANY_ID = "sandbox-company"
LIST_LIMIT_DEFAULT = 100
KNOWN_TYPES = frozenset(kind.value for kind in PartnerWebHookTypeKnown)
# Timestamps the spec types `integer, format: int64` (epoch milliseconds); read as the server's, but a value out of the
# format's range is still refused.
EPOCH_FIELDS = ("created", "modified")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# What a caller may set; id, companyId, created, modified, deleted and updated belong to the server.
WRITABLE = ("shopId", "url", "webHookType", "webHookUrls")


# ASSUMPTION (the sandbox's): BLAZE documents two error bodies and not when it sends which (specs/blaze's
# ErrorResponse). The sandbox sends the Swagger's `{field, message, errorType}` where one request field is at
# fault, and `{error, message, status}` for everything else. The errorType's form follows the Swagger's
# placeholder ("the.error.type.exception"); BLAZE's real exception names are not documented.
INVALID_FIELD = "invalid.argument.exception"


def error(status: int, message: str) -> Response:
    return json_response({"error": HTTPStatus(status).phrase, "message": message, "status": status}, status)


def field_error(field: str, message: str) -> Response:
    """A 400 naming the request field at fault, in the Swagger's documented shape."""
    return json_response({"field": field, "message": message, "errorType": INVALID_FIELD}, 400)


# What the spec's DeliveryUrls refuses (fewer than one URL, a blank one), in the sandbox's own words.
NO_DELIVERY_URL = "webHookUrls must not be empty"


def _first_problem(exc: ValidationError) -> Response:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    if not where:
        return error(400, f"body: {first['msg']}")
    if first["loc"][0] == "webHookUrls" and first["type"] in ("too_short", "string_pattern_mismatch"):
        return field_error("webHookUrls", NO_DELIVERY_URL)
    return field_error(str(first["loc"][0]), f"{where}: {first['msg']}")


class BlazeApi:
    key = KEY
    queue_exempt_paths: frozenset[str] = frozenset()

    def __init__(self, state: SandboxState) -> None:
        self._state = state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/api/v1/partner/webHooks", self._create, methods=["POST"]),
            Route("/api/v1/partner/webHooks", self._list, methods=["GET"]),
            Route("/api/v1/partner/webHooks/{id}", self._get, methods=["GET"]),
            Route("/api/v1/partner/webHooks/{id}", self._replace, methods=["PUT"]),
            Route("/api/v1/partner/webHooks/{id}", self._delete, methods=["DELETE"]),
        ]

    def not_found(self) -> Response:
        return _not_found()

    def error_response(self, status: int) -> Response:
        if status == 429:
            # BLAZE documents 429 but no Retry-After or rate-limit header: clients back off on their own.
            return error(429, "Rate limit exceeded, back off and retry later")
        return error(status, f"{HTTPStatus(status).phrase} (sandbox fault)")

    def method_not_allowed(self) -> Response:
        return error(405, "Request method not supported for this path")

    def reveal_unknown_values(self, body: Any) -> Any:
        for record in each_record(body, ("values",)):
            record["webHookType"] = "TRANSACTION_UPDATE"
            with_unknown_field(record)
        return with_unknown_field(body)

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        # BLAZE documents no delivery signing: the sandbox's envelope, unsigned, to every URL in webHookUrls (the
        # single `url` is not a delivery target).
        return [
            sandbox_delivery(record["id"], url, event, data)
            for record in self._state.records(KEY)
            if record.get("webHookType") == event and not record.get("deleted")
            for url in record.get("webHookUrls") or []
        ]

    def _refusal(self, request: Request) -> Response | None:
        if not request.headers.get("x-api-key", "").strip():
            return error(401, "Missing partner key (x-api-key header)")
        if not request.headers.get("authorization", "").strip():
            return error(401, "Missing developer key (Authorization header)")
        return None

    async def _create(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            body = validated(CreatePartnerWebHookRequest, await json_object(request))
        except BadBody as exc:
            return error(400, str(exc))
        except ValidationError as exc:
            return _first_problem(exc)
        fields = body.model_dump(mode="json", exclude_none=True)
        if (problem := _problem(fields)) is not None:
            return field_error(*problem)
        now = epoch_ms()
        with self._state.lock:
            store = self._state.store(KEY)
            webhook_id = _new_id(store.records)
            record: dict[str, Any] = {"id": webhook_id, "companyId": COMPANY_ID}
            if "shopId" in fields:
                record["shopId"] = fields["shopId"]
            record.update(created=now, modified=now, deleted=False, updated=False)
            record.update({name: fields[name] for name in ("url", "webHookType", "webHookUrls") if name in fields})
            store.records[webhook_id] = record
            return json_response(record)

    async def _list(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        query = request.query_params
        start = query_int(query.get("start"), 0)
        if start is None or start < 0:
            return error(400, "start must be a non-negative integer")
        limit = query_int(query.get("limit"), LIST_LIMIT_DEFAULT)
        if limit is None or limit < 1:
            return error(400, "limit must be a positive integer")
        shop_id, kind = query.get("shopId"), query.get("type")
        matching = [
            record
            for record in self._state.records(KEY)
            if (shop_id is None or record.get("shopId") == shop_id)
            and (kind is None or record.get("webHookType") == kind)
        ]
        return json_response(
            {"values": matching[start : start + limit], "skip": start, "limit": limit, "total": len(matching)}
        )

    async def _get(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            record = self._state.store(KEY).records.get(request.path_params["id"])
            return _not_found() if record is None else json_response(record)

    async def _replace(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        webhook_id: str = request.path_params["id"]
        try:
            body = validated(PartnerWebHook, await json_object(request))
        except BadBody as exc:
            return error(400, str(exc))
        except ValidationError as exc:
            return _first_problem(exc)
        # ASSUMPTION (the sandbox's): the path names the registration; an `id` in the body, like the server's other
        # fields (companyId, created, ...), is the object as read and is ignored. BLAZE documents nothing either way.
        fields = body.model_dump(mode="json", exclude_none=True)
        if (problem := _problem(fields)) is not None:
            return field_error(*problem)
        with self._state.lock:
            record = self._state.store(KEY).records.get(webhook_id)
            if record is None:
                return _not_found()
            # A PUT replaces the registration: writable fields left out are gone afterwards.
            for name in WRITABLE:
                record.pop(name, None)
            record.update({name: fields[name] for name in WRITABLE if name in fields})
            record.update(modified=epoch_ms(), updated=True)
            return json_response(record)

    async def _delete(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            if self._state.store(KEY).records.pop(request.path_params["id"], None) is None:
                return _not_found()
        return empty_response(200)


def _problem(fields: dict[str, Any]) -> tuple[str, str] | None:
    """What BLAZE would refuse in a create or replace body beyond the spec's schema: (the field at fault, why).

    The create schema requires webHookType and at least one delivery URL, none blank; the replace takes the
    PartnerWebHook object, which requires nothing (the vendor's Swagger): a field left out is gone afterwards."""
    if "webHookType" in fields and fields["webHookType"] not in KNOWN_TYPES:
        return "webHookType", f"webHookType {fields['webHookType']!r} is not a valid web hook type"
    urls = fields.get("webHookUrls", [])
    for name in EPOCH_FIELDS:
        if name in fields and not INT64_MIN <= fields[name] <= INT64_MAX:
            return name, f"{name} must be a 64-bit integer (epoch milliseconds)"
    too_long_one = f"is longer than {MAX_URL_LENGTH} characters (the sandbox's assumed limit)"
    if any(too_long(url) for url in urls):
        return "webHookUrls", f"a web hook URL {too_long_one}"
    if too_long(fields.get("url")):
        return "url", f"url {too_long_one}"
    return None


def _not_found() -> Response:
    return error(404, "WebHook not found")


def _new_id(taken: dict[str, Any]) -> str:
    while True:
        candidate = secrets.token_hex(12)
        if candidate not in taken:
            return candidate

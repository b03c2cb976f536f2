"""Commerce Layer stand-in: JSON:API webhooks under `/api`, bearer tokens from `/oauth/token`.

Every API response is `application/vnd.api+json`; requests must send `Accept: application/vnd.api+json` (else 406)
and bodies in that media type (415), as the real API demands.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
import secrets
import string
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from unihook_sandbox_models.commercelayer import CreateWebhookRequest, UpdateWebhookRequest

from ._core import (
    MAX_URL_LENGTH,
    BadBody,
    SandboxState,
    bearer_token,
    each_record,
    json_body,
    json_response,
    page_count,
    query_int,
    too_long,
    utc_now,
    validated,
    vendor_root,
    with_unknown_field,
)
from ._deliver import Delivery, hmac_sha256_base64, json_bytes

KEY = "commercelayer"
MEDIA_TYPE = "application/vnd.api+json"
PAGE_SIZE_DEFAULT = 10
PAGE_SIZE_MAX = 25
TOKEN_LIFETIME_SECONDS = 7200
ORGANIZATION_ID = "SandboxOrg"
RELATIONSHIPS = ("last_event_callbacks", "versions", "event_stores")
ATTRIBUTES = (
    "name",
    "topic",
    "callback_url",
    "include_resources",
    "created_at",
    "updated_at",
    "reference",
    "reference_origin",
    "metadata",
    "disabled_at",
    "circuit_state",
    "circuit_failure_count",
    "shared_secret",
)
# Attributes a list may filter on (the ransack-style `filter[q][<attr>_<matcher>]` family) and sort on, as the
# vendor SDK's resources.json marks them (`filterable`, `sortable`). callback_url, include_resources and
# shared_secret are not filterable: a filter on them is an unknown filter (400). metadata is filterable there,
# but only with matchers on its keys, which the sandbox does not model.
FILTERABLE = (
    "id",
    "name",
    "topic",
    "disabled_at",
    "circuit_state",
    "circuit_failure_count",
    "created_at",
    "updated_at",
    "reference",
    "reference_origin",
)
SORTABLE = (
    "id",
    "disabled_at",
    "circuit_state",
    "circuit_failure_count",
    "created_at",
    "updated_at",
    "reference",
    "reference_origin",
)


def _comma_separated(names: tuple[str, ...], prefix: str = "") -> str:
    """`^(name(,name)*)?$` over `names`, each optionally led by `prefix`: the spec's pattern for the parameter."""
    one = f"{prefix}({'|'.join(names)})"
    return f"^({one}(,{one})*)?$"


# The spec's patterns for `sort`, `include` and `fields[webhooks]` (tests/sandbox holds them equal), matched whole: a
# name the resource does not have, a space or an empty item is a 400.
SORT_PATTERN = re.compile(_comma_separated(SORTABLE, "-?"))
INCLUDE_PATTERN = re.compile(_comma_separated(RELATIONSHIPS))
FIELDS_PATTERN = re.compile(_comma_separated(ATTRIBUTES))
# Matchers whose value is a boolean (`filter[q][disabled_at_null]` is one the spec declares).
BOOLEAN_MATCHERS = ("null", "present")
# Attributes that must not be blank when sent.
REQUIRED_TEXT = ("topic", "callback_url")
# The other attributes an update may set (nullable in the resource; a request sets a value, never null: the spec's
# request schemas allow no null, see `validated`).
NULLABLE = ("name", "include_resources", "reference", "reference_origin", "metadata")
ID_ALPHABET = string.ascii_letters + string.digits
# Delivery headers, as documented: the topic, and base64(HMAC-SHA256(raw body, key = the webhook's shared_secret)).
TOPIC_HEADER = "X-CommerceLayer-Topic"
SIGNATURE_HEADER = "X-CommerceLayer-Signature"


def _is_null(value: Any) -> bool:
    return value is None or value == ""


MATCHERS: dict[str, Callable[[Any, str], bool]] = {
    "not_eq": lambda value, wanted: str(value) != wanted,
    "present": lambda value, wanted: _is_null(value) != (wanted.lower() == "true"),
    "gteq": lambda value, wanted: value is not None and str(value) >= wanted,
    "lteq": lambda value, wanted: value is not None and str(value) <= wanted,
    "start": lambda value, wanted: value is not None and str(value).startswith(wanted),
    "cont": lambda value, wanted: value is not None and wanted.lower() in str(value).lower(),
    "null": lambda value, wanted: (value is None) == (wanted.lower() == "true"),
    "end": lambda value, wanted: value is not None and str(value).endswith(wanted),
    "eq": lambda value, wanted: value is not None and str(value) == wanted,
    "in": lambda value, wanted: value is not None and str(value) in wanted.split(","),
    "gt": lambda value, wanted: value is not None and str(value) > wanted,
    "lt": lambda value, wanted: value is not None and str(value) < wanted,
}


def error_document(
    status: int,
    title: str,
    detail: str,
    code: str,
    *,
    pointer: str | None = None,
    parameter: str | None = None,
    meta: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    error: dict[str, Any] = {"title": title, "detail": detail, "code": code, "status": str(status)}
    if pointer is not None:
        error["source"] = {"pointer": pointer}
    elif parameter is not None:
        error["source"] = {"parameter": parameter}
    if meta is not None:
        error["meta"] = meta
    return json_response({"errors": [error]}, status, media_type=MEDIA_TYPE, headers=headers)


def _bad_request(detail: str, *, pointer: str | None = None, parameter: str | None = None) -> Response:
    return error_document(400, "Bad request", detail, "BAD_REQUEST", pointer=pointer, parameter=parameter)


def _not_found() -> Response:
    title = "The resource you are looking for could not be found."
    return error_document(404, title, title, "RECORD_NOT_FOUND")


def _blank(attribute: str) -> Response:
    return error_document(
        422,
        "can't be blank",
        f"{attribute} - can't be blank",
        "VALIDATION_ERROR",
        pointer=f"/data/attributes/{attribute}",
        meta={"error": "blank"},
    )


def _name_taken() -> Response:
    """A name another webhook has: the documented uniqueness ("Unique name for the webhook", the SDK's
    resources.json), reported as Rails reports a uniqueness validation."""
    return error_document(
        422,
        "has already been taken",
        "name - has already been taken",
        "VALIDATION_ERROR",
        pointer="/data/attributes/name",
        meta={"error": "taken"},
    )


def _name_in_use(records: dict[str, Any], name: Any, webhook_id: str | None = None) -> bool:
    """Whether another webhook than `webhook_id` is named `name` (an unnamed one never clashes)."""
    if name is None:
        return False
    return any(rid != webhook_id and record["attributes"]["name"] == name for rid, record in records.items())


def _too_long_url() -> Response:
    return error_document(
        422,
        "is too long",
        f"callback_url - is too long (maximum is {MAX_URL_LENGTH} characters; the sandbox's assumption)",
        "VALIDATION_ERROR",
        pointer="/data/attributes/callback_url",
        meta={"error": "too_long"},
    )


def _invalid(exc: ValidationError) -> Response:
    """A pydantic error as Commerce Layer reports it: 422 on an attribute, 400 on the document's shape."""
    first = exc.errors()[0]
    loc = [str(part) for part in first["loc"]]
    if len(loc) >= 3 and loc[:2] == ["data", "attributes"]:
        attribute = loc[2]
        # The spec's only attribute pattern is "not blank" (on topic and callback_url): Rails' "can't be blank".
        if first["type"] in ("missing", "string_pattern_mismatch"):
            return _blank(attribute)
        return error_document(
            422,
            "is invalid",
            f"{attribute} - is invalid",
            "VALIDATION_ERROR",
            pointer=f"/data/attributes/{attribute}",
            meta={"error": "invalid"},
        )
    return _bad_request(f"{'/'.join(loc) or 'body'}: {first['msg']}", pointer="/" + "/".join(loc))


class CommerceLayerApi:
    key = KEY
    # The token endpoint stands in for the separate auth host, so queued API faults skip it.
    queue_exempt_paths = frozenset({"/oauth/token"})

    def __init__(self, state: SandboxState) -> None:
        self._state = state

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/oauth/token", self._token, methods=["POST"]),
            Route("/api/webhooks", self._list, methods=["GET"]),
            Route("/api/webhooks", self._create, methods=["POST"]),
            Route("/api/webhooks/{id}", self._get, methods=["GET"]),
            Route("/api/webhooks/{id}", self._update, methods=["PATCH"]),
            Route("/api/webhooks/{id}", self._delete, methods=["DELETE"]),
        ]

    def not_found(self) -> Response:
        return _not_found()

    def error_response(self, status: int) -> Response:
        phrase = HTTPStatus(status).phrase
        if status == 429:
            return error_document(
                429,
                "Too many requests",
                "You have exceeded the rate limit for this endpoint.",
                "TOO_MANY_REQUESTS",
                headers={"x-ratelimit-limit": "50", "x-ratelimit-interval": "10", "x-ratelimit-remaining": "0"},
            )
        return error_document(status, phrase, f"{phrase} (sandbox fault)", phrase.upper().replace(" ", "_"))

    def method_not_allowed(self) -> Response:
        # The error-handling page's words for 405.
        detail = "The request method is known by the server but has been disabled and cannot be used."
        return error_document(405, "Method not allowed", detail, "METHOD_NOT_ALLOWED")

    def reveal_unknown_values(self, body: Any) -> Any:
        for resource in each_record(body, ("data",)):
            attributes = resource.get("attributes")
            if isinstance(attributes, dict):
                attributes["circuit_state"] = "half_open"
                with_unknown_field(attributes)
            meta = resource.get("meta")
            if isinstance(meta, dict):
                meta["mode"] = "staging"
            with_unknown_field(resource)
        return with_unknown_field(body)

    # -- deliveries -----------------------------------------------------------------------------------

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        """One delivery per enabled webhook whose topic is `event`: a JSON:API document of the resource (type =
        the topic's first part, e.g. `orders` for `orders.place`; attributes = `data`, or timestamps when none
        is given), signed with each webhook's shared_secret. A webhook whose circuit is open is skipped."""
        now = utc_now()
        attributes = {"created_at": now, "updated_at": now} if data is None else data
        resource = {
            "id": _new_id({}),
            "type": event.partition(".")[0] or "resources",
            "attributes": attributes,
            "meta": {"mode": "test", "organization_id": ORGANIZATION_ID},
        }
        body = json_bytes({"data": resource})
        found: list[Delivery] = []
        with self._state.lock:
            for webhook_id, stored in self._state.store(KEY).records.items():
                webhook = stored["attributes"]
                if webhook["topic"] != event or webhook["disabled_at"] is not None:
                    continue
                headers = {
                    "Content-Type": MEDIA_TYPE,
                    TOPIC_HEADER: event,
                    SIGNATURE_HEADER: hmac_sha256_base64(body, webhook["shared_secret"]),
                }
                found.append(
                    Delivery(
                        webhook_id,
                        webhook["callback_url"],
                        body,
                        headers,
                        "vendor",
                        skipped="circuit open" if webhook["circuit_state"] == "open" else None,
                        on_outcome=self._circuit_breaker(webhook_id),
                    )
                )
        return found

    def _circuit_breaker(self, webhook_id: str) -> Callable[[bool], None]:
        """Counts a webhook's failed deliveries in a row (each after all its attempts); at the threshold the
        circuit opens and deliveries stop until an update sends `_reset_circuit`. A success zeroes the count."""

        def record(delivered: bool) -> None:
            with self._state.lock:
                stored = self._state.store(KEY).records.get(webhook_id)
                if stored is None:  # deleted while the delivery was under way
                    return
                webhook = stored["attributes"]
                if delivered:
                    webhook["circuit_failure_count"] = 0
                    return
                webhook["circuit_failure_count"] = (webhook["circuit_failure_count"] or 0) + 1
                # ASSUMPTION (the sandbox's): the threshold is undocumented; DeliverySettings.circuit_threshold.
                if webhook["circuit_failure_count"] >= self._state.settings.circuit_threshold:
                    webhook["circuit_state"] = "open"

        return record

    # -- auth -----------------------------------------------------------------------------------------

    async def _token(self, request: Request) -> Response:
        params = await _token_params(request)
        client_id, client_secret = params.get("client_id", ""), params.get("client_secret", "")
        basic = _basic_credentials(request)
        if basic is not None and not (client_id and client_secret):
            client_id, client_secret = basic
        if not (client_id.strip() and client_secret.strip()):
            return json_response(
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed due to unknown client, no client "
                    "authentication included, or unsupported authentication method.",
                },
                401,
            )
        if params.get("grant_type") != "client_credentials":
            return json_response(
                {
                    "error": "unsupported_grant_type",
                    "error_description": "The authorization grant type is not supported by the authorization server.",
                },
                400,
            )
        return json_response(
            {
                "access_token": secrets.token_urlsafe(32),
                "token_type": "bearer",
                "expires_in": TOKEN_LIFETIME_SECONDS,
                "scope": "market:all",
                "created_at": int(time.time()),
            }
        )

    def _refusal(self, request: Request, *, has_body: bool = False) -> Response | None:
        if bearer_token(request) is None:
            return error_document(
                401, "Unauthorized", "The access token you provided is invalid or missing.", "INVALID_TOKEN"
            )
        # "The Accept header was not correctly set to application/vnd.api+json" (the error-handling page): absent,
        # `*/*`, a list or any other value is a 406, as the spec's required Accept parameter says.
        if request.headers.get("accept", "").strip() != MEDIA_TYPE:
            return error_document(406, "Not acceptable", f"All requests must accept {MEDIA_TYPE}.", "NOT_ACCEPTABLE")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if has_body and content_type != MEDIA_TYPE:
            return error_document(
                415,
                "Unsupported media type",
                f"All requests with a body must use the {MEDIA_TYPE} content type.",
                "UNSUPPORTED_MEDIA_TYPE",
            )
        return None

    # -- operations -----------------------------------------------------------------------------------

    async def _create(self, request: Request) -> Response:
        if (refusal := self._refusal(request, has_body=True)) is not None:
            return refusal
        try:
            document = validated(CreateWebhookRequest, await _document(request))
        except BadBody as exc:
            return _bad_request(str(exc))
        except ValidationError as exc:
            return _invalid(exc)
        attributes = document.data.attributes
        sent = attributes.model_dump(mode="json", by_alias=True, exclude_unset=True)
        for name in REQUIRED_TEXT:
            if not str(sent.get(name) or "").strip():
                return _blank(name)
        if too_long(sent.get("callback_url")):
            return _too_long_url()
        now = utc_now()
        with self._state.lock:
            store = self._state.store(KEY)
            if _name_in_use(store.records, sent.get("name") or None):
                return _name_taken()
            webhook_id = _new_id(store.records)
            stored_attributes: dict[str, Any] = {
                "name": sent.get("name") or f"Webhook {webhook_id}",
                "topic": sent["topic"],
                "callback_url": sent["callback_url"],
                "include_resources": sent.get("include_resources"),
                "created_at": now,
                "updated_at": now,
                "reference": sent.get("reference"),
                "reference_origin": sent.get("reference_origin"),
                "metadata": sent.get("metadata") or {},
                "disabled_at": now if sent.get("_disable") and not sent.get("_enable") else None,
                "circuit_state": "closed",
                "circuit_failure_count": 0,
                "shared_secret": secrets.token_hex(16),
            }
            resource = _resource(webhook_id, stored_attributes, vendor_root(request))
            store.records[webhook_id] = resource
            return json_response({"data": copy.deepcopy(resource)}, 201, media_type=MEDIA_TYPE)

    async def _list(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        query = request.query_params
        number = query_int(query.get("page[number]"), 1)
        if number is None or number < 1:
            return _bad_request("page[number] must be an integer of at least 1", parameter="page[number]")
        size = query_int(query.get("page[size]"), PAGE_SIZE_DEFAULT)
        if size is None or not 1 <= size <= PAGE_SIZE_MAX:
            return _bad_request(f"page[size] must be an integer between 1 and {PAGE_SIZE_MAX}", parameter="page[size]")
        try:
            conditions = _filters(query.multi_items())
            sort_keys = _sort_keys(query.get("sort", ""))
            fields = _sparse_fields(query.get("fields[webhooks]"))
            includes = _includes(query.get("include"))
        except ValueError as exc:
            return _bad_request(str(exc))
        root = vendor_root(request)
        with self._state.lock:
            everything = list(self._state.store(KEY).records.values())
            matching = [resource for resource in everything if _matches(_queryable(resource), conditions)]
            # Stable sorts from the last key to the first give the multi-key order.
            for name, descending in reversed(sort_keys):
                matching.sort(key=_sort_key(name), reverse=descending)
            page = matching[(number - 1) * size : number * size]
            data = [_render(resource, root, fields, includes) for resource in page]
        pages = page_count(len(matching), size)
        kept = [(name, value) for name, value in query.multi_items() if not name.startswith("page[")]

        def link(page_number: int) -> str:
            params = [*kept, ("page[number]", str(page_number)), ("page[size]", str(size))]
            return f"{root}/api/webhooks?{urlencode(params)}"

        body: dict[str, Any] = {
            "data": data,
            "meta": {"record_count": len(matching), "page_count": pages},
            "links": {
                "first": link(1),
                "prev": link(number - 1) if number > 1 else None,
                "next": link(number + 1) if number < pages else None,
                "last": link(max(pages, 1)),
            },
        }
        if includes:
            body["included"] = []
        return json_response(body, media_type=MEDIA_TYPE)

    async def _get(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        try:
            fields = _sparse_fields(request.query_params.get("fields[webhooks]"))
            includes = _includes(request.query_params.get("include"))
        except ValueError as exc:
            return _bad_request(str(exc))
        with self._state.lock:
            resource = self._state.store(KEY).records.get(request.path_params["id"])
            if resource is None:
                return _not_found()
            body: dict[str, Any] = {"data": _render(resource, vendor_root(request), fields, includes)}
        if includes:
            body["included"] = []
        return json_response(body, media_type=MEDIA_TYPE)

    async def _update(self, request: Request) -> Response:
        if (refusal := self._refusal(request, has_body=True)) is not None:
            return refusal
        webhook_id: str = request.path_params["id"]
        try:
            raw = await _document(request)
        except BadBody as exc:
            return _bad_request(str(exc))
        with self._state.lock:
            if webhook_id not in self._state.store(KEY).records:
                return _not_found()
        try:
            document = validated(UpdateWebhookRequest, raw)
        except ValidationError as exc:
            return _invalid(exc)
        if document.data.id != webhook_id:
            return _bad_request(
                f"data/id {document.data.id!r} does not match the id in the URL ({webhook_id!r})",
                pointer="/data/id",
            )
        sent = document.data.attributes.model_dump(mode="json", by_alias=True, exclude_unset=True)
        for name in REQUIRED_TEXT:
            if name in sent and not str(sent[name] or "").strip():
                return _blank(name)
        if too_long(sent.get("callback_url")):
            return _too_long_url()
        with self._state.lock:
            records = self._state.store(KEY).records
            resource = records.get(webhook_id)
            if resource is None:
                return _not_found()
            if "name" in sent and _name_in_use(records, sent["name"], webhook_id):
                return _name_taken()
            attributes: dict[str, Any] = resource["attributes"]
            now = utc_now()
            for name in (*REQUIRED_TEXT, *NULLABLE):
                if name in sent:
                    attributes[name] = sent[name]
            if sent.get("_disable"):
                attributes["disabled_at"] = attributes["disabled_at"] or now
            if sent.get("_enable"):
                attributes["disabled_at"] = None
            if sent.get("_reset_circuit"):
                attributes["circuit_state"] = "closed"
                attributes["circuit_failure_count"] = 0
            attributes["updated_at"] = now
            return json_response({"data": _render(resource, vendor_root(request))}, media_type=MEDIA_TYPE)

    async def _delete(self, request: Request) -> Response:
        if (refusal := self._refusal(request)) is not None:
            return refusal
        with self._state.lock:
            if self._state.store(KEY).records.pop(request.path_params["id"], None) is None:
                return _not_found()
        return Response(status_code=204)


def _new_id(taken: dict[str, Any]) -> str:
    while True:
        candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(10))
        if candidate not in taken:
            return candidate


def _resource(webhook_id: str, attributes: dict[str, Any], root: str) -> dict[str, Any]:
    self_url = f"{root}/api/webhooks/{webhook_id}"
    return {
        "id": webhook_id,
        "type": "webhooks",
        "links": {"self": self_url},
        "attributes": attributes,
        "relationships": {
            name: {"links": {"self": f"{self_url}/relationships/{name}", "related": f"{self_url}/{name}"}}
            for name in RELATIONSHIPS
        },
        "meta": {"mode": "test", "organization_id": ORGANIZATION_ID},
    }


def _render(
    resource: dict[str, Any], root: str, fields: tuple[str, ...] | None = None, includes: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A copy of the stored resource with links on the requesting host, a sparse fieldset and the
    (always empty) linkage of included relationships."""
    attributes = copy.deepcopy(resource["attributes"])
    if fields is not None:
        attributes = {name: value for name, value in attributes.items() if name in fields}
    rendered = _resource(resource["id"], attributes, root)
    for name in includes:
        rendered["relationships"][name]["data"] = []
    return rendered


def _queryable(resource: dict[str, Any]) -> dict[str, Any]:
    return {"id": resource["id"], **resource["attributes"]}


def _sort_key(name: str) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    def value_of(resource: dict[str, Any]) -> tuple[int, Any]:
        value = _queryable(resource)[name]
        # Nulls first, and never compared with a value.
        return (0, "") if value is None else (1, value)

    return value_of


def _matches(values: dict[str, Any], conditions: list[tuple[str, str, str]]) -> bool:
    return all(MATCHERS[matcher](values.get(attribute), wanted) for attribute, matcher, wanted in conditions)


def _filters(params: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(attribute, matcher, wanted value) of every `filter[q][<attribute>_<matcher>]` parameter."""
    conditions: list[tuple[str, str, str]] = []
    for name, wanted in params:
        if not name.startswith("filter["):
            continue
        if not (name.startswith("filter[q][") and name.endswith("]")):
            raise ValueError(f"filter {name!r} is not allowed: use filter[q][<attribute>_<matcher>]")
        predicate = name[len("filter[q][") : -1]
        for matcher in sorted(MATCHERS, key=len, reverse=True):
            attribute = predicate.removesuffix(f"_{matcher}")
            if attribute != predicate and attribute in FILTERABLE:
                if matcher in BOOLEAN_MATCHERS and wanted not in ("true", "false"):
                    raise ValueError(f"filter {name!r} takes true or false, got {wanted!r}")
                conditions.append((attribute, matcher, wanted))
                break
        else:
            raise ValueError(f"filter {name!r} is not allowed")
    return conditions


def _sort_keys(raw: str) -> list[tuple[str, bool]]:
    if not SORT_PATTERN.fullmatch(raw):
        raise ValueError(f"sort criteria {raw!r} are not allowed (sortable: {', '.join(SORTABLE)})")
    return [(part.removeprefix("-"), part.startswith("-")) for part in raw.split(",") if part]


def _sparse_fields(raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not FIELDS_PATTERN.fullmatch(raw):
        raise ValueError(f"fields[webhooks] {raw!r} names unknown attributes (known: {', '.join(ATTRIBUTES)})")
    return tuple(name for name in raw.split(",") if name)


def _includes(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not INCLUDE_PATTERN.fullmatch(raw):
        raise ValueError(f"include {raw!r} names unknown relationships (known: {', '.join(RELATIONSHIPS)})")
    return tuple(name for name in raw.split(",") if name)


async def _document(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise BadBody("the request body must be a JSON:API document (an object with data)")
    return body


async def _token_params(request: Request) -> dict[str, str]:
    raw = await request.body()
    if request.headers.get("content-type", "").split(";")[0].strip().endswith("json"):
        try:
            parsed = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
        return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else {}
    return dict(parse_qsl(raw.decode("utf-8", "replace")))


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """client_secret_basic (RFC 6749 2.3.1), which OAuth2 libraries send by default."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, client_secret = decoded.partition(":")
    return unquote(client_id), unquote(client_secret)

"""Sandbox state, fault names and the helpers the five vendor stand-ins share."""

from __future__ import annotations

import copy
import json
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from ._registry import VENDOR_KEYS

if TYPE_CHECKING:
    from ._deliver import Delivery

# Faults answered without touching the vendor stand-in (nothing is processed, nothing stored).
STATUS_FAULTS = ("429", "500", "502", "503", "504", "html", "520", "redirect")
# Where the "redirect" fault sends a client: loopback, a port nothing listens on (a client that follows it meets
# a refused connection, and nothing leaves the machine).
REDIRECT_TARGET = "http://127.0.0.1:9/collect"
# Every fault name; "slow:<seconds>" is the one parameterised fault.
FAULT_NAMES = (*STATUS_FAULTS, "drop-before", "drop-after", "malformed", "enum", "slow:<seconds>")
SLOW_PREFIX = "slow:"
MAX_SLOW_SECONDS = 30.0
# Faults are consumed one per request; the cap keeps a runaway test from queueing without end.
MAX_QUEUED_FAULTS = 100

# What the "enum" fault adds to every record: a field no spec knows.
UNKNOWN_FIELD = "x_new_field"
UNKNOWN_FIELD_VALUE = "added by the sandbox's enum fault"


def parse_fault(text: str) -> str:
    """The fault named by `text`, normalised; ValueError when it names none."""
    fault = text.strip().lower()
    if fault.startswith(SLOW_PREFIX):
        slow_seconds(fault)
        return fault
    if fault not in FAULT_NAMES:
        raise ValueError(f"unknown fault {text!r}; known: {', '.join(FAULT_NAMES)}")
    return fault


def slow_seconds(fault: str) -> float:
    """The delay of a "slow:<seconds>" fault, bounded so that no request hangs for long."""
    raw = fault[len(SLOW_PREFIX) :]
    try:
        seconds = float(raw)
    except ValueError:
        raise ValueError(f"slow fault needs a number of seconds, got {raw!r}") from None
    if not (math.isfinite(seconds) and 0 <= seconds <= MAX_SLOW_SECONDS):
        raise ValueError(f"slow fault seconds must be between 0 and {MAX_SLOW_SECONDS:g}, got {raw!r}")
    return seconds


def check_vendor(vendor: str) -> str:
    if vendor not in VENDOR_KEYS:
        raise ValueError(f"unknown vendor {vendor!r}; known: {', '.join(VENDOR_KEYS)}")
    return vendor


@dataclass(frozen=True)
class DeliverySettings:
    """How the sandbox delivers webhooks (`POST /_admin/trigger`): `SandboxState.configure`, `/_admin/settings`.

    A delivery is tried up to `delivery_attempts` times; after failed attempt n it waits
    `delivery_backoff * delivery_backoff_factor ** (n - 1)` seconds; each attempt is cut off after
    `delivery_timeout` seconds. A stand-in with a circuit breaker opens it after `circuit_threshold` failed
    deliveries in a row (a delivery fails when all its attempts did).
    """

    delivery_attempts: int = 3
    delivery_backoff: float = 0.2
    delivery_backoff_factor: float = 2.0
    delivery_timeout: float = 5.0
    # ASSUMPTION (the sandbox's, not the vendor's): the vendor with a circuit breaker documents that it opens
    # "after too many consecutive failed deliveries" but not how many.
    circuit_threshold: int = 5


# Setting -> (integer only, lowest, highest, lowest excluded): bounded so that a trigger's answer never waits long.
SETTING_BOUNDS: Mapping[str, tuple[bool, float, float, bool]] = {
    "delivery_attempts": (True, 1, 10, False),
    "delivery_backoff": (False, 0, 30, False),
    "delivery_backoff_factor": (False, 1, 10, False),
    "delivery_timeout": (False, 0, 30, True),
    "circuit_threshold": (True, 1, 1000, False),
}


def checked_settings(current: DeliverySettings, changes: Mapping[str, object]) -> DeliverySettings:
    """`current` with `changes` applied; ValueError naming the first unknown setting or value out of range."""
    known = [item.name for item in fields(DeliverySettings)]
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in known:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(known)}")
        integer, lowest, highest, open_below = SETTING_BOUNDS[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (integer and not isinstance(value, int))
            or not math.isfinite(value)
        ):
            raise ValueError(f"{name} must be {'an integer' if integer else 'a number'}, got {value!r}")
        if not ((lowest < value) if open_below else (lowest <= value)) or value > highest:
            bound = "above" if open_below else "from"
            raise ValueError(f"{name} must be {bound} {lowest:g} up to {highest:g}, got {value!r}")
        checked[name] = value if integer else float(value)
    return replace(current, **checked)


@dataclass
class VendorStore:
    """One vendor's subscriptions, in creation order, as the vendor returns them (secrets unmasked)."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Record id -> owning scope, for vendors that partition their data (Pack.cloud organizations).
    scopes: dict[str, str] = field(default_factory=dict)
    # Last number handed out, for vendors with sequential ids (Flxpoint).
    serial: int = 0


class SandboxState:
    """In-memory state of all five stand-ins, shared by the server thread and the test thread.

    Every read and write holds `lock`; handlers never await while holding it.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self._stores = {vendor: VendorStore() for vendor in VENDOR_KEYS}
        self._faults: dict[str, deque[str]] = {vendor: deque() for vendor in VENDOR_KEYS}
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._settings = DeliverySettings()

    @property
    def settings(self) -> DeliverySettings:
        """The delivery settings in force (immutable: change them with `configure`)."""
        with self.lock:
            return self._settings

    def configure(self, **changes: object) -> DeliverySettings:
        """Change delivery settings (see `DeliverySettings`); ValueError, changing nothing, when one is unknown
        or out of range. Returns the settings now in force."""
        with self.lock:
            self._settings = checked_settings(self._settings, changes)
            return self._settings

    def store(self, vendor: str) -> VendorStore:
        """The live store of `vendor`; hold `lock` while using it."""
        return self._stores[check_vendor(vendor)]

    def records(self, vendor: str, *, scope: str | None = None) -> list[dict[str, Any]]:
        """Copies of the stored subscriptions of `vendor` (optionally of one scope, e.g. a Pack.cloud
        organization), unmasked, in creation order."""
        with self.lock:
            store = self.store(vendor)
            return [
                copy.deepcopy(record)
                for record_id, record in store.records.items()
                if scope is None or store.scopes.get(record_id) == scope
            ]

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            return {vendor: self.records(vendor) for vendor in VENDOR_KEYS}

    def reset(self) -> None:
        """Forget every subscription, queued fault and rate-limit window, and restore the default settings."""
        with self.lock:
            self._stores = {vendor: VendorStore() for vendor in VENDOR_KEYS}
            for queue in self._faults.values():
                queue.clear()
            self._windows.clear()
            self._settings = DeliverySettings()

    def inject(self, vendor: str, *faults: str) -> None:
        """Queue faults for the next requests to `vendor`, one fault per request, in order."""
        parsed = [parse_fault(fault) for fault in faults]
        with self.lock:
            queue = self._faults[check_vendor(vendor)]
            if len(queue) + len(parsed) > MAX_QUEUED_FAULTS:
                raise ValueError(f"at most {MAX_QUEUED_FAULTS} faults may be queued per vendor")
            queue.extend(parsed)

    def pending_faults(self, vendor: str) -> list[str]:
        with self.lock:
            return list(self._faults[check_vendor(vendor)])

    def next_fault(self, vendor: str) -> str | None:
        with self.lock:
            queue = self._faults[check_vendor(vendor)]
            return queue.popleft() if queue else None

    def admit(self, vendor: str, key: str, limit: int, per_seconds: float) -> bool:
        """Sliding-window rate limit: True (and counted) unless `limit` requests were already admitted
        for (vendor, key) within the last `per_seconds`. Refused requests are not counted."""
        now = self.clock()
        with self.lock:
            window = self._windows.setdefault((vendor, key), deque())
            while window and now - window[0] >= per_seconds:
                window.popleft()
            if len(window) >= limit:
                return False
            window.append(now)
            return True


class VendorApi(Protocol):
    """What the app needs from each vendor stand-in."""

    @property
    def key(self) -> str: ...

    @property
    def queue_exempt_paths(self) -> frozenset[str]:
        """Paths below the mount that never consume a queued fault (the X-Unihook-Fault header still
        applies)."""
        ...

    def routes(self) -> list[BaseRoute]: ...

    def not_found(self) -> Response:
        """The vendor's 404, for a path below its root that no route matches."""
        ...

    def error_response(self, status: int) -> Response:
        """The vendor's answer with `status` (429 or 5xx), in its documented error shape."""
        ...

    def method_not_allowed(self) -> Response:
        """The vendor's 405, in its documented error shape (the app adds the `Allow` header)."""
        ...

    def reveal_unknown_values(self, body: Any) -> Any:
        """`body` with enum values and a field that no spec lists (the "enum" fault)."""
        ...

    def deliveries(self, event: str, data: dict[str, Any] | None) -> list[Delivery]:
        """What the vendor would send for `event` (with `data`, or a small default, as its payload): one
        delivery per target URL of every active registration subscribed to it, shaped and signed as the vendor
        does, or with the sandbox's own scheme where the vendor's is undocumented."""
        ...


class BadBody(Exception):
    """The request body is not the JSON the operation needs."""


# No vendor documents a longest callback URL; the sandbox's assumption (marked as such, not the vendors'), the
# same as the facade's local check (unihook._validate.MAX_URL_LENGTH).
MAX_URL_LENGTH = 2048


def too_long(url: object) -> bool:
    return isinstance(url, str) and len(url) > MAX_URL_LENGTH


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text}")
    return value


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


async def json_body(request: Request) -> Any:
    """The request's JSON, strictly: Python's parser also takes NaN, Infinity and overflowing numbers (1e400)
    and escaped lone surrogates (\\ud800), which would be stored and then break every response that echoes
    them (invalid JSON out, or a 500 when the body cannot be encoded as UTF-8)."""
    raw = await request.body()
    try:
        body = json.loads(raw, parse_float=_finite, parse_constant=_not_json)
        json.dumps(body, ensure_ascii=False).encode()
    except (ValueError, RecursionError):  # UnicodeError included; RecursionError: nested past the stack
        raise BadBody("the request body is not valid JSON") from None
    return body


Model = TypeVar("Model", bound=BaseModel)
NULL_REFUSED = PydanticCustomError("null_refused", "Input should not be null")


def validated(model: type[Model], body: Any) -> Model:
    """`model.model_validate(body)` with JSON Schema's reading of the values, which the generated models lack.

    The request models are generated from the specs (strict scalar types: no `"5"` for an integer, no `0` for a
    boolean), but
    - the generator types an optional field `X | None`, which would take `{"field": null}`: the spec's schema
      refuses it (no request field of any spec is nullable; tests/specs holds them to it), so an explicit null in a
      field the model declares is refused here; free-form members (metadata, unknown keys) may hold nulls;
    - JSON Schema counts `5.0` as an integer, which a strict integer refuses: an integral number is read as the
      integer it is (no request field of any spec is a non-integer number).
    """
    parsed = model.model_validate(_integral(body))
    nulls = list(_explicit_nulls(parsed, ()))
    if nulls:
        errors = [InitErrorDetails(type=NULL_REFUSED, loc=loc, input=None) for loc in nulls]
        raise ValidationError.from_exception_data(model.__name__, errors)
    return parsed


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return value


def _explicit_nulls(value: Any, where: tuple[str | int, ...]) -> Iterable[tuple[str | int, ...]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _explicit_nulls(item, (*where, index))
        return
    if not isinstance(value, BaseModel):
        return
    declared = type(value).model_fields
    for name in value.model_fields_set:
        info = declared.get(name)
        if info is None:  # an extra (free-form) key
            continue
        # A root model's value sits at its parent's location.
        at = where if name == "root" else (*where, info.alias or name)
        item = getattr(value, name)
        if item is None:
            yield at
        else:
            yield from _explicit_nulls(item, at)


async def json_object(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise BadBody("the request body must be a JSON object")
    return body


def utc_now() -> str:
    """ISO-8601 UTC with milliseconds and `Z`; milliseconds so that an update right after a create still
    moves `updated_at`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def epoch_ms() -> int:
    return time.time_ns() // 1_000_000


def vendor_root(request: Request) -> str:
    """The absolute URL that replaces the vendor's documented root (scheme, host and mount path)."""
    return f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}"


def json_response(
    content: Any, status: int = 200, *, media_type: str = "application/json", headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code=status, media_type=media_type, headers=dict(headers or {}))


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    return Response(b"", status_code=status, headers=dict(headers or {}))


def html_response(status: int, title: str, message: str) -> Response:
    page = (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n"
        f"<body><center><h1>{title}</h1></center><hr><center>{message}</center></body></html>\n"
    )
    return Response(page.encode(), status_code=status, media_type="text/html")


def page_count(total: int, size: int) -> int:
    return -(-total // size)


def query_int(raw: str | None, default: int) -> int | None:
    """The integer in a query parameter, `default` when absent, None when not an integer."""
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        return None


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def with_unknown_field(record: Any) -> Any:
    if isinstance(record, dict):
        record[UNKNOWN_FIELD] = UNKNOWN_FIELD_VALUE
    return record


def each_record(body: Any, keys: Iterable[str]) -> list[dict[str, Any]]:
    """The records of a response: the body itself, a bare array, or the list/object under one of `keys`."""
    if isinstance(body, list):
        return [item for item in body if isinstance(item, dict)]
    if not isinstance(body, dict):
        return []
    for key in keys:
        if key in body:
            inner = body[key]
            if isinstance(inner, list):
                return [item for item in inner if isinstance(item, dict)]
            return [inner] if isinstance(inner, dict) else []
    return [body]

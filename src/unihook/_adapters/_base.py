"""What every vendor adapter provides. Adapters do no I/O: each operation is a generator that yields the
`Call`s it needs and receives their responses, so the sync and async clients drive the same code."""

from __future__ import annotations

import datetime
import re
from collections.abc import Generator, Iterable, Sequence
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from .._config import Settings
from .._exceptions import InvalidRequest, UnsupportedOperation
from .._http import Call, CallKind, ErrorParser
from .._subscription import Subscription

T = TypeVar("T")
Flow = Generator[Call, httpx.Response, T]
Page = tuple[list[Subscription], Call | None]

OPERATIONS = ("create", "list", "get", "update", "enable", "disable", "delete")


@attrs.frozen
class Changes:
    """Fields an update sets; None leaves a field as it is."""

    url: str | None = None
    events: tuple[str, ...] | None = None
    name: str | None = None
    active: bool | None = None
    secret: str | None = attrs.field(default=None, repr=False)

    def empty(self) -> bool:
        return all(v is None for v in attrs.astuple(self))


@attrs.frozen
class NewSubscription:
    url: str
    events: tuple[str, ...]
    name: str | None = None
    secret: str | None = attrs.field(default=None, repr=False)
    active: bool = True


class Adapter(Protocol):
    vendor: str
    #: the vendor holds one event per registration
    single_event: bool
    #: operation -> "" when supported, else the reason it is not
    unsupported: dict[str, str]
    #: what delete does, for the coverage table
    delete_note: str
    #: registrations carry a name
    has_name: bool
    #: the name can be changed after create
    renamable: bool
    #: responses return the signing secret the caller set, in plain text
    echoes_secret: bool
    #: the caller may set the signing secret
    accepts_secret: bool
    #: the vendor refuses a create without a signing secret (unihook generates one)
    requires_secret: bool
    #: ids are integers on the wire
    numeric_ids: bool
    parse_error: ErrorParser

    def configure(self, settings: Settings) -> tuple[str, dict[str, str]]:
        """Validate credentials; return (base URL, static auth headers)."""
        ...

    def create(self, new: NewSubscription) -> Flow[Subscription]: ...

    def get(self, id: str) -> Flow[Subscription]: ...

    def update(self, id: str, changes: Changes) -> Flow[Subscription]: ...

    def delete(self, id: str) -> Flow[None]: ...

    def first_page(self) -> Call: ...

    def read_page(self, response: httpx.Response) -> Page: ...


def unsupported(adapter: Adapter, operation: str) -> None:
    reason = adapter.unsupported.get(operation)
    if reason:
        raise UnsupportedOperation(adapter.vendor, operation, reason)


def as_datetime(value: object) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)  # epoch milliseconds
    return None


def enum_values(items: Iterable[object]) -> tuple[str, ...]:
    """Open-enum values (a generated Enum member or an unknown str) as the vendor's own strings."""
    return tuple(str(getattr(item, "value", item)) for item in items)


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,199}$")


def check_id(vendor: str, id: object, *, numeric: bool = False) -> str:
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)
    if not isinstance(id, str) or not _ID.fullmatch(id):
        raise InvalidRequest(f"{vendor}: subscription id must be a non-empty identifier, got {id!r}")
    if numeric and not id.isdigit():
        raise InvalidRequest(f"{vendor}: subscription ids are integers, got {id!r}")
    return id


def single_event(vendor: str, events: Sequence[str]) -> str:
    if len(events) != 1:
        raise InvalidRequest(
            f"{vendor} holds one event per registration, got {len(events)} events: use create_many() to make one "
            "registration per event (the CLI and plan files do this for you)"
        )
    return events[0]


def plain_error(body: object) -> str:
    if isinstance(body, str):
        stripped = re.sub(r"<[^>]+>", " ", body)
        return " ".join(stripped.split())[:200]
    return ""


def to_call(kwargs: dict[str, Any], kind: CallKind, headers: dict[str, str] | None = None) -> Call:
    """A generated operation's `_get_kwargs(...)` as a Call (the path stays relative to the vendor root),
    with `headers` added to the ones the operation sets."""
    merged = {k: str(v) for k, v in kwargs.get("headers", {}).items()}
    if headers:
        merged.update(headers)
    return Call(
        method=kwargs["method"].upper(),
        path=kwargs["url"],
        kind=kind,
        params=kwargs.get("params") or None,
        json=kwargs.get("json"),
        headers=merged,
    )

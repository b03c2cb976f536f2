"""Local checks run before anything is sent; each failure is an InvalidRequest naming the field."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from ._exceptions import InvalidRequest

MAX_URL_LENGTH = 2048
MAX_EVENTS = 100
MAX_EVENT_LENGTH = 200
MAX_NAME_LENGTH = 255
MAX_SECRET_LENGTH = 1024


_SPACE = re.compile(r"\s")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,199}$")


def _has_control(value: str) -> bool:
    # isprintable() is False for control, format and separator characters (bar the ASCII space), in C.
    return not value.isprintable()


def check_url(url: object) -> str:
    if not isinstance(url, str):
        raise InvalidRequest(f"url must be a string, got {type(url).__name__}")
    return _check_url(url)


@functools.lru_cache(maxsize=1024)
def _check_url(url: str) -> str:
    # Pure in its string, and callers register the same few URLs again and again: parse each once.
    if not url or url != url.strip() or _has_control(url) or " " in url:
        raise InvalidRequest(f"url must be an absolute http(s) URL without spaces or control characters, got {url!r}")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidRequest(f"url is {len(url)} characters long; at most {MAX_URL_LENGTH} are accepted")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidRequest(f"url is not a valid URL ({exc}): {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidRequest(f"url must be an absolute http(s) URL, got {url!r}")
    if port == 0:
        raise InvalidRequest(f"url has an invalid port: {url!r}")
    if parts.username or parts.password:
        raise InvalidRequest("url must not carry a user name or password")
    return url


def check_events(events: object) -> tuple[str, ...]:
    if (
        type(events) is not list
        and type(events) is not tuple
        and (isinstance(events, str | bytes) or not isinstance(events, Sequence | set | frozenset))
    ):
        raise InvalidRequest(f"events must be a list of event names, got {type(events).__name__}: {events!r}")
    if len(events) > MAX_EVENTS:  # before the loop: its duplicate check is quadratic
        raise InvalidRequest(f"{len(events)} events given; at most {MAX_EVENTS} are accepted")
    result: list[str] = []
    for event in events:
        if not isinstance(event, str):
            raise InvalidRequest(f"each event must be a string, got {type(event).__name__}: {event!r}")
        # isprintable() is False for every whitespace character but the ASCII space, which is looked for apart.
        if not event or " " in event or not event.isprintable():
            raise InvalidRequest(f"event names are non-empty and contain no spaces, got {event!r}")
        if len(event) > MAX_EVENT_LENGTH:
            raise InvalidRequest(f"event name longer than {MAX_EVENT_LENGTH} characters: {event[:40]!r}...")
        if event in result:
            raise InvalidRequest(f"event {event!r} is given twice")
        result.append(event)
    if not result:
        raise InvalidRequest("events must name at least one event")
    if len(result) > MAX_EVENTS:
        raise InvalidRequest(f"{len(result)} events given; at most {MAX_EVENTS} are accepted")
    return tuple(result)


def check_name(name: object) -> str | None:
    if name is None:
        return None
    if not isinstance(name, str):
        raise InvalidRequest(f"name must be a string, got {type(name).__name__}")
    if not name.strip() or _has_control(name):
        raise InvalidRequest(f"name must be non-empty printable text, got {name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidRequest(f"name is {len(name)} characters long; at most {MAX_NAME_LENGTH} are accepted")
    return name


def check_secret(vendor: str, secret: object, minimum: int = 1) -> str | None:
    if secret is None:
        return None
    if not isinstance(secret, str):
        raise InvalidRequest(f"secret must be a string, got {type(secret).__name__}")
    if len(secret) < minimum:
        raise InvalidRequest(f"{vendor} needs a secret of at least {minimum} characters, got {len(secret)}")
    if len(secret) > MAX_SECRET_LENGTH or _has_control(secret) or _SPACE.search(secret) is not None:
        raise InvalidRequest(f"secret must be at most {MAX_SECRET_LENGTH} printable characters without spaces")
    return secret


def check_id(vendor: str, id: object, *, numeric: bool = False) -> str:
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)
    if not isinstance(id, str) or _ID.fullmatch(id) is None:
        raise InvalidRequest(f"{vendor}: subscription id must be a non-empty identifier, got {id!r}")
    if numeric and not id.isdigit():
        raise InvalidRequest(f"{vendor}: subscription ids are integers, got {id!r}")
    return id

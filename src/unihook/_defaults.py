"""Defaults and per-call options a client's signature shows, kept apart so that `import unihook` does not load
the engine."""

from __future__ import annotations

from typing import NamedTuple

import httpx

from ._exceptions import InvalidRequest

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 3


class Options(NamedTuple):
    """Per-call settings; None keeps the client's own."""

    timeout: dict[str, float | None] | None = None  # as the request extension httpx reads
    max_retries: int | None = None

    @classmethod
    def of(cls, timeout: float | httpx.Timeout | None, max_retries: int | None) -> Options:
        if timeout is None and max_retries is None:
            return _CLIENT_OPTIONS
        if max_retries is not None and (type(max_retries) is not int or max_retries < 0):
            raise InvalidRequest(f"max_retries must be 0 or more, got {max_retries!r}")
        try:
            extension = None if timeout is None else httpx.Timeout(timeout).as_dict()
        except (TypeError, ValueError) as exc:
            raise InvalidRequest(f"timeout must be seconds or an httpx.Timeout, got {timeout!r}") from exc
        return cls(extension, max_retries)


_CLIENT_OPTIONS = Options()

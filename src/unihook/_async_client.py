"""AsyncClient: a short driver of the engine's I/O-free operations, plus one-line methods.

This file is the source of `_client.py` (the blocking `Client`), which scripts/unasync.py writes from it and
`make lint` checks for drift: edit this one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from . import _vendors
from ._defaults import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Options
from ._exceptions import CoordinationError

if TYPE_CHECKING:
    from ._coordination import Coordination
    from ._engine import Op
    from ._types import Subscription
    from ._vendors import VendorKey

__all__ = ["AsyncClient"]

T = TypeVar("T")
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)


def _timeout(given: float | httpx.Timeout | None, http_client: httpx.AsyncClient | None) -> httpx.Timeout | None:
    """The per-request timeout, when the client's own is not the one to use: the one given; else an injected
    client's own when it set one (as openai-python does); else unihook's default. An injected client is never
    changed; a client unihook makes carries the timeout itself (a per-request one costs a few µs a call)."""
    if http_client is None:
        return None
    if given is not None:
        wanted = httpx.Timeout(given)
        return None if wanted == http_client.timeout else wanted
    if http_client.timeout != _HTTPX_DEFAULT_TIMEOUT:
        return None
    return DEFAULT_TIMEOUT


class _Done:
    """The end of an operation, with its result."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class AsyncClient:
    """Manage webhook subscriptions on every registered vendor.

    Credentials are keyword arguments named `<vendor>_<setting>` (`flxpoint_api_token=...`); those left out are
    read from the environment (FLXPOINT_API_TOKEN, ...), and a vendor needs its own only when it is used.
    `base_urls` replaces vendors' documented roots (else UNIHOOK_<KEY>_BASE_URL). `http_client` is the httpx
    client to send through (its transport, proxies and event hooks apply). `timeout` applies to every request:
    default 30 s, or the injected client's own when it set one. `rate_limit=True` paces vendors with a
    documented per-credential limit (Flxpoint, 2/s), a mapping sets requests per second per vendor, False turns
    pacing off. `max_retries` bounds the retries of one request. `coordination` shares pacing, tokens and
    apply's locks: a `RedisCoordination` or a redis:// URL shares them between processes and machines (default:
    UNIHOOK_REDIS_URL when set, else within this process).
    """

    def __init__(
        self,
        *,
        base_urls: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        coordination: Coordination | str | None = None,
        **credentials: str | None,
    ) -> None:
        # The engine loads with the first client, not with `import unihook`.
        from ._engine import Engine
        from ._settings import Settings

        settings = Settings.from_env().with_arguments(credentials, base_urls)
        self._engine = Engine(settings, _timeout(timeout, http_client), max_retries, rate_limit, coordination)
        self._coordination = self._engine.coordination
        self._owns_client = http_client is None
        if http_client is None:
            http_client = httpx.AsyncClient(timeout=DEFAULT_TIMEOUT if timeout is None else httpx.Timeout(timeout))
        self._http = http_client
        self._engine.build_request = self._http.build_request

    @classmethod
    def from_env(
        cls,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        **kwargs: Any,
    ) -> Self:
        """The same as the constructor, which reads what is not given from the environment."""
        return cls(http_client=http_client, rate_limit=rate_limit, **kwargs)

    def __repr__(self) -> str:
        configured = [v for v in _vendors.registered() if self._engine.configured(v)]
        return f"<unihook.{type(self).__name__} configured={configured}>"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    @property
    def vendors(self) -> tuple[str, ...]:
        return _vendors.registered()

    def configured(self, vendor: VendorKey) -> bool:
        """Whether the vendor has the credentials it needs."""
        return self._engine.configured(vendor)

    @staticmethod
    def supports(vendor: VendorKey, operation: str) -> bool:
        """Whether the vendor documents `operation` (create, list, get, update, enable, disable, delete)."""
        from ._engine import supports

        return supports(vendor, operation)

    # --- the driver -------------------------------------------------------------------------------------------

    async def _step(self, op: Op[Any], action: Any) -> Any:
        """Carry out one action the engine asked for; return the engine's next one, or `_Done` with its result
        (a StopIteration must not cross a coroutine)."""
        try:
            if isinstance(action, httpx.Request):
                try:
                    # Redirects are the engine's to judge: none is followed (credentials stay with the vendor).
                    response = await self._http.send(action, follow_redirects=False)
                    await response.aread()
                except httpx.RequestError as exc:
                    return op.throw(exc)
                return op.send(response)
            if not isinstance(action, int | float):  # a coordination Call (pacing, shared tokens)
                try:
                    result = await self._coordination.acall(action)
                except CoordinationError as exc:
                    return op.throw(exc)
                return op.send(result)
            from . import _engine  # read at each sleep: tests replace _engine._async_sleep

            await _engine._async_sleep(action)
            return op.send(None)
        except StopIteration as stop:
            return _Done(stop.value)

    async def _run(self, op: Op[T]) -> T:
        action: Any
        try:
            action = next(op)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        while type(action) is not _Done:
            action = await self._step(op, action)
        result: T = action.value
        return result

    async def _iterate(self, op: Op[None]) -> AsyncIterator[Subscription]:
        action: Any
        try:
            action = next(op)
            while type(action) is not _Done:
                if type(action) is list:
                    for item in action:
                        yield item
                    action = op.send(None)
                else:
                    action = await self._step(op, action)
        except StopIteration:
            return
        finally:
            op.close()

    # --- operations -------------------------------------------------------------------------------------------
    # Every operation takes `timeout` (seconds or an httpx.Timeout) and `max_retries` for this call alone.

    async def create(
        self,
        vendor: VendorKey,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Subscription:
        """Register `url` for `events`. Vendors holding one event per registration need exactly one event
        here; `create_many` makes one registration per event."""
        opts = Options.of(timeout, max_retries)
        return await self._run(self._engine.create(vendor, url, events, name, secret, active, opts))

    async def create_many(
        self,
        vendor: VendorKey,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[Subscription]:
        """Like create, but on a vendor holding one event per registration make one registration per event.
        If one fails, the ones already made are removed again (or disabled, where the vendor cannot delete),
        and so is one the vendor may have stored before failing; the error says what was undone. Where names
        must be unique (Commerce Layer), each registration is named `<name> <event>`."""
        opts = Options.of(timeout, max_retries)
        return await self._run(self._engine.create_many(vendor, url, events, name, secret, active, opts))

    async def get(
        self,
        vendor: VendorKey,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Subscription:
        return await self._run(self._engine.get(vendor, id, Options.of(timeout, max_retries)))

    def list(
        self,
        vendor: VendorKey,
        *,
        limit: int | None = None,
        page_size: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncIterator[Subscription]:
        """Every subscription (or the first `limit`), following the vendor's pagination lazily, one page at a
        time; `page_size` asks for smaller pages where the vendor takes a size (default: its largest)."""
        opts = Options.of(timeout, max_retries)
        return self._iterate(self._engine.list(vendor, limit, page_size, opts))

    async def update(
        self,
        vendor: VendorKey,
        id: str,
        *,
        url: str | None = None,
        events: Sequence[str] | None = None,
        name: str | None = None,
        active: bool | None = None,
        secret: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Subscription:
        """Change the given fields; the others keep their current values (read first where the vendor
        needs the whole object)."""
        opts = Options.of(timeout, max_retries)
        return await self._run(self._engine.update(vendor, id, url, events, name, active, secret, opts))

    async def enable(
        self,
        vendor: VendorKey,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Subscription:
        return await self.update(vendor, id, active=True, timeout=timeout, max_retries=max_retries)

    async def disable(
        self,
        vendor: VendorKey,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> Subscription:
        return await self.update(vendor, id, active=False, timeout=timeout, max_retries=max_retries)

    async def delete(
        self,
        vendor: VendorKey,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete the subscription (where the vendor only marks it deleted, a soft delete)."""
        await self._run(self._engine.delete(vendor, id, Options.of(timeout, max_retries)))

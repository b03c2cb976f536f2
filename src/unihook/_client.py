from __future__ import annotations

import importlib
import secrets
import threading
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import attrs
import httpx

from ._adapters._base import Changes, NewSubscription, check_id, single_event, unsupported
from ._config import CREDENTIAL_ENV, VENDORS, Settings, check_vendor
from ._exceptions import AuthenticationError, InvalidRequest, ServerError, UnihookError
from ._http import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncSender,
    Call,
    Sender,
    VendorChannel,
    logger,
    malformed_body,
)
from ._oauth import ClientCredentials
from ._ratelimit import DEFAULT_RATES, limiter_for
from ._subscription import Subscription
from ._validate import check_events, check_name, check_secret, check_url

if TYPE_CHECKING:
    from ._adapters._base import Adapter, Flow

__all__ = ["AsyncClient", "Client"]

T = TypeVar("T")
_MAX_PAGES = 10_000  # a vendor whose `next` never ends must not loop forever


def _load_adapter(vendor: str) -> type[Adapter]:
    # Each vendor's generated package is imported on first use only: `import unihook` stays cheap.
    module = importlib.import_module(f"unihook._adapters.{vendor}")
    adapter: type[Adapter] = module.ADAPTER
    return adapter


class _Core:
    """Configuration and per-vendor channels shared by Client and AsyncClient."""

    def __init__(
        self,
        settings: Settings,
        rate_limit: bool | Mapping[str, float],
        max_retries: int,
    ) -> None:
        if max_retries < 0:
            raise InvalidRequest("max_retries must be 0 or more")
        self.settings = settings
        if rate_limit is True:
            self.rates: dict[str, float] = dict(DEFAULT_RATES)
        elif rate_limit is False:
            self.rates = {}
        else:
            for vendor, rate in rate_limit.items():
                check_vendor(vendor)
                if not rate > 0:
                    raise InvalidRequest(f"rate_limit for {vendor} must be a positive requests-per-second figure")
            self.rates = dict(rate_limit)
        self.max_retries = max_retries
        self._channels: dict[str, tuple[Adapter, VendorChannel, ClientCredentials | None]] = {}
        self._lock = threading.Lock()

    def channel(self, vendor: str) -> tuple[Adapter, VendorChannel, ClientCredentials | None]:
        found = self._channels.get(vendor)
        if found is not None:
            return found
        check_vendor(vendor)
        adapter = _load_adapter(vendor)()
        base_url, headers = adapter.configure(self.settings)
        oauth = None
        if vendor == "commercelayer" and "Authorization" not in headers:
            client_id, client_secret = self.settings.require("commercelayer_client_id", "commercelayer_client_secret")
            oauth = ClientCredentials(vendor, self.settings.commercelayer_token_url(), client_id, client_secret)
        limiter = None
        if vendor in self.rates:
            token = headers.get("X-API-TOKEN") or headers.get("Authorization") or ""
            limiter = limiter_for(vendor, token, self.rates[vendor])
        channel = VendorChannel(vendor, base_url, headers, adapter.parse_error, limiter)
        with self._lock:
            return self._channels.setdefault(vendor, (adapter, channel, oauth))

    def prepare_create(
        self,
        vendor: str,
        url: str,
        events: Sequence[str],
        name: str | None,
        secret: str | None,
        active: bool,
    ) -> tuple[Adapter, list[NewSubscription]]:

        adapter = self.channel(vendor)[0]
        unsupported(adapter, "create")
        _secret_settable(adapter, secret)
        if name is not None and not adapter.has_name:
            raise InvalidRequest(f"{vendor} registrations have no name")
        url = check_url(url)
        event_list = check_events(events)
        name = check_name(name)
        secret = check_secret(vendor, secret)
        if not isinstance(active, bool):
            raise InvalidRequest(f"active must be True or False, got {active!r}")
        if adapter.single_event:
            return adapter, [NewSubscription(url, (event,), name, secret, active) for event in event_list]
        return adapter, [NewSubscription(url, event_list, name, secret, active)]

    def prepare_update(
        self,
        vendor: str,
        url: str | None,
        events: Sequence[str] | None,
        name: str | None,
        active: bool | None,
        secret: str | None,
    ) -> tuple[Adapter, Changes]:

        adapter = self.channel(vendor)[0]
        unsupported(adapter, "update")
        _secret_settable(adapter, secret)
        if name is not None and not adapter.renamable:
            what = "have no name" if not adapter.has_name else "keep the name given at create: it cannot be changed"
            raise InvalidRequest(f"{vendor} registrations {what}")
        if active is not None:
            if not isinstance(active, bool):
                raise InvalidRequest(f"active must be True, False or None, got {active!r}")
            unsupported(adapter, "enable" if active else "disable")
        changes = Changes(
            url=None if url is None else check_url(url),
            events=None if events is None else check_events(events),
            name=None if name is None else check_name(name),
            active=active,
            secret=None if secret is None else check_secret(vendor, secret),
        )
        if changes.empty():
            raise InvalidRequest("update needs at least one of url, events, name, active, secret")
        return adapter, changes


def _timeout(
    given: float | httpx.Timeout | None, http_client: httpx.Client | httpx.AsyncClient | None
) -> httpx.Timeout:
    """The per-request timeout: the one given; else an injected client's own when it set one (as
    openai-python does); else unihook's default. An injected client is never changed."""
    if given is not None:
        return httpx.Timeout(given)
    if http_client is not None and http_client.timeout != httpx.Timeout(5.0):  # httpx's own default
        return http_client.timeout
    return DEFAULT_TIMEOUT


def _secret_settable(adapter: Adapter, secret: str | None) -> None:
    if secret is not None and not adapter.accepts_secret:
        raise InvalidRequest(f"{adapter.vendor} does not let the caller set a signing secret")


def _single(adapter: Adapter, items: list[NewSubscription]) -> NewSubscription:
    if len(items) != 1:
        single_event(adapter.vendor, [e for item in items for e in item.events])
    return items[0]


def _fill_secret(adapter: Adapter, new: NewSubscription) -> NewSubscription:
    if new.secret is None and adapter.requires_secret:
        # The vendor requires a secret and the caller gave none: generate a strong one and hand it back.
        return attrs.evolve(new, secret=secrets.token_urlsafe(32))
    return new


def _settings(
    environ_settings: Settings | None, credentials: Mapping[str, str | None], base_urls: Mapping[str, str] | None
) -> Settings:
    values = dict(environ_settings.values) if environ_settings else {}
    values.update({k: v for k, v in credentials.items() if v})
    urls = dict(environ_settings.base_urls) if environ_settings else {}
    for vendor, url in (base_urls or {}).items():
        check_vendor(vendor)
        urls[vendor] = url
    return Settings(values=values, base_urls=urls)


class _Base:
    _core: _Core

    def configured(self, vendor: str) -> bool:
        """Whether the vendor has the credentials it needs."""
        return self._core.settings.configured(check_vendor(vendor))

    @staticmethod
    def supports(vendor: str, operation: str) -> bool:
        """Whether the vendor documents `operation` (create, list, get, update, enable, disable, delete)."""
        return not _load_adapter(check_vendor(vendor)).unsupported.get(operation)

    @property
    def vendors(self) -> tuple[str, ...]:
        return VENDORS


class Client(_Base):
    """Manage webhook subscriptions on any of the five vendors.

    Credentials not passed here are read by `from_env()`; a vendor needs its own only when it is used.
    `http_client` is the httpx.Client to send through (its transport, proxies and event hooks apply).
    `timeout` applies to every request: default 30 s, or the injected client's own when it set one.
    `rate_limit=True` paces vendors with a documented per-token limit (Flxpoint, 2/s), a mapping sets
    requests per second per vendor, False turns pacing off.
    """

    def __init__(
        self,
        *,
        flxpoint_api_token: str | None = None,
        commercelayer_access_token: str | None = None,
        commercelayer_client_id: str | None = None,
        commercelayer_client_secret: str | None = None,
        commercelayer_organization: str | None = None,
        blaze_partner_key: str | None = None,
        blaze_developer_key: str | None = None,
        shipping_channels_api_key: str | None = None,
        packcloud_api_token: str | None = None,
        packcloud_organization_id: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        _settings_from_env: Settings | None = None,
    ) -> None:
        credentials = {k: v for k, v in locals().items() if k in CREDENTIAL_ENV}
        self._core = _Core(_settings(_settings_from_env, credentials, base_urls), rate_limit, max_retries)
        self._owns_client = http_client is None
        self._http = http_client if http_client is not None else httpx.Client()
        self._sender = Sender(self._http, max_retries, _timeout(timeout, http_client))

    @classmethod
    def from_env(
        cls,
        http_client: httpx.Client | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        **kwargs: Any,
    ) -> Self:
        """Read credentials and UNIHOOK_<KEY>_BASE_URL from the environment; keyword arguments override them."""
        return cls(http_client=http_client, rate_limit=rate_limit, _settings_from_env=Settings.from_env(), **kwargs)

    def __repr__(self) -> str:
        configured = [v for v in VENDORS if self._core.settings.configured(v)]
        return f"<unihook.Client configured={configured}>"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self._http.close()

    def _send(self, vendor: str, call: Call) -> httpx.Response:
        _, channel, oauth = self._core.channel(vendor)
        if oauth is None:
            return self._sender.send(channel, call)
        for renewed in (False, True):
            header = oauth.header()
            if header is None:
                token_channel = VendorChannel(vendor, "", {}, channel.parse_error)
                header = oauth.store(self._sender.send(token_channel, oauth.token_call()))
            channel.headers.update(header)
            try:
                return self._sender.send(channel, call)
            except AuthenticationError:
                if renewed:
                    raise
                oauth.invalidate()  # revoked or expired early: fetch a new token once
        raise AssertionError("unreachable")

    def _drive(self, vendor: str, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                response = self._send(vendor, call)
                try:
                    call = flow.send(response)
                except (StopIteration, UnihookError):
                    raise
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    raise malformed_body(self._core.channel(vendor)[1], response, exc) from exc
        except StopIteration as done:
            value: T = done.value
            return value

    def create(
        self,
        vendor: str,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
    ) -> Subscription:
        """Register `url` for `events`. Vendors holding one event per registration need exactly one event
        here; `create_many` makes one registration per event."""
        adapter, items = self._core.prepare_create(vendor, url, events, name, secret, active)
        new = _fill_secret(adapter, _single(adapter, items))
        return self._drive(vendor, adapter.create(new))

    def create_many(
        self,
        vendor: str,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
    ) -> list[Subscription]:
        """Like create, but on a vendor holding one event per registration make one registration per event.
        If one fails, the ones already made are removed again (or disabled, where the vendor cannot delete)
        and the error is raised: nothing is left half-done."""
        adapter, items = self._core.prepare_create(vendor, url, events, name, secret, active)
        made: list[Subscription] = []
        try:
            for item in items:
                made.append(self._drive(vendor, adapter.create(_fill_secret(adapter, item))))
        except Exception:
            for sub in made:
                self._undo(vendor, adapter, sub)
            raise
        return made

    def _undo(self, vendor: str, adapter: Adapter, sub: Subscription) -> None:

        try:
            if not adapter.unsupported.get("delete"):
                self._drive(vendor, adapter.delete(sub.id))
            elif not adapter.unsupported.get("disable"):
                self._drive(vendor, adapter.update(sub.id, Changes(active=False)))
        except Exception:  # noqa: BLE001 - the original error matters more; the leftover is logged
            logger.warning("could not undo %s subscription %s after a failed create_many", vendor, sub.id)

    def get(self, vendor: str, id: str) -> Subscription:

        adapter = self._core.channel(check_vendor(vendor))[0]
        return self._drive(vendor, adapter.get(check_id(vendor, id, numeric=adapter.numeric_ids)))

    def list(self, vendor: str) -> Iterator[Subscription]:
        """Every subscription, following the vendor's pagination lazily, one page at a time."""

        adapter = self._core.channel(check_vendor(vendor))[0]
        unsupported(adapter, "list")
        return self._iterate(vendor, adapter)

    def _iterate(self, vendor: str, adapter: Adapter) -> Iterator[Subscription]:
        call: Call | None = adapter.first_page()
        for _ in range(_MAX_PAGES):
            if call is None:
                return
            response = self._send(vendor, call)
            try:
                items, call = adapter.read_page(response)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise malformed_body(self._core.channel(vendor)[1], response, exc) from exc
            yield from items
        raise ServerError(f"more than {_MAX_PAGES} pages", vendor=vendor, status_code=200)

    def update(
        self,
        vendor: str,
        id: str,
        *,
        url: str | None = None,
        events: Sequence[str] | None = None,
        name: str | None = None,
        active: bool | None = None,
        secret: str | None = None,
    ) -> Subscription:
        """Change the given fields; the others keep their current values (read first where the vendor
        needs the whole object)."""

        adapter, changes = self._core.prepare_update(vendor, url, events, name, active, secret)
        return self._drive(vendor, adapter.update(check_id(vendor, id, numeric=adapter.numeric_ids), changes))

    def enable(self, vendor: str, id: str) -> Subscription:
        return self.update(vendor, id, active=True)

    def disable(self, vendor: str, id: str) -> Subscription:
        return self.update(vendor, id, active=False)

    def delete(self, vendor: str, id: str) -> None:
        """Delete the subscription (Flxpoint: a soft delete, status "deleted")."""

        adapter = self._core.channel(check_vendor(vendor))[0]
        unsupported(adapter, "delete")
        self._drive(vendor, adapter.delete(check_id(vendor, id, numeric=adapter.numeric_ids)))


class AsyncClient(_Base):
    """The asyncio twin of `Client`: the same methods, awaited; `list()` is an async iterator."""

    def __init__(
        self,
        *,
        flxpoint_api_token: str | None = None,
        commercelayer_access_token: str | None = None,
        commercelayer_client_id: str | None = None,
        commercelayer_client_secret: str | None = None,
        commercelayer_organization: str | None = None,
        blaze_partner_key: str | None = None,
        blaze_developer_key: str | None = None,
        shipping_channels_api_key: str | None = None,
        packcloud_api_token: str | None = None,
        packcloud_organization_id: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        _settings_from_env: Settings | None = None,
    ) -> None:
        credentials = {k: v for k, v in locals().items() if k in CREDENTIAL_ENV}
        self._core = _Core(_settings(_settings_from_env, credentials, base_urls), rate_limit, max_retries)
        self._owns_client = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._sender = AsyncSender(self._http, max_retries, _timeout(timeout, http_client))

    @classmethod
    def from_env(
        cls,
        http_client: httpx.AsyncClient | None = None,
        rate_limit: bool | Mapping[str, float] = True,
        **kwargs: Any,
    ) -> Self:
        """Read credentials and UNIHOOK_<KEY>_BASE_URL from the environment; keyword arguments override them."""
        return cls(http_client=http_client, rate_limit=rate_limit, _settings_from_env=Settings.from_env(), **kwargs)

    def __repr__(self) -> str:
        configured = [v for v in VENDORS if self._core.settings.configured(v)]
        return f"<unihook.AsyncClient configured={configured}>"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._http.aclose()

    async def _send(self, vendor: str, call: Call) -> httpx.Response:
        _, channel, oauth = self._core.channel(vendor)
        if oauth is None:
            return await self._sender.send(channel, call)
        for renewed in (False, True):
            header = oauth.header()
            if header is None:
                token_channel = VendorChannel(vendor, "", {}, channel.parse_error)
                header = oauth.store(await self._sender.send(token_channel, oauth.token_call()))
            channel.headers.update(header)
            try:
                return await self._sender.send(channel, call)
            except AuthenticationError:
                if renewed:
                    raise
                oauth.invalidate()
        raise AssertionError("unreachable")

    async def _drive(self, vendor: str, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                response = await self._send(vendor, call)
                try:
                    call = flow.send(response)
                except (StopIteration, UnihookError):
                    raise
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    raise malformed_body(self._core.channel(vendor)[1], response, exc) from exc
        except StopIteration as done:
            value: T = done.value
            return value

    async def create(
        self,
        vendor: str,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
    ) -> Subscription:
        adapter, items = self._core.prepare_create(vendor, url, events, name, secret, active)
        new = _fill_secret(adapter, _single(adapter, items))
        return await self._drive(vendor, adapter.create(new))

    async def create_many(
        self,
        vendor: str,
        *,
        url: str,
        events: Sequence[str],
        name: str | None = None,
        secret: str | None = None,
        active: bool = True,
    ) -> list[Subscription]:
        adapter, items = self._core.prepare_create(vendor, url, events, name, secret, active)
        made: list[Subscription] = []
        try:
            for item in items:
                made.append(await self._drive(vendor, adapter.create(_fill_secret(adapter, item))))
        except Exception:
            for sub in made:
                await self._undo(vendor, adapter, sub)
            raise
        return made

    async def _undo(self, vendor: str, adapter: Adapter, sub: Subscription) -> None:

        try:
            if not adapter.unsupported.get("delete"):
                await self._drive(vendor, adapter.delete(sub.id))
            elif not adapter.unsupported.get("disable"):
                await self._drive(vendor, adapter.update(sub.id, Changes(active=False)))
        except Exception:  # noqa: BLE001 - as in Client._undo
            logger.warning("could not undo %s subscription %s after a failed create_many", vendor, sub.id)

    async def get(self, vendor: str, id: str) -> Subscription:

        adapter = self._core.channel(check_vendor(vendor))[0]
        return await self._drive(vendor, adapter.get(check_id(vendor, id, numeric=adapter.numeric_ids)))

    def list(self, vendor: str) -> AsyncIterator[Subscription]:

        adapter = self._core.channel(check_vendor(vendor))[0]
        unsupported(adapter, "list")
        return self._iterate(vendor, adapter)

    async def _iterate(self, vendor: str, adapter: Adapter) -> AsyncIterator[Subscription]:
        call: Call | None = adapter.first_page()
        for _ in range(_MAX_PAGES):
            if call is None:
                return
            response = await self._send(vendor, call)
            try:
                items, call = adapter.read_page(response)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise malformed_body(self._core.channel(vendor)[1], response, exc) from exc
            for item in items:
                yield item
        raise ServerError(f"more than {_MAX_PAGES} pages", vendor=vendor, status_code=200)

    async def update(
        self,
        vendor: str,
        id: str,
        *,
        url: str | None = None,
        events: Sequence[str] | None = None,
        name: str | None = None,
        active: bool | None = None,
        secret: str | None = None,
    ) -> Subscription:

        adapter, changes = self._core.prepare_update(vendor, url, events, name, active, secret)
        return await self._drive(vendor, adapter.update(check_id(vendor, id, numeric=adapter.numeric_ids), changes))

    async def enable(self, vendor: str, id: str) -> Subscription:
        return await self.update(vendor, id, active=True)

    async def disable(self, vendor: str, id: str) -> Subscription:
        return await self.update(vendor, id, active=False)

    async def delete(self, vendor: str, id: str) -> None:

        adapter = self._core.channel(check_vendor(vendor))[0]
        unsupported(adapter, "delete")
        await self._drive(vendor, adapter.delete(check_id(vendor, id, numeric=adapter.numeric_ids)))

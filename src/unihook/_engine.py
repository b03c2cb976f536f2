"""The policy, written once and I/O-free: local checks, auth headers and token renewal, pacing, retries with
backoff and wait hints, error mapping, paging and `create_many` rollback.

Every operation is a generator. It yields what the driver must do and receives the outcome:
- an `httpx.Request`: send it and send back the read `httpx.Response` (or throw the `httpx.RequestError`);
- a `float`: sleep that many seconds;
- a `list` of subscriptions (list operations only): hand them to the caller;
- a `Call`: run it on the coordination backend (pacing, shared tokens) and send back its result (or throw the
  `CoordinationError`).
`Client` and `AsyncClient` are thin drivers of these generators, the one blocking, the other awaiting.

Retry policy (openai-python's, narrowed so that no retry can ever duplicate a subscription):
- retried: connection failures, 408, 429, 502, 503, 504, with capped exponential backoff and jitter, or the
  vendor's own wait hint (`Retry-After`, or what the vendor file reads from its headers or body) when given;
- a create is retried only when the vendor cannot have stored it: a 429, or a connection that failed before
  the request was sent. A timeout or a dropped connection after sending, or a 5xx, is raised instead;
- a delete whose earlier attempt may have gone through treats a 404 on the retry as done;
- a request the HTTP library refuses to send (an invalid header value) is raised at once, without quoting it.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import logging
import random
import re
import time
import typing
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from . import _vendors
from ._coordination import Call, Coordination, Limit, digest, new_id
from ._coordination import resolve as _resolve_coordination
from ._defaults import _CLIENT_OPTIONS, Options
from ._exceptions import (
    APIError,
    AuthenticationError,
    CoordinationError,
    InvalidRequest,
    ServerError,
    TransportError,
    UnihookError,
    UnsupportedOperation,
)
from ._exceptions import error_class_for as _error_class_for
from ._oauth import CLAIM_TTL, FORM, POLL, TokenSource
from ._settings import Settings
from ._types import Changes, NewSubscription, Subscription
from ._validate import check_events, check_id, check_name, check_secret, check_url
from ._vendors._spec import CallKind, Capabilities, DeleteMode, Flow, Req, Vendor

T = TypeVar("T")
Action = httpx.Request | float | list[Subscription] | Call
Op = Generator[Action, Any, T]

logger = logging.getLogger("unihook")

OPERATIONS = ("create", "list", "get", "update", "enable", "disable", "delete")
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 8.0
MAX_HINTED_WAIT = 60.0  # a vendor asking for a longer pause gets a RateLimitError instead of a stalled call
MAX_PAGES = 10_000  # a vendor whose `next` never ends must not loop forever
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_MALFORMED = (ValueError, TypeError, KeyError, AttributeError)

# The drivers sleep through these; tests patch them to observe waits without sleeping.
_sleep: Callable[[float], None] = time.sleep


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # only async callers sleep this way, and they have asyncio loaded already

    await asyncio.sleep(seconds)


_async_sleep: Callable[[float], Any] = _asyncio_sleep
_wall_clock: Callable[[], float] = time.time


class Bucket(typing.NamedTuple):
    """The pacing of one vendor credential: its key in the coordination backend (a hash) and its limit."""

    key: str
    limit: Limit


@dataclasses.dataclass(slots=True)
class Account:
    """One configured vendor as the engine uses it: the vendor file's object plus pacing and tokens."""

    vendor: Vendor
    bucket: Bucket | None
    tokens: TokenSource | None
    headers: dict[str, str]  # requests without a body
    body_headers: dict[str, str]  # requests with one

    @property
    def key(self) -> str:
        return self.vendor.spec.key

    def use_token(self, header: Mapping[str, str]) -> None:
        self.headers = {**self.headers, **header}
        self.body_headers = {**self.body_headers, **header}


_SECRET_KEYS = frozenset({"secret", "shared_secret", "client_secret", "access_token", "token"})
_SECRET_TEXT = re.compile(r'("(?:shared_secret|client_secret|access_token|secret|token)"\s*:\s*)"(?:[^"\\]|\\.)*"?')


def _redacted(body: object) -> object:
    """A body to keep on an error, with signing secrets and tokens masked, parsed or not (a truncated body is
    text that may still hold a secret)."""
    if isinstance(body, dict):
        return {k: "***" if k in _SECRET_KEYS and isinstance(v, str) else _redacted(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_redacted(item) for item in body]
    if isinstance(body, str):
        return _SECRET_TEXT.sub(r'\1"***"', body)
    return body


def read_body(response: httpx.Response) -> object:
    """The parsed JSON body, or its text when it is not JSON (an HTML error page), or None when empty; secrets
    masked."""
    if not response.content:
        return None
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        body = response.text[:2000]
    return _redacted(body)


def wait_hint(vendor: Vendor, response: httpx.Response, body: object) -> float | None:
    """Seconds the vendor asks us to wait: a standard Retry-After (seconds or HTTP date), else the vendor's own."""
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(retry_after)
            except (TypeError, ValueError, IndexError):
                parsed = None  # neither seconds nor an HTTP date: fall back to the vendor's hints, then backoff
            if parsed is not None and parsed.tzinfo is not None:
                return max(0.0, parsed.timestamp() - _wall_clock())
    try:
        return vendor.wait_hint(response, body, _wall_clock())
    except _MALFORMED:
        return None


def api_error(vendor: Vendor, response: httpx.Response) -> APIError:
    body = read_body(response)
    try:
        message, field_errors = vendor.parse_error(response.status_code, body)
    except Exception:  # noqa: BLE001 - a vendor body of any shape must still become a typed error
        message, field_errors = "", {}
    if not message:
        message = response.reason_phrase or "error"
    retry_after = wait_hint(vendor, response, body) if response.status_code == 429 else None
    return _error_class_for(response.status_code)(
        message,
        vendor=vendor.spec.key,
        status_code=response.status_code,
        body=body,
        field_errors=field_errors,
        retry_after=retry_after,
        request=response.request,
        response=response,
    )


def malformed_body(vendor: Vendor, response: httpx.Response, exc: Exception, kind: CallKind) -> ServerError:
    may_exist = kind == "create"
    note = " (the subscription may exist: list before creating it again)" if may_exist else ""
    return ServerError(
        f"the response body could not be read as the documented {response.request.method} result ({exc}){note}",
        vendor=vendor.spec.key,
        status_code=response.status_code,
        body=read_body(response),
        may_exist=may_exist,
        request=response.request,
        response=response,
    )


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def _redirect(vendor: Vendor, response: httpx.Response) -> ServerError:
    # Never followed, whatever the HTTP client is set to do: a redirect could carry the vendor's credential
    # headers to another address (httpx strips only Authorization), and no vendor documents one.
    location = response.headers.get("location", "")
    target = response.request.url.join(location) if location else None
    where = f" to {target.scheme}://{target.netloc.decode()}" if target is not None else ""
    return ServerError(
        f"a redirect{where}, not followed: unihook follows no redirect, so that no credential is sent anywhere "
        "but the vendor's configured address",
        vendor=vendor.spec.key,
        status_code=response.status_code,
        request=response.request,
        response=response,
    )


def _loggable_url(url: httpx.URL) -> str:
    # URLs carry no credentials in any vendor's API; userinfo is dropped in case a base URL had one.
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


def _backoff(failed_attempt: int) -> float:
    return float(min(BACKOFF_MAX, BACKOFF_INITIAL * 2 ** (failed_attempt - 1)) + random.uniform(0, BACKOFF_INITIAL))


def registration_name(capabilities: Capabilities, name: str | None, events: Sequence[str], several: bool) -> str | None:
    """The name one registration gets when one request makes `several` (create_many, a plan entry with several
    events on a one-event vendor): where the vendor wants every name unique, the given name and the registration's
    events ("Orders orders.place"); otherwise, or for a single registration, the name as given."""
    if name is None or not several or not capabilities.unique_names:
        return name
    return f"{name} {' '.join(events)}"


def supports(vendor: str, operation: str) -> bool:
    """Whether the vendor documents `operation` (create, list, get, update, enable, disable, delete)."""
    return _supported(_vendors.load(_vendors.check_vendor(vendor)).spec.capabilities, operation)


def _supported(capabilities: Capabilities, operation: str) -> bool:
    if operation in ("enable", "disable"):
        return capabilities.toggle
    if operation == "delete":
        return capabilities.delete is not DeleteMode.NONE
    return operation in OPERATIONS


def _require(vendor: Vendor, operation: str) -> None:
    spec = vendor.spec
    if not _supported(spec.capabilities, operation):
        raise UnsupportedOperation(spec.key, operation, spec.capabilities.unsupported_note)


class Engine:
    """Configuration and per-vendor accounts shared by one client's calls; every method is I/O-free."""

    def __init__(
        self,
        settings: Settings,
        timeout: httpx.Timeout | None,
        max_retries: int,
        rate_limit: bool | Mapping[str, float],
        coordination: Coordination | str | None = None,
    ) -> None:
        if not isinstance(max_retries, int) or max_retries < 0:
            raise InvalidRequest("max_retries must be 0 or more")
        if not isinstance(rate_limit, bool):
            for vendor, rate in rate_limit.items():
                _vendors.check_vendor(vendor)
                if not (isinstance(rate, int | float) and rate > 0):
                    raise InvalidRequest(f"rate_limit for {vendor} must be a positive requests-per-second figure")
        self.settings = settings
        self.coordination = _resolve_coordination(coordination, settings.environ)
        self.rate_limit = rate_limit
        self.max_retries = max_retries
        self.timeout = timeout  # None: the HTTP client's own
        # Given as the request extension httpx would derive from it: built once, not per request.
        self._timeout = None if timeout is None else timeout.as_dict()
        # The HTTP client's request builder (no I/O): its headers, cookies and params apply.
        self.build_request: Callable[..., httpx.Request] = httpx.Request
        self._accounts: dict[str, Account] = {}

    # --- accounts ---------------------------------------------------------------------------------------------

    def account(self, vendor: str) -> Account:
        found = self._accounts.get(vendor)
        if found is not None:
            return found
        cls = _vendors.load(_vendors.check_vendor(vendor))
        configured = cls(self.settings)
        spec = cls.spec
        rate = spec.rate if self.rate_limit is True else None
        if not isinstance(self.rate_limit, bool):
            rate = self.rate_limit.get(vendor)
        bucket = None
        if rate:
            # Pacing is per credential, as the vendor's own limiter is: every client on one token shares it.
            secrets_ = [v for n, v in sorted(configured.values.items()) if spec.credential(n).secret]
            bucket = Bucket(digest("pace", vendor, *secrets_), Limit.per_second(rate))
        tokens = TokenSource(vendor, configured.grant) if configured.grant is not None else None
        headers = dict(configured.headers)
        body_headers = {**headers, "Content-Type": spec.media_type}
        account = Account(configured, bucket, tokens, headers, body_headers)
        return self._accounts.setdefault(vendor, account)

    def lock_name(self, vendor: str) -> str:
        """The name of apply's lock for this client's account on `vendor`: its address and every credential,
        hashed, so two files naming one account differently still take one lock."""
        configured = self.account(vendor).vendor
        values = [f"{name}={value}" for name, value in sorted(configured.values.items())]
        return "apply:" + digest("account", vendor, configured.base_url, *values)

    @staticmethod
    def _check_origin(account: Account, response: httpx.Response, url: str) -> None:
        """A link the vendor sent is followed only to the vendor's own configured origin: the request carries
        the credential."""
        link = httpx.URL(url)
        if _origin(link) != _origin(httpx.URL(account.vendor.base_url)):
            raise ServerError(
                f"the list's next link points to {link.scheme}://{link.netloc.decode()}, not to the vendor's "
                "configured address; it is not followed (a credential goes only to the vendor)",
                vendor=account.key,
                status_code=response.status_code,
                request=response.request,
                response=response,
            )

    def configured(self, vendor: str) -> bool:
        return self.settings.configured(_vendors.check_vendor(vendor))

    # --- one exchange: auth, pacing, retries ------------------------------------------------------------------

    def request(self, account: Account, req: Req, opts: Options = _CLIENT_OPTIONS) -> httpx.Request:
        url = req.path if req.absolute else account.vendor.base_url + req.path
        timeout = self._timeout if opts.timeout is None else opts.timeout
        extensions = None if timeout is None else {"timeout": timeout}
        if req.body is None:
            return self.build_request(req.method, url, headers=account.headers, extensions=extensions)
        content = json.dumps(req.body, separators=(",", ":")).encode()
        return self.build_request(req.method, url, content=content, headers=account.body_headers, extensions=extensions)

    def exchange(self, account: Account, req: Req, opts: Options = _CLIENT_OPTIONS) -> Op[httpx.Response]:
        tokens = account.tokens
        retries = self.max_retries if opts.max_retries is None else opts.max_retries
        if tokens is None:
            request = self.request(account, req, opts)
            return (yield from self._attempts(account.vendor, account.bucket, req.kind, request, retries))
        for renewed in (False, True):
            token = tokens.current()
            if token is None:
                token = yield from self._obtain_token(account, tokens)
            try:
                request = self.request(account, req, opts)
                return (yield from self._attempts(account.vendor, account.bucket, req.kind, request, retries))
            except AuthenticationError:
                if renewed:
                    raise
                # Revoked or expired early: forget it everywhere (unless another caller already renewed it) and
                # fetch a new one once.
                tokens.forget()
                yield Call("drop_token", (tokens.key, token))
        raise AssertionError("unreachable")

    def _obtain_token(self, account: Account, tokens: TokenSource) -> Op[str]:
        """The shared token: the cached one, else fetched by one caller at a time (the others wait for it)."""
        while True:
            found = yield Call("token", (tokens.key,))
            if found is None:
                claim = new_id()
                if not (yield Call("claim", (tokens.key, claim, CLAIM_TTL))):
                    yield POLL
                    continue
                # A fetch may have ended between the look and the claim: look again before fetching another.
                found = yield Call("token", (tokens.key,))
                if found is None:
                    break
                yield Call("unclaim", (tokens.key, claim))
            value, left = found
            account.use_token(tokens.keep(value, left))
            return str(value)
        try:
            request = self.build_request(
                "POST",
                tokens.grant.token_url,
                content=tokens.form(),
                headers={"Content-Type": FORM, "Accept": "application/json"},
                extensions=None if self._timeout is None else {"timeout": self._timeout},
            )
            # A grant stores nothing: safe to retry like a read. It is not paced: it is not the vendor's API.
            response = yield from self._attempts(account.vendor, None, "read", request, self.max_retries)
            value, ttl = tokens.read(response)
        except Exception:
            yield Call("unclaim", (tokens.key, claim))
            raise
        yield Call("put_token", (tokens.key, claim, value, ttl))
        account.use_token(tokens.keep(value, ttl))
        return value

    @staticmethod
    def _pace(bucket: Bucket) -> Op[str]:
        """Wait for a start under the vendor's limit; the permit to hand back when the request has ended."""
        permit = new_id()
        while True:
            wait = yield Call("acquire", (bucket.key, bucket.limit, permit))
            if not wait:
                return permit
            yield wait

    @staticmethod
    def _ended(bucket: Bucket, permit: str) -> Op[None]:
        try:
            yield Call("release", (bucket.key, bucket.limit, permit))
        except CoordinationError as exc:
            # The request went; its answer must not be lost. Its slot frees by lease instead.
            logger.warning("could not record the end of a paced request: %s", exc)

    def _attempts(
        self, vendor: Vendor, bucket: Bucket | None, kind: CallKind, request: httpx.Request, max_retries: int
    ) -> Op[httpx.Response]:
        attempt = 1
        final: UnihookError
        wait: float | None
        permit = ""
        while True:
            if bucket is not None:
                permit = yield from self._pace(bucket)
            try:
                response: httpx.Response = yield request
            except httpx.RequestError as exc:
                if bucket is not None:
                    yield from self._ended(bucket, permit)
                final, wait = self._after_exception(vendor, kind, exc, attempt)
            else:
                if bucket is not None:
                    yield from self._ended(bucket, permit)
                if logger.isEnabledFor(logging.INFO):
                    logger.info(
                        "%s %s -> %s (attempt %d)",
                        request.method,
                        _loggable_url(request.url),
                        response.status_code,
                        attempt,
                    )
                status = response.status_code
                if status < 300 or (status == 404 and kind == "delete" and attempt > 1):
                    return response  # (a 404 on a retried delete: an earlier attempt that looked failed did it)
                if status < 400:
                    raise _redirect(vendor, response)
                error = api_error(vendor, response)
                if kind == "create" and status >= 500:
                    error.may_exist = True  # the vendor may have stored it before failing
                if status not in RETRY_STATUSES or (kind == "create" and status != 429):
                    raise error
                hint = error.retry_after if status == 429 else wait_hint(vendor, response, error.body)
                if hint is not None and hint > MAX_HINTED_WAIT:
                    raise error
                final, wait = error, hint
            if attempt > max_retries:
                raise final
            seconds = _backoff(attempt) if wait is None else wait
            logger.info("retrying in %.2fs", seconds)
            attempt += 1
            yield seconds

    @staticmethod
    def _after_exception(
        vendor: Vendor, kind: CallKind, exc: httpx.RequestError, attempt: int
    ) -> tuple[TransportError, None]:
        """What a failed send means: raise it now, or (the error to raise when attempts run out, no hint)."""
        key = vendor.spec.key
        request = exc.request
        method = request.method
        name = type(exc).__name__
        url = _loggable_url(request.url)
        logger.info("%s %s -> %s (attempt %d)", method, url, name, attempt)
        if isinstance(exc, httpx.LocalProtocolError):
            # The HTTP library refused to send it (an invalid header value): nothing left, and the same again would
            # fail the same way. Its message quotes the header, which may be a credential: never pass it on.
            raise TransportError(
                f"{method} {key}: {name}: the request could not be sent (an invalid header or URL); nothing was sent",
                vendor=key,
                attempts=attempt,
                request=request,
            ) from None
        message = f"{method} {key} {url}: {name}: {exc}".rstrip(": ")
        final = TransportError(message, vendor=key, attempts=attempt, request=request)
        if not isinstance(exc, httpx.TransportError):
            # A body that would not decode, a redirect loop: the same again would fail the same way.
            raise final from exc
        if kind == "create" and not isinstance(exc, _NOT_SENT):
            # The vendor may have stored it: retrying could make a duplicate, so the caller must check.
            raise TransportError(
                f"{message} (the request was sent; the subscription may exist: list before retrying)",
                vendor=key,
                attempts=attempt,
                may_exist=True,
                request=request,
            ) from exc
        final.__cause__ = exc
        return final, None

    # --- flows ------------------------------------------------------------------------------------------------

    def run(self, account: Account, flow: Flow[T], opts: Options = _CLIENT_OPTIONS) -> Op[T]:
        """Drive a vendor flow: each request it yields goes through `exchange`; an unreadable answer is a
        ServerError that keeps the body."""
        try:
            req = next(flow)
            while True:
                response = yield from self.exchange(account, req, opts)
                try:
                    req = flow.send(response)
                except (StopIteration, UnihookError):
                    raise
                except _MALFORMED as exc:
                    raise malformed_body(account.vendor, response, exc, req.kind) from exc
        except StopIteration as done:
            value: T = done.value
            return value

    # --- operations -------------------------------------------------------------------------------------------

    def prepare_create(
        self, vendor: str, url: str, events: Sequence[str], name: str | None, secret: str | None, active: bool
    ) -> tuple[Account, list[NewSubscription]]:
        account = self.account(vendor)
        capabilities = account.vendor.spec.capabilities
        self._secret_settable(account, secret)
        if name is not None and not capabilities.has_name:
            raise InvalidRequest(f"{vendor} registrations have no name")
        url = check_url(url)
        event_list = check_events(events)
        name = check_name(name)
        secret = check_secret(vendor, secret, capabilities.min_secret_length)
        if active is not True and active is not False:
            raise InvalidRequest(f"active must be True or False, got {active!r}")
        if capabilities.single_event:
            return account, [NewSubscription(url, (event,), name, secret, active) for event in event_list]
        return account, [NewSubscription(url, event_list, name, secret, active)]

    @staticmethod
    def _secret_settable(account: Account, secret: str | None) -> None:
        if secret is not None and not account.vendor.spec.capabilities.accepts_secret:
            raise InvalidRequest(f"{account.key} does not let the caller set a signing secret")

    @staticmethod
    def _fill_secret(account: Account, new: NewSubscription) -> NewSubscription:
        if new.secret is None and account.vendor.spec.capabilities.requires_secret:
            # The vendor requires a secret and the caller gave none: generate a strong one and hand it back.
            import secrets  # only when a secret must be made: keeps `import unihook` cheap

            return new._replace(secret=secrets.token_urlsafe(32))
        return new

    def create(
        self,
        vendor: str,
        url: str,
        events: Sequence[str],
        name: str | None,
        secret: str | None,
        active: bool,
        opts: Options = _CLIENT_OPTIONS,
    ) -> Op[Subscription]:
        account, items = self.prepare_create(vendor, url, events, name, secret, active)
        if len(items) != 1:
            raise InvalidRequest(
                f"{vendor} holds one event per registration, got {len(items)} events: use create_many() to make one "
                "registration per event (the CLI and plan files do this for you)"
            )
        return self.run(account, account.vendor.create(self._fill_secret(account, items[0])), opts)

    def create_many(
        self,
        vendor: str,
        url: str,
        events: Sequence[str],
        name: str | None,
        secret: str | None,
        active: bool,
        opts: Options = _CLIENT_OPTIONS,
    ) -> Op[list[Subscription]]:
        account, items = self.prepare_create(vendor, url, events, name, secret, active)
        if len(items) > 1:  # several registrations: each its own name, where the vendor wants names unique
            capabilities = account.vendor.spec.capabilities
            items = [
                item._replace(name=registration_name(capabilities, item.name, item.events, several=True))
                for item in items
            ]
        return self._create_many(account, items, opts)

    def _create_many(self, account: Account, items: list[NewSubscription], opts: Options) -> Op[list[Subscription]]:
        made: list[Subscription] = []
        try:
            for item in items:
                flow = account.vendor.create(self._fill_secret(account, item))
                made.append((yield from self.run(account, flow, opts)))
        except Exception as exc:
            for sub in made:
                yield from self._undo(account, sub, exc)
            if getattr(exc, "may_exist", False):
                yield from self._undo_ambiguous(account, item, {sub.id for sub in made}, exc)
            raise
        return made

    def _undo(self, account: Account, sub: Subscription, error: BaseException) -> Op[bool]:
        try:
            if supports(account.key, "delete"):
                yield from self.run(account, account.vendor.delete(sub.id))
            elif supports(account.key, "disable"):
                yield from self.run(account, account.vendor.update(sub.id, Changes(active=False)))
        except Exception:  # noqa: BLE001 - the original error matters more; the leftover is reported on it
            logger.warning("could not undo %s subscription %s after a failed create_many", account.key, sub.id)
            error.add_note(f"create_many could not undo {account.key} subscription {sub.id}: it may remain")
            return False
        return True

    def _undo_ambiguous(
        self, account: Account, item: NewSubscription, undone: set[str], error: BaseException
    ) -> Op[None]:
        """The create that failed may have been stored: find it by url and events and undo it too, or say on the
        error exactly what may remain."""
        what = f"{account.key} {', '.join(item.events)} at {item.url}"
        try:
            found = yield from collect(self._pages(account))
        except Exception:  # noqa: BLE001 - reported on the original error
            error.add_note(f"create_many could not check whether {what} was stored: it may remain")
            return
        matches = [s for s in found if s.url == item.url and set(s.events) == set(item.events) and s.id not in undone]
        if len(matches) > 1:
            ids = ", ".join(s.id for s in matches)
            error.add_note(f"create_many found several {what} ({ids}) and undid none: one of them may be its own")
            return
        if not matches:
            error.add_note(f"create_many found no {what}: it was not stored")
        elif (yield from self._undo(account, matches[0], error)):
            error.add_note(f"create_many found {what} stored as {matches[0].id} and undid it")
        else:
            return
        if isinstance(error, APIError | TransportError):
            error.may_exist = False

    def get(self, vendor: str, id: str, opts: Options = _CLIENT_OPTIONS) -> Op[Subscription]:
        account = self.account(vendor)
        return self.run(account, account.vendor.get(self._id(account, id)), opts)

    @staticmethod
    def _id(account: Account, id: object) -> str:
        return check_id(account.key, id, numeric=account.vendor.spec.capabilities.numeric_ids)

    def update(
        self,
        vendor: str,
        id: str,
        url: str | None,
        events: Sequence[str] | None,
        name: str | None,
        active: bool | None,
        secret: str | None,
        opts: Options = _CLIENT_OPTIONS,
    ) -> Op[Subscription]:
        account = self.account(vendor)
        capabilities = account.vendor.spec.capabilities
        self._secret_settable(account, secret)
        if name is not None and not capabilities.renamable:
            what = (
                "have no name" if not capabilities.has_name else "keep the name given at create: it cannot be changed"
            )
            raise InvalidRequest(f"{vendor} registrations {what}")
        if active is not None:
            if active is not True and active is not False:
                raise InvalidRequest(f"active must be True, False or None, got {active!r}")
            _require(account.vendor, "enable" if active else "disable")
        changes = Changes(
            url=None if url is None else check_url(url),
            events=None if events is None else check_events(events),
            name=None if name is None else check_name(name),
            active=active,
            secret=None if secret is None else check_secret(vendor, secret, capabilities.min_secret_length),
        )
        if changes.empty():
            raise InvalidRequest("update needs at least one of url, events, name, active, secret")
        return self.run(account, account.vendor.update(self._id(account, id), changes), opts)

    def delete(self, vendor: str, id: str, opts: Options = _CLIENT_OPTIONS) -> Op[None]:
        account = self.account(vendor)
        _require(account.vendor, "delete")
        return self.run(account, account.vendor.delete(self._id(account, id)), opts)

    def list(
        self, vendor: str, limit: int | None = None, page_size: int | None = None, opts: Options = _CLIENT_OPTIONS
    ) -> Op[None]:
        """Every page (or the first `limit` items), lazily: yields lists of subscriptions between the requests;
        the checks run at call time."""
        account = self.account(vendor)
        if limit is not None and (type(limit) is not int or limit < 1):
            raise InvalidRequest(f"limit must be a whole number of at least 1, got {limit!r}")
        largest = account.vendor.spec.max_page_size
        if page_size is not None:
            if largest is None:
                raise InvalidRequest(f"{vendor} takes no page size: it decides how much one page holds")
            if type(page_size) is not int or not 1 <= page_size <= largest:
                raise InvalidRequest(f"{vendor} page_size must be a whole number from 1 to {largest}: {page_size!r}")
        return self._pages(account, limit, page_size or largest or 0, opts)

    def _pages(
        self, account: Account, limit: int | None = None, size: int = 0, opts: Options = _CLIENT_OPTIONS
    ) -> Op[None]:
        vendor = account.vendor
        req: Req | None = vendor.first_page(size or vendor.spec.max_page_size or 0)
        left = limit
        for _ in range(MAX_PAGES):
            if req is None:
                return
            response = yield from self.exchange(account, req, opts)
            try:
                page, req = vendor.read_page(response, req)
                if req is not None and req.absolute:
                    self._check_origin(account, response, req.path)
            except UnihookError:
                raise
            except _MALFORMED as exc:
                raise malformed_body(vendor, response, exc, "read") from exc
            if left is not None:
                page = page[:left]
                left -= len(page)
                if left == 0:
                    yield page
                    return  # enough: the next page is never asked for
            yield page
        raise ServerError(f"more than {MAX_PAGES} pages", vendor=account.key, status_code=200)


def collect(op: Op[None]) -> Op[list[Subscription]]:
    """A list operation's pages gathered into one list, for callers that need them all (plan)."""
    found: list[Subscription] = []
    try:
        action = next(op)
        while True:
            if type(action) is list:
                found.extend(action)
                action = op.send(None)
                continue
            try:
                outcome = yield action
            except Exception as exc:  # noqa: BLE001 - the driver's failed send, for the list operation to judge
                action = op.throw(exc)
            else:
                action = op.send(outcome)
    except StopIteration:
        return found
    finally:
        op.close()

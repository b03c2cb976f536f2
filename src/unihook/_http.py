"""Sending one vendor call: auth headers, pacing, retries, timeouts, logging and error mapping.

Retry policy (openai-python's, narrowed so that no retry can ever duplicate a subscription):
- retried: connection failures, 408, 429, 502, 503, 504, with capped exponential backoff and jitter, or the
  vendor's own wait hint (`Retry-After`, `X-RateLimit-Reset`, a `retry_after` body field) when it gives one;
- a create is retried only when the vendor cannot have stored it: a 429, or a connection that failed before
  the request was sent. A timeout or a dropped connection after sending, or a 5xx, is raised instead;
- a delete whose earlier attempt may have gone through treats a 404 on the retry as done;
- a request the HTTP library refuses to send (an invalid header value) is raised at once, without quoting it.
The first attempt runs outside tenacity, so a call that succeeds pays nothing for the retry machinery.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlencode

import attrs
import httpx

from ._exceptions import APIError, ServerError, TransportError, error_class_for
from ._ratelimit import RateLimiter

if TYPE_CHECKING:
    import tenacity

logger = logging.getLogger("unihook")

CallKind = Literal["read", "create", "update", "delete"]
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 3
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 8.0
MAX_HINTED_WAIT = 60.0  # a vendor asking for a longer pause gets a RateLimitError instead of a stalled call
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

# Patched by tests to observe waits without sleeping.
_sleep: Callable[[float], None] = time.sleep
_async_sleep: Callable[[float], Any] = asyncio.sleep
_wall_clock: Callable[[], float] = time.time


@attrs.frozen
class Call:
    """One HTTP request of a vendor operation, relative to the vendor's root."""

    method: str
    path: str
    kind: CallKind
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    # An absolute URL to follow as given (a vendor's `next` link), instead of root + path.
    absolute_url: str | None = None


ErrorParser = Callable[[int, object], tuple[str, dict[str, list[str]]]]


@attrs.define
class VendorChannel:
    """What the sender needs to know of one configured vendor."""

    vendor: str
    base_url: str
    headers: dict[str, str]
    parse_error: ErrorParser
    limiter: RateLimiter | None = None


class _Retry(Exception):
    """Raised inside an attempt to ask for another one; carries what to raise when attempts run out."""

    def __init__(self, final: Exception, wait_hint: float | None = None) -> None:
        super().__init__(str(final))
        self.final = final
        self.wait_hint = wait_hint


def _query_value(value: object) -> str:
    # As httpx renders primitives: booleans in lower case, None as empty.
    if value is True or value is False:
        return "true" if value else "false"
    return "" if value is None else str(value)


def wait_hint(response: httpx.Response, body: object) -> float | None:
    """Seconds the vendor asks us to wait, from Retry-After, X-RateLimit-Reset or a `retry_after` field."""
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(retry_after)
            except (TypeError, ValueError, IndexError):
                parsed = None  # neither seconds nor an HTTP date: fall back to backoff
            if parsed is not None and parsed.tzinfo is not None:
                return max(0.0, parsed.timestamp() - _wall_clock())
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("retry_after"), int | float):
            return max(0.0, float(error["retry_after"]))
    reset = response.headers.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset) - _wall_clock())
        except ValueError:
            return None
    # Commerce Layer: the budget is spent and resets within `x-ratelimit-interval` seconds (an upper bound).
    interval = response.headers.get("x-ratelimit-interval")
    if interval and response.headers.get("x-ratelimit-remaining") == "0":
        try:
            return max(0.0, float(interval))
        except ValueError:
            return None
    return None


def read_body(response: httpx.Response) -> object:
    """The parsed JSON body, or its text when it is not JSON (an HTML error page), or None when empty."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return response.text[:2000]


def api_error(channel: VendorChannel, response: httpx.Response) -> APIError:
    body = read_body(response)
    try:
        message, field_errors = channel.parse_error(response.status_code, body)
    except Exception:  # noqa: BLE001 - a vendor body of any shape must still become a typed error
        message, field_errors = "", {}
    if not message:
        message = response.reason_phrase or "error"
    retry_after = wait_hint(response, body) if response.status_code == 429 else None
    cls = error_class_for(response.status_code)
    return cls(
        message,
        vendor=channel.vendor,
        status_code=response.status_code,
        body=body,
        field_errors=field_errors,
        retry_after=retry_after,
    )


def malformed_body(channel: VendorChannel, response: httpx.Response, exc: Exception) -> ServerError:
    return ServerError(
        f"the response body could not be read as the documented {response.request.method} result ({exc})",
        vendor=channel.vendor,
        status_code=response.status_code,
        body=read_body(response),
    )


class _Attempts:
    """The decisions shared by the sync and async senders."""

    def __init__(self, max_retries: int, timeout: httpx.Timeout) -> None:
        self.max_retries = max_retries
        self.timeout = timeout

    def build(self, client: httpx.Client | httpx.AsyncClient, channel: VendorChannel, call: Call) -> httpx.Request:
        url = call.absolute_url or channel.base_url + call.path
        if call.params:
            # Encoded here rather than through httpx's params=, which costs more than the rest of a call.
            query = urlencode({k: _query_value(v) for k, v in call.params.items()}, quote_via=quote)
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        headers = {**call.headers, **channel.headers}
        content = call.content
        if call.json is not None:
            content = json.dumps(call.json, separators=(",", ":")).encode()
        return client.build_request(call.method, url, content=content, headers=headers, timeout=self.timeout)

    def judge(self, channel: VendorChannel, call: Call, response: httpx.Response, attempt: int) -> httpx.Response:
        """Return the response to use, or raise _Retry / an APIError."""
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s -> %s (attempt %d)",
                call.method,
                _loggable_url(response.request.url),
                response.status_code,
                attempt,
            )
        status = response.status_code
        if status < 400:
            return response
        if status == 404 and call.kind == "delete" and attempt > 1:
            return response  # an earlier attempt that looked failed did delete it
        error = api_error(channel, response)
        if status in RETRY_STATUSES and (call.kind != "create" or status == 429):
            hint = error.retry_after if status == 429 else wait_hint(response, error.body)  # 503 may say too
            if hint is not None and hint > MAX_HINTED_WAIT:
                raise error
            raise _Retry(error, wait_hint=hint)
        raise error

    def judge_exception(self, channel: VendorChannel, call: Call, exc: httpx.RequestError, attempt: int) -> None:
        sent = not isinstance(exc, _NOT_SENT)
        kind = type(exc).__name__
        logger.info("%s %s -> %s (attempt %d)", call.method, _loggable_url(exc.request.url), kind, attempt)
        if isinstance(exc, httpx.LocalProtocolError):
            # The HTTP library refused to send it (an invalid header value): nothing left, and the same again would
            # fail the same way. Its message quotes the header, which may be a credential: never pass it on.
            raise TransportError(
                f"{call.method} {channel.vendor}: {kind}: the request could not be sent (an invalid header or URL); "
                "nothing was sent",
                vendor=channel.vendor,
                attempts=attempt,
            ) from None
        message = f"{call.method} {channel.vendor}: {kind}: {exc}".rstrip(": ")
        final = TransportError(message, vendor=channel.vendor, attempts=attempt)
        if not isinstance(exc, httpx.TransportError):
            # A body that would not decode, a redirect loop: the same again would fail the same way.
            raise final from exc
        if sent and call.kind == "create":
            # The vendor may have stored it: retrying could make a duplicate, so the caller must check.
            raise TransportError(
                f"{message} (the request was sent; the subscription may exist: list before retrying)",
                vendor=channel.vendor,
                attempts=attempt,
            ) from exc
        raise _Retry(final) from exc

    def wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        # tenacity counts from our second attempt (the first ran outside it)
        return self._delay(exc, state.attempt_number + 1)

    def first_wait(self, first: _Retry) -> float:
        return self._delay(first, 1)

    @staticmethod
    def _delay(exc: BaseException | None, failed_attempt: int) -> float:
        if isinstance(exc, _Retry) and exc.wait_hint is not None:
            return exc.wait_hint
        backoff = min(BACKOFF_MAX, BACKOFF_INITIAL * 2 ** (failed_attempt - 1))
        return float(backoff + random.uniform(0, BACKOFF_INITIAL))

    def retrying_kwargs(self) -> dict[str, Any]:
        import tenacity

        return {
            "stop": tenacity.stop_after_attempt(self.max_retries),
            "wait": self.wait,
            "retry": tenacity.retry_if_exception_type(_Retry),
            "reraise": True,
            "before_sleep": _log_retry,
        }


def _log_retry(state: tenacity.RetryCallState) -> None:
    sleep = state.next_action.sleep if state.next_action else 0.0
    logger.info("retrying in %.2fs", sleep)


def _loggable_url(url: httpx.URL) -> str:
    # URLs carry no credentials in any of the five APIs; userinfo is dropped in case a base URL had one.
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


class Sender:
    def __init__(
        self, client: httpx.Client, max_retries: int = DEFAULT_MAX_RETRIES, timeout: httpx.Timeout = DEFAULT_TIMEOUT
    ) -> None:
        self.client = client
        self._attempts = _Attempts(max_retries, timeout)

    def send(self, channel: VendorChannel, call: Call) -> httpx.Response:
        request = self._attempts.build(self.client, channel, call)
        try:
            return self._attempt(channel, call, request, 1)
        except _Retry as first:
            if self._attempts.max_retries < 1:
                raise first.final from None
            import tenacity  # only once a retry is needed: keeps `import unihook` cheap

            attempts = itertools.count(2)
            _sleep(self._attempts.first_wait(first))
            try:
                return tenacity.Retrying(sleep=_sleep, **self._attempts.retrying_kwargs())(
                    lambda: self._attempt(channel, call, request, next(attempts))
                )
            except _Retry as last:
                raise last.final from None

    def _attempt(self, channel: VendorChannel, call: Call, request: httpx.Request, attempt: int) -> httpx.Response:
        if channel.limiter is not None:
            channel.limiter.acquire(_sleep)
        try:
            response = self.client.send(request)
            response.read()
        except httpx.RequestError as exc:
            if channel.limiter is not None:
                channel.limiter.completed()
            self._attempts.judge_exception(channel, call, exc, attempt)
            raise  # unreachable: judge_exception always raises
        if channel.limiter is not None:
            channel.limiter.completed()
        return self._attempts.judge(channel, call, response, attempt)


class AsyncSender:
    def __init__(
        self,
        client: httpx.AsyncClient,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.client = client
        self._attempts = _Attempts(max_retries, timeout)

    async def send(self, channel: VendorChannel, call: Call) -> httpx.Response:
        request = self._attempts.build(self.client, channel, call)
        try:
            return await self._attempt(channel, call, request, 1)
        except _Retry as first:
            if self._attempts.max_retries < 1:
                raise first.final from None
            import tenacity

            attempts = itertools.count(2)
            await _async_sleep(self._attempts.first_wait(first))

            async def again() -> httpx.Response:
                return await self._attempt(channel, call, request, next(attempts))

            try:
                return await tenacity.AsyncRetrying(sleep=_async_sleep, **self._attempts.retrying_kwargs())(again)
            except _Retry as last:
                raise last.final from None

    async def _attempt(
        self, channel: VendorChannel, call: Call, request: httpx.Request, attempt: int
    ) -> httpx.Response:
        if channel.limiter is not None:
            await channel.limiter.acquire_async(_async_sleep)
        try:
            response = await self.client.send(request)
            await response.aread()
        except httpx.RequestError as exc:
            if channel.limiter is not None:
                channel.limiter.completed()
            self._attempts.judge_exception(channel, call, exc, attempt)
            raise
        if channel.limiter is not None:
            channel.limiter.completed()
        return self._attempts.judge(channel, call, response, attempt)

"""The exceptions unihook raises. Every one of them is a `UnihookError`:

* UnihookError
  * InvalidRequest - refused locally, nothing was sent (bad input, missing configuration).
  * UnsupportedOperation - the vendor documents no such operation; nothing was sent.
  * SignatureError - a received webhook delivery failed verification (`unihook.webhooks`): its signature is
    missing, malformed or wrong, the body was changed, or there was no secret to check it with.
  * TransportError - no usable HTTP response (connection failed, timed out, dropped), after any retries.
  * APIError - the vendor answered with an error status (or a success body that could not be read).
    * AuthenticationError - 401, 403.
    * NotFoundError - 404.
    * ValidationError - 400, 422; `field_errors` maps a field to its messages.
    * RateLimitError - 429; `retry_after` in seconds when the vendor gave a hint.
    * ServerError - 5xx, any other status, or an unreadable success body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIError",
    "AuthenticationError",
    "InvalidRequest",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "SignatureError",
    "TransportError",
    "UnihookError",
    "UnsupportedOperation",
    "ValidationError",
]


class UnihookError(Exception):
    """Base class of every error unihook raises."""


class InvalidRequest(UnihookError, ValueError):
    """Refused before anything was sent: bad input or missing configuration."""


class UnsupportedOperation(UnihookError):
    """The vendor documents no such operation; nothing was sent."""

    def __init__(self, vendor: str, operation: str, hint: str = "") -> None:
        self.vendor = vendor
        self.operation = operation
        message = f"{vendor} does not support {operation}"
        super().__init__(f"{message}: {hint}" if hint else message)


class SignatureError(UnihookError):
    """A received delivery is not proven to come from the vendor: its signature header is missing, empty or
    malformed, no secret matches it (a wrong secret or a changed body), or no secret was given. Answer it 401 and
    do not act on it."""


class TransportError(UnihookError):
    """No usable HTTP response: the connection failed, timed out or was dropped (after retries).
    `may_exist` is True when a create was sent and may have been stored all the same."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        attempts: int = 1,
        may_exist: bool = False,
        request: httpx.Request | None = None,
    ) -> None:
        self.vendor = vendor
        self.attempts = attempts
        self.may_exist = may_exist
        self.request = request  # the last request tried (its headers carry the credential: never log them)
        super().__init__(message)


class APIError(UnihookError):
    """The vendor answered with an error. `body` is the parsed JSON body, or the text when it was not JSON (secrets
    masked); `request` and `response` are the exchange (httpx objects), as openai and stripe give them."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        status_code: int,
        body: object = None,
        field_errors: Mapping[str, list[str]] | None = None,
        retry_after: float | None = None,
        may_exist: bool = False,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.request = request
        self.response = response
        self.vendor = vendor
        # True when the failed call was a create that the vendor may have stored all the same (a 5xx, or a
        # success answer whose body could not be read): list before creating it again.
        self.may_exist = may_exist
        self.status_code = status_code
        self.body = body
        self.field_errors: dict[str, list[str]] = {k: list(v) for k, v in (field_errors or {}).items()}
        self.retry_after = retry_after
        self.message = message
        where = f" ({request.method} {request.url.raw_path.decode('ascii', 'replace')})" if request is not None else ""
        super().__init__(f"{vendor} answered {status_code}: {message}{where}")


class AuthenticationError(APIError):
    """401 or 403: the credential is missing, wrong, or lacks the permission."""


class NotFoundError(APIError):
    """404: no such subscription (or path)."""


class ValidationError(APIError):
    """400 or 422: the vendor refused the input; `field_errors` says which fields, where the vendor tells."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` is the vendor's wait hint in seconds, when given."""


class ServerError(APIError):
    """5xx, an unexpected status, or a success response whose body could not be read."""


def error_class_for(status_code: int) -> type[APIError]:
    if status_code in (401, 403):
        return AuthenticationError
    if status_code == 404:
        return NotFoundError
    if status_code in (400, 422):
        return ValidationError
    if status_code == 429:
        return RateLimitError
    return ServerError

"""The exceptions unihook raises. Every one of them is a `UnihookError`:

* UnihookError
  * InvalidRequest - refused locally, nothing was sent (bad input, missing configuration).
  * UnsupportedOperation - the vendor documents no such operation; nothing was sent.
  * SignatureError - a received webhook delivery failed verification (`unihook.webhooks`): its signature is
    missing, malformed or wrong, the body was changed, or there was no secret to check it with.
  * TransportError - no usable HTTP response (connection failed, timed out, dropped), after any retries.
    * CoordinationError - the coordination backend (Redis) could not be used, or a lock was not had in time;
      nothing was sent.
  * APIError - the vendor answered with an error status (or a success body that could not be read).
    * AuthenticationError - 401, 403.
    * NotFoundError - 404.
    * ConflictError - 409, 423: the request clashes with the resource's state (a unique constraint, a record
      locked against deletion).
    * ValidationError - 400, 422; `field_errors` maps a field to its messages.
    * RateLimitError - 429; `retry_after` in seconds when the vendor gave a hint.
    * ServerError - 5xx, any other status, or an unreadable success body.
  A client error with no class of its own (405: the method is not allowed there) is a plain `APIError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIError",
    "AuthenticationError",
    "ConflictError",
    "CoordinationError",
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


class CoordinationError(TransportError):
    """The coordination backend (`UNIHOOK_REDIS_URL`) failed, or a lock was held elsewhere for longer than the
    wait allowed. Raised before a request is sent: pacing is never skipped. `backend` names it, without its
    password."""

    def __init__(self, message: str, *, backend: str, vendor: str = "") -> None:
        self.backend = backend
        super().__init__(message, vendor=vendor)


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


class ConflictError(APIError):
    """409 or 423: the request clashes with the resource's current state (a unique constraint is violated, or the
    record is locked and cannot be deleted). Sending the same again fails the same way."""


class ValidationError(APIError):
    """400 or 422: the vendor refused the input; `field_errors` says which fields, where the vendor tells."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` is the vendor's wait hint in seconds, when given."""


class ServerError(APIError):
    """5xx, an unexpected status, or a success response whose body could not be read."""


# HTTP semantics, the same for every vendor: a status names the class, whoever sent it.
_ERROR_CLASSES: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    405: APIError,  # the method is not allowed on that resource: a client error, not the server's fault
    409: ConflictError,
    422: ValidationError,
    423: ConflictError,
    429: RateLimitError,
}


def error_class_for(status_code: int) -> type[APIError]:
    """The exception class for an error status; ServerError for 5xx and any status not listed."""
    return _ERROR_CLASSES.get(status_code, ServerError)

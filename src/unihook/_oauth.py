"""OAuth2 client-credentials tokens: the grant, and one client's copy of the shared token.

The grant (RFC 6749 §4.4) is one form POST and an `expires_in`; the request goes through the client's own
sender, so it shares the user's httpx client, retries, timeouts and logging. Which vendor uses it, and where
its token endpoint is, is the vendor file's declaration (`Vendor.token_grant`). The token itself is cached in
the coordination backend, keyed by a hash of the grant, and fetched by one caller at a time (the engine's
`_obtain_token`); `TokenSource` holds this client's copy so that a call costs no backend round trip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

from ._coordination import digest
from ._exceptions import AuthenticationError
from ._vendors._spec import TokenGrant

RENEW_BEFORE_EXPIRY = 120.0  # seconds: renew early so a token never expires between check and use...
RENEW_SHARE = 0.5  # ...but never more than half its lifetime early, so a short-lived token is still used
CLAIM_TTL = 30.0  # the caller fetching a token has this long before another may try
POLL = 0.05  # how often the others look for the token being fetched
FORM = "application/x-www-form-urlencoded"


def cache_time(lifetime: float | None) -> float | None:
    """How long a token with this lifetime is used before it is renewed (None: until the vendor refuses it)."""
    if lifetime is None:
        return None
    return max(0.0, lifetime - min(RENEW_BEFORE_EXPIRY, lifetime * RENEW_SHARE))


class TokenSource:
    def __init__(self, vendor: str, grant: TokenGrant, clock: Callable[[], float] = time.monotonic) -> None:
        self.vendor = vendor
        self.grant = grant
        self.key = digest("token", vendor, grant.token_url, grant.client_id, grant.client_secret)
        self._clock = clock
        self._value: str | None = None
        self._renew_at = 0.0

    def __repr__(self) -> str:
        return f"TokenSource(token_url={self.grant.token_url!r}, client_id=***)"

    def current(self) -> str | None:
        """This client's token while it is fresh, else None (look in the backend, or fetch one)."""
        if self._value is None or self._clock() >= self._renew_at:
            return None
        return self._value

    def keep(self, value: str, ttl: float | None) -> dict[str, str]:
        self._value = value
        self._renew_at = float("inf") if ttl is None else self._clock() + ttl
        return {"Authorization": f"Bearer {value}"}

    def forget(self) -> None:
        self._value = None

    def form(self) -> bytes:
        grant = self.grant
        form = {"grant_type": "client_credentials", "client_id": grant.client_id, "client_secret": grant.client_secret}
        return urlencode(form).encode()

    def read(self, response: httpx.Response) -> tuple[str, float | None]:
        """The token in a grant's answer and how long to use it."""
        try:
            payload = response.json()
            access = payload["access_token"]
            expires_in = payload.get("expires_in")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._no_token(response) from exc
        if not isinstance(access, str) or not access:
            raise self._no_token(response)
        lifetime = (
            float(expires_in) if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) else None
        )
        return access, cache_time(lifetime)

    def _no_token(self, response: httpx.Response) -> AuthenticationError:
        return AuthenticationError(
            "the token endpoint answered without an access_token", vendor=self.vendor, status_code=response.status_code
        )

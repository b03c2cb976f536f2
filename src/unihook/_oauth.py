"""OAuth2 client-credentials tokens, cached and renewed before they expire.

The grant (RFC 6749 §4.4) is one form POST and an `expires_in`; the request goes through the client's own
sender, so it shares the user's httpx client, retries, timeouts and logging. Which vendor uses it, and where
its token endpoint is, is the vendor file's declaration (`Vendor.token_grant`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

from ._exceptions import AuthenticationError
from ._vendors._spec import TokenGrant

RENEW_BEFORE_EXPIRY = 120  # seconds: renew early so a token never expires between check and use
FORM = "application/x-www-form-urlencoded"


class TokenCache:
    def __init__(self, vendor: str, grant: TokenGrant, clock: Callable[[], float] = time.time) -> None:
        self.vendor = vendor
        self.grant = grant
        self._clock = clock
        self._header: dict[str, str] | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenCache(token_url={self.grant.token_url!r}, client_id=***)"

    def header(self) -> dict[str, str] | None:
        """The Authorization header while the cached token is fresh, else None (fetch one with `request`)."""
        header = self._header
        if header is None or self._clock() >= self._renew_at:
            return None
        return header

    def form(self) -> bytes:
        grant = self.grant
        form = {"grant_type": "client_credentials", "client_id": grant.client_id, "client_secret": grant.client_secret}
        return urlencode(form).encode()

    def store(self, response: httpx.Response) -> dict[str, str]:
        try:
            payload = response.json()
            access = payload["access_token"]
            expires_in = payload.get("expires_in")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._no_token(response) from exc
        if not isinstance(access, str) or not access:
            raise self._no_token(response)
        header = {"Authorization": f"Bearer {access}"}
        lifetime = (
            float(expires_in) if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) else None
        )
        with self._lock:
            self._header = header
            # No expires_in: the token is good until the vendor says otherwise (a 401 renews it).
            self._renew_at = float("inf") if lifetime is None else int(self._clock()) + lifetime - RENEW_BEFORE_EXPIRY
        return header

    def _no_token(self, response: httpx.Response) -> AuthenticationError:
        return AuthenticationError(
            "the token endpoint answered without an access_token", vendor=self.vendor, status_code=response.status_code
        )

    def invalidate(self) -> None:
        with self._lock:
            self._header = None

"""OAuth2 client-credentials tokens for Commerce Layer, cached and renewed before they expire.

authlib encodes the grant request and keeps the expiry arithmetic (`OAuth2Token`); the request itself goes
through the client's own sender, so it shares the user's httpx client, retries, timeouts and logging.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ._exceptions import AuthenticationError
from ._http import Call

if TYPE_CHECKING:
    import httpx

RENEW_BEFORE_EXPIRY = 120  # seconds: renew early so a token never expires between check and use


class ClientCredentials:
    def __init__(self, vendor: str, token_url: str, client_id: str, client_secret: str) -> None:
        self.vendor = vendor
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._token: dict[str, object] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentials(token_url={self._token_url!r}, client_id=***)"

    def header(self) -> dict[str, str] | None:
        """The Authorization header while the cached token is fresh, else None (call token_call())."""
        from authlib.oauth2.rfc6749 import OAuth2Token

        with self._lock:
            token = self._token
        if token is None:
            return None
        cached = OAuth2Token(token)
        if cached.is_expired(leeway=RENEW_BEFORE_EXPIRY):
            return None
        return {"Authorization": f"Bearer {token['access_token']}"}

    def token_call(self) -> Call:
        from authlib.oauth2.rfc6749.parameters import prepare_token_request

        body = prepare_token_request("client_credentials", client_id=self._client_id, client_secret=self._client_secret)
        return Call(
            "POST",
            "",
            "read",  # a token grant stores nothing: safe to retry
            content=body.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            absolute_url=self._token_url,
        )

    def store(self, response: httpx.Response) -> dict[str, str]:
        from authlib.oauth2.rfc6749 import OAuth2Token

        try:
            payload = response.json()
            token = OAuth2Token.from_dict(payload)
            access = token["access_token"]
        except (ValueError, KeyError, TypeError) as exc:
            raise AuthenticationError(
                "the token endpoint answered without an access_token",
                vendor=self.vendor,
                status_code=response.status_code,
            ) from exc
        if not isinstance(access, str) or not access:
            raise AuthenticationError(
                "the token endpoint answered without an access_token",
                vendor=self.vendor,
                status_code=response.status_code,
            )
        with self._lock:
            self._token = dict(token)
        return {"Authorization": f"Bearer {access}"}

    def invalidate(self) -> None:
        with self._lock:
            self._token = None

"""Vendor keys, documented roots, and credentials read from arguments or the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal
from urllib.parse import urlsplit

import attrs

from ._exceptions import InvalidRequest

VendorKey = Literal["flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud"]
VENDORS: Final[tuple[VendorKey, ...]] = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")

DOCUMENTED_ROOTS: Final[Mapping[str, str]] = {
    "flxpoint": "https://api.flxpoint.com",
    "commercelayer": "https://{organization}.commercelayer.io",
    "blaze": "https://api.partners.blaze.me",
    "shipping_channels": "https://api.shipping-channels.com/v1",
    "packcloud": "https://api.pack.cloud/v1",
}
COMMERCELAYER_TOKEN_URL: Final = "https://auth.commercelayer.io/oauth/token"  # noqa: S105 - a URL

# Every credential argument of Client(...) and the variable from_env() reads it from.
CREDENTIAL_ENV: Final[Mapping[str, str]] = {
    "flxpoint_api_token": "FLXPOINT_API_TOKEN",
    "commercelayer_access_token": "COMMERCELAYER_ACCESS_TOKEN",
    "commercelayer_client_id": "COMMERCELAYER_CLIENT_ID",
    "commercelayer_client_secret": "COMMERCELAYER_CLIENT_SECRET",
    "commercelayer_organization": "COMMERCELAYER_ORGANIZATION",
    "blaze_partner_key": "BLAZE_PARTNER_KEY",
    "blaze_developer_key": "BLAZE_DEVELOPER_KEY",
    "shipping_channels_api_key": "SHIPPING_CHANNELS_API_KEY",
    "packcloud_api_token": "PACKCLOUD_API_TOKEN",
    "packcloud_organization_id": "PACKCLOUD_ORGANIZATION_ID",
}
SECRET_SETTINGS: Final = frozenset(CREDENTIAL_ENV) - {"commercelayer_organization", "packcloud_organization_id"}


def _header_safe(value: str) -> bool:
    """Printable ASCII only: what an HTTP header value can carry (httpx refuses the rest, quoting the value)."""
    return value.isascii() and value.isprintable()


def base_url_env(vendor: str) -> str:
    return f"UNIHOOK_{vendor.upper()}_BASE_URL"


def check_vendor(vendor: object) -> VendorKey:
    if vendor not in VENDORS:
        raise InvalidRequest(f"unknown vendor {vendor!r}; expected one of: {', '.join(VENDORS)}")
    return vendor


@attrs.frozen(repr=False)
class Settings:
    """Credentials and base URLs for every vendor; a vendor only needs its own when it is used."""

    values: Mapping[str, str] = attrs.field(factory=dict)
    base_urls: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values = {arg: env[var] for arg, var in CREDENTIAL_ENV.items() if env.get(var, "").strip()}
        base_urls: dict[str, str] = {v: env[base_url_env(v)] for v in VENDORS if env.get(base_url_env(v), "").strip()}
        return cls(values=values, base_urls=base_urls)

    def __repr__(self) -> str:
        shown = {k: ("***" if k in SECRET_SETTINGS else v) for k, v in sorted(self.values.items())}
        return f"Settings(values={shown!r}, base_urls={dict(self.base_urls)!r})"

    def configured(self, vendor: str) -> bool:
        try:
            self.require_credentials(vendor)
        except InvalidRequest:
            return False
        return True

    def get(self, setting: str) -> str | None:
        return self.values.get(setting)

    def require(self, *settings: str) -> tuple[str, ...]:
        missing = [CREDENTIAL_ENV[s] for s in settings if not self.values.get(s)]
        if missing:
            names = " and ".join(missing)
            raise InvalidRequest(f"missing configuration: set {names} (or pass {', '.join(settings)} to Client)")
        values = tuple(self.values[s].strip() for s in settings)
        for setting, value in zip(settings, values, strict=True):
            if setting in SECRET_SETTINGS and not _header_safe(value):
                # Never echo the value: it is a credential.
                raise InvalidRequest(
                    f"{CREDENTIAL_ENV[setting]} must be printable ASCII without control characters "
                    "(it is sent in an HTTP header or form); its value is not shown"
                )
        return values

    def require_credentials(self, vendor: str) -> None:
        if vendor == "flxpoint":
            self.require("flxpoint_api_token")
        elif vendor == "commercelayer":
            if self.values.get("commercelayer_access_token"):
                self.require("commercelayer_access_token")
            elif self.values.get("commercelayer_client_id") or self.values.get("commercelayer_client_secret"):
                self.require("commercelayer_client_id", "commercelayer_client_secret")
            else:
                raise InvalidRequest(
                    "missing configuration: set COMMERCELAYER_ACCESS_TOKEN, or COMMERCELAYER_CLIENT_ID and "
                    "COMMERCELAYER_CLIENT_SECRET"
                )
            self.base_url(vendor)
        elif vendor == "blaze":
            self.require("blaze_partner_key", "blaze_developer_key")
        elif vendor == "shipping_channels":
            self.require("shipping_channels_api_key")
        elif vendor == "packcloud":
            self.require("packcloud_api_token", "packcloud_organization_id")

    def base_url(self, vendor: str) -> str:
        """The vendor's documented root, or UNIHOOK_<KEY>_BASE_URL exactly as given (minus a trailing slash)."""
        override = self.base_urls.get(vendor)
        if override:
            url = override.strip().rstrip("/")
            parts = urlsplit(url)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or parts.query
                or parts.fragment
                or any(ch.isspace() or not ch.isprintable() for ch in url)
            ):
                raise InvalidRequest(
                    f"{base_url_env(vendor)} must be an absolute http(s) URL with a host and no query or fragment, "
                    f"got {url!r}"
                )
            return url
        if vendor == "commercelayer":
            (organization,) = self.require("commercelayer_organization")
            if not organization.replace("-", "").isalnum():
                raise InvalidRequest(f"COMMERCELAYER_ORGANIZATION must be an organization slug, got {organization!r}")
            return DOCUMENTED_ROOTS[vendor].format(organization=organization)
        return DOCUMENTED_ROOTS[vendor]

    def commercelayer_token_url(self) -> str:
        # Commerce Layer also serves /oauth/token on the organization's own host, which is what a replaced
        # root (the sandbox, a proxy) offers; the documented default is the central auth host.
        if self.base_urls.get("commercelayer"):
            return self.base_url("commercelayer") + "/oauth/token"
        return COMMERCELAYER_TOKEN_URL

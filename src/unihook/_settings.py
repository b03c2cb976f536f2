"""Credentials and base URLs: given to `Client(...)`, else read from the environment. Which settings exist is
each vendor file's declaration (`VendorSpec.credentials`); nothing here names a vendor."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import _vendors
from ._exceptions import InvalidRequest

if TYPE_CHECKING:
    from ._vendors._spec import Credential, VendorSpec

_SLUG = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{0,126}[A-Za-z0-9])?")


def _header_safe(value: str) -> bool:
    """Printable ASCII only: what an HTTP header value can carry (httpx refuses the rest, quoting the value)."""
    return value.isascii() and value.isprintable()


def base_url_env(vendor: str) -> str:
    return f"UNIHOOK_{vendor.upper()}_BASE_URL"


def spec(vendor: str) -> VendorSpec:
    return _vendors.load(vendor).spec


def credential_env() -> dict[str, str]:
    """Every credential keyword of every registered vendor and the variable it falls back to."""
    return {c.name: c.env for key in _vendors.registered() for c in spec(key).credentials}


def vendor_of_credential(name: str) -> str:
    """The vendor a `Client(...)` credential keyword belongs to (keywords are `<key>_<setting>`). Only the prefix
    is checked here, so that building a client loads no vendor; the rest is checked when the vendor is used."""
    for key in sorted(_vendors.registered(), key=len, reverse=True):
        if name.startswith(f"{key}_"):
            return key
    raise InvalidRequest(
        f"unknown argument {name!r}: credentials are named <vendor>_<setting>; "
        f"vendors: {', '.join(_vendors.registered())}"
    )


@dataclasses.dataclass(frozen=True, repr=False)
class Settings:
    """Credentials by keyword and base URLs by vendor; what is not given is read from `environ` (a snapshot of
    the environment, or None for no fallback). A vendor needs its own settings only when it is used."""

    values: Mapping[str, str] = dataclasses.field(default_factory=dict)
    base_urls: Mapping[str, str] = dataclasses.field(default_factory=dict)
    environ: Mapping[str, str] | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        return cls(environ=dict(os.environ if environ is None else environ))

    def with_arguments(self, values: Mapping[str, Any], base_urls: Mapping[str, str] | None) -> Settings:
        given = dict(self.values)
        for name, value in values.items():
            vendor_of_credential(name)
            if value is not None:
                given[name] = value
        urls = dict(self.base_urls)
        for vendor, url in (base_urls or {}).items():
            urls[_vendors.check_vendor(vendor)] = url
        return Settings(values=given, base_urls=urls, environ=self.environ)

    def __repr__(self) -> str:
        shown: dict[str, str] = {}
        for key in _vendors.registered():
            for credential in spec(key).credentials:
                value = self.get(credential)
                if value is not None:
                    shown[credential.name] = "***" if credential.secret else value
        return f"Settings(values={dict(sorted(shown.items()))!r}, base_urls={self._overrides()!r})"

    def _overrides(self) -> dict[str, str]:
        return {key: url for key in _vendors.registered() if (url := self._base_url_override(key))}

    def get(self, credential: Credential) -> str | None:
        value = self.values.get(credential.name)
        if value is None and self.environ is not None:
            value = self.environ.get(credential.env)
        if not isinstance(value, str) or not value.strip():
            return None
        return value

    def configured(self, vendor: str) -> bool:
        try:
            self.credentials(spec(vendor))
        except InvalidRequest:
            return False
        return True

    def require_credentials(self, vendor: str) -> None:
        self.credentials(spec(vendor))

    def credentials(self, vendor: VendorSpec) -> dict[str, str]:
        """The values of the first credential set given in full (plus what the documented root needs), checked;
        InvalidRequest naming the variables to set otherwise. Values are never quoted in errors."""
        self._check_names(vendor)
        given = {c.name: v for c in vendor.credentials if (v := self.get(c)) is not None}
        chosen = next((s for s in vendor.credential_sets if all(n in given for n in s)), None)
        if chosen is None:
            started = [s for s in vendor.credential_sets if any(n in given for n in s)]
            if started or len(vendor.credential_sets) == 1:
                self._missing(vendor, (started or list(vendor.credential_sets))[0], given)
            options = [" and ".join(vendor.credential(n).env for n in s) for s in vendor.credential_sets]
            raise InvalidRequest(f"missing configuration: set {', or '.join(options)}")
        needed = list(chosen)
        if not self._base_url_override(vendor.key):
            needed += vendor.root_needs
        self._missing(vendor, needed, given)
        values = {name: given[name].strip() for name in needed}
        for name, value in values.items():
            credential = vendor.credential(name)
            if credential.secret and not _header_safe(value):
                raise InvalidRequest(
                    f"{credential.env} must be printable ASCII without control characters "
                    "(it is sent in an HTTP header or form); its value is not shown"
                )
            if credential.slug and not _SLUG.fullmatch(value):
                raise InvalidRequest(
                    f"{credential.env} must be a slug (letters, digits, '-' and '_'), as in a host name or "
                    f"path segment; got {value!r}"
                )
        return values

    def _check_names(self, vendor: VendorSpec) -> None:
        known = [c.name for c in vendor.credentials]
        for name in self.values:
            if vendor_of_credential(name) == vendor.key and name not in known:
                import difflib  # only to word the error

                close = difflib.get_close_matches(name, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of: {', '.join(known)})"
                raise InvalidRequest(f"unknown credential argument {name!r}{hint}")

    def _missing(self, vendor: VendorSpec, names: Any, given: Mapping[str, str]) -> None:
        missing = [n for n in names if n not in given]
        if missing:
            envs = " and ".join(vendor.credential(n).env for n in missing)
            raise InvalidRequest(f"missing configuration: set {envs} (or pass {', '.join(missing)} to Client)")

    def _base_url_override(self, vendor: str) -> str | None:
        url = self.base_urls.get(vendor)
        if not url and self.environ is not None:
            url = self.environ.get(base_url_env(vendor))
        return url if url and url.strip() else None

    def overridden(self, vendor: str) -> bool:
        return self._base_url_override(vendor) is not None

    def base_url(self, vendor: str, values: Mapping[str, str] | None = None) -> str:
        """The vendor's documented root, or UNIHOOK_<KEY>_BASE_URL exactly as given (minus a trailing slash)."""
        override = self._base_url_override(vendor)
        declared = spec(vendor)
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
        if declared.root_needs:
            values = self.credentials(declared) if values is None else values
            return declared.root.format(**{name: values[name] for name in declared.root_needs})
        return declared.root

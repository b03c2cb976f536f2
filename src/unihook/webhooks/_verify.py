"""Verifying one delivery: the vendor's declared `Signing`, the raw body, the headers and the secret(s) in, a
`Delivery` out, or an exception. Standard library only; no vendor is named here (each declares its scheme)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from .._exceptions import InvalidRequest, SignatureError, UnsupportedOperation
from .._vendors import check_vendor, load
from .._vendors._spec import Signing

MAX_BODY: Final = 1024 * 1024  # bytes: the largest body verified (and, by default, read by a Receiver)
MAX_HEADER: Final = 256  # characters: the longest signature or event header value read

# Each algorithm a vendor may declare: the HMAC's hashlib digest name and size. The header carries it in base64.
_DIGESTS: Final[Mapping[str, tuple[str, int]]] = {"hmac-sha256-base64": ("sha256", hashlib.sha256().digest_size)}

_ADVICE = (
    "authenticate its deliveries another way: give the callback URL a long random path segment "
    "(secrets.token_urlsafe(32)), check it on every request with hmac.compare_digest, serve the URL over HTTPS "
    "only, and treat a delivery as a hint to fetch the resource from the vendor's API rather than as proof"
)
_UNDOCUMENTED = "unihook does not guess an undocumented scheme: until the vendor documents it, "

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]]


class Headers(Mapping[str, str]):
    """A delivery's headers, read-only: names are matched case-insensitively (kept lower-cased), and a name sent
    more than once holds its values joined with ", " (as HTTP reads them: a repeated signature header is then no
    longer one signature, and fails). Accepts a mapping, anything with `.items()` (Flask's `request.headers`) or
    (name, value) pairs, `str` or `bytes` (an ASGI scope's raw headers). Its repr shows the names, never values."""

    __slots__ = ("_items",)

    def __init__(self, headers: HeadersLike | Iterable[tuple[bytes, bytes]] = ()) -> None:
        items: dict[str, str] = {}
        pairs: Iterable[tuple[str | bytes, str | bytes]]
        found = getattr(headers, "items", None)
        pairs = found() if callable(found) else headers  # type: ignore[assignment]
        for raw_name, raw_value in pairs:
            name = _text(raw_name).lower()
            value = _text(raw_value)
            items[name] = f"{items[name]}, {value}" if name in items else value
        self._items = items

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        names = list(self._items)
        more = f", +{len(names) - 8} more" if len(names) > 8 else ""
        return f"Headers({', '.join(names[:8])}{more})"


def _text(value: str | bytes) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("latin-1")  # HTTP header bytes, as ASGI servers and Starlette read them
    raise InvalidRequest(f"header names and values are str or bytes, got {type(value).__name__}")


@dataclasses.dataclass(frozen=True, repr=False)
class Delivery:
    """One verified delivery.

    `event` is the vendor's event (topic) header, or None where it sent none; note that the signature covers the
    body only, not this header. `resource_id` is the id of the resource the body is about, where the vendor's
    body holds one (else None). `data` is the parsed JSON body, `body` the raw bytes that were verified, `headers`
    every header received (read-only, case-insensitive). The repr is short and shows no header value or data.
    """

    vendor: str
    event: str | None
    resource_id: str | None
    data: Any
    body: bytes
    headers: Headers

    def __repr__(self) -> str:
        return (
            f"Delivery(vendor={self.vendor!r}, event={self.event!r}, resource_id={self.resource_id!r}, "
            f"body=<{len(self.body)} bytes>)"
        )


# --- the steps, shared with the Receiver ------------------------------------------------------------------------


def signing_of(vendor: str) -> Signing:
    """The vendor's documented scheme; UnsupportedOperation (with what to do instead) where there is none."""
    key = check_vendor(vendor)
    signing = load(key).spec.signing
    if not signing.documented or signing.algorithm not in _DIGESTS:
        advice = _UNDOCUMENTED + _ADVICE if signing.signs else _ADVICE[0].upper() + _ADVICE[1:]
        raise UnsupportedOperation(key, "signature verification", f"{signing.note}. {advice}")
    return signing


def secret_keys(secret: object) -> tuple[bytes, ...]:
    """The HMAC keys of `secret` (one string, or several during a rotation); SignatureError unless every one
    given is a non-empty string and there is at least one."""
    given: Sequence[object]
    if isinstance(secret, str):
        given = (secret,)
    elif isinstance(secret, Sequence) and not isinstance(secret, bytes | bytearray):
        given = secret
    else:
        raise SignatureError(
            f"no secret to verify with (got {type(secret).__name__}): give the webhook's secret as a non-empty "
            "string, or a list of them while rotating"
        )
    if not given:
        raise SignatureError("no secret to verify with: the list of secrets is empty")
    keys: list[bytes] = []
    for number, item in enumerate(given, 1):
        if not isinstance(item, str) or not item:
            what = "empty" if item == "" else f"a {type(item).__name__}, not a string"
            raise SignatureError(f"secret #{number} is {what}: every secret given must be a non-empty string")
        keys.append(item.encode("utf-8"))
    return tuple(keys)


def raw_body(body: object, max_body: int) -> bytes:
    if isinstance(body, str):
        raise InvalidRequest("pass the raw request body as bytes, exactly as received (not decoded text)")
    if not isinstance(body, bytes | bytearray | memoryview):
        raise InvalidRequest(f"the body is bytes, got {type(body).__name__}")
    raw = bytes(body)
    if len(raw) > max_body:
        raise InvalidRequest(f"the body is {len(raw)} bytes, over the {max_body}-byte limit: not verified")
    return raw


def check(vendor: str, signing: Signing, keys: tuple[bytes, ...], body: bytes, headers: Headers) -> Delivery:
    """Verify `body` against the signature header with any of `keys`, then read it (the one code path)."""
    name = signing.signature_header
    value = headers.get(name)
    if value is None:
        raise SignatureError(f"no {name} header: the delivery is not signed")
    value = value.strip()
    if not value:
        raise SignatureError(f"the {name} header is empty")
    if len(value) > MAX_HEADER:
        raise SignatureError(f"the {name} header is {len(value)} characters long, too long for a signature")
    try:
        given = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"the {name} header is not base64") from None
    digest, size = _DIGESTS[signing.algorithm or ""]  # signing_of() admits only these
    if len(given) != size:
        raise SignatureError(f"the {name} header does not hold a {signing.algorithm} signature")
    if not any(hmac.compare_digest(hmac.digest(key, body, digest), given) for key in keys):
        raise SignatureError(f"the {name} signature does not match: a wrong secret, or a changed body")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise InvalidRequest(f"the delivery is validly signed but its body is not JSON ({len(body)} bytes)") from None
    return Delivery(vendor, _event(signing, headers), _resource_id(signing, data), data, body, headers)


def _event(signing: Signing, headers: Mapping[str, str]) -> str | None:
    if not signing.event_header:
        return None
    value = (headers.get(signing.event_header) or "").strip()
    if len(value) > MAX_HEADER:
        raise InvalidRequest(f"the {signing.event_header} header is {len(value)} characters long: not an event")
    return value or None


def _resource_id(signing: Signing, data: object) -> str | None:
    if not signing.resource_id_path:
        return None
    found = data
    for key in signing.resource_id_path:
        found = found.get(key) if isinstance(found, dict) else None
    if isinstance(found, str):
        return found or None
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return None


# --- public ---------------------------------------------------------------------------------------------------


def verify(
    vendor: str,
    body: bytes,
    headers: HeadersLike,
    secret: str | Sequence[str],
    *,
    max_body: int = MAX_BODY,
) -> Delivery:
    """Verify one delivery received from `vendor` and return it, parsed.

    `body` is the raw request body (bytes, exactly as received: verify before any parsing), `headers` the request's
    headers (any mapping, matched case-insensitively), `secret` the webhook's signing secret, or a list of secrets
    while rotating one (any one matching verifies). The signature is compared in constant time.

    Raises:
        SignatureError: the signature header is missing, empty, too long or not base64; no secret matches (a wrong
            secret or a changed body); or no usable secret was given (an empty string or list). Answer 401.
        InvalidRequest: the body is over `max_body` bytes (1 MiB; not read into an HMAC), is not bytes, or is
            validly signed but not JSON; or the vendor key is unknown. Answer 413 or 400.
        UnsupportedOperation: the vendor documents no signing scheme (or none at all); the message says what to do
            instead. Nothing is ever accepted unverified.
    """
    signing = signing_of(vendor)
    keys = secret_keys(secret)
    return check(vendor, signing, keys, raw_body(body, max_body), Headers(headers))


def can_verify(vendor: str) -> bool:
    """Whether `verify` can check `vendor`'s deliveries: True where it documents a signing scheme unihook knows."""
    signing = load(check_vendor(vendor)).spec.signing
    return signing.documented and signing.algorithm in _DIGESTS


def event_of(vendor: str, headers: HeadersLike) -> str | None:
    """The event (topic) a delivery's headers name, where the vendor declares an event header, else None.
    Unverified: read it only to show or route what `verify` then checks."""
    signing = load(check_vendor(vendor)).spec.signing
    return _event(signing, Headers(headers))

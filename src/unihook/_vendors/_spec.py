"""What a vendor file declares, and the small readers its flows share.

A vendor file holds every fact about one vendor: a `VendorSpec` (documented root, credentials and their
environment variables, rate, capabilities as typed values) and a `Vendor` subclass (how it authenticates, reads
wait hints and error bodies, and its operation flows). Flows do no I/O: each is a generator that yields the
`Req`s it needs and receives their `httpx.Response`s; the engine runs them for the sync and async clients alike.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import re
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, TypeVar
from urllib.parse import quote

import httpx

from .._exceptions import InvalidRequest

if TYPE_CHECKING:
    from .._settings import Settings
    from .._types import Changes, NewSubscription, Subscription

T = TypeVar("T")
CallKind = Literal["read", "create", "update", "delete"]


class Req(NamedTuple):
    """One HTTP request of a vendor operation. `path` is relative to the vendor root unless `absolute`."""

    method: str
    path: str
    kind: CallKind
    body: Any = None  # JSON-able; serialised by the engine with the vendor's media type
    page: int = 0  # for list pages: the page (or offset) this request asks for
    absolute: bool = False
    size: int = 0  # for list pages: how many items a page holds, where the vendor takes a size


Flow = Generator[Req, httpx.Response, T]
Page = tuple[list["Subscription"], Req | None]


class DeleteMode(enum.Enum):
    """What `delete` does on a vendor."""

    HARD = "hard"  # the vendor's DELETE removes it
    SOFT = "soft"  # the vendor keeps it, marked deleted (no DELETE documented)
    NONE = "none"  # not offered; disable instead


@dataclasses.dataclass(frozen=True)
class Capabilities:
    single_event: bool  # one event per registration (create_many makes one per event)
    delete: DeleteMode
    toggle: bool  # enable/disable exist
    has_name: bool
    renamable: bool  # the name can change after create
    accepts_secret: bool  # the caller may set the signing secret
    requires_secret: bool  # create refuses a registration without one (unihook generates it)
    echoes_secret: bool  # responses return the signing secret in plain text
    numeric_ids: bool
    min_secret_length: int = 1
    # The vendor refuses a name another registration has: create_many gives each registration it makes its own.
    unique_names: bool = False
    delete_note: str = ""  # how delete works, for people (the coverage table)
    unsupported_note: str = ""  # what to do instead of an operation the vendor lacks


SignatureAlgorithm = Literal["hmac-sha256-base64"]  # base64(HMAC-SHA256(raw body, key = the secret's UTF-8))


@dataclasses.dataclass(frozen=True)
class Signing:
    """How a vendor signs the deliveries it sends, as far as it documents it (read by `unihook.webhooks`).

    `documented` means the scheme is documented well enough to verify: an `algorithm` and the
    `signature_header` that carries it. `signs` says the vendor states that deliveries are signed at all (with the
    secret given or made at create), documented or not. `note` says, for people, what is documented and what is
    not. `event_header` carries the event (topic) of a delivery; `resource_id_path` is where the delivered JSON
    holds the resource's id (keys from the top). Header names are matched case-insensitively."""

    algorithm: SignatureAlgorithm | None = None
    signature_header: str = ""
    event_header: str = ""
    resource_id_path: tuple[str, ...] = ()
    documented: bool = False
    signs: bool = False
    note: str = "no signing of deliveries is documented"

    def __post_init__(self) -> None:
        if self.documented and not (self.algorithm and self.signature_header and self.signs):
            raise ValueError("a documented signing scheme names its algorithm and signature header")
        if not self.documented and self.algorithm is not None:
            raise ValueError("an algorithm is declared only for a documented signing scheme")


@dataclasses.dataclass(frozen=True)
class Credential:
    """One setting: its `Client(...)` keyword, the environment variable it falls back to, and whether it is
    a secret (never shown) or an identifier (organization ids, shown)."""

    name: str
    env: str
    secret: bool = True
    slug: bool = False  # must be an identifier safe in a host name or path segment


@dataclasses.dataclass(frozen=True)
class VendorSpec:
    key: str
    title: str
    root: str  # the documented root; `{credential}` placeholders are filled from slug credentials
    credentials: tuple[Credential, ...]
    # Alternative sets of credentials; the first one given in full is used.
    credential_sets: tuple[tuple[str, ...], ...]
    capabilities: Capabilities
    rate: float | None = None  # documented requests per second per credential, paced client-side
    max_page_size: int | None = None  # the largest page the vendor serves; None: it takes no page size
    media_type: str = "application/json"
    # Identifiers the documented root needs, not needed once UNIHOOK_<KEY>_BASE_URL replaces it.
    root_needs: tuple[str, ...] = ()
    # How deliveries are signed; the default: no signing documented.
    signing: Signing = Signing()

    def credential(self, name: str) -> Credential:
        for credential in self.credentials:
            if credential.name == name:
                return credential
        raise KeyError(name)


@dataclasses.dataclass(frozen=True)
class TokenGrant:
    """OAuth2 client credentials: where to ask, and with what."""

    token_url: str
    client_id: str = dataclasses.field(repr=False)
    client_secret: str = dataclasses.field(repr=False)


class Vendor:
    """One configured vendor account. Subclasses (one per vendor file) set `spec` and write the flows."""

    spec: ClassVar[VendorSpec]

    def __init__(self, settings: Settings) -> None:
        values = settings.credentials(self.spec)
        self.values = values
        self.base_url = settings.base_url(self.spec.key, values)
        self.headers = {"Accept": self.spec.media_type, **self.auth_headers(values)}
        self.grant = self.token_grant(values, settings)
        self.setup(values)

    # --- how it authenticates (override) ---------------------------------------------------------------------

    def auth_headers(self, values: Mapping[str, str]) -> dict[str, str]:
        return {}

    def token_grant(self, values: Mapping[str, str], settings: Settings) -> TokenGrant | None:
        return None

    def setup(self, values: Mapping[str, str]) -> None:
        """Read what the flows need from the credentials (an organization id in the path)."""

    # --- how it answers (override) ---------------------------------------------------------------------------

    @staticmethod
    def parse_error(status: int, body: object) -> tuple[str, dict[str, list[str]]]:
        return plain_error(body), {}

    @staticmethod
    def wait_hint(response: httpx.Response, body: object, now: float) -> float | None:
        """Seconds the vendor asks to wait beyond a standard Retry-After (its own headers or body fields)."""
        return None

    # --- operation flows (override) --------------------------------------------------------------------------

    def create(self, new: NewSubscription) -> Flow[Subscription]:
        raise NotImplementedError

    def get(self, id: str) -> Flow[Subscription]:
        raise NotImplementedError

    def update(self, id: str, changes: Changes) -> Flow[Subscription]:
        raise NotImplementedError

    def delete(self, id: str) -> Flow[None]:
        raise NotImplementedError

    def first_page(self, size: int) -> Req:
        """The first page's request; `size` is the page size where the vendor takes one (else 0)."""
        raise NotImplementedError

    def read_page(self, response: httpx.Response, request: Req) -> Page:
        raise NotImplementedError


# --- paths ----------------------------------------------------------------------------------------------------

_SENTINEL = "UNIHOOKxPLACEHOLDER"


def path_template(get_kwargs: Callable[..., dict[str, Any]], *args: Any) -> str:
    """The path a generated operation builds, with `{}` where each `None` in `args` stands: read once at import,
    so the path stays the spec's while no generated code runs per call."""
    marked = [_SENTINEL if a is None else a for a in args]
    url: str = get_kwargs(*marked)["url"]
    return url.replace(_SENTINEL, "{}")


def segment(value: str) -> str:
    """A checked id or identifier as a path segment, percent-encoded as the generated clients do
    (`quote(value, safe="")`); check_id admits only ':' and '@' beyond what needs no quoting."""
    return quote(value, safe="") if ":" in value or "@" in value else value


# --- readers: JSON straight to the facade's types, refusing what is malformed ---------------------------------


def text(obj: Mapping[str, Any], key: str, required: bool = False) -> str | None:
    value = obj[key] if required else obj.get(key)
    if type(value) is str or (value is None and not required):
        return value
    raise TypeError(f"{key!r} is not a string")


def flag(obj: Mapping[str, Any], key: str) -> bool | None:
    value = obj.get(key)
    if value is None or value is True or value is False:
        return value
    raise TypeError(f"{key!r} is not a boolean")


def strings(obj: Mapping[str, Any], key: str, required: bool = False) -> tuple[str, ...]:
    value = obj[key] if required else obj.get(key)
    if type(value) is list:
        found = tuple(value)
        for item in found:
            if type(item) is not str:
                break
        else:
            return found
    elif value is None and not required:
        return ()
    raise TypeError(f"{key!r} is not a list of strings")


def timestamp(obj: Mapping[str, Any], key: str) -> datetime.datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is not str:
        raise TypeError(f"{key!r} is not a date-time string")
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        pass
    from dateutil.parser import isoparse  # forms fromisoformat lacks; the generated models use it too

    return isoparse(value)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def epoch_ms(obj: Mapping[str, Any], key: str) -> datetime.datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if type(value) is not int and type(value) is not float:
        raise TypeError(f"{key!r} is not a number")
    try:
        return _EPOCH + datetime.timedelta(milliseconds=value)
    except OverflowError:
        raise ValueError(f"{key!r} is out of range") from None


def mapping(value: object, what: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise TypeError(f"{what} is not a JSON object")
    return value


def items(value: object, what: str) -> list[dict[str, Any]]:
    if type(value) is not list:
        raise TypeError(f"{what} is not a JSON array")
    return value


def next_numbered_page(document: Mapping[str, Any], request: Req, found: int, last_key: str) -> int | None:
    """The page after `request` in a numbered-page envelope (`meta.<last_key>`, else `links.next`), or None."""
    meta, links = document.get("meta"), document.get("links")
    last = mapping(meta, "meta").get(last_key) if meta is not None else None
    if last is not None:
        if type(last) is not int:
            raise TypeError(f"{last_key!r} is not an integer")
        more = request.page < last
    else:
        more = bool(links is not None and mapping(links, "links").get("next"))
    return request.page + 1 if more and found else None


def plain_error(body: object) -> str:
    if isinstance(body, str):
        stripped = re.sub(r"<[^>]+>", " ", body)
        return " ".join(stripped.split())[:200]
    return ""


def single_event(vendor: str, events: tuple[str, ...] | list[str]) -> str:
    if len(events) != 1:
        raise InvalidRequest(
            f"{vendor} holds one event per registration, got {len(events)} events: use create_many() to make one "
            "registration per event (the CLI and plan files do this for you)"
        )
    return events[0]

"""Declarative subscriptions: a YAML file says what should exist, `plan` compares it with what the vendors hold,
`apply` makes it so.

The file::

    subscriptions:
      - vendor: commercelayer                 # one of the five vendor keys
        url: https://hooks.example.com/orders # absolute http(s)
        events: [orders.place, orders.cancel]
        name: Orders                          # optional
        secret: ${ORDERS_HOOK_SECRET}         # optional; ${VAR} is read from the environment
        active: true                          # optional, default true
    prune:                                    # optional
      prefixes: ["https://hooks.example.com/"]

The whole file is validated before anything is sent; every problem is reported with its entry index and YAML
line (`PlanFileError`).

Accounts. Without `accounts:` each vendor has one account, configured from the environment. A file may declare
named accounts instead (or as well), and each subscription then says which it belongs to::

    accounts:
      acme-shop:
        vendor: flxpoint
        credentials: {api_token: "${ACME_FLXPOINT_TOKEN}"}   # secrets only as ${VAR}, never literally
      beta-store:
        vendor: commercelayer
        credentials_file: secrets/beta.yaml                 # a mapping of setting -> value, beside the file
        credentials: {organization: beta-store}             # identifiers may be literal
    subscriptions:
      - account: acme-shop                                  # vendor comes from the account
        url: https://hooks.example.com/acme
        events: [inventory.updated]

Settings are the `Client(...)` keywords without the vendor prefix (`api_token`, `client_id`, `organization`,
...). An account's credentials come only from its declaration, never from the vendor's environment variables;
`UNIHOOK_<KEY>_BASE_URL` still applies unless the account gives `base_url`. A subscription is matched by
(account, vendor, url): each account is planned and applied on its own (`_fleet.py`).

Units. On a vendor holding one event per registration (Commerce Layer, BLAZE, Pack.cloud) an entry with N events
is N registrations, each keyed by (vendor, url, event); elsewhere (Flxpoint, Shipping Channels) an entry is one
registration keyed by (vendor, url), its events a field.

Matching rule, per vendor:
1. Exact: a unit matches an existing subscription with the same key (the one already in sync first, then an
   active one). Other subscriptions with that key are surplus.
2. Moved URL: a unit left unmatched and an existing subscription left unmatched pair up as a URL update when
   they have the same events, the same name wherever the file gives one, and the existing subscription is in the
   file's managed scope, i.e. its URL is under a declared `prune.prefixes` entry (an old URL is no longer in the
   file, so only a prefix can say it is the file's; a name alone could claim another team's subscription). A pair
   forms only when it is unambiguous (one candidate each way); otherwise the unit is created.
3. Every unit still unmatched is created.
4. With prune: an existing subscription still unmatched is removed only when its (vendor, url) is one the file
   declares or its URL is under a declared prefix; nothing else is ever touched. Vendors that cannot delete
   (Pack.cloud) have it disabled instead (left alone when already disabled).

Names. Where the vendor wants every name unique (Commerce Layer), an entry with a name and N > 1 events names
each registration "<name> <event>", as `create_many` does; an existing one named exactly as the entry is in sync
too.

Fields: url, events and active (default true) are always managed; name only where the file gives one; a secret
is sent on create, and compared later only where the vendor shows it back (Pack.cloud). Flxpoint fixes a
configuration's name at create, so a new name there is a replace (create the new one, then delete the old).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from . import _vendors
from ._async_client import AsyncClient
from ._client import Client
from ._engine import Engine, Op, collect, registration_name, supports
from ._exceptions import InvalidRequest
from ._settings import base_url_env
from ._types import Subscription
from ._validate import check_events, check_name, check_secret, check_url
from ._vendors._spec import Capabilities

__all__ = [
    "Applied",
    "Change",
    "Entry",
    "Plan",
    "PlanFile",
    "PlanFileError",
    "Problem",
    "Prune",
    "apply_plan",
    "compute_plan",
    "load_plan_file",
    "make_plan",
    "parse_plan",
]

Action = Literal["create", "update", "replace", "delete", "disable"]
ACTIONS: tuple[Action, ...] = ("create", "update", "replace", "delete", "disable")

# What the vendors allow beyond the facade's operation table (VENDORS.md).

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ACCOUNT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def capabilities(vendor: str) -> Capabilities:
    return _vendors.load(vendor).spec.capabilities


def single_event(vendor: str) -> bool:
    return capabilities(vendor).single_event


def can(vendor: str, operation: str) -> bool:
    return supports(vendor, operation)


# --- the file -------------------------------------------------------------------------------------------------


class Entry(BaseModel):
    """One desired subscription as written in the file."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    vendor: str
    account: str | None = None
    url: str
    events: tuple[str, ...]  # emptiness is check_events' to report, in its own words
    name: str | None = None
    secret: str | None = Field(default=None, repr=False)
    active: bool = True

    @model_validator(mode="before")
    @classmethod
    def _known_account(cls, data: object) -> object:
        # The file's accounts gave an entry naming one its vendor already (`_fill_vendors`); one still without
        # a vendor names an account the file does not declare.
        if isinstance(data, dict) and "vendor" not in data and isinstance(data.get("account"), str):
            raise InvalidRequest(f"unknown account {data['account']!r}: declare it under `accounts:` with its vendor")
        return data

    @field_validator("events", mode="before")
    @classmethod
    def _events_list(cls, value: object) -> object:
        # YAML gives lists; strict mode would refuse them for a tuple field.
        return tuple(value) if isinstance(value, list) else value

    @field_validator("vendor")
    @classmethod
    def _vendor(cls, value: str) -> str:
        return _vendors.check_vendor(value)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return check_url(value)

    @field_validator("events")
    @classmethod
    def _events(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_events(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return check_name(value)

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        context = info.context if isinstance(info.context, dict) else {}
        environ: Mapping[str, str] = context.get("environ", os.environ)

        def resolve(match: re.Match[str]) -> str:
            variable = match.group(1)
            if variable not in environ:
                raise InvalidRequest(f"secret refers to ${{{variable}}}, which is not set in the environment")
            return environ[variable]

        return _ENV_REF.sub(resolve, value)

    @model_validator(mode="after")
    def _vendor_rules(self) -> Entry:
        vendor = self.vendor
        if self.name is not None and not capabilities(vendor).has_name:
            raise InvalidRequest(f"{vendor} registrations have no name; remove `name`")
        if self.secret is not None:
            if not capabilities(vendor).accepts_secret:
                raise InvalidRequest(f"{vendor} takes no signing secret from the caller; remove `secret`")
            check_secret(vendor, self.secret, capabilities(vendor).min_secret_length)
        if not self.active and not can(vendor, "disable"):
            raise InvalidRequest(f"{vendor} has no enabled/disabled state, so `active: false` cannot be honoured")
        return self


class Prune(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    prefixes: tuple[str, ...] = ()

    @field_validator("prefixes", mode="before")
    @classmethod
    def _prefix_list(cls, value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    @field_validator("prefixes")
    @classmethod
    def _prefixes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for prefix in value:
            check_url(prefix)
        return value


MAX_CREDENTIALS_FILE = 64 * 1024


class AccountDecl(BaseModel):
    """One named account: its vendor and its credentials (resolved when the file is read; never shown)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    vendor: str
    credentials: dict[str, str] = Field(default_factory=dict, repr=False)
    credentials_file: str | None = None
    base_url: str | None = None
    _values: dict[str, str] = PrivateAttr(default_factory=dict)

    @field_validator("vendor")
    @classmethod
    def _vendor(cls, value: str) -> str:
        return _vendors.check_vendor(value)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return None if value is None else check_url(value).rstrip("/")

    @model_validator(mode="after")
    def _resolve(self, info: ValidationInfo) -> AccountDecl:
        context = info.context if isinstance(info.context, dict) else {}
        environ: Mapping[str, str] = context.get("environ", os.environ)
        spec = _vendors.load(self.vendor).spec
        prefix = f"{self.vendor}_"
        known = {c.name.removeprefix(prefix): c for c in spec.credentials}
        given = _read_credentials_file(self.credentials_file, context.get("base_dir")) if self.credentials_file else {}
        unknown = [s for s in (*given, *self.credentials) if s not in known]
        if unknown:
            raise InvalidRequest(f"unknown {self.vendor} setting {unknown[0]!r} (settings: {', '.join(known)})")
        for setting, value in self.credentials.items():
            if known[setting].secret and not _ENV_REF.fullmatch(value):
                raise InvalidRequest(
                    f"{setting} is a secret: write it as ${{VARIABLE}} or put it in credentials_file, not in the "
                    "plan file itself"
                )
            given[setting] = _ENV_REF.sub(lambda m: _env_value(m.group(1), environ), value)
        values = {known[s].name: v.strip() for s, v in given.items() if v.strip()}
        needed = [list(names) for names in spec.credential_sets]
        chosen = next((names for names in needed if all(n in values for n in names)), None)
        if chosen is None:
            options = " or ".join(" and ".join(n.removeprefix(prefix) for n in names) for names in needed)
            raise InvalidRequest(f"the account needs credentials: {options}")
        if self.base_url is None and not environ.get(base_url_env(self.vendor), "").strip():
            missing = [n.removeprefix(prefix) for n in spec.root_needs if n not in values]
            if missing:
                raise InvalidRequest(f"the account needs {' and '.join(missing)}")
        self._values = values
        return self

    def client_arguments(self) -> dict[str, str]:
        """The `Client(...)` keywords for this account's credentials."""
        return dict(self._values)


def _env_value(variable: str, environ: Mapping[str, str]) -> str:
    if variable not in environ:
        raise InvalidRequest(f"${{{variable}}} is not set in the environment")
    return environ[variable]


def _read_credentials_file(name: str, base_dir: object) -> dict[str, str]:
    path = Path(name)
    if not path.is_absolute() and isinstance(base_dir, Path):
        path = base_dir / path
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CREDENTIALS_FILE + 1)
    except OSError as exc:
        raise InvalidRequest(f"cannot read credentials_file {name}: {exc.strerror or exc}") from None
    if len(raw) > MAX_CREDENTIALS_FILE:
        raise InvalidRequest(f"credentials_file {name} is larger than {MAX_CREDENTIALS_FILE // 1024} KiB")
    loader = _BoundedLoader(raw.decode("utf-8", errors="replace"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError:
        raise InvalidRequest(f"credentials_file {name} is not a YAML or JSON mapping") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InvalidRequest(f"credentials_file {name} must map setting names to strings")
    return data


def _fill_vendors(data: object) -> object:
    """An entry naming an account may leave out the vendor: the account says it."""
    if not isinstance(data, dict):
        return data
    accounts, entries = data.get("accounts"), data.get("subscriptions")
    if not isinstance(accounts, dict) or not isinstance(entries, list):
        return data
    filled = []
    for entry in entries:
        if isinstance(entry, dict) and "vendor" not in entry and isinstance(entry.get("account"), str):
            declared = accounts.get(entry["account"])
            if isinstance(declared, dict) and isinstance(declared.get("vendor"), str):
                entry = {**entry, "vendor": declared["vendor"]}
        filled.append(entry)
    return {**data, "subscriptions": filled}


class PlanFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    subscriptions: tuple[Entry, ...]
    prune: Prune = Prune()
    accounts: dict[str, AccountDecl] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _vendor_from_account(cls, data: object) -> object:
        return _fill_vendors(data)

    @field_validator("subscriptions", mode="before")
    @classmethod
    def _entry_list(cls, value: object) -> object:
        return tuple(value) if isinstance(value, list) else value

    @field_validator("accounts")
    @classmethod
    def _account_names(cls, value: dict[str, AccountDecl]) -> dict[str, AccountDecl]:
        for name in value:
            if not _ACCOUNT_NAME.fullmatch(name):
                raise InvalidRequest(f"account name {name!r} must be letters, digits, '.', '-' or '_' (at most 64)")
        return value

    @model_validator(mode="after")
    def _accounts_exist(self) -> PlanFile:
        for index, entry in enumerate(self.subscriptions):
            if entry.account is None:
                continue
            declared = self.accounts.get(entry.account)
            if declared is None:
                known = ", ".join(self.accounts) or "none declared"
                raise InvalidRequest(f"entry {index}: unknown account {entry.account!r} (accounts: {known})")
            if declared.vendor != entry.vendor:
                raise InvalidRequest(
                    f"entry {index}: account {entry.account!r} is a {declared.vendor} account, not {entry.vendor}"
                )
        return self

    def only(self, vendor: str, account: str | None) -> PlanFile:
        """The part of the file one account of one vendor is reconciled with, as a one-account file (not
        validated again)."""
        entries = tuple(
            e.model_copy(update={"account": None})
            for e in self.subscriptions
            if e.vendor == vendor and e.account == account
        )
        return self.model_copy(update={"subscriptions": entries, "accounts": {}})

    def only_environment(self) -> PlanFile:
        """The entries that name no account: the one-account part of the file."""
        entries = tuple(e for e in self.subscriptions if e.account is None)
        return self.model_copy(update={"subscriptions": entries, "accounts": {}})

    @property
    def has_accounts(self) -> bool:
        return any(e.account is not None for e in self.subscriptions)

    def under_prefix(self, url: str) -> str | None:
        return next((p for p in self.prune.prefixes if url.startswith(p)), None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file; `entry` is the index in `subscriptions`, `line` 1-based."""

    message: str
    entry: int | None = None
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.entry is not None:
            where.append(f"entry {self.entry}" + (f" ({self.field})" if self.field else ""))
        elif self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message


MAX_PROBLEMS = 100  # reported; the rest are counted


class PlanFileError(InvalidRequest):
    """The plan file was refused as a whole; nothing was sent. `problems` lists the first MAX_PROBLEMS (in line
    order); `count` is how many were found."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.count = count = len(problems)
        self.problems = list(problems[:MAX_PROBLEMS])
        if count > MAX_PROBLEMS:
            self.problems.append(Problem(f"... and {count - MAX_PROBLEMS} more problems"))
        super().__init__(f"{source}: {count} problem{'s' if count != 1 else ''}: " + "; ".join(map(str, self.problems)))


# Plan files are small documents written by people: anything far beyond these is refused before it is parsed
# or while it is composed, so a hostile file costs bounded time and memory.
MAX_PLAN_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_INT_DIGITS = 30
MAX_LINE = 4096  # a URL is at most 2048 characters
MAX_FLOW_OPENERS = 20_000  # `[` and `{`: a flood of them costs the scanner before any nesting limit is met
MAX_NODES = 50_000  # keys, values and items: thousands of subscriptions; validation cost grows with it


try:  # libyaml's C parser, when PyYAML was built with it (its wheels are): the pure-Python scanner is ~20x slower
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - a PyYAML without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


class _BoundedLoader(yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """A safe loader (events from libyaml, composed and constructed in Python) without aliases (plan files
    never need them; an alias bomb multiplies through them), with a nesting limit (deep nesting recurses) and a
    digit limit on integers (int() of a huge one raises ValueError from deep inside the constructor)."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._nodes = 0

    def _refuse(self, problem: str) -> yaml.composer.ComposerError:
        event: Any = self.peek_event()
        return yaml.composer.ComposerError(None, None, problem, event.start_mark)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise self._refuse("aliases (*name) are not allowed in plan files; write the value out")
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise self._refuse(f"nested deeper than {MAX_DEPTH} levels")
            if self._nodes > MAX_NODES:
                raise self._refuse(f"more than {MAX_NODES} keys and values: more than any plan needs")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"an integer of {digits} digits is not a plausible value", node.start_mark
            )
        return super().construct_yaml_int(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)  # type: ignore[type-var]


def load_plan_file(path: str | Path, environ: Mapping[str, str] | None = None) -> PlanFile:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_PLAN_BYTES + 1)  # never more than the limit, whatever the file's size
        if len(raw) > MAX_PLAN_BYTES:
            raise PlanFileError(str(path), [_too_large()])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_plan(text, source=str(path), environ=environ, base_dir=path.parent)


def _too_large() -> Problem:
    return Problem(f"the file is larger than {MAX_PLAN_BYTES // 1024} KiB, more than any plan needs", line=1)


def parse_plan(
    text: str, *, source: str = "<plan>", environ: Mapping[str, str] | None = None, base_dir: Path | None = None
) -> PlanFile:
    """Validate a plan file's text; raise PlanFileError listing every problem found."""
    if len(text.encode()) > MAX_PLAN_BYTES:
        raise PlanFileError(source, [_too_large()])
    # Checked at C speed before the pure-Python YAML scanner sees the text, so hostile input costs little.
    if text.count("[") + text.count("{") > MAX_FLOW_OPENERS:
        raise PlanFileError(source, [Problem(f"more than {MAX_FLOW_OPENERS} `[` and `{{`: not a plan file", line=1)])
    if max(map(len, text.splitlines()), default=0) > MAX_LINE:
        line = next(i for i, row in enumerate(text.splitlines(), 1) if len(row) > MAX_LINE)
        raise PlanFileError(source, [Problem(f"the line is longer than {MAX_LINE} characters", line=line)])
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(p for p in (exc.context, exc.problem) if p)
        raise PlanFileError(
            source, [Problem(f"malformed YAML: {detail}", line=mark.line + 1 if mark else None)]
        ) from None
    except yaml.YAMLError as exc:
        raise PlanFileError(source, [Problem(f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()

    problems: list[Problem] = []
    lines: dict[tuple[object, ...], int] = {}
    if node is not None:
        _walk(node, (), lines, problems)
    if not isinstance(data, dict):
        problems.append(Problem("the file must be a mapping with a `subscriptions` list", line=1))
        raise PlanFileError(source, problems)

    context = {"environ": os.environ if environ is None else environ, "base_dir": base_dir or Path.cwd()}
    try:
        plan_file = PlanFile.model_validate(data, context=context)
    except PydanticValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False, include_context=False):
            problems.append(_problem(error["loc"], _message(error), lines))
        plan_file = None
    filled = _fill_vendors(data)
    problems.extend(_duplicates(filled.get("subscriptions") if isinstance(filled, dict) else None, lines))
    if problems or plan_file is None:
        raise PlanFileError(source, sorted(problems, key=lambda p: (p.line or 0, p.entry or 0)))
    return plan_file


def _walk(
    node: yaml.Node, path: tuple[object, ...], lines: dict[tuple[object, ...], int], problems: list[Problem]
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            child = (*path, key.value)
            if key.value in seen:
                # PyYAML keeps the last silently; a plan must not hide half of what it says.
                problems.append(_problem(child, f"key `{key.value}` is given twice", lines, key.start_mark.line + 1))
            seen.add(key.value)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, problems)


def _message(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    if error["type"] == "tuple_type":
        return "Input should be a list"  # tuples are how the model stores YAML lists
    return message


def _problem(
    loc: Sequence[object], message: str, lines: Mapping[tuple[object, ...], int], line: int | None = None
) -> Problem:
    loc = tuple(loc)
    entry = loc[1] if len(loc) >= 2 and loc[0] == "subscriptions" and isinstance(loc[1], int) else None
    rest = loc[2:] if entry is not None else loc
    if line is None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in lines:
                line = lines[loc[:end]]
                break
    return Problem(message, entry=entry, line=line, field=".".join(str(p) for p in rest))


def _duplicates(raw: object, lines: Mapping[tuple[object, ...], int]) -> list[Problem]:
    """Entries naming the same registration twice, judged on the raw data so they show beside other problems."""
    if not isinstance(raw, list):
        return []
    first: dict[tuple[str, ...], int] = {}
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        vendor, url, events = item.get("vendor"), item.get("url"), item.get("events")
        account = str(item.get("account") or "")
        if vendor not in _vendors.registered() or not isinstance(url, str):
            continue
        keys: list[tuple[str, ...]]
        if single_event(vendor):
            keys = [(account, vendor, url, e) for e in events if isinstance(e, str)] if isinstance(events, list) else []
        else:
            keys = [(account, vendor, url)]
        for key in keys:
            if key in first:
                what = "vendor, url and event" if len(key) == 4 else "vendor and url"
                what = f"account, {what}" if account else what
                earlier = first[key]
                at = lines.get(("subscriptions", earlier))
                problems.append(
                    _problem(
                        ("subscriptions", index),
                        f"duplicate: same {what} as entry {earlier}" + (f" (line {at})" if at else ""),
                        lines,
                    )
                )
                break
            first[key] = index
    return problems


# --- the plan -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing apply will do. `url`/`events` are the desired values (create, update, replace) or the existing
    subscription's (delete, disable); `diff` maps a field to (current, desired)."""

    action: Action
    vendor: str
    url: str
    events: tuple[str, ...]
    id: str | None = None
    name: str | None = None
    secret: str | None = field(default=None, repr=False)
    active: bool = True
    diff: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    entry: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    unchanged: int = 0
    skipped: Mapping[str, str] = field(default_factory=dict)  # vendor -> why it was not looked at

    @property
    def pending(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {action: 0 for action in ACTIONS}
        for change in self.changes:
            counts[change.action] += 1
        counts["unchanged"] = self.unchanged
        return counts


@dataclass(frozen=True)
class _Unit:
    entry: int
    vendor: str
    url: str
    events: tuple[str, ...]
    name: str | None  # the name it is to have: its own where the vendor wants names unique (as create_many names)
    secret: str | None
    active: bool
    single: bool
    given_name: str | None = None  # the entry's name, also in sync where `name` was made from it

    @property
    def key(self) -> tuple[str, ...]:
        return (self.vendor, self.url, self.events[0]) if self.single else (self.vendor, self.url)

    def named(self, name: str | None) -> bool:
        """Whether a subscription's name satisfies this unit (any name, where the file gives none)."""
        return self.name is None or name == self.name or (name is not None and name == self.given_name)


def _units(plan_file: PlanFile) -> list[_Unit]:
    units: list[_Unit] = []
    for index, entry in enumerate(plan_file.subscriptions):
        single = single_event(entry.vendor)
        groups = [(event,) for event in entry.events] if single else [entry.events]
        for events in groups:
            name = registration_name(capabilities(entry.vendor), entry.name, events, len(groups) > 1)
            units.append(
                _Unit(index, entry.vendor, entry.url, events, name, entry.secret, entry.active, single, entry.name)
            )
    return units


def _key(sub: Subscription, single: bool) -> tuple[str, ...]:
    return (sub.vendor, sub.url, sub.events[0] if sub.events else "") if single else (sub.vendor, sub.url)


def _diff(sub: Subscription, unit: _Unit) -> dict[str, tuple[object, object]]:
    diff: dict[str, tuple[object, object]] = {}
    if sub.url != unit.url:
        diff["url"] = (sub.url, unit.url)
    if set(sub.events) != set(unit.events):
        diff["events"] = (sub.events, unit.events)
    if not unit.named(sub.name):
        diff["name"] = (sub.name, unit.name)
    if sub.active is not None and sub.active != unit.active:
        diff["active"] = (sub.active, unit.active)
    if unit.secret is not None and capabilities(unit.vendor).echoes_secret and sub.secret != unit.secret:
        diff["secret"] = ("***", "***")  # never shown, only flagged
    return diff


def _same_identity(sub: Subscription, unit: _Unit) -> bool:
    return set(sub.events) == set(unit.events) and unit.named(sub.name)


def compute_plan(
    plan_file: PlanFile,
    existing: Mapping[str, Sequence[Subscription]],
    *,
    prune: bool = False,
    skipped: Mapping[str, str] | None = None,
) -> Plan:
    """The changes that take `existing` (every subscription of each vendor looked at) to what the file says.
    Pure: no I/O, so the matching rule is testable on its own."""
    units = _units(plan_file)
    declared = {(u.vendor, u.url) for u in units}
    changes: list[Change] = []
    unchanged = 0
    vendors = list(dict.fromkeys([u.vendor for u in units] + list(existing)))
    for vendor in vendors:
        mine = [u for u in units if u.vendor == vendor]
        subs = list(existing.get(vendor, ()))
        single = single_event(vendor)
        used: set[int] = set()  # indexes into subs
        matched: dict[int, int] = {}  # unit index (in mine) -> sub index

        # 1. exact key
        for ui, unit in enumerate(mine):
            candidates = [si for si, s in enumerate(subs) if si not in used and _key(s, single) == unit.key]
            if candidates:
                best = min(candidates, key=lambda si: (bool(_diff(subs[si], unit)), subs[si].active is False, si))
                matched[ui] = best
                used.add(best)

        # 2. moved URL, unambiguous pairs only
        def eligible(sub: Subscription, unit: _Unit) -> bool:
            if not _same_identity(sub, unit):
                return False
            return plan_file.under_prefix(sub.url) is not None

        free_units = [ui for ui in range(len(mine)) if ui not in matched]
        free_subs = [si for si in range(len(subs)) if si not in used]
        for ui in free_units:
            candidates = [si for si in free_subs if si not in used and eligible(subs[si], mine[ui])]
            if len(candidates) != 1:
                continue
            rivals = [uj for uj in free_units if uj not in matched and eligible(subs[candidates[0]], mine[uj])]
            if rivals == [ui]:
                matched[ui] = candidates[0]
                used.add(candidates[0])

        # 3. updates, replaces and creates, in file order
        for ui, unit in enumerate(mine):
            if ui not in matched:
                changes.append(
                    Change(
                        "create",
                        vendor,
                        unit.url,
                        unit.events,
                        name=unit.name,
                        secret=unit.secret,
                        active=unit.active,
                        entry=unit.entry,
                    )
                )
                continue
            sub = subs[matched[ui]]
            diff = _diff(sub, unit)
            if not diff:
                unchanged += 1
                continue
            replace = "name" in diff and not capabilities(vendor).renamable
            changes.append(
                Change(
                    "replace" if replace else "update",
                    vendor,
                    unit.url,
                    unit.events,
                    id=sub.id,
                    name=unit.name,
                    secret=unit.secret,
                    active=unit.active,
                    diff=diff,
                    entry=unit.entry,
                    reason=f"{vendor} cannot rename a subscription: create the new one, then delete this one"
                    if replace
                    else "",
                )
            )

        # 4. prune, within the file's scope only
        if not prune:
            continue
        for si, sub in enumerate(subs):
            if si in used:
                continue
            prefix = plan_file.under_prefix(sub.url)
            if (vendor, sub.url) in declared:
                reason = "not in the file, at a URL the file manages"
            elif prefix is not None:
                reason = f"not in the file, under the managed prefix {prefix}"
            else:
                continue
            if can(vendor, "delete"):
                action: Action = "delete"
            elif can(vendor, "disable"):
                if sub.active is False:
                    continue  # already as pruned as this vendor allows
                action, reason = "disable", f"{reason}; {vendor} cannot delete, so it is disabled"
            else:
                continue
            changes.append(
                Change(action, vendor, sub.url, sub.events, id=sub.id, name=sub.name, active=False, reason=reason)
            )
    return Plan(tuple(changes), unchanged, dict(skipped or {}))


@overload
def make_plan(
    client: Client,
    plan_file: PlanFile,
    *,
    prune: bool = ...,
    on_vendor: Callable[[str], None] | None = ...,
    vendors: Sequence[str] | None = ...,
) -> Plan: ...


@overload
def make_plan(
    client: AsyncClient,
    plan_file: PlanFile,
    *,
    prune: bool = ...,
    on_vendor: Callable[[str], None] | None = ...,
    vendors: Sequence[str] | None = ...,
) -> Coroutine[Any, Any, Plan]: ...


def make_plan(
    client: Client | AsyncClient,
    plan_file: PlanFile,
    *,
    prune: bool = False,
    on_vendor: Callable[[str], None] | None = None,
    vendors: Sequence[str] | None = None,
) -> Plan | Coroutine[Any, Any, Plan]:
    """List what each vendor concerned holds and compute the plan (awaitable with an AsyncClient). With prune
    and declared prefixes every configured vendor is looked at (a prefix covers them all); unconfigured ones
    are skipped, not failures. `vendors` looks at those only."""
    return client._run(_plan_op(client._engine, plan_file, prune, on_vendor, vendors))


def plan_vendors(
    engine: Engine, plan_file: PlanFile, prune: bool, only: Sequence[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The vendors a plan looks at, and those skipped with why. With prune and declared prefixes every
    configured vendor is looked at (a prefix covers them all)."""
    if plan_file.has_accounts:
        raise InvalidRequest("this plan file names accounts: plan and apply it per account (unihook plan/apply)")
    if only is not None:
        return list(only), {}
    vendors = list(dict.fromkeys(e.vendor for e in plan_file.subscriptions))
    skipped: dict[str, str] = {}
    if prune and plan_file.prune.prefixes:
        for vendor in _vendors.registered():
            if vendor in vendors:
                continue
            if engine.configured(vendor):
                vendors.append(vendor)
            else:
                skipped[vendor] = "not configured"
    return vendors, skipped


def _plan_op(
    engine: Engine,
    plan_file: PlanFile,
    prune: bool,
    on_vendor: Callable[[str], None] | None,
    only: Sequence[str] | None = None,
) -> Op[Plan]:
    vendors, skipped = plan_vendors(engine, plan_file, prune, only)
    existing: dict[str, list[Subscription]] = {}
    for vendor in vendors:
        if on_vendor is not None:
            on_vendor(vendor)
        existing[vendor] = yield from collect(engine.list(vendor))
    return compute_plan(plan_file, existing, prune=prune, skipped=skipped)


@dataclass(frozen=True)
class Applied:
    change: Change
    result: tuple[Subscription, ...] = ()


@overload
def apply_plan(client: Client, plan: Plan, *, on_change: Callable[[Applied], None] | None = ...) -> list[Applied]: ...


@overload
def apply_plan(
    client: AsyncClient, plan: Plan, *, on_change: Callable[[Applied], None] | None = ...
) -> Coroutine[Any, Any, list[Applied]]: ...


def apply_plan(
    client: Client | AsyncClient,
    plan: Plan,
    *,
    on_change: Callable[[Applied], None] | None = None,
) -> list[Applied] | Coroutine[Any, Any, list[Applied]]:
    """Carry out the plan in order, stopping at the first error (which is raised; `on_change` has seen what was
    done before it). Awaitable with an AsyncClient."""
    return client._run(_apply_op(client._engine, plan, on_change))


def _apply_op(engine: Engine, plan: Plan, on_change: Callable[[Applied], None] | None) -> Op[list[Applied]]:
    done: list[Applied] = []
    for change in plan.changes:
        applied = Applied(change, tuple((yield from _execute(engine, change))))
        done.append(applied)
        if on_change is not None:
            on_change(applied)
    return done


def _execute(engine: Engine, change: Change) -> Op[list[Subscription]]:
    vendor = change.vendor
    if change.action in ("create", "replace"):
        created = yield from engine.create(vendor, change.url, change.events, change.name, change.secret, change.active)
        if change.action == "replace" and change.id is not None:
            yield from _remove(engine, vendor, change.id)
        return [created]
    if change.id is None:  # pragma: no cover - compute_plan always sets it
        raise InvalidRequest(f"{change.action} without an id")
    if change.action == "update":
        fields = change.diff
        updated = yield from engine.update(
            vendor,
            change.id,
            url=change.url if "url" in fields else None,
            events=change.events if "events" in fields else None,
            name=change.name if "name" in fields else None,
            active=change.active if "active" in fields else None,
            secret=change.secret if "secret" in fields else None,
        )
        return [updated]
    if change.action == "disable":
        return [(yield from engine.update(vendor, change.id, None, None, None, False, None))]
    yield from engine.delete(vendor, change.id)
    return []


def _remove(engine: Engine, vendor: str, id: str) -> Op[None]:
    if can(vendor, "delete"):
        yield from engine.delete(vendor, id)
    else:
        yield from engine.update(vendor, id, None, None, None, False, None)

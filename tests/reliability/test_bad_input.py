"""The bad-input corpus: malformed input through the Python API, the CLI and plan files, each refused before
anything is sent, with a typed error (or exit code 1, or 64 for a usage error) and a message that names the problem.

Every case runs with a tripwire: the Python API sends through an httpx.MockTransport whose handler fails the
test; the CLI and plan files run in-process with httpx.HTTPTransport.handle_request replaced by a tripwire and the
vendors pointed at a live sandbox whose state must stay empty and whose queued faults must stay unconsumed; the
console-script cases (a subprocess) rely on the latter two.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import unihook
from unihook._cli import run
from unihook._settings import base_url_env, credential_env
from unihook_sandbox import SandboxServer

from ._support import EVENTS, VENDORS, credentials

CREDENTIAL_ENV = credential_env()

HOOK = "https://hooks.example.com/in"
EX_USAGE = 64  # the CLI's exit code for a usage error (sysexits.h EX_USAGE)
CONSOLE_SCRIPT = Path(sys.executable).with_name("unihook")


def _tripwire(request: httpx.Request) -> httpx.Response:
    pytest.fail(f"bad input reached the network: {request.method} {request.url}")


def _client(**overrides: Any) -> unihook.Client:
    creds: dict[str, Any] = {**credentials(), "commercelayer_organization": "acme"}
    creds.update(overrides)
    return unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(_tripwire)), rate_limit=False, **creds)


@dataclass(frozen=True)
class ApiCase:
    id: str
    call: Callable[[unihook.Client], object]
    error: type[unihook.UnihookError]
    # Every pattern must be found (case-insensitive) in the message: it names the problem.
    names: tuple[str, ...]
    make: Callable[[], unihook.Client] = _client


def case(
    id: str,
    call: Callable[[unihook.Client], object],
    *names: str,
    error: type[unihook.UnihookError] = unihook.InvalidRequest,
    make: Callable[[], unihook.Client] = _client,
) -> ApiCase:
    return ApiCase(id, call, error, names, make)


def create(vendor: str = "commercelayer", **kw: Any) -> Callable[[unihook.Client], object]:
    args: dict[str, Any] = {"url": HOOK, "events": EVENTS[vendor], **kw}
    return lambda hub: hub.create(vendor, **args)


def client_with(**kw: Any) -> Callable[[], unihook.Client]:
    return lambda: _client(**kw)


def bare_client(**kw: Any) -> Callable[[], unihook.Client]:
    """Only the given credentials (nothing from the environment)."""
    return lambda: unihook.Client(
        http_client=httpx.Client(transport=httpx.MockTransport(_tripwire)), rate_limit=False, **kw
    )


LONG = "x" * 3000
API_CASES = [
    # --- URLs
    case("url-relative", create(url="/hooks/in"), "url", "absolute"),
    case("url-scheme-ftp", create(url="ftp://hooks.example.com/in"), "url", r"http\(s\)"),
    case("url-javascript", create(url="javascript:alert(1)"), "url", "absolute"),
    case("url-empty", create(url=""), "url"),
    case("url-no-host", create(url="https:///in"), "url", "absolute"),
    case("url-with-space", create(url="https://hooks.example.com/a b"), "url", "spaces"),
    case("url-trailing-newline", create(url=HOOK + "\n"), "url", "control"),
    case("url-tab", create(url="https://hooks.example.com/\tin"), "url"),
    case("url-rtl-override", create(url="https://hooks.example.com/\u202eni"), "url", "control"),
    case("url-zero-width-space", create(url="https://hooks\u200b.example.com/in"), "url", "control"),
    case("url-userinfo", create(url="https://user:pw@hooks.example.com/in"), "url", "password"),
    case("url-port-zero", create(url="https://hooks.example.com:0/in"), "url", "port"),
    case("url-port-too-big", create(url="https://hooks.example.com:99999/in"), "url", "not a valid url"),
    case("url-oversized", create(url="https://hooks.example.com/" + LONG), "url", "characters long", "2048"),
    case("url-none", create(url=None), "url must be a string"),
    case("url-bytes", create(url=HOOK.encode()), "url must be a string", "bytes"),
    case("update-url-relative", lambda hub: hub.update("shipping_channels", "wh_1", url="hooks/in"), "url"),
    # --- events
    case("events-empty", create(events=[]), "at least one event"),
    case("events-a-string", create(events="orders.place"), "events must be a list", "str"),
    case("events-none", create(events=None), "events must be a list", "NoneType"),
    case("events-a-dict", create(events={"orders.place": True}), "events must be a list", "dict"),
    case("event-empty-string", create(events=[""]), "event names are non-empty"),
    case("event-with-space", create(events=["orders place"]), "no spaces", "orders place"),
    case("event-not-a-string", create(events=[42]), "each event must be a string", "int"),
    case("event-zero-width", create(events=["orders\u200b.place"]), "event names"),
    case("event-twice", create("flxpoint", events=["OrderImportedEvent"] * 2), "given twice", "OrderImportedEvent"),
    case("event-oversized", create(events=["e" * 201]), "longer than 200"),
    case("events-too-many", create("flxpoint", events=[f"e{i}" for i in range(101)]), "101 events", "at most 100"),
    case("events-several-on-single-event-vendor", create(events=["orders.place", "orders.cancel"]), "one event per"),
    case("update-events-empty", lambda hub: hub.update("flxpoint", "1", events=[]), "at least one event"),
    # --- vendors
    case("vendor-unknown", lambda hub: hub.list("shopify"), "unknown vendor", "shopify", "flxpoint"),
    case("vendor-wrong-case", lambda hub: hub.get("Flxpoint", "1"), "unknown vendor", "Flxpoint"),
    case("vendor-none", lambda hub: hub.create(None, url=HOOK, events=["e"]), "unknown vendor", "None"),
    case("vendor-trailing-space", lambda hub: hub.delete("blaze ", "b1"), "unknown vendor"),
    # --- secrets, names, flags
    case("secret-short", create("shipping_channels", secret="short"), "at least 8", "shipping_channels"),
    case("secret-with-space", create("packcloud", secret="has a space"), "secret", "without spaces"),
    case("secret-oversized", create("packcloud", secret="s" * 1025), "secret", "1024"),
    case("secret-not-a-string", create("packcloud", secret=12345678), "secret must be a string", "int"),
    case("secret-vendor-takes-none", create("flxpoint", secret="abcdefgh"), "flxpoint", "signing secret"),
    case("secret-control-char", create("shipping_channels", secret="abcdefgh\x07"), "secret", "printable"),
    case("name-empty", create(name="   "), "name", "non-empty"),
    case("name-control-char", create(name="bad\x00name"), "name", "printable"),
    case("name-oversized", create(name="n" * 256), "name is 256 characters", "255"),
    case("name-not-a-string", create(name=7), "name must be a string", "int"),
    case("name-vendor-has-none", create("blaze", name="orders"), "blaze", "no name"),
    case("name-packcloud-has-none", create("packcloud", name="orders"), "pack.?cloud", "no name"),
    case("name-flxpoint-fixed", lambda hub: hub.update("flxpoint", "1", name="new"), "name", "cannot be changed"),
    case("active-not-a-bool", create(active="yes"), "active must be True or False", "yes"),
    case("blaze-create-inactive", create("blaze", active=False), "no enabled/disabled state"),
    case("update-nothing", lambda hub: hub.update("commercelayer", "wh1"), "at least one of"),
    case("update-active-not-a-bool", lambda hub: hub.update("flxpoint", "1", active=1), "active must be"),
    # --- ids
    case("id-empty", lambda hub: hub.get("commercelayer", ""), "subscription id"),
    case("id-path-traversal", lambda hub: hub.get("shipping_channels", "../admin"), "subscription id", "../admin"),
    case("id-query-injection", lambda hub: hub.delete("blaze", "b1?force=true"), "subscription id"),
    case("id-not-numeric-flxpoint", lambda hub: hub.get("flxpoint", "abc"), "integers", "abc"),
    case("id-bool", lambda hub: hub.get("packcloud", True), "subscription id", "True"),
    case("id-none", lambda hub: hub.update("packcloud", None, url=HOOK), "subscription id", "None"),
    case("id-oversized", lambda hub: hub.get("blaze", "b" * 201), "subscription id"),
    case("id-fullwidth-unicode", lambda hub: hub.get("commercelayer", "ｗｈ１"), "subscription id"),
    # --- operations a vendor does not document
    case("blaze-enable", lambda hub: hub.enable("blaze", "b1"), "blaze", "enable", error=unihook.UnsupportedOperation),
    case(
        "blaze-disable", lambda hub: hub.disable("blaze", "b1"), "blaze", "disable", error=unihook.UnsupportedOperation
    ),
    case(
        "blaze-update-active",
        lambda hub: hub.update("blaze", "b1", active=False),
        "blaze",
        "disable",
        error=unihook.UnsupportedOperation,
    ),
    case(
        "packcloud-delete",
        lambda hub: hub.delete("packcloud", "p1"),
        "packcloud",
        "delete",
        "disable",
        error=unihook.UnsupportedOperation,
    ),
    # --- configuration
    case("missing-flxpoint-token", lambda hub: hub.list("flxpoint"), "FLXPOINT_API_TOKEN", make=bare_client()),
    case(
        "missing-blaze-developer-key",
        lambda hub: hub.list("blaze"),
        "BLAZE_DEVELOPER_KEY",
        make=bare_client(blaze_partner_key="p"),
    ),
    case(
        "missing-commercelayer-credentials",
        lambda hub: hub.list("commercelayer"),
        "COMMERCELAYER_ACCESS_TOKEN",
        "COMMERCELAYER_CLIENT_ID",
        make=bare_client(commercelayer_organization="acme"),
    ),
    case(
        "missing-commercelayer-client-secret",
        lambda hub: hub.list("commercelayer"),
        "COMMERCELAYER_CLIENT_SECRET",
        make=bare_client(commercelayer_client_id="id", commercelayer_organization="acme"),
    ),
    case(
        "missing-commercelayer-organization",
        lambda hub: hub.list("commercelayer"),
        "COMMERCELAYER_ORGANIZATION",
        make=bare_client(commercelayer_access_token="t"),
    ),
    case(
        "commercelayer-organization-not-a-slug",
        lambda hub: hub.list("commercelayer"),
        "COMMERCELAYER_ORGANIZATION",
        "slug",
        make=bare_client(commercelayer_access_token="t", commercelayer_organization="acme.evil.com/x"),
    ),
    case(
        "packcloud-organization-climbs-out-of-the-path",
        lambda hub: hub.list("packcloud"),
        "PACKCLOUD_ORGANIZATION_ID",
        "slug",
        make=bare_client(packcloud_api_token="t", packcloud_organization_id=".."),
    ),
    case(
        "packcloud-organization-with-a-slash",
        lambda hub: hub.list("packcloud"),
        "PACKCLOUD_ORGANIZATION_ID",
        "slug",
        make=bare_client(packcloud_api_token="t", packcloud_organization_id="org/../../x"),
    ),
    case(
        "missing-packcloud-organization",
        lambda hub: hub.list("packcloud"),
        "PACKCLOUD_ORGANIZATION_ID",
        make=bare_client(packcloud_api_token="t"),
    ),
    case(
        "missing-shipping-channels-key",
        lambda hub: hub.create("shipping_channels", url=HOOK, events=["shipment.created"]),
        "SHIPPING_CHANNELS_API_KEY",
        make=bare_client(),
    ),
    case(
        "credential-with-newline",
        lambda hub: hub.list("flxpoint"),
        "FLXPOINT_API_TOKEN",
        "printable ASCII",
        make=bare_client(flxpoint_api_token="tok\r\nX-Injected: yes"),
    ),
    case(
        "credential-non-ascii",
        lambda hub: hub.list("blaze"),
        "BLAZE_DEVELOPER_KEY",
        "printable ASCII",
        make=bare_client(blaze_partner_key="p", blaze_developer_key="d\u00e9veloppeur-\u20ac"),
    ),
    case(
        "credential-nul-byte",
        lambda hub: hub.list("commercelayer"),
        "COMMERCELAYER_ACCESS_TOKEN",
        make=bare_client(commercelayer_access_token="cl\x00token", commercelayer_organization="acme"),
    ),
    case(
        "base-url-relative",
        lambda hub: hub.list("flxpoint"),
        "UNIHOOK_FLXPOINT_BASE_URL",
        "absolute",
        make=client_with(base_urls={"flxpoint": "/flxpoint"}),
    ),
    case(
        "base-url-with-query",
        lambda hub: hub.list("blaze"),
        "UNIHOOK_BLAZE_BASE_URL",
        "query",
        make=client_with(base_urls={"blaze": "https://proxy.example.com/blaze?key=1"}),
    ),
    case(
        "base-url-with-space",
        lambda hub: hub.list("packcloud"),
        "UNIHOOK_PACKCLOUD_BASE_URL",
        make=client_with(base_urls={"packcloud": "https://proxy.example.com/pack cloud"}),
    ),
    # --- async twin: the same refusals, awaited
    case(
        "async-url-relative",
        lambda _hub: _async(lambda hub: hub.create("blaze", url="/in", events=["NEW_MEMBER"])),
        "url",
        "absolute",
    ),
    case("async-vendor-unknown", lambda _hub: _async(lambda hub: hub.get("shopify", "1")), "unknown vendor"),
    case(
        "async-packcloud-delete",
        lambda _hub: _async(lambda hub: hub.delete("packcloud", "p1")),
        "packcloud",
        error=unihook.UnsupportedOperation,
    ),
]

CONSTRUCTOR_CASES = [
    ("max-retries-negative", {"max_retries": -1}, ("max_retries",)),
    ("rate-limit-zero", {"rate_limit": {"flxpoint": 0}}, ("rate_limit", "positive")),
    ("rate-limit-unknown-vendor", {"rate_limit": {"shopify": 1.0}}, ("unknown vendor", "shopify")),
    ("base-urls-unknown-vendor", {"base_urls": {"shopify": "https://x.example.com"}}, ("unknown vendor",)),
]


def _async(call: Callable[[unihook.AsyncClient], Any]) -> object:
    async def main() -> object:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_tripwire)) as http:
            hub = unihook.AsyncClient(http_client=http, rate_limit=False, **credentials())
            return await call(hub)

    return asyncio.run(main())


def _assert_names(message: str, patterns: tuple[str, ...]) -> None:
    assert message.strip(), "the error must say what is wrong"
    for pattern in patterns:
        assert re.search(pattern, message, re.IGNORECASE), f"{pattern!r} not in {message!r}"
    assert "Traceback" not in message


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in CREDENTIAL_ENV.values():
        monkeypatch.delenv(var, raising=False)
    for vendor in VENDORS:
        monkeypatch.delenv(base_url_env(vendor), raising=False)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize("c", API_CASES, ids=[c.id for c in API_CASES])
def test_python_api_refuses(c: ApiCase) -> None:
    hub = c.make()
    with hub, pytest.raises(c.error) as caught:
        c.call(hub)
    assert type(caught.value) is c.error
    _assert_names(str(caught.value), c.names)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize(("kwargs", "names"), [c[1:] for c in CONSTRUCTOR_CASES], ids=[c[0] for c in CONSTRUCTOR_CASES])
def test_python_api_constructor_refuses(kwargs: dict[str, Any], names: tuple[str, ...]) -> None:
    with pytest.raises(unihook.InvalidRequest) as caught:
        unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(_tripwire)), **kwargs)
    _assert_names(str(caught.value), names)


@pytest.mark.usefixtures("no_env")
@pytest.mark.parametrize("value", ["tok\r\nX-Injected: yes", "t\u00f6k\u20acn-SECRET", "tab\tSECRET", "nul\x00SECRET"])
def test_a_bad_credential_is_refused_without_echoing_it(value: str) -> None:
    with _client(shipping_channels_api_key=value) as hub, pytest.raises(unihook.InvalidRequest) as caught:
        hub.get("shipping_channels", "wh_1")
    assert "SHIPPING_CHANNELS_API_KEY" in str(caught.value)
    assert "SECRET" not in str(caught.value)
    assert "Injected" not in str(caught.value)
    assert hub.configured("shipping_channels") is False


def test_missing_configuration_from_env_names_the_variable(no_env: None) -> None:
    with unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(_tripwire))) as hub:
        with pytest.raises(unihook.InvalidRequest) as caught:
            hub.list("shipping_channels")
        assert "SHIPPING_CHANNELS_API_KEY" in str(caught.value)
        assert hub.configured("shipping_channels") is False


# --- the CLI and plan files ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


SENTINEL_FAULT = "500"


@pytest.fixture
def cli_env(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    """Every vendor configured and pointed at the sandbox, which holds nothing and has one fault queued per vendor:
    a request that reached it would consume the fault."""
    sandbox.reset()
    for var in CREDENTIAL_ENV.values():
        monkeypatch.delenv(var, raising=False)
    for arg, value in credentials().items():
        monkeypatch.setenv(CREDENTIAL_ENV[arg], value)
    for vendor in VENDORS:
        monkeypatch.setenv(base_url_env(vendor), sandbox.base_url(vendor))
        sandbox.inject(vendor, SENTINEL_FAULT)
    monkeypatch.setenv("PLAN_SECRET_SET", "a-long-enough-secret")
    monkeypatch.delenv("PLAN_SECRET_UNSET", raising=False)

    def tripwire(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        pytest.fail(f"bad input reached the network: {request.method} {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", tripwire)
    yield sandbox
    for vendor in VENDORS:
        assert sandbox.state.pending_faults(vendor) == [SENTINEL_FAULT], f"a request reached the {vendor} sandbox"
    assert all(not records for records in sandbox.state.snapshot().values())


def _assert_cli_refusal(code: int, err: str, out: str, expected_code: int, names: tuple[str, ...]) -> None:
    assert code == expected_code, f"exit {code}, stderr: {err!r}"
    assert "Traceback" not in err + out
    for pattern in names:
        assert re.search(pattern, err, re.IGNORECASE), f"{pattern!r} not in {err!r}"
    if expected_code == 1:
        lines = err.splitlines()
        assert lines, "nothing on stderr"
        assert lines[0].startswith("error: "), err
        # One line; a plan file's rejection adds one indented line per problem.
        assert all(line.startswith("  ") for line in lines[1:]), err
    else:
        assert "Error:" in err


CLI_CASES: list[tuple[str, list[str], int, tuple[str, ...]]] = [
    ("unknown-command", ["frobnicate"], EX_USAGE, ("no such command", "frobnicate")),
    ("unknown-vendor", ["get", "shopify", "1"], EX_USAGE, ("shopify", "flxpoint")),
    ("vendor-wrong-case", ["list", "BLAZE"], EX_USAGE, ("BLAZE",)),
    ("create-without-url", ["create", "blaze", "--event", "NEW_MEMBER"], EX_USAGE, ("--url",)),
    ("create-without-event", ["create", "blaze", "--url", HOOK], EX_USAGE, ("--event",)),
    ("unknown-option", ["list", "blaze", "--colour"], EX_USAGE, ("--colour",)),
    ("update-nothing", ["update", "commercelayer", "wh1"], EX_USAGE, ("nothing to update",)),
    ("sandbox-port-out-of-range", ["sandbox", "--port", "70000"], EX_USAGE, ("70000",)),
    ("plan-without-file", ["plan"], EX_USAGE, ("--file",)),
    ("create-url-relative", ["create", "blaze", "--url", "/in", "--event", "NEW_MEMBER"], 1, ("url", "absolute")),
    ("create-url-ftp", ["create", "flxpoint", "--url", "ftp://x.example.com/in", "--event", "E"], 1, ("url",)),
    (
        "create-url-oversized",
        ["create", "flxpoint", "--url", "https://x.example.com/" + LONG, "--event", "E"],
        1,
        ("2048",),
    ),
    (
        "create-url-bidi",
        ["create", "commercelayer", "--url", "https://x.example.com/\u202eni", "--event", "orders.place"],
        1,
        ("control",),
    ),
    ("create-event-empty", ["create", "flxpoint", "--url", HOOK, "--event", ""], 1, ("event",)),
    ("create-event-with-space", ["create", "flxpoint", "--url", HOOK, "--event", "a b"], 1, ("no spaces",)),
    (
        "create-secret-short",
        ["create", "shipping_channels", "--url", HOOK, "--event", "shipment.created", "--secret", "short"],
        1,
        ("at least 8",),
    ),
    (
        "create-secret-not-accepted",
        ["create", "flxpoint", "--url", HOOK, "--event", "OrderImportedEvent", "--secret", "abcdefghij"],
        1,
        ("signing secret",),
    ),
    ("create-name-blaze", ["create", "blaze", "--url", HOOK, "--event", "NEW_MEMBER", "--name", "n"], 1, ("no name",)),
    ("get-id-not-numeric", ["get", "flxpoint", "abc"], 1, ("integers",)),
    ("get-id-traversal", ["get", "commercelayer", "../x"], 1, ("subscription id",)),
    ("get-id-empty", ["get", "blaze", ""], 1, ("subscription id",)),
    ("update-url-relative", ["update", "shipping_channels", "wh_1", "--url", "in"], 1, ("url",)),
    ("enable-blaze", ["enable", "blaze", "b1"], 1, ("does not support enable",)),
    ("delete-packcloud", ["delete", "packcloud", "p1"], 1, ("does not support delete",)),
    ("plan-file-missing", ["plan", "-f", "/nonexistent/plan.yaml"], 1, ("cannot read",)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "code", "names"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_refuses(
    args: list[str], code: int, names: tuple[str, ...], cli_env: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(args)
    captured = capsys.readouterr()
    _assert_cli_refusal(result, captured.err, captured.out, code, names)
    if code == 1:
        assert "(or pass" not in captured.err  # the Python-only hint is dropped on the command line


@pytest.mark.slow
@pytest.mark.parametrize(
    ("vendor", "unset", "setting", "names"),
    [
        ("flxpoint", "FLXPOINT_API_TOKEN", None, ("FLXPOINT_API_TOKEN",)),
        ("blaze", "BLAZE_DEVELOPER_KEY", None, ("BLAZE_DEVELOPER_KEY",)),
        ("packcloud", "PACKCLOUD_ORGANIZATION_ID", None, ("PACKCLOUD_ORGANIZATION_ID",)),
        ("flxpoint", None, ("UNIHOOK_FLXPOINT_BASE_URL", "flxpoint.local/api"), ("UNIHOOK_FLXPOINT_BASE_URL",)),
        ("blaze", None, ("UNIHOOK_BLAZE_BASE_URL", "http://127.0.0.1:1/x?y=1"), ("UNIHOOK_BLAZE_BASE_URL", "query")),
        ("packcloud", None, ("PACKCLOUD_API_TOKEN", "t\u00f6ken-\u20ac"), ("PACKCLOUD_API_TOKEN", "printable ASCII")),
        ("flxpoint", None, ("FLXPOINT_API_TOKEN", "tok\x01en"), ("FLXPOINT_API_TOKEN", "printable ASCII")),
    ],
    ids=[
        "missing-token",
        "missing-second-key",
        "missing-organization",
        "base-url-relative",
        "base-url-query",
        "token-non-ascii",
        "token-control-char",
    ],
)
def test_cli_refuses_bad_configuration(
    vendor: str,
    unset: str | None,
    setting: tuple[str, str] | None,
    names: tuple[str, ...],
    cli_env: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if unset:
        monkeypatch.delenv(unset)
    if setting:
        monkeypatch.setenv(*setting)
    result = run(["list", vendor, "--json"])
    captured = capsys.readouterr()
    _assert_cli_refusal(result, captured.err, captured.out, 1, names)
    # Nothing on stdout but the --json error envelope, which names the problem as stderr does.
    envelope = json.loads(captured.out)
    assert envelope["ok"] is False
    assert envelope["command"] == "list"
    assert "data" not in envelope
    assert envelope["error"]["type"] == "InvalidRequest"
    assert envelope["error"]["message"] == captured.err.removeprefix("error: ").strip()


# --- plan files ---------------------------------------------------------------------------------------------------

ENTRY = "subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/a\n    events: [OrderImportedEvent]\n"

PLAN_CASES: list[tuple[str, str | bytes, tuple[str, ...]]] = [
    ("yaml-unclosed-bracket", "subscriptions:\n  - vendor: flxpoint\n    events: [a, b\n", ("malformed YAML", "line")),
    ("yaml-bad-indentation", "subscriptions:\n  - vendor: blaze\n     url: x\n   events: []\n", ("malformed YAML",)),
    ("yaml-tab-indent", "subscriptions:\n\t- vendor: blaze\n", ("malformed YAML",)),
    ("yaml-python-tag", "subscriptions: !!python/object/apply:os.system ['true']\n", ("malformed YAML",)),
    ("yaml-two-documents", ENTRY + "---\n" + ENTRY, ("malformed YAML|single document|expected",)),
    ("empty-file", "", ("mapping",)),
    ("only-a-comment", "# nothing\n", ("mapping",)),
    ("top-level-list", "- vendor: flxpoint\n", ("mapping",)),
    ("top-level-scalar", "just words\n", ("mapping",)),
    ("unknown-top-level-key", ENTRY + "subscription: []\n", ("unknown key", "subscription")),
    ("missing-subscriptions", "prune:\n  prefixes: []\n", ("subscriptions", "missing")),
    ("subscriptions-a-mapping", "subscriptions:\n  vendor: flxpoint\n", ("subscriptions",)),
    ("entry-unknown-key", ENTRY + "    callback: https://x.example.com\n", ("unknown key", "callback")),
    (
        "entry-unknown-vendor",
        "subscriptions:\n  - vendor: shopify\n    url: https://hooks.example.com/a\n    events: [x]\n",
        (r"entry 0 \(vendor\)", "flxpoint"),
    ),
    (
        "entry-vendor-wrong-case",
        "subscriptions:\n  - vendor: Flxpoint\n    url: https://hooks.example.com/a\n    events: [x]\n",
        ("vendor",),
    ),
    (
        "entry-missing-url",
        "subscriptions:\n  - vendor: flxpoint\n    events: [OrderImportedEvent]\n",
        ("url", "missing"),
    ),
    (
        "entry-relative-url",
        "subscriptions:\n  - vendor: flxpoint\n    url: /hooks/a\n    events: [OrderImportedEvent]\n",
        ("url", "absolute"),
    ),
    (
        "entry-url-a-number",
        "subscriptions:\n  - vendor: flxpoint\n    url: 8080\n    events: [OrderImportedEvent]\n",
        ("url", "string"),
    ),
    (
        "entry-url-zero-width",
        'subscriptions:\n  - vendor: flxpoint\n    url: "https://hooks\u200b.example.com/a"\n'
        "    events: [OrderImportedEvent]\n",
        ("url", "control"),
    ),
    (
        "entry-url-oversized",
        f"subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/{LONG}\n    events: [E]\n",
        ("2048",),
    ),
    (
        "entry-empty-events",
        "subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/a\n    events: []\n",
        ("events",),
    ),
    (
        "entry-events-a-string",
        "subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/a\n    events: OrderImportedEvent\n",
        ("events", "list"),
    ),
    (
        "entry-event-a-number",
        "subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/a\n    events: [42]\n",
        ("events",),
    ),
    (
        "entry-event-twice",
        "subscriptions:\n  - vendor: flxpoint\n    url: https://hooks.example.com/a\n    events: [E, E]\n",
        ("given twice",),
    ),
    ("entry-active-a-string", ENTRY + "    active: 'yes'\n", ("active", "bool")),
    ("entry-name-a-list", ENTRY + "    name: [a, b]\n", ("name", "string")),
    ("entry-name-oversized", ENTRY + f"    name: {'n' * 256}\n", ("name", "255")),
    ("entry-key-twice", ENTRY + "    url: https://hooks.example.com/b\n", ("given twice", "url")),
    ("duplicate-entries", ENTRY + ENTRY.removeprefix("subscriptions:\n"), ("duplicate", "entry 0")),
    (
        "duplicate-event-units",
        "subscriptions:\n"
        "  - {vendor: commercelayer, url: 'https://hooks.example.com/a', events: [orders.place]}\n"
        "  - {vendor: commercelayer, url: 'https://hooks.example.com/a', events: [orders.place, orders.cancel]}\n",
        ("duplicate", "event"),
    ),
    (
        "secret-env-not-set",
        "subscriptions:\n  - vendor: packcloud\n    url: https://hooks.example.com/a\n    events: [order.created]\n"
        "    secret: ${PLAN_SECRET_UNSET}\n",
        ("PLAN_SECRET_UNSET", "not set"),
    ),
    (
        "secret-too-short",
        "subscriptions:\n  - vendor: shipping_channels\n    url: https://hooks.example.com/a\n    events: [x.y]\n"
        "    secret: abc\n",
        ("at least 8",),
    ),
    ("secret-vendor-takes-none", ENTRY + "    secret: ${PLAN_SECRET_SET}\n", ("flxpoint", "takes no signing secret")),
    (
        "blaze-active-false",
        "subscriptions:\n  - vendor: blaze\n    url: https://hooks.example.com/a\n    events: [NEW_MEMBER]\n"
        "    active: false\n",
        ("active: false", "cannot be honoured"),
    ),
    (
        "blaze-with-name",
        "subscriptions:\n  - vendor: blaze\n    url: https://hooks.example.com/a\n    events: [NEW_MEMBER]\n"
        "    name: orders\n",
        ("no name",),
    ),
    ("prune-relative-prefix", ENTRY + "prune:\n  prefixes: [/hooks/]\n", ("prune", "absolute")),
    ("prune-unknown-key", ENTRY + "prune:\n  prefix: https://hooks.example.com/\n", ("unknown key",)),
    ("not-utf8", b"subscriptions:\n  - vendor: \xff\xfe\n", ("cannot read",)),
    # Hostile files: refused as plan-file problems with a line, never expanded or recursed into.
    (
        "yaml-alias-bomb",
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
        + "subscriptions: *i\n",
        ("aliases", "line 2"),
    ),
    ("yaml-alias-harmless", "x: &x flxpoint\nsubscriptions:\n  - vendor: *x\n", ("aliases", "line 3")),
    ("yaml-bracket-flood", "subscriptions: " + "[" * 100_000 + "]" * 100_000 + "\n", ("20000", "line 1")),
    ("yaml-deep-nesting", "subscriptions: " + "[" * 40 + "]" * 40 + "\n", ("nested deeper", "line 1")),
    ("yaml-huge-integer", ENTRY + "    active: " + "9" * 100_000 + "\n", ("longer than 4096", "line")),
    ("yaml-long-integer", ENTRY + "    active: " + "9" * 40 + "\n", ("40 digits", "line")),
    ("file-too-large", ENTRY + "# " + "x" * (1024 * 1024) + "\n", ("larger than", "line 1")),
]


PLAN_TEXT = {id: text for id, text, _ in PLAN_CASES}


@pytest.mark.slow
@pytest.mark.parametrize("command", ["plan", "apply"])
@pytest.mark.parametrize(("text", "names"), [c[1:] for c in PLAN_CASES], ids=[c[0] for c in PLAN_CASES])
def test_plan_file_refused(
    command: str,
    text: str | bytes,
    names: tuple[str, ...],
    tmp_path: Path,
    cli_env: SandboxServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "plan.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = run([command, "-f", str(path), "--prune"])
    captured = capsys.readouterr()
    _assert_cli_refusal(result, captured.err, captured.out, 1, names)
    if "cannot read" not in names:
        assert "nothing was sent" in captured.err.splitlines()[0]


# --- the console script, for a handful ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "plan", "code", "names"),
    [
        (["get", "shopify", "1"], None, EX_USAGE, ("shopify",)),
        (["create", "blaze", "--url", "relative/in", "--event", "NEW_MEMBER"], None, 1, ("absolute",)),
        (["apply", "-f", "{plan}"], "subscriptions: [\n", 1, ("malformed YAML",)),
        (["apply", "-f", "{plan}"], PLAN_TEXT["secret-env-not-set"], 1, ("PLAN_SECRET_UNSET",)),
        (["list", "flxpoint"], None, 1, ("FLXPOINT_API_TOKEN",)),
    ],
    ids=["unknown-vendor", "relative-url", "malformed-yaml", "unset-secret-variable", "missing-token"],
)
def test_console_script_refuses(
    args: list[str],
    plan: str | None,
    code: int,
    names: tuple[str, ...],
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    sandbox.reset()
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIAL_ENV.values() and not k.startswith("UNIHOOK_")}
    for arg, value in credentials().items():
        env[CREDENTIAL_ENV[arg]] = value
    if "FLXPOINT_API_TOKEN" in names:
        del env["FLXPOINT_API_TOKEN"]
    for vendor in VENDORS:
        env[base_url_env(vendor)] = sandbox.base_url(vendor)
        sandbox.inject(vendor, SENTINEL_FAULT)
    if plan is not None:
        (tmp_path / "plan.yaml").write_text(plan)
    argv = [a.replace("{plan}", str(tmp_path / "plan.yaml")) for a in args]
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    _assert_cli_refusal(done.returncode, done.stderr, done.stdout, code, names)
    for vendor in VENDORS:
        assert sandbox.state.pending_faults(vendor) == [SENTINEL_FAULT], f"a request reached the {vendor} sandbox"
    assert all(not records for records in sandbox.state.snapshot().values())


def test_corpus_size() -> None:
    total = len(API_CASES) + len(CONSTRUCTOR_CASES) + 1 + len(CLI_CASES) + 7 + 2 * len(PLAN_CASES) + 5 + 4
    assert len(API_CASES) + len(CONSTRUCTOR_CASES) >= 30
    assert len(CLI_CASES) + len(PLAN_CASES) >= 30
    assert total >= 60

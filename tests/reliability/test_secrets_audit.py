"""The secrets audit: with known credentials and signing secrets configured, every facade operation on every vendor
(sync and async, success, retries and errors) and every CLI command (with and without --json) runs against the
live sandbox with logging at DEBUG; no credential, access token or signing secret may appear in the logs, in
repr()/str() of clients, subscriptions and errors, or in the CLI's output unless --show-secret asks for it (and
then it must, or the audit could not fail). The one exception: a signing secret unihook generated for a vendor that
never shows it again is printed by that `create`, once, and nowhere else. The contract cassettes are scanned for the
contract tests' fake credentials and for unscrubbed secret fields.

A secret counts as leaked when it appears whole, or when its first or last 12 characters do (a table that wrapped
it over two lines).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import unihook
from unihook import _engine as _http
from unihook import _vendors
from unihook._cli import run
from unihook._settings import base_url_env, credential_env
from unihook_sandbox import SandboxServer

from ._support import EVENTS, PACK_ORG, VENDORS, StepClock, Wire, record_url, stored

CREDENTIAL_ENV = credential_env()

pytestmark = pytest.mark.slow

CREDENTIALS = {
    "flxpoint_api_token": "AUDIT-flx-token-Q7h2Lm9Xc4",
    "commercelayer_access_token": "AUDIT-cl-access-Zr5Kp8Wd1N",
    "commercelayer_client_id": "AUDIT-cl-client-id-Hy3Vb6Tq0",
    "commercelayer_client_secret": "AUDIT-cl-client-secret-Ju8Ns2Ea5",
    "blaze_partner_key": "AUDIT-blaze-partner-Fo4Gi7Ru2",
    "blaze_developer_key": "AUDIT-blaze-developer-Lk9Cw3Ym6",
    "shipping_channels_api_key": "AUDIT-sc-api-key-Pe1Dx5Sv8",
    "packcloud_api_token": "AUDIT-pack-token-Bn6Tz0Qa3",
}
NOT_SECRET = {"packcloud_organization_id": PACK_ORG}
SIGNING = {
    "shipping_channels": "AUDIT-sc-signing-Wm2Hc7Kq4Xz",
    "packcloud": "AUDIT-pack-signing-Rv5Jd9Ty1Lp",
}
NEW_SIGNING = {
    "shipping_channels": "AUDIT-sc-rotated-Ea3Mb8Ni6Ow",
    "packcloud": "AUDIT-pack-rotated-Gu7Yf2Ck5Vs",
}
CLIENT_LOGGERS = ("unihook", "httpx", "httpcore")


def leaks(secrets: Iterable[str], texts: Iterable[str]) -> list[tuple[str, str]]:
    found = []
    needles = []
    for secret in set(secrets):
        needles.append((secret, secret))
        if len(secret) >= 24:
            needles += [(secret, secret[:12]), (secret, secret[-12:])]
    for text in texts:
        for secret, needle in needles:
            if needle in text:
                at = text.index(needle)
                found.append((secret[:10] + "...", text[max(0, at - 80) : at + 80]))
    return found


def assert_no_leak(secrets: Iterable[str], texts: Iterable[str], where: str) -> None:
    found = leaks(secrets, list(texts))
    assert not found, f"secrets leaked in {where}: {found[:3]}"


def client_log_texts(caplog: pytest.LogCaptureFixture, loggers: tuple[str, ...] = CLIENT_LOGGERS) -> list[str]:
    texts = [caplog.text] if loggers == CLIENT_LOGGERS else []
    for record in caplog.records:
        if record.name.split(".")[0] in loggers:
            texts += [record.getMessage(), repr(record.args), repr(record.msg)]
    return texts


def stored_secrets(sandbox: SandboxServer) -> list[str]:
    """Every signing secret the sandbox holds, as the vendor stores it (unmasked)."""
    found = []
    for vendor in VENDORS:
        for record in stored(sandbox, vendor):
            attributes = record.get("attributes", {}) if vendor == "commercelayer" else record
            for key in ("secret", "shared_secret"):
                value = attributes.get(key)
                if isinstance(value, str) and value:
                    found.append(value)
    return found


def bearer_tokens(requests: Iterable[httpx.Request]) -> set[str]:
    """Access tokens the client sent (Commerce Layer's issued by the sandbox's token endpoint among them)."""
    tokens = set()
    for request in requests:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            tokens.add(token)
    return tokens


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        server.state.clock = StepClock()  # Flxpoint's 2 req/s is the fault matrix's business, not this audit's
        yield server


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_async_sleep(_seconds: float) -> None:
        return None

    monkeypatch.setattr(_http, "_sleep", lambda _seconds: None)
    monkeypatch.setattr(_http, "_async_sleep", no_async_sleep)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # root: unihook, httpx and httpcore included
    for name in CLIENT_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


# --- the facade -----------------------------------------------------------------------------------------------------


class Exercise:
    """Runs every operation of every vendor and keeps what a caller could print."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self.subs: list[unihook.Subscription] = []
        self.errors: list[unihook.UnihookError] = []

    def expect_error(self, call: Callable[[], object], required: bool = True) -> None:
        try:
            result = call()
        except unihook.UnihookError as exc:
            self.errors.append(exc)
        else:
            assert not required, "expected a UnihookError"
            if isinstance(result, unihook.Subscription):
                self.subs.append(result)

    def run(self, hub: unihook.Client) -> None:
        for vendor in VENDORS:
            self.vendor(hub, vendor)

    def vendor(self, hub: unihook.Client, vendor: str) -> None:
        base = f"https://hooks.example.com/audit/{vendor}"
        events = EVENTS[vendor]
        signing = SIGNING.get(vendor)
        self.sandbox.inject(vendor, "429")  # the retry path (and its logging) runs too
        first = hub.create(vendor, url=base + "/1", events=events, secret=signing)
        self.subs.append(first)
        self.subs.append(hub.create(vendor, url=base + "/2", events=events))  # a generated secret where one is needed
        if hub.supports(vendor, "create") and vendor in ("commercelayer", "blaze", "packcloud"):
            two = {"commercelayer": ["orders.place", "orders.cancel"], "blaze": ["NEW_MEMBER", "NEW_CONSUMER_ORDER"]}
            self.subs += hub.create_many(
                vendor, url=base + "/many", events=two.get(vendor, ["order.created", "order.shipped"]), secret=signing
            )
        self.sandbox.inject(vendor, "503")
        self.subs += list(hub.list(vendor))
        self.subs.append(hub.get(vendor, first.id))
        self.subs.append(hub.update(vendor, first.id, url=base + "/1b"))
        if vendor in NEW_SIGNING:
            self.subs.append(hub.update(vendor, first.id, secret=NEW_SIGNING[vendor]))
        if hub.supports(vendor, "disable"):
            self.subs.append(hub.disable(vendor, first.id))
            self.subs.append(hub.enable(vendor, first.id))
        # Errors: not found, refused by the vendor, a server error, a dropped create, a refused secret.
        missing = "999999" if vendor == "flxpoint" else "missing-id-0"
        self.expect_error(lambda: hub.get(vendor, missing))
        # An event the vendor does not know (some vendors take any topic: then it is simply made).
        self.expect_error(
            lambda: hub.create(vendor, url=base + "/bad", events=["NOT_AN_EVENT"], secret=signing), required=False
        )
        self.sandbox.inject(vendor, "500")
        self.expect_error(lambda: hub.get(vendor, first.id))
        self.sandbox.inject(vendor, "drop-after")
        self.expect_error(lambda: hub.create(vendor, url=base + "/dropped", events=events, secret=signing))
        if signing is not None:
            self.expect_error(lambda: hub.create(vendor, url=base + "/x", events=events, secret=signing + " x"))
        if hub.supports(vendor, "delete"):
            hub.delete(vendor, first.id)
        else:
            self.expect_error(lambda: hub.delete(vendor, first.id))

    async def run_async(self, hub: unihook.AsyncClient) -> None:
        for vendor in VENDORS:
            base = f"https://hooks.example.com/audit-async/{vendor}"
            self.sandbox.inject(vendor, "429")
            first = await hub.create(vendor, url=base, events=EVENTS[vendor], secret=SIGNING.get(vendor))
            self.subs.append(first)
            self.subs += [s async for s in hub.list(vendor)]
            self.subs.append(await hub.get(vendor, first.id))
            self.subs.append(await hub.update(vendor, first.id, url=base + "/b"))
            if vendor in NEW_SIGNING:
                self.subs.append(await hub.update(vendor, first.id, secret=NEW_SIGNING[vendor]))
            try:
                await hub.get(vendor, "999999" if vendor == "flxpoint" else "missing-id-0")
            except unihook.NotFoundError as exc:
                self.errors.append(exc)
            if hub.supports(vendor, "delete"):
                await hub.delete(vendor, first.id)

    def texts(self) -> list[str]:
        texts = [t for s in self.subs for t in (repr(s), str(s), f"{s}")]
        for exc in self.errors:
            texts += [str(exc), repr(exc), repr(exc.args)]
            if isinstance(exc, unihook.APIError):
                texts.append(exc.message)
        return texts


def _credentials(oauth: bool) -> dict[str, str]:
    creds = {**CREDENTIALS, **NOT_SECRET}
    if oauth:
        del creds["commercelayer_access_token"]
    else:
        del creds["commercelayer_client_id"], creds["commercelayer_client_secret"]
    return creds


@pytest.mark.parametrize("commercelayer_auth", ["access-token", "client-credentials"])
def test_facade_never_shows_a_secret(
    commercelayer_auth: str, sandbox: SandboxServer, debug_logs: pytest.LogCaptureFixture
) -> None:
    oauth = commercelayer_auth == "client-credentials"
    wire = Wire(httpx.HTTPTransport())
    exercise = Exercise(sandbox)
    with unihook.Client(
        **_credentials(oauth),
        base_urls={v: sandbox.base_url(v) for v in VENDORS},
        http_client=httpx.Client(transport=wire),
    ) as hub:
        exercise.run(hub)
        hub_texts = [repr(hub), str(hub), repr(hub._engine.settings)]
    wire.inner.close()

    issued = bearer_tokens(wire.sent) - {
        CREDENTIALS["commercelayer_access_token"],
        CREDENTIALS["shipping_channels_api_key"],
        CREDENTIALS["packcloud_api_token"],
    }
    secrets = [*CREDENTIALS.values(), *SIGNING.values(), *NEW_SIGNING.values(), *issued, *stored_secrets(sandbox)]
    secrets += [s.secret for s in exercise.subs if s.secret]

    # The audit has teeth: the secrets really were in play.
    sent = " ".join(f"{dict(r.headers)} {r.content!r}" for r in wire.sent)
    assert all(value in sent for key, value in _credentials(oauth).items() if key in CREDENTIALS)
    assert any(s.vendor == "commercelayer" and s.secret for s in exercise.subs), "Commerce Layer's shared_secret"
    assert any(s.vendor == "packcloud" and s.secret == SIGNING["packcloud"] for s in exercise.subs)
    assert (len(issued) == 1) == oauth
    assert len(exercise.errors) >= 4 * len(VENDORS)
    assert any("(attempt 2)" in r.getMessage() for r in debug_logs.records if r.name == "unihook")
    assert any(r.name == "httpx" for r in debug_logs.records)

    assert_no_leak(secrets, client_log_texts(debug_logs), "logs")
    assert_no_leak(secrets, exercise.texts(), "repr/str of subscriptions and errors")
    assert_no_leak(secrets, hub_texts, "repr/str of the client")


def test_async_facade_never_shows_a_secret(sandbox: SandboxServer, debug_logs: pytest.LogCaptureFixture) -> None:
    exercise = Exercise(sandbox)
    wire_requests: list[httpx.Request] = []

    async def main() -> list[str]:
        async def record(request: httpx.Request) -> None:
            wire_requests.append(request)

        async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
            hub = unihook.AsyncClient(
                **_credentials(oauth=True), base_urls={v: sandbox.base_url(v) for v in VENDORS}, http_client=http
            )
            async with hub:
                await exercise.run_async(hub)
            return [repr(hub), str(hub)]

    hub_texts = asyncio.run(main())
    issued = bearer_tokens(wire_requests) - set(CREDENTIALS.values())
    assert len(issued) == 1
    secrets = [*CREDENTIALS.values(), *SIGNING.values(), *NEW_SIGNING.values(), *issued, *stored_secrets(sandbox)]
    secrets += [s.secret for s in exercise.subs if s.secret]
    assert any(s.secret == SIGNING["shipping_channels"] for s in exercise.subs)
    assert_no_leak(secrets, client_log_texts(debug_logs), "logs (async)")
    assert_no_leak(secrets, exercise.texts() + hub_texts, "repr/str (async)")


def test_a_header_the_http_library_refuses_is_not_echoed(
    sandbox: SandboxServer, debug_logs: pytest.LogCaptureFixture
) -> None:
    """httpx (h11) refuses a header value with a line break and quotes it in its message; that value may be a
    credential, so the TransportError must not carry it, and nothing was sent, so nothing is retried."""
    leaked = "AUDIT-header-value-Xq8Wn4Lp"

    def poison(request: httpx.Request) -> None:
        request.headers["X-Trace"] = f"{leaked}\r\nX-Injected: yes"

    url = "https://hooks.example.com/audit/refused-header"
    with (
        unihook.Client(
            **_credentials(oauth=False),
            base_urls={v: sandbox.base_url(v) for v in VENDORS},
            http_client=httpx.Client(event_hooks={"request": [poison]}),
        ) as hub,
        pytest.raises(unihook.TransportError) as caught,
    ):
        hub.create(
            "shipping_channels", url=url, events=EVENTS["shipping_channels"], secret=SIGNING["shipping_channels"]
        )
    assert caught.value.attempts == 1
    assert "nothing was sent" in str(caught.value)
    # unihook's and httpx's logs only: httpcore's own DEBUG trace quotes the refused value, which no client can help.
    texts = [str(caught.value), repr(caught.value), *client_log_texts(debug_logs, ("unihook", "httpx"))]
    assert_no_leak([leaked], texts, "a refused header")
    assert not [r for r in stored(sandbox, "shipping_channels") if record_url("shipping_channels", r) == url]


# --- the CLI ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for var in CREDENTIAL_ENV.values():
        monkeypatch.delenv(var, raising=False)
    for key, value in {**_credentials(oauth=True), **NOT_SECRET}.items():
        monkeypatch.setenv(CREDENTIAL_ENV[key], value)
    for vendor in VENDORS:
        monkeypatch.setenv(base_url_env(vendor), sandbox.base_url(vendor))
    monkeypatch.setenv("AUDIT_PLAN_SECRET", SIGNING["packcloud"])
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "subscriptions:\n"
        "  - vendor: packcloud\n"
        "    url: https://hooks.example.com/audit-plan/pack\n"
        "    events: [order.created, order.shipped]\n"
        "    secret: ${AUDIT_PLAN_SECRET}\n"
        "  - vendor: shipping_channels\n"
        f"    url: https://hooks.example.com/audit-plan/sc\n"
        "    events: [shipment.created]\n"
        f"    secret: {SIGNING['shipping_channels']}\n"
        "  - vendor: commercelayer\n"
        "    url: https://hooks.example.com/audit-plan/cl\n"
        "    events: [orders.place]\n"
        "  - vendor: flxpoint\n"
        "    url: https://hooks.example.com/audit-plan/flx\n"
        "    events: [OrderImportedEvent]\n"
        "  - vendor: blaze\n"
        "    url: https://hooks.example.com/audit-plan/blaze\n"
        "    events: [NEW_MEMBER]\n"
        "prune:\n"
        "  prefixes: [https://hooks.example.com/audit-plan/]\n"
    )
    return plan


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.outputs: list[tuple[list[str], int, str, str]] = []

    def __call__(self, *args: str, expect: int | None = 0) -> str:
        code = run(list(args))
        captured = self.capsys.readouterr()
        self.outputs.append((list(args), code, captured.out, captured.err))
        if expect is not None:
            assert code == expect, (args, captured.err)
        assert "Traceback" not in captured.err or "--debug" in args
        return captured.out

    def json(self, *args: str, expect: int | None = 0) -> Any:
        """The data of the command's --json envelope."""
        envelope = json.loads(self(*args, "--json", expect=expect))
        assert envelope["ok"] is (self.outputs[-1][1] in (0, 2)), envelope
        return envelope["data"]


def _secret_once(vendor: str) -> bool:
    capabilities = _vendors.load(vendor).spec.capabilities
    return capabilities.requires_secret and not capabilities.echoes_secret


def _stored_secret(sandbox: SandboxServer, vendor: str, url: str) -> str:
    (record,) = [r for r in stored(sandbox, vendor) if record_url(vendor, r) == url]
    attributes = record.get("attributes", record)
    secret = attributes.get("secret") or attributes.get("shared_secret")
    assert isinstance(secret, str)
    assert secret
    return secret


def _created_ids(data: dict[str, Any]) -> list[str]:
    return [s["id"] for s in data["subscriptions"]]


def test_cli_never_shows_a_secret_unless_asked(
    sandbox: SandboxServer, cli_env: Path, debug_logs: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = Cli(capsys)
    plan = str(cli_env)
    ids: dict[str, str] = {}
    once: dict[int, tuple[str, str]] = {}  # output index -> the vendor and URL of a secret shown that once
    cli("vendors")
    cli.json("vendors")
    for vendor in VENDORS:
        url = f"https://hooks.example.com/audit-cli/{vendor}"
        secret_args = ["--secret", SIGNING[vendor]] if vendor in SIGNING else []
        created = cli.json("create", vendor, "--url", url + "/1", "--event", EVENTS[vendor][0], *secret_args)
        ids[vendor] = _created_ids(created)[0]
        cli("create", vendor, "--url", url + "/2", "--event", EVENTS[vendor][0], *secret_args)
        cli("create", vendor, "--url", url + "/3", "--event", EVENTS[vendor][0])  # a generated secret, noted on stderr
        if _secret_once(vendor):  # ... and printed, this once, where the vendor never shows it again
            once[len(cli.outputs) - 1] = (vendor, url + "/3")
            cli.json("create", vendor, "--url", url + "/4", "--event", EVENTS[vendor][0])
            once[len(cli.outputs) - 1] = (vendor, url + "/4")
        cli("--debug", "list", vendor)
        cli.json("list", vendor)
        cli("get", vendor, ids[vendor])
        cli.json("get", vendor, ids[vendor])
        cli("update", vendor, ids[vendor], "--url", url + "/1b")
        if vendor in NEW_SIGNING:
            cli.json("update", vendor, ids[vendor], "--secret", NEW_SIGNING[vendor])
        if unihook.Client.supports(vendor, "disable"):
            cli("disable", vendor, ids[vendor])
            cli.json("enable", vendor, ids[vendor])
        cli("--debug", "get", vendor, "999999" if vendor == "flxpoint" else "missing-id-0", expect=1)
        cli("create", vendor, "--url", url + "/bad", "--event", "NOT_AN_EVENT", *secret_args, expect=None)
    cli("list")
    cli.json("list")
    cli("plan", "-f", plan, "--prune", expect=2)
    cli.json("plan", "-f", plan, "--prune", expect=2)
    cli("apply", "-f", plan, "--prune")
    cli.json("apply", "-f", plan, "--prune")
    cli("--debug", "apply", "-f", plan)
    for vendor in VENDORS:
        if unihook.Client.supports(vendor, "delete"):
            cli("delete", vendor, ids[vendor])
    cli.json(
        "delete",
        "commercelayer",
        _created_ids(
            cli.json(
                "create",
                "commercelayer",
                "--url",
                "https://hooks.example.com/audit-cli/cl-json",
                "--event",
                "orders.place",
            )
        )[0],
    )
    cli(
        "create",
        "shipping_channels",
        "--url",
        "https://x.example.com/a",
        "--event",
        "shipment.created",
        "--secret",
        SIGNING["shipping_channels"] + " x",
        expect=1,
    )

    secrets = [*CREDENTIALS.values(), *SIGNING.values(), *NEW_SIGNING.values(), *stored_secrets(sandbox)]
    texts = [text for i, (_args, _code, out, err) in enumerate(cli.outputs) for text in (out, err) if i not in once]
    assert any("generated the signing secret" in err for *_, err in cli.outputs)
    assert any("error:" in err for *_, err in cli.outputs)
    assert_no_leak(secrets, texts, "CLI output")
    assert once, "no vendor whose generated secret is shown once: the exception above is untested"
    for index, (vendor, url) in once.items():
        args, _code, out, err = cli.outputs[index]
        generated = _stored_secret(sandbox, vendor, url)
        assert out.count(generated) == 1, (args, out)
        assert "store it now" in err
        assert_no_leak([s for s in secrets if s != generated], [out, err], f"the once-only output of {args}")
    assert_no_leak(secrets, client_log_texts(debug_logs), "logs of the CLI")

    # --show-secret does show them: the audit above would have seen a leak.
    pack = cli.json("get", "packcloud", ids["packcloud"], "--show-secret")["subscription"]
    assert pack["secret"] == NEW_SIGNING["packcloud"]
    assert NEW_SIGNING["packcloud"] in cli("get", "packcloud", ids["packcloud"], "--show-secret")
    cl_record = stored(sandbox, "commercelayer")[-1]
    cl_secret = cl_record["attributes"]["shared_secret"]
    assert cl_secret in cli("get", "commercelayer", cl_record["id"], "--json", "--show-secret")
    assert cl_secret in cli("list", "commercelayer", "--show-secret")
    made = cli.json(
        "create",
        "shipping_channels",
        "--url",
        "https://hooks.example.com/audit-cli/shown",
        "--event",
        "shipment.created",
        "--show-secret",
    )
    stored_sc = next(
        r["secret"]
        for r in stored(sandbox, "shipping_channels")
        if record_url("shipping_channels", r) == "https://hooks.example.com/audit-cli/shown"
    )
    assert made["subscriptions"][0]["secret"] == stored_sc, "the generated secret is shown once, when asked"
    applied = cli.json("apply", "-f", plan, "--show-secret")
    assert applied["complete"] is True


# --- the cassettes ----------------------------------------------------------------------------------------------------

CASSETTES = Path(__file__).resolve().parents[1] / "contract" / "cassettes"
SCRUBBED = {"REDACTED", "\u2022" * 16}
SECRET_KEYS = ("shared_secret", "secret", "client_secret", "access_token")
AUTH_HEADERS = ("authorization", "x-api-token", "x-api-key", "partner_key")


def _contract_fakes() -> tuple[list[str], list[str]]:
    try:
        from tests.contract.conftest import FAKE_CREDENTIALS, TEST_SECRETS
    except ImportError:  # pragma: no cover - the contract suite is optional here
        pytest.skip("tests/contract/conftest.py is not there")
    tokens = [v for k, v in FAKE_CREDENTIALS.items() if "organization" not in k]
    return tokens, list(TEST_SECRETS)


def _secret_values(node: Any, path: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SECRET_KEYS and not isinstance(value, dict | list):
                yield f"{path}.{key}", value
            yield from _secret_values(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _secret_values(value, f"{path}[{index}]")


def _bodies(interaction: dict[str, Any]) -> Iterator[tuple[str, str]]:
    request_body = interaction["request"].get("body")
    response_body = interaction["response"].get("body", {}).get("string")
    for where, body in (("request", request_body), ("response", response_body)):
        if isinstance(body, bytes):
            body = body.decode("utf-8", errors="replace")
        if body:
            yield where, str(body)


def cassette_files() -> list[Path]:
    return sorted(p for p in CASSETTES.rglob("*") if p.is_file()) if CASSETTES.is_dir() else []


def check_cassette(text: str, name: str, forbidden: list[str]) -> None:
    assert_no_leak(forbidden, [text], name)
    assert not re.search(r"client_secret=(?!REDACTED)[^&\s'\"]+", text), (
        f"{name}: an OAuth client secret in a form body"
    )
    cassette = yaml.safe_load(text)
    for index, interaction in enumerate(cassette.get("interactions", [])):
        for header, values in interaction["request"].get("headers", {}).items():
            if header.lower() in AUTH_HEADERS:
                for value in values:
                    assert value.split()[-1] == "REDACTED", f"{name} interaction {index}: {header} not scrubbed"
        for where, body in _bodies(interaction):
            try:
                parsed = json.loads(body)
            except ValueError:
                continue
            for field, value in _secret_values(parsed):
                assert value in SCRUBBED or value is None or value == "", (
                    f"{name} interaction {index} {where}: {field} holds an unscrubbed value"
                )


@pytest.mark.skipif(not cassette_files(), reason="no contract cassettes recorded")
@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    tokens, test_secrets = _contract_fakes()
    check_cassette(path.read_text(encoding="utf-8"), path.name, [*tokens, *test_secrets])


CLEAN_CASSETTE = """\
interactions:
- request:
    body: '{"data":{"type":"webhooks","attributes":{"topic":"orders.place"}}}'
    headers:
      authorization:
      - Bearer REDACTED
    method: POST
    uri: https://sandbox-org.commercelayer.io/api/webhooks
  response:
    body:
      string: '{"data":{"id":"x","attributes":{"shared_secret":"REDACTED","secret":"MASKED"}}}'
    status:
      code: 201
      message: Created
version: 1
""".replace("MASKED", "\\u2022" * 16)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Built by concatenation so that no scanner of this file mistakes the test data for a leak.
        ("Bearer REDACTED", "Bearer " + "contract-cl-token-0001"),
        ('"shared_secret":"REDACTED"', '"shared_secret":"0123456789abcdef"'),
        ('"topic":"orders.place"', '"topic":"orders.place","secret":"contract-signing-secret-0001"'),
        ("Bearer REDACTED", "Bearer " + "eyJhbGciOi-some-real-looking-token"),
    ],
    ids=["fake-token", "shared-secret-value", "test-secret-in-request", "unscrubbed-auth-header"],
)
def test_cassette_check_has_teeth(old: str, new: str) -> None:
    forbidden = ["contract-cl-token-0001", "contract-signing-secret-0001"]
    check_cassette(CLEAN_CASSETTE, "clean.yaml", forbidden)
    with pytest.raises(AssertionError):
        check_cassette(CLEAN_CASSETTE.replace(old, new), "dirty.yaml", forbidden)


def test_leak_detector_sees_a_wrapped_secret() -> None:
    secret = "AUDIT-sc-signing-Wm2Hc7Kq4Xz"
    assert leaks([secret], [f"│ {secret[:14]} │\n│ {secret[14:]} │"])
    assert leaks([secret], [f"x{secret}x"])
    assert not leaks([secret], ["********"])

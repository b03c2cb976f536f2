"""Plan files with accounts: validation (credentials only as ${VAR} or from a file, every account known and of
the entry's vendor) and `plan`/`apply` over many accounts against the sandbox, one failing without harming the
others, each account under its own credentials."""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import unihook
from unihook._cli import run
from unihook._fleet import Target, reconcile, targets
from unihook._plan import PlanFile, PlanFileError, make_plan, parse_plan
from unihook_sandbox import SandboxServer

ENV = {"ACME_TOKEN": "tok-acme", "BETA_TOKEN": "tok-beta", "GAMMA_KEY": "key-gamma"}
EX_PENDING = 2


def load(text: str, base_dir: Path | None = None, environ: dict[str, str] | None = None) -> PlanFile:
    return parse_plan(textwrap.dedent(text), environ=ENV if environ is None else environ, base_dir=base_dir)


def problems(text: str, base_dir: Path | None = None) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        load(text, base_dir)
    return [str(p) for p in info.value.problems]


TWO_ACCOUNTS = """\
    accounts:
      acme:
        vendor: flxpoint
        credentials: {api_token: "${ACME_TOKEN}"}
      beta:
        vendor: flxpoint
        credentials: {api_token: "${BETA_TOKEN}"}
    subscriptions:
      - account: acme
        url: https://hooks.example.com/flx
        events: [OrderImportedEvent]
      - account: beta
        url: https://hooks.example.com/flx
        events: [OrderImportedEvent]
    """


# --- the file ---------------------------------------------------------------------------------------------------


def test_an_entry_takes_its_vendor_from_its_account_and_each_account_its_own_credentials() -> None:
    plan_file = load(TWO_ACCOUNTS)

    assert [(e.account, e.vendor) for e in plan_file.subscriptions] == [("acme", "flxpoint"), ("beta", "flxpoint")]
    assert plan_file.accounts["acme"].client_arguments() == {"flxpoint_api_token": "tok-acme"}
    assert plan_file.accounts["beta"].client_arguments() == {"flxpoint_api_token": "tok-beta"}
    # The same URL in two accounts is two registrations, not a duplicate.
    assert targets(plan_file, prune=False) == [Target("flxpoint", "acme"), Target("flxpoint", "beta")]


def test_resolved_credentials_are_never_shown() -> None:
    plan_file = load(TWO_ACCOUNTS)

    assert "tok-acme" not in repr(plan_file)
    assert "tok-acme" not in str(plan_file.accounts)


@pytest.mark.parametrize(
    ("accounts", "entry", "expected"),
    [
        ("acme: {vendor: flxpoint, credentials: {api_token: tok-literal}}", "account: acme", "api_token is a secret"),
        ("acme: {vendor: flxpoint, credentials: {api_token: '${NOT_SET}'}}", "account: acme", "${NOT_SET} is not set"),
        (
            "acme: {vendor: flxpoint, credentials: {token: '${ACME_TOKEN}'}}",
            "account: acme",
            "unknown flxpoint setting",
        ),
        ("acme: {vendor: flxpoint}", "account: acme", "the account needs credentials: api_token"),
        ("acme: {vendor: flxpoint, credentials: {api_token: '${ACME_TOKEN}'}}", "account: other", "unknown account"),
        (
            "acme: {vendor: flxpoint, credentials: {api_token: '${ACME_TOKEN}'}}",
            "account: acme\n        vendor: blaze",
            "is a flxpoint account, not blaze",
        ),
        (
            "'bad name': {vendor: flxpoint, credentials: {api_token: '${ACME_TOKEN}'}}",
            "vendor: flxpoint",
            "account name",
        ),
        (
            "cl: {vendor: commercelayer, credentials: {client_id: '${ACME_TOKEN}'}}",
            "account: cl",
            "client_id and client_secret",
        ),
    ],
)
def test_bad_accounts_are_problems_with_their_line(accounts: str, entry: str, expected: str) -> None:
    found = problems(
        f"""\
    accounts:
      {accounts}
    subscriptions:
      - {entry}
        url: https://hooks.example.com/x
        events: [OrderImportedEvent]
    """
    )

    assert any(expected in p for p in found), found
    assert all(p.startswith("line ") for p in found), found


def test_credentials_file_beside_the_plan_file(tmp_path: Path) -> None:
    (tmp_path / "beta.yaml").write_text("client_id: cid-beta\nclient_secret: cs-beta\n")

    plan_file = load(
        """\
        accounts:
          beta:
            vendor: commercelayer
            credentials_file: beta.yaml
            credentials: {organization: beta-store}
        subscriptions:
          - account: beta
            url: https://hooks.example.com/cl
            events: [orders.place]
        """,
        base_dir=tmp_path,
    )

    assert plan_file.accounts["beta"].client_arguments() == {
        "commercelayer_client_id": "cid-beta",
        "commercelayer_client_secret": "cs-beta",
        "commercelayer_organization": "beta-store",
    }


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read credentials_file"),
        ("- a list\n", "must map setting names to strings"),
        ("client_id: a\nsurprise: b\n", "unknown commercelayer setting 'surprise'"),
        ("x" * (64 * 1024 + 1), "larger than 64 KiB"),
    ],
)
def test_a_bad_credentials_file_is_a_problem(tmp_path: Path, content: str | None, expected: str) -> None:
    if content is not None:
        (tmp_path / "creds.yaml").write_text(content)

    found = problems(
        """\
        accounts:
          beta: {vendor: commercelayer, credentials_file: creds.yaml}
        subscriptions:
          - {account: beta, url: "https://hooks.example.com/cl", events: [orders.place]}
        """,
        base_dir=tmp_path,
    )

    assert any(expected in p for p in found), found


def test_the_same_url_twice_in_one_account_is_a_duplicate() -> None:
    found = problems(TWO_ACCOUNTS.replace("account: beta", "account: acme"))

    assert any("duplicate: same account, vendor and url as entry 0" in p for p in found), found


def test_a_file_with_accounts_is_not_planned_as_one_account() -> None:
    hub = unihook.Client(flxpoint_api_token="t", base_urls={"flxpoint": "http://127.0.0.1:9"})
    with hub, pytest.raises(unihook.InvalidRequest, match="names accounts"):
        make_plan(hub, load(TWO_ACCOUNTS))


# --- against the sandbox ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


@pytest.fixture
def environment(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SandboxServer:
    sandbox.reset()
    for vendor in ("flxpoint", "commercelayer", "shipping_channels"):
        monkeypatch.setenv(f"UNIHOOK_{vendor.upper()}_BASE_URL", sandbox.base_url(vendor))
    for var in ("FLXPOINT_API_TOKEN", "COMMERCELAYER_ACCESS_TOKEN", "SHIPPING_CHANNELS_API_KEY", "UNIHOOK_REDIS_URL"):
        monkeypatch.delenv(var, raising=False)
    for var, value in ENV.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setenv("UNIHOOK_LOCK_DIR", str(tmp_path / "locks"))
    return sandbox


FLEET = """\
    accounts:
      acme: {vendor: flxpoint, credentials: {api_token: "${ACME_TOKEN}"}}
      gamma: {vendor: shipping_channels, credentials: {api_key: "${GAMMA_KEY}"}}
      broken: {vendor: shipping_channels, credentials: {api_key: "${GAMMA_KEY}"}, base_url: "BROKEN"}
    subscriptions:
      - {account: acme, url: "https://hooks.example.com/acme", events: [OrderImportedEvent]}
      - {account: gamma, url: "https://hooks.example.com/gamma", events: [shipment.created]}
      - {account: broken, url: "https://hooks.example.com/broken", events: [shipment.created]}
    """


def fleet(sandbox: SandboxServer) -> str:
    # The broken account's address is a path of the sandbox that no vendor is mounted at: a quick 404.
    return FLEET.replace("BROKEN", f"{sandbox.url}/nowhere")


def sent_credentials(sandbox: SandboxServer) -> dict[str, set[str]]:
    """What each vendor stored, by the URL registered (the sandbox keeps no credential, so the test looks at the
    requests instead: see `recording`)."""
    state = httpx.get(f"{sandbox.url}/_admin/state", timeout=5).json()
    return {vendor: {str(r.get("webhookUrl") or r.get("url")) for r in records} for vendor, records in state.items()}


def test_apply_over_accounts_converges_the_healthy_ones_and_reports_the_failed_one(
    environment: SandboxServer, tmp_path: Path
) -> None:
    plan_file = load(fleet(environment), environ=ENV)
    found = targets(plan_file, prune=False)
    coordination = unihook.LocalCoordination(lock_dir=tmp_path / "locks")

    outcomes = reconcile(plan_file, found, applying=True, prune=False, coordination=coordination, concurrency=3)

    assert [o.target.label for o in outcomes] == ["acme", "gamma", "broken"]
    assert [o.converged(applying=True) for o in outcomes] == [True, True, False]
    assert isinstance(outcomes[2].error, unihook.NotFoundError)
    stored = sent_credentials(environment)
    assert stored["flxpoint"] == {"https://hooks.example.com/acme"}
    assert stored["shipping_channels"] == {"https://hooks.example.com/gamma"}

    again = reconcile(plan_file, found[:2], applying=True, prune=False, coordination=coordination, concurrency=1)
    assert [len(o.applied) for o in again] == [0, 0]


def test_each_account_sends_its_own_credential(environment: SandboxServer, tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []

    def hook(request: httpx.Request) -> None:
        seen.append((request.url.path.rsplit("/", 1)[-1], request.headers.get("x-api-token", "")))

    plan_file = load(TWO_ACCOUNTS, environ=ENV)
    coordination = unihook.LocalCoordination(lock_dir=tmp_path / "locks")
    original = httpx.Client.__init__

    def with_hook(self: httpx.Client, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs, event_hooks={"request": [hook]})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpx.Client, "__init__", with_hook)
        reconcile(
            plan_file, targets(plan_file, False), applying=True, prune=False, coordination=coordination, concurrency=2
        )

    tokens = {token for _path, token in seen}
    assert tokens == {"tok-acme", "tok-beta"}


def test_cli_plan_and_apply_over_accounts(environment: SandboxServer, tmp_path: Path, capsys: Any) -> None:
    plan = tmp_path / "fleet.yaml"
    plan.write_text(textwrap.dedent(FLEET).replace("  broken:", "  #").replace("  - {account: broken", "  # -"))

    assert run(["plan", "-f", str(plan), "--json"]) == EX_PENDING
    planned = json.loads(capsys.readouterr().out)["data"]
    assert [(a["account"], a["pending"], len(a["changes"])) for a in planned["accounts"]] == [
        ("acme", True, 1),
        ("gamma", True, 1),
    ]

    assert run(["apply", "-f", str(plan), "--json", "--concurrency", "2"]) == 0
    applied = json.loads(capsys.readouterr().out)["data"]
    assert applied["converged"] is True
    assert applied["summary"]["converged"] == 2

    assert run(["plan", "-f", str(plan)]) == 0
    text = capsys.readouterr().out
    assert "2 accounts: 2 in sync." in text


def test_cli_apply_exit_code_says_an_account_failed(environment: SandboxServer, tmp_path: Path, capsys: Any) -> None:
    plan = tmp_path / "fleet.yaml"
    plan.write_text(textwrap.dedent(fleet(environment)))

    code = run(["apply", "-f", str(plan), "--json"])

    envelope = json.loads(capsys.readouterr().out)
    assert code == 1
    assert envelope["ok"] is False
    assert envelope["error"]["message"] == "1 of 3 accounts failed: broken"
    by_account = {a["account"]: a for a in envelope["data"]["accounts"]}
    assert by_account["broken"]["error"]["type"] == "NotFoundError"
    assert by_account["acme"]["converged"] is True
    assert by_account["gamma"]["converged"] is True


def test_progress_and_table_go_to_a_terminal_only(environment: SandboxServer, tmp_path: Path, capsys: Any) -> None:
    plan = tmp_path / "fleet.yaml"
    plan.write_text(textwrap.dedent(FLEET).replace("  broken:", "  #").replace("  - {account: broken", "  # -"))

    run(["apply", "-f", str(plan)])

    captured = capsys.readouterr()
    assert "accounts" not in captured.err  # not a terminal: no progress bar
    rows = [line.split() for line in io.StringIO(captured.out) if line.startswith(("acme", "gamma"))]
    assert [row[:2] for row in rows] == [["acme", "flxpoint"], ["gamma", "shipping_channels"]]


def test_prune_reaches_the_environment_accounts_only_when_the_file_uses_them() -> None:
    named_only = load(TWO_ACCOUNTS.rstrip(" ") + '    prune: {prefixes: ["https://hooks.example.com/"]}\n')
    mixed = load(
        TWO_ACCOUNTS.rstrip(" ")
        + "      - {vendor: shipping_channels, url: https://hooks.example.com/ship, events: [shipment.created]}\n"
        + '    prune: {prefixes: ["https://hooks.example.com/"]}\n'
    )
    environment = unihook.Client(flxpoint_api_token="env-token", shipping_channels_api_key="env-key")

    with environment:
        assert targets(named_only, prune=True, environment_client=environment) == [
            Target("flxpoint", "acme"),
            Target("flxpoint", "beta"),
        ]
        assert Target("flxpoint") in targets(mixed, prune=True, environment_client=environment)
        assert Target("flxpoint") not in targets(mixed, prune=False, environment_client=environment)

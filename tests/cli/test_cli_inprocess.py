"""The CLI's parsing and local refusals through `unihook._cli.run`, in-process: the same code the console script
runs, without a process start per case; and the tables' layout at fixed terminal widths. Nothing here reaches a
network."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from rich.console import Console

from unihook import Subscription
from unihook._cli import cli, run
from unihook._output import show, subscription_detail, subscriptions_table

EX_USAGE = 64
ERROR_KEYS = {"type", "message", "vendor", "status_code", "field_errors", "may_exist", "retry_after", "problems"}

COMMANDS = sorted(cli.commands)


@pytest.fixture(autouse=True)
def _configured(monkeypatch: pytest.MonkeyPatch) -> None:
    # Credentials present but every vendor pointed at a closed port: a test that sent anything would fail loudly.
    for var in ("FLXPOINT_API_TOKEN", "COMMERCELAYER_ACCESS_TOKEN", "BLAZE_PARTNER_KEY", "BLAZE_DEVELOPER_KEY"):
        monkeypatch.setenv(var, "x")
    for vendor in ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud"):
        monkeypatch.setenv(f"UNIHOOK_{vendor.upper()}_BASE_URL", f"http://127.0.0.1:9/{vendor}")


def test_every_command_is_there() -> None:
    assert COMMANDS == [
        "apply",
        "create",
        "delete",
        "disable",
        "enable",
        "get",
        "list",
        "listen",
        "plan",
        "sandbox",
        "trigger",
        "update",
        "vendors",
    ]


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: unihook")
    if command and command[0] not in ("sandbox", "delete"):
        assert "--json" in out
    assert "--debug" in out


def test_top_level_help_documents_exit_codes_json_and_completion(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    text = " ".join(out.split())
    for code, meaning in [("0", "success"), ("1", "an error"), ("2", "plan only"), ("64", "usage error")]:
        assert f" {code} " in text, code
        assert meaning in text, meaning
    assert '{"ok": true, "command": NAME, "data": {...}}' in text
    assert '{"ok": false, "command": NAME, "error":' in text
    for key in ERROR_KEYS:
        assert f'"{key}"' in text
    assert "_UNIHOOK_COMPLETE=bash_source unihook" in out
    assert "_UNIHOOK_COMPLETE=zsh_source unihook" in out
    assert "_UNIHOOK_COMPLETE=fish_source unihook" in out
    assert "--debug may come before or after the command" in text


def test_create_help_promises_the_generated_secret(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["create", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "unihook generates one" in text
    assert "never shows that secret again, create prints it this one time" in text
    assert "store it right away" in text


def test_shell_completion_script(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("_UNIHOOK_COMPLETE", "bash_source")
    with pytest.raises(SystemExit) as done:
        run([])
    assert done.value.code == 0
    assert "_unihook_completion" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([flag]) == 0
    assert capsys.readouterr().out.startswith("unihook, version ")


@pytest.mark.parametrize(
    "args",
    [
        ["nope"],
        ["get", "blaze"],
        ["get", "nosuchvendor", "1"],
        ["create", "blaze", "--url", "https://x.example/a"],
        ["update", "blaze", "some-id"],
        ["list", "--bogus"],
        ["plan"],
        ["sandbox", "--port", "70000"],
    ],
)
def test_usage_errors_exit_64(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == EX_USAGE
    captured = capsys.readouterr()
    assert "Error:" in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""  # no --json, no envelope


def _envelope(out: str) -> Any:
    envelope = json.loads(out)  # exactly one JSON document on stdout
    assert set(envelope) <= {"ok", "command", "data", "error"}
    if envelope["ok"] is False:
        assert set(envelope["error"]) == ERROR_KEYS
    return envelope


@pytest.mark.parametrize(
    ("args", "command", "names"),
    [
        (["get", "nosuchvendor", "1", "--json"], "get", "nosuchvendor"),
        (["get", "--json", "nosuchvendor", "1"], "get", "nosuchvendor"),
        (["list", "--bogus", "--json"], "list", "--bogus"),
        (["create", "blaze", "--url", "https://x.example/a", "--json"], "create", "--event"),
        (["update", "blaze", "some-id", "--json"], "update", "nothing to update"),
        (["plan", "--json"], "plan", "--file"),
        (["nope", "--json"], None, "nope"),
    ],
)
def test_usage_errors_with_json_print_the_envelope(
    args: list[str], command: str | None, names: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(args) == EX_USAGE
    captured = capsys.readouterr()
    envelope = _envelope(captured.out)
    assert envelope["ok"] is False
    assert envelope["command"] == command
    assert envelope["error"]["type"] == "UsageError"
    assert names in envelope["error"]["message"]
    assert "Error:" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["create", "commercelayer", "--url", "https://x.example/a", "--event", "e", "--secret", "abcdefgh"],
            "does not let the caller set a signing secret",
        ),
        (["update", "flxpoint", "1", "--name", "new"], "cannot be changed"),
        (["create", "blaze", "--url", "ftp://x.example/a", "--event", "NEW_MEMBER"], "absolute http(s) URL"),
        (["get", "flxpoint", "not-a-number"], "ids are integers"),
        (["get", "shipping_channels", "1"], "missing configuration: set SHIPPING_CHANNELS_API_KEY"),
        (["plan", "-f", "/nonexistent/plan.yaml"], "cannot read /nonexistent/plan.yaml"),
    ],
)
def test_local_refusals_are_one_line_exit_1(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert "(or pass" not in captured.err  # the Python-only hint is dropped on the command line
    assert captured.out == ""

    assert run([*args, "--json"]) == 1
    captured = capsys.readouterr()
    envelope = _envelope(captured.out)
    assert envelope["ok"] is False
    assert envelope["command"] == args[0]
    assert message in envelope["error"]["message"]
    assert envelope["error"]["message"] == captured.err.removeprefix("error: ").strip()
    assert captured.err.count("\n") == 1


def test_unsupported_operation_envelope_names_the_vendor(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["enable", "blaze", "b1", "--json"]) == 1
    error = _envelope(capsys.readouterr().out)["error"]
    assert error["type"] == "UnsupportedOperation"
    assert error["vendor"] == "blaze"
    assert error["status_code"] is None


def test_connection_failure_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("unihook._engine._sleep", lambda _seconds: None)  # the retries' backoff
    assert run(["list", "blaze", "--json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "blaze" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--debug", "get", "flxpoint", "x"],
        ["get", "--debug", "flxpoint", "x"],
        ["get", "flxpoint", "x", "--debug"],
        ["--debug", "get", "flxpoint", "x", "--debug"],
    ],
    ids=["before", "after-the-command", "last", "twice"],
)
def test_debug_shows_the_traceback_wherever_it_is(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err
    assert err.rstrip().splitlines()[-1].startswith("error: ")


# --- tables ---------------------------------------------------------------------------------------------------

WHEN = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
TABLE_SUBS = [
    Subscription(
        vendor="commercelayer",
        id="wh_9f8e7d6c5b4a3f2e1d0c9b8a",
        url="https://hooks.example.com/unihook/commercelayer/orders/placed-and-cancelled?tenant=acme",
        events=("orders.place",),
        active=True,
        name="Commerce Layer orders for the main shop",
        created_at=WHEN,
    ),
    Subscription(
        vendor="flxpoint",
        id="1234567890",
        url="https://x.example.com/a",
        events=("OrderImportedEvent", "FulfillmentRequestProcessingEvent", "ShipmentCreatedEvent"),
        active=False,
    ),
    Subscription(
        vendor="shipping_channels",
        id="wh_274946",
        url="https://hooks.example.com/ship",
        events=("shipment.created", "shipment.updated"),
        active=True,
        name="Ship",
        secret="lHyJTtX4UrYYky_-7iPhOBzvSDyQqranIm59dJCcOkQ",
    ),
]


def _render(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    show(Console(file=out, width=width), renderable)  # the CLI's own printing, at a fixed terminal width
    return out.getvalue().splitlines()


def _whole_on_one_line(lines: list[str], value: str) -> bool:
    return any(value in line.split() for line in lines)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("show_secret", [False, True])
def test_tables_never_break_an_id_or_url(width: int, show_secret: bool) -> None:
    lines = _render(subscriptions_table(TABLE_SUBS, show_secret=show_secret), width)
    for sub in TABLE_SUBS:
        assert _whole_on_one_line(lines, sub.id), (sub.id, lines)
        assert _whole_on_one_line(lines, sub.url), (sub.url, lines)
    assert _whole_on_one_line(lines, "lHyJTtX4UrYYky_-7iPhOBzvSDyQqranIm59dJCcOkQ") is show_secret
    for sub in TABLE_SUBS:
        detail = _render(subscription_detail(sub, show_secret=show_secret), width)
        assert _whole_on_one_line(detail, sub.id), (sub.id, detail)
        assert _whole_on_one_line(detail, sub.url), (sub.url, detail)


@pytest.mark.parametrize("width", [80, 120])
def test_tables_wrap_events_and_names_first(width: int) -> None:
    # Ids and URLs that fit leave the table inside the terminal: events and names wrap instead.
    subs = [
        Subscription(
            vendor="flxpoint",
            id="12345",
            url="https://example.com/h/flx",
            events=("OrderImportedEvent", "FulfillmentRequestProcessingEvent", "ShipmentCreatedEvent"),
            active=True,
            name="Flxpoint orders for the main shop, imported and fulfilled",
        )
    ]
    lines = _render(subscriptions_table(subs), width)
    assert max(len(line) for line in lines) <= width, lines
    assert _whole_on_one_line(lines, "https://example.com/h/flx")
    assert len(lines) > 2  # something wrapped


def test_a_wide_terminal_leaves_the_table_alone() -> None:
    lines = _render(subscriptions_table(TABLE_SUBS), 400)
    assert len(lines) == 1 + len(TABLE_SUBS)  # a header and one line per subscription

"""The CLI's parsing and local refusals through `unihook._cli.run`, in-process: the same code the console script
runs, without a process start per case. Nothing here reaches a network."""

from __future__ import annotations

import pytest

from unihook._cli import cli, run

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
        "plan",
        "sandbox",
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
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 2
    err = capsys.readouterr().err
    assert "Error:" in err
    assert "Traceback" not in err


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


def test_connection_failure_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("unihook._engine._sleep", lambda _seconds: None)  # the retries' backoff
    assert run(["list", "blaze", "--json"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "blaze" in err
    assert err.count("\n") == 1


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--debug", "get", "flxpoint", "x"]) == 1
    assert "Traceback" in capsys.readouterr().err

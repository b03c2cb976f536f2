"""Reliability suites: the fault matrix against the live sandbox, the bad-input corpus, the secrets audit."""

from __future__ import annotations

import pytest

from ._collect import summary_lines


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = summary_lines()
    if lines:
        terminalreporter.section("unihook reliability")
        for line in lines:
            terminalreporter.write_line(line)

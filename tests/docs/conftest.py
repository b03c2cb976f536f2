"""Shared by the docs tests: a live sandbox and the environment a reader's shell would have.

Subprocesses (README blocks, example scripts, the `unihook` command) get a copy of this process's environment
with every vendor setting removed, so nothing from the developer's shell (a real token, a base URL) can leak
in; `unihook` and `python3` resolve to this virtualenv's.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import unihook
from unihook_sandbox import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent  # .venv/bin when run as .venv/bin/python -m pytest (make test)

# Any non-empty credential opens the sandbox.
SANDBOX_CREDENTIALS = {
    "FLXPOINT_API_TOKEN": "docs-flxpoint",
    "COMMERCELAYER_ACCESS_TOKEN": "docs-commercelayer",
    "COMMERCELAYER_ORGANIZATION": "docs",
    "BLAZE_PARTNER_KEY": "docs-partner",
    "BLAZE_DEVELOPER_KEY": "docs-developer",
    "SHIPPING_CHANNELS_API_KEY": "docs-shipping",
    "PACKCLOUD_API_TOKEN": "docs-packcloud",
    "PACKCLOUD_ORGANIZATION_ID": "docs",
}


def base_url_env(vendor: str) -> str:
    return f"UNIHOOK_{vendor.upper()}_BASE_URL"


def clean_environ() -> dict[str, str]:
    """This process's environment without any vendor setting, with this virtualenv's scripts first on PATH."""
    prefixes = ("UNIHOOK_", *(f"{vendor.upper()}_" for vendor in unihook.VENDORS))
    env = {name: value for name, value in os.environ.items() if not name.startswith(prefixes)}
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", os.defpath)])
    env["NO_COLOR"] = "1"
    return env


def sandbox_environ(server: SandboxServer) -> dict[str, str]:
    """A clean environment configured for every vendor on `server`."""
    env = clean_environ()
    env.update(SANDBOX_CREDENTIALS)
    env.update({base_url_env(vendor): server.base_url(vendor) for vendor in unihook.VENDORS})
    return env


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    if not (BIN / "unihook").exists():
        pytest.fail(f"no `unihook` command next to {sys.executable}: run `make setup`, then .venv/bin/python -m pytest")
    with SandboxServer() as server:
        yield server

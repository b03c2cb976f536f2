"""Contract tests: real HTTP recorded once (pytest-recording / vcrpy), replayed with the network blocked.

`make test` replays (`--record-mode=none --block-network`): the clients talk to each vendor's documented root,
and every request must be in a cassette. `make record` re-records (`--record-mode=rewrite`) against the sandbox,
or against a real vendor when UNIHOOK_<KEY>_BASE_URL and that vendor's credentials are set. Recording rewrites
the sandbox's URLs to the documented roots, and scrubs credentials and secrets in one place (this file), so a
cassette recorded anywhere replays the same way and never holds a secret.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support import VENDORS

# The documented roots (Commerce Layer with the organization these tests use). Replay talks to these.
CANONICAL_ROOTS = {
    "flxpoint": "https://api.flxpoint.com",
    "commercelayer": "https://sandbox-org.commercelayer.io",
    "blaze": "https://api.partners.blaze.me",
    "shipping_channels": "https://api.shipping-channels.com/v1",
    "packcloud": "https://api.pack.cloud/v1",
}
# Fake credentials for replay and the sandbox; cassettes must never contain these (or real ones).
FAKE_CREDENTIALS = {
    "flxpoint_api_token": "contract-flx-token-0001",
    "commercelayer_access_token": "contract-cl-token-0001",
    "commercelayer_organization": "sandbox-org",
    "blaze_partner_key": "contract-blaze-partner-0001",
    "blaze_developer_key": "contract-blaze-dev-0001",
    "shipping_channels_api_key": "contract-sc-key-0001",
    "packcloud_api_token": "contract-pack-token-0001",
    "packcloud_organization_id": "org-contract",
}
REAL_CREDENTIAL_VARS = {
    "flxpoint": ("FLXPOINT_API_TOKEN",),
    "commercelayer": ("COMMERCELAYER_ACCESS_TOKEN",),
    "blaze": ("BLAZE_PARTNER_KEY", "BLAZE_DEVELOPER_KEY"),
    "shipping_channels": ("SHIPPING_CHANNELS_API_KEY",),
    "packcloud": ("PACKCLOUD_API_TOKEN", "PACKCLOUD_ORGANIZATION_ID"),
}
# Signing secrets the tests send; scrubbed like credentials.
TEST_SECRETS = ("contract-signing-secret-0001", "contract-signing-secret-0002")
REDACTED = "REDACTED"
AUTH_HEADERS = ("authorization", "x-api-token", "x-api-key", "partner_key")
VOLATILE_HEADERS = ("date", "server", "x-request-id", "x-runtime", "cf-ray", "set-cookie", "etag", "content-length")
# Transport details of the recording machine, not part of any contract.
VOLATILE_REQUEST_HEADERS = ("host", "content-length", "connection", "accept-encoding", "user-agent")
SECRET_FIELDS = ("shared_secret", "secret")


class Target:
    """Where a test run sends requests: replay (documented roots), the sandbox, or real vendors."""

    def __init__(self, recording: bool) -> None:
        self.recording = recording
        self.server: Any = None
        self.base_urls: dict[str, str] = dict(CANONICAL_ROOTS)
        self.credentials: dict[str, str] = dict(FAKE_CREDENTIALS)
        self.real: set[str] = set()

    def start(self) -> None:
        from unihook_sandbox import SandboxServer

        for vendor in VENDORS:
            env_url = os.environ.get(f"UNIHOOK_{vendor.upper()}_BASE_URL")
            if env_url and all(os.environ.get(v) for v in REAL_CREDENTIAL_VARS[vendor]):
                self.real.add(vendor)
                self.base_urls[vendor] = env_url.rstrip("/")
                for var in REAL_CREDENTIAL_VARS[vendor]:
                    self.credentials[var.lower()] = os.environ[var]
        if len(self.real) < len(VENDORS):
            self.server = SandboxServer()
            self.server.__enter__()
            for vendor in set(VENDORS) - self.real:
                self.base_urls[vendor] = self.server.base_url(vendor)

    def stop(self) -> None:
        if self.server is not None:
            self.server.__exit__(None, None, None)

    def inject(self, vendor: str, *faults: str) -> None:
        """Ask the sandbox for a fault while recording; a no-op in replay (the cassette holds the outcome)."""
        if self.recording:
            if vendor in self.real:
                pytest.skip(f"faults cannot be injected into the real {vendor} API")
            self.server.inject(vendor, *faults)

    def rewrite(self, text: str) -> str:
        for vendor, actual in self.base_urls.items():
            if actual != CANONICAL_ROOTS[vendor]:
                text = text.replace(actual, CANONICAL_ROOTS[vendor])
        return text


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Iterator[Target]:
    mode = pytestconfig.getoption("--record-mode", default="none")
    current = Target(recording=mode not in (None, "none"))
    if current.recording:
        current.start()
    yield current
    current.stop()


def _scrub_json(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: (REDACTED if k in SECRET_FIELDS and isinstance(v, str) else _scrub_json(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_scrub_json(v) for v in node]
    return node


def _scrub_text(text: str, target: Target) -> str:
    text = target.rewrite(text)
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return json.dumps(_scrub_json(parsed), separators=(",", ":"), ensure_ascii=False)


def _scrub_secrets(text: str, target: Target) -> str:
    for secret in (*TEST_SECRETS, *(v for k, v in target.credentials.items() if "organization" not in k)):
        text = text.replace(secret, REDACTED)
    return re.sub(r"(client_secret=)[^&]+", r"\1" + REDACTED, text)


def make_request_filter(target: Target) -> Callable[[Any], Any]:
    def before_record_request(request: Any) -> Any:
        request.uri = target.rewrite(request.uri)
        for name in VOLATILE_REQUEST_HEADERS:
            request.headers.pop(name, None)
        for name in list(request.headers):
            if name.lower() in AUTH_HEADERS:
                # Keep the scheme word ("Bearer") so the recorded request still shows how auth was sent.
                scheme = request.headers[name].split(" ", 1)[0] if " " in request.headers[name] else ""
                request.headers[name] = f"{scheme} {REDACTED}".strip()
        if request.body:
            body = request.body.decode() if isinstance(request.body, bytes) else request.body
            request.body = _scrub_secrets(_scrub_text(body, target), target).encode()
        return request

    return before_record_request


def make_response_filter(target: Target) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
        response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() not in VOLATILE_HEADERS}
        for name in list(response["headers"]):
            if name.lower() == "location":
                response["headers"][name] = [target.rewrite(v) for v in response["headers"][name]]
        body = response["body"].get("string", b"")
        if body:
            text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
            # Kept as bytes: a str body breaks replay inside httpx (PITFALLS.md).
            response["body"]["string"] = _scrub_secrets(_scrub_text(text, target), target).encode()
        return response

    return before_record_response


@pytest.fixture(scope="module")
def vcr_config(target: Target) -> dict[str, Any]:
    return {
        "before_record_request": make_request_filter(target),
        "before_record_response": make_response_filter(target),
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture
def hub(target: Target) -> Iterator[Any]:
    import unihook

    # Pacing matters while recording (the sandbox enforces Flxpoint's 2 req/s too); replay has no clock.
    rate_limit = target.recording
    with unihook.Client(
        **target.credentials, base_urls=target.base_urls, rate_limit=rate_limit, max_retries=0
    ) as client:
        yield client

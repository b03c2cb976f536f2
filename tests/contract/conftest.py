"""Contract tests: real HTTP recorded once (pytest-recording / vcrpy), replayed with the network blocked.

`make test` replays (`--record-mode=none --block-network`): the clients talk to each vendor's documented root,
and every request must be in a cassette. `make record` re-records (`--record-mode=rewrite`) against the sandbox,
or against a real vendor when UNIHOOK_<KEY>_BASE_URL and that vendor's credentials are set. Recording rewrites
the sandbox's URLs to the documented roots, and scrubs credentials and secrets in one place (this file), so a
cassette recorded anywhere replays the same way and never holds a secret.

Replay fails for the right reasons:
- a request matches a recorded one only with the same method, URL, body AND headers: the same set of header names
  (a credential moved to another header is another request), credentials compared as scrubbed (their scheme word,
  "Bearer", stays), Accept and Content-Type by value (`match_auth_and_media_headers`);
- a test that leaves a recorded interaction unplayed fails (`pytest_runtest_call` below);
- every exchange a test makes is checked against the vendor's spec by openapi-core as it happens (`SpecCheck`, an
  httpx event hook on the clients the tests build), so a code change that sends a non-conforming request fails,
  not only a cassette that disagrees with the spec. Only the problems a test means to cause are allowed
  (`EXPECTED_REQUEST_PROBLEMS`); test_cassettes.py holds the recorded files to the same rule.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.exceptions import SecurityValidationError

from tests.support import VENDORS, load_spec

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


def _scrubbed_credential(value: str) -> str:
    # Keep the scheme word ("Bearer") so the recorded request still shows how auth was sent.
    scheme = value.split(" ", 1)[0] if " " in value else ""
    return f"{scheme} {REDACTED}".strip()


def make_request_filter(target: Target) -> Callable[[Any], Any]:
    def before_record_request(request: Any) -> Any:
        request.uri = target.rewrite(request.uri)
        for name in VOLATILE_REQUEST_HEADERS:
            request.headers.pop(name, None)
        for name in list(request.headers):
            if name.lower() in AUTH_HEADERS:
                request.headers[name] = _scrubbed_credential(request.headers[name])
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


# --- matching: the headers that carry auth and media types are part of the request -----------------------------

HEADERS_MATCHER = "auth_and_media_headers"
MEDIA_HEADERS = ("accept", "content-type")


def replayed_headers(request: Any) -> dict[str, Any]:
    """What replay compares of a request's headers (a vcrpy request, live or recorded): the names of all but the
    transport's own headers, each credential as scrubbed (values never reach a cassette: only the scheme word
    stays), and the exact Accept and Content-Type (None when not sent)."""
    headers = {str(name).lower(): str(value) for name, value in request.headers.items()}
    names = sorted(name for name in headers if name not in VOLATILE_REQUEST_HEADERS)
    return {
        "names": names,
        "credentials": {name: _scrubbed_credential(headers[name]) for name in names if name in AUTH_HEADERS},
        "media": {name: headers.get(name) for name in MEDIA_HEADERS},
    }


def match_auth_and_media_headers(live: Any, recorded: Any) -> None:
    """vcrpy matcher: the request carries the recorded set of header names (auth headers X-API-TOKEN,
    Authorization, x-api-key ... included) and the recorded Accept and Content-Type."""
    sent, wanted = replayed_headers(live), replayed_headers(recorded)
    if sent != wanted:
        differences = {key: (sent[key], wanted[key]) for key in sent if sent[key] != wanted[key]}
        raise AssertionError(f"headers differ (this request, recorded): {differences}")


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher(HEADERS_MATCHER, match_auth_and_media_headers)


@pytest.fixture(scope="module")
def vcr_config(target: Target) -> dict[str, Any]:
    return {
        "before_record_request": make_request_filter(target),
        "before_record_response": make_response_filter(target),
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body", HEADERS_MATCHER],
        "decode_compressed_response": True,
    }


# --- every exchange against the vendor's spec (openapi-core), live and recorded ----------------------------------

_NO_CREDENTIAL = "SecurityValidationError: Security not found. Schemes not valid for any requirement: "
# The spec problems a test's requests are meant to have, by test (= cassette name) and answer status; every other
# request must conform in full, whatever the answer (a 400, 422 or 401 excuses nothing it was not sent for).
# The refused creates of test_vendor_refuses_an_unknown_event conform to the specs: event names are open strings there
# (a name the vendor does not list is refused on grounds the spec leaves open), so no request problem is expected of
# them. test_commercelayer_validation_error_points_at_the_field sends a blank callback_url, which the spec's
# not-blank pattern refuses, as Commerce Layer does ("can't be blank").
_NOT_BLANK = load_spec("commercelayer")["components"]["schemas"]["CreateWebhookAttributes"]["properties"][
    "callback_url"
]["pattern"]
EXPECTED_REQUEST_PROBLEMS: dict[str, dict[int, tuple[str, ...]]] = {
    "test_commercelayer_validation_error_points_at_the_field": {
        422: (f"InvalidRequestBody: '' does not match {_NOT_BLANK!r}",)
    },
    # The generated clients without any credential: the spec's security requirement is unmet, nothing else.
    "test_generated_client_without_credentials_gets_401[flxpoint]": {401: (_NO_CREDENTIAL + "[['apiToken']]",)},
    "test_generated_client_without_credentials_gets_401[commercelayer]": {401: (_NO_CREDENTIAL + "[['bearerAuth']]",)},
    "test_generated_client_without_credentials_gets_401[blaze]": {
        401: (_NO_CREDENTIAL + "[['partnerKey', 'developerKey']]",)
    },
    "test_generated_client_without_credentials_gets_401[shipping_channels]": {
        401: (_NO_CREDENTIAL + "[['bearerAuth']]",)
    },
    "test_generated_client_without_credentials_gets_401[packcloud]": {401: (_NO_CREDENTIAL + "[['bearerAuth']]",)},
}


def vendor_of(uri: str) -> str:
    for vendor, root in CANONICAL_ROOTS.items():
        if uri.startswith(root + "/"):
            return vendor
    raise AssertionError(f"{uri} is under no documented root: was the cassette recorded without the rewrite?")


def _checkable_security(spec: dict[str, Any]) -> None:
    """openapi-core cannot check an oauth2 scheme: it warns and lets any request through, so Commerce Layer's
    `clientCredentials` alternative would pass a request without any credential. On the wire an oauth2 token is
    the `Authorization: Bearer` the `bearerAuth` alternative beside it checks, so that alternative is dropped
    here (only here: the spec keeps documenting it)."""
    schemes = spec.get("components", {}).get("securitySchemes", {})
    unchecked = {name for name, scheme in schemes.items() if scheme.get("type") in ("oauth2", "openIdConnect")}

    def checkable(requirements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = [r for r in requirements if not unchecked & set(r)]
        assert kept or not requirements, "every security alternative is one openapi-core cannot check"
        return kept

    if "security" in spec:
        spec["security"] = checkable(spec["security"])
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = checkable(operation["security"])


@functools.cache
def spec_validator(vendor: str, security: bool = True) -> OpenAPI:
    """openapi-core on the vendor's spec; without `security`, on the spec with every security requirement
    removed: openapi-core checks nothing else of a request whose credential is missing, so a request sent
    without one on purpose has its parameters and body checked by that second validator."""
    spec = copy.deepcopy(load_spec(vendor))
    # Replay talks to the documented root with the tests' organization; the server entry keeps its variable.
    spec["servers"] = [{"url": CANONICAL_ROOTS[vendor]}]
    _checkable_security(spec)
    if not security:
        spec["security"] = []
        for item in spec["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict):
                    operation["security"] = []
    return OpenAPI.from_dict(spec)


def request_problems(vendor: str, request: MockRequest) -> list[str]:
    """Security problems, then everything else, checked even when the credential is missing."""
    problems = [
        describe(e)
        for e in spec_validator(vendor).iter_request_errors(request)
        if isinstance(e, SecurityValidationError)
    ]
    problems += [describe(e) for e in spec_validator(vendor, security=False).iter_request_errors(request)]
    return sorted(problems)


def _header(headers: Mapping[str, list[str]], name: str) -> str | None:
    for key, values in headers.items():
        if key.lower() == name:
            return values[0] if values else None
    return None


def mock_request(vendor: str, request: Mapping[str, Any]) -> MockRequest:
    """openapi-core's view of a request in the cassette format (uri, method, headers as lists, body)."""
    parts = urlsplit(request["uri"])
    root = CANONICAL_ROOTS[vendor]
    root_path = urlsplit(root).path
    host_url = root.removesuffix(root_path) if root_path else root
    headers = {k: v[0] for k, v in request.get("headers", {}).items() if v}
    body = request.get("body") or None
    return MockRequest(
        host_url=host_url,
        method=request["method"].lower(),
        path=parts.path,
        args=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
        data=body.encode() if isinstance(body, str) else body,
        content_type=_header(request.get("headers", {}), "content-type") or "application/json",
    )


def mock_response(response: Mapping[str, Any]) -> MockResponse:
    body = response["body"].get("string") or b""
    data = body.encode() if isinstance(body, str) else body
    headers = {k: v[0] for k, v in response.get("headers", {}).items() if v}
    content_type = _header(response.get("headers", {}), "content-type") or "application/json"
    return MockResponse(data, status_code=response["status"]["code"], headers=headers, content_type=content_type)


def describe(error: Exception) -> str:
    """One line per openapi-core error: its class and, for a schema error, each failed rule."""
    cause = error.__cause__
    details = [getattr(e, "message", str(e)) for e in getattr(cause, "schema_errors", None) or ()]
    name, text = type(error).__name__, "; ".join(details) if details else str(error)
    return text if text.startswith(name + ":") else f"{name}: {text}"


def exchange_problems(test: str, request: Mapping[str, Any], response: Mapping[str, Any]) -> list[str]:
    """What an exchange (cassette format) breaks in its vendor's spec beyond what the test means it to."""
    vendor = vendor_of(request["uri"])
    openapi = spec_validator(vendor)
    mocked = mock_request(vendor, request)
    status = response["status"]["code"]
    found = request_problems(vendor, mocked)
    expected = sorted(EXPECTED_REQUEST_PROBLEMS.get(test, {}).get(status, ()))
    where = f"{request['method']} {request['uri']} -> {status}"
    problems = []
    if found != expected:
        problems.append(
            f"{where}: the request breaks specs/{vendor}/openapi.yaml: {found}"
            + (f"; expected exactly {expected}" if expected else "")
        )
    errors = [describe(e) for e in openapi.iter_response_errors(mocked, mock_response(response))]
    if errors:
        problems.append(f"{where}: the response breaks specs/{vendor}/openapi.yaml: {errors}")
    return problems


def _lists(headers: httpx.Headers) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for name, value in headers.multi_items():
        found[name].append(value)
    return dict(found)


class SpecCheck:
    """Checks each exchange of a test against the vendor's spec as it happens: an httpx response hook on every
    client a contract test builds (the facade's and the generated clients'). A problem fails the call at once
    and is kept, so a caller that swallowed the error still fails the test."""

    def __init__(self, test: str, target: Target) -> None:
        self.test = test
        self.target = target
        self.exchanges = 0
        self.problems: list[str] = []
        self._clients: list[httpx.Client] = []

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        self.exchanges += 1
        request = response.request
        sent = {
            "uri": self.target.rewrite(str(request.url)),
            "method": request.method,
            "headers": _lists(request.headers),
            "body": request.content,
        }
        answered = {
            "status": {"code": response.status_code},
            "headers": _lists(response.headers),
            "body": {"string": response.content},
        }
        problems = exchange_problems(self.test, sent, answered)
        if problems:
            self.problems.extend(problems)
            raise AssertionError("\n".join(problems))

    @property
    def event_hooks(self) -> dict[str, list[Callable[[httpx.Response], None]]]:
        return {"response": [self.on_response]}

    def http_client(self) -> httpx.Client:
        """An httpx client for `unihook.Client(http_client=...)`, closed after the test."""
        client = httpx.Client(event_hooks=self.event_hooks)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            client.close()


@pytest.fixture(autouse=True)
def spec_check(request: pytest.FixtureRequest, target: Target) -> Iterator[SpecCheck]:
    check = SpecCheck(request.node.name, target)
    yield check
    check.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After a passing contract test: every recorded interaction was played, and every played one was checked
    against the spec (no request bypassed the checked clients) without a problem."""
    result = yield
    funcargs: dict[str, Any] = getattr(item, "funcargs", {})
    cassette, check = funcargs.get("vcr"), funcargs.get("spec_check")
    if cassette is None or check is None:
        return result
    assert not check.problems, "\n".join(check.problems)
    if check.target.recording:
        assert check.exchanges == len(cassette.data), "a request was sent by a client without the spec check"
        return result
    unplayed = [
        f"#{index} {stored.method} {stored.uri}"
        for index, (stored, _) in enumerate(cassette.data)
        if not cassette.play_counts[index]
    ]
    assert not unplayed, f"{cassette._path}: recorded interactions never played: {unplayed}"
    assert check.exchanges == cassette.play_count, (
        f"{cassette.play_count} interactions played but {check.exchanges} checked against the spec: a request was "
        "sent by a client without the spec check (use the hub fixture, spec_check.http_client() or its event_hooks)"
    )
    return result


@pytest.fixture
def hub(target: Target, spec_check: SpecCheck) -> Iterator[Any]:
    import unihook

    # Pacing matters while recording (the sandbox enforces Flxpoint's 2 req/s too); replay has no clock.
    rate_limit = target.recording
    with unihook.Client(
        **target.credentials,
        base_urls=target.base_urls,
        rate_limit=rate_limit,
        max_retries=0,
        http_client=spec_check.http_client(),
    ) as client:
        yield client

"""Fault injection: every vendor x operation x fault against the live sandbox on 127.0.0.1.

For each cell the call must end as the retry policy says (src/unihook/_http.py's docstring, written out below as
POLICY, never derived from running the code): success, success after retries, or the documented typed error.
Afterwards the sandbox must hold exactly what that outcome implies: no duplicate subscription after a create,
none lost, an update applied (or not) as a whole, a delete done (or not).

The fault hits one target request of the operation (the write for create/update/delete, the GET for get/list)
and, for the "x4" faults, each of its retries too; reads an operation makes first (Flxpoint's and BLAZE's
read-before-write) go through untouched. Sandbox faults travel as the X-Unihook-Fault header; two faults are
made on the client side by the test's transport (`Wire`): a connection refused before anything is sent, and a
success body replaced by an HTML page.

Nothing sleeps for real: `unihook._engine._sleep` is a recorder; the read timeout is the one real wait
(client timeout 0.5 s against a 1.5 s `slow` fault). The sandbox's clock steps one second per reading, so
Flxpoint's 2 requests/second only bites in the two tests at the end that are about it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import unihook
from unihook import _engine as _http
from unihook_sandbox import SandboxServer

from ._collect import MATRIX_OUTCOMES, MATRIX_SIZE, summary_lines
from ._support import EVENTS, VENDORS, AsyncWire, StepClock, Wire, credentials, record_live, record_url, stored

pytestmark = pytest.mark.slow

MAX_RETRIES = 3  # the client's documented default; every case passes it explicitly
ATTEMPTS = MAX_RETRIES + 1
CLIENT_TIMEOUT = 0.5
SLOW = 1.5  # the `slow` fault's delay: well past CLIENT_TIMEOUT, short enough to settle at the end

OPERATIONS = ("get", "list", "create", "update", "delete")
KIND = {"get": "read", "list": "read", "create": "create", "update": "update", "delete": "delete"}
# The operations a vendor documents none of (VENDORS.md): the cell is skipped, and nothing may be sent.
UNSUPPORTED = {("packcloud", "delete")}
# The request each operation's fault targets (Flxpoint has no DELETE: its delete is a PATCH to status "deleted").
TARGET_METHODS = {
    "get": {"GET"},
    "list": {"GET"},
    "create": {"POST"},
    "update": {"PATCH", "PUT"},
    "delete": {"DELETE", "PATCH"},
}

OK = "success"
RETRIED = "success after retry"
RateLimitError = unihook.RateLimitError.__name__
ServerError = unihook.ServerError.__name__
TransportError = unihook.TransportError.__name__


@dataclass(frozen=True)
class Fault:
    name: str
    # What each attempt of the target request meets, in order (later attempts go through untouched).
    attempts: tuple[str, ...]
    # Whether a faulted attempt still changed the vendor's state (processed, then the answer went wrong);
    # None when nobody can know (the client gave up waiting: the vendor may or may not have processed it).
    processed: bool | None


def _fault(name: str, *attempts: str, processed: bool | None = False) -> Fault:
    return Fault(name, attempts or (name,), processed)


FAULTS = (
    _fault("429"),  # the vendor's own 429, with its wait hint where it gives one
    _fault("429x4", *["429"] * ATTEMPTS),
    _fault("500"),
    _fault("502"),
    _fault("503"),
    _fault("503x4", *["503"] * ATTEMPTS),
    _fault("504"),
    _fault("html-502", "html"),  # a proxy's HTML error page
    _fault("520"),  # a status no vendor documents, HTML body
    _fault("redirect-307", "redirect"),  # to another origin: never followed, whatever the client is set to do
    _fault("drop-before"),  # the sandbox closes the connection without processing
    _fault("drop-after", processed=True),  # processed, then closed without an answer
    _fault("connect-refused", "connect-error"),  # client side: refused before anything was sent
    _fault("connect-refused-x4", *["connect-error"] * ATTEMPTS),
    _fault("read-timeout", f"slow:{SLOW}", processed=True),  # processed, then answered after the client gave up
    _fault("truncated-json", "malformed", processed=True),
    _fault("non-json-body", "nonjson", processed=True),  # client side: a success answered by an HTML page
    _fault("unknown-enum-and-field", "enum", processed=True),
)
FAULT_BY_NAME = {f.name: f for f in FAULTS}

# The policy of src/unihook/_http.py's docstring (with _exceptions.py's mapping), written out:
#   retried: connection failures, 408, 429, 502, 503, 504; a create only on a 429 or a connection that failed
#   before sending; a delete whose retry meets 404 is done; 500 and unknown statuses are ServerError at once;
#   a success body that cannot be read is a ServerError (a delete reads none); unknown values never fail parsing.
# fault -> operation kind -> (outcome, attempts of the target request)
POLICY: dict[str, dict[str, tuple[str, int]]] = {
    "429": {"read": (RETRIED, 2), "create": (RETRIED, 2), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "429x4": {
        "read": (RateLimitError, ATTEMPTS),
        "create": (RateLimitError, ATTEMPTS),
        "update": (RateLimitError, ATTEMPTS),
        "delete": (RateLimitError, ATTEMPTS),
    },
    "500": {
        "read": (ServerError, 1),
        "create": (ServerError, 1),
        "update": (ServerError, 1),
        "delete": (ServerError, 1),
    },
    "502": {"read": (RETRIED, 2), "create": (ServerError, 1), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "503": {"read": (RETRIED, 2), "create": (ServerError, 1), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "503x4": {
        "read": (ServerError, ATTEMPTS),
        "create": (ServerError, 1),
        "update": (ServerError, ATTEMPTS),
        "delete": (ServerError, ATTEMPTS),
    },
    "504": {"read": (RETRIED, 2), "create": (ServerError, 1), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "html-502": {"read": (RETRIED, 2), "create": (ServerError, 1), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "redirect-307": {
        "read": (ServerError, 1),
        "create": (ServerError, 1),
        "update": (ServerError, 1),
        "delete": (ServerError, 1),
    },
    "520": {
        "read": (ServerError, 1),
        "create": (ServerError, 1),
        "update": (ServerError, 1),
        "delete": (ServerError, 1),
    },
    # The sandbox's drop comes after the client sent the request: a create cannot know whether it was stored.
    "drop-before": {
        "read": (RETRIED, 2),
        "create": (TransportError, 1),
        "update": (RETRIED, 2),
        "delete": (RETRIED, 2),
    },
    "drop-after": {"read": (RETRIED, 2), "create": (TransportError, 1), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "connect-refused": {"read": (RETRIED, 2), "create": (RETRIED, 2), "update": (RETRIED, 2), "delete": (RETRIED, 2)},
    "connect-refused-x4": {
        "read": (TransportError, ATTEMPTS),
        "create": (TransportError, ATTEMPTS),
        "update": (TransportError, ATTEMPTS),
        "delete": (TransportError, ATTEMPTS),
    },
    "read-timeout": {
        "read": (RETRIED, 2),
        "create": (TransportError, 1),
        "update": (RETRIED, 2),
        "delete": (RETRIED, 2),
    },
    "truncated-json": {
        "read": (ServerError, 1),
        "create": (ServerError, 1),
        "update": (ServerError, 1),
        "delete": (OK, 1),
    },
    "non-json-body": {
        "read": (ServerError, 1),
        "create": (ServerError, 1),
        "update": (ServerError, 1),
        "delete": (OK, 1),
    },
    "unknown-enum-and-field": {"read": (OK, 1), "create": (OK, 1), "update": (OK, 1), "delete": (OK, 1)},
}
# The wait each vendor's 429 asks for: Shipping Channels' `retry_after` in the body (the sandbox says 1 s) and
# Commerce Layer's `x-ratelimit-interval` with `x-ratelimit-remaining: 0` (the sandbox says 10 s, its burst
# window). None: the client backs off on its own, between 0.5 and 1 s before the first retry.
WAIT_HINT: dict[str, float | None] = {
    "flxpoint": None,
    "commercelayer": 10.0,
    "blaze": None,
    "shipping_channels": 1.0,
    "packcloud": None,
}
# What the sandbox's "enum" fault shows in place of a documented event (Commerce Layer's goes into circuit_state).
UNKNOWN_EVENT = {
    "flxpoint": "SOMETHING_NEW",
    "commercelayer": None,
    "blaze": "TRANSACTION_UPDATE",
    "shipping_channels": "SOMETHING_NEW",
    "packcloud": "orders.created",
}

CELLS = [(v, op, f.name) for v in VENDORS for op in OPERATIONS for f in FAULTS]
MATRIX_SIZE.update(cells=len(CELLS), vendors=len(VENDORS), operations=len(OPERATIONS), faults=len(FAULTS))


def test_policy_table_is_complete() -> None:
    assert set(POLICY) == set(FAULT_BY_NAME)
    for fault, row in POLICY.items():
        assert set(row) == {"read", "create", "update", "delete"}, fault
        for outcome, attempts in row.values():
            assert 1 <= attempts <= ATTEMPTS
            assert (outcome == RETRIED) == (
                attempts > 1 and outcome not in (RateLimitError, ServerError, TransportError)
            )


# --- fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        server.state.clock = StepClock()
        yield server


@pytest.fixture(scope="module")
def transport() -> Iterator[httpx.HTTPTransport]:
    with httpx.HTTPTransport() as shared:
        yield shared


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    recorded: list[float] = []
    monkeypatch.setattr(_http, "_sleep", recorded.append)
    return recorded


@pytest.fixture(scope="module")
def setup_hub(sandbox: SandboxServer) -> Iterator[unihook.Client]:
    """Seeds records for a case; no faults, its own Flxpoint token."""
    with unihook.Client(
        **credentials("flx-setup-token"),
        base_urls={v: sandbox.base_url(v) for v in VENDORS},
        rate_limit=False,
        max_retries=0,
    ) as hub:
        yield hub


def make_hub(sandbox: SandboxServer, wire: Wire, timeout: float, flxpoint_token: str) -> unihook.Client:
    # A caller's client that follows redirects: unihook must follow none (credentials stay with the vendor).
    http = httpx.Client(transport=wire, timeout=timeout, follow_redirects=True)
    return unihook.Client(
        **credentials(flxpoint_token),
        base_urls={v: sandbox.base_url(v) for v in VENDORS},
        http_client=http,
        rate_limit=False,
        max_retries=MAX_RETRIES,
    )


# --- what the sandbox must hold afterwards ------------------------------------------------------------------------


@dataclass
class Expectation:
    """The records of one case (by URL) the sandbox must hold once every request of the case has landed."""

    case: str
    vendor: str
    url: str
    new_url: str
    op: str
    effect: bool | None  # the operation's change is in the vendor's state (None: may or may not be)
    late: bool  # a faulted attempt may still be running on the server (read timeout)

    def check(self, sandbox: SandboxServer, settled: bool = True) -> None:
        records = [r for r in stored(sandbox, self.vendor) if record_url(self.vendor, r) in (self.url, self.new_url)]
        live = [r for r in records if record_live(self.vendor, r)]
        where = f"{self.case}: {records!r}"
        if self.op == "create":
            if not settled or self.effect is None:
                # Unknown outcome: stored or not, but never twice.
                assert len(records) <= 1, f"duplicate subscription after a create: {where}"
                return
            assert len(records) == (1 if self.effect else 0), where
            return
        assert self.effect is not None, "only a create may end with an unknown outcome"

        if self.op == "delete":
            assert len(live) == (0 if self.effect else 1), where
            assert len(records) == (1 if self.vendor == "flxpoint" or not self.effect else 0), where
            return
        # get, list, update: the one seeded subscription is still there, once
        assert len(records) == 1, f"lost or duplicated subscription: {where}"
        assert len(live) == 1, where
        expected_url = self.new_url if self.op == "update" and self.effect else self.url
        assert record_url(self.vendor, records[0]) == expected_url, where


EXPECTATIONS: list[Expectation] = []
LAST_SLOW_FAULT = [0.0]


# --- the matrix ---------------------------------------------------------------------------------------------------


def _run(hub: unihook.Client, vendor: str, op: str, id: str, url: str, new_url: str) -> Any:
    if op == "get":
        return hub.get(vendor, id)
    if op == "list":
        return hub.list(vendor)  # an iterator (an async one for AsyncClient): the caller drains it
    if op == "create":
        return hub.create(vendor, url=url, events=EVENTS[vendor])
    if op == "update":
        return hub.update(vendor, id, url=new_url)
    if op == "delete":
        return hub.delete(vendor, id)
    raise AssertionError(op)


@pytest.mark.parametrize(("vendor", "op", "fault_name"), CELLS, ids=[f"{v}-{op}-{f}" for v, op, f in CELLS])
def test_fault_matrix(
    vendor: str,
    op: str,
    fault_name: str,
    sandbox: SandboxServer,
    transport: httpx.HTTPTransport,
    setup_hub: unihook.Client,
    waits: list[float],
) -> None:
    def execute(case: str, timeout: float, faults: list[str], call: Callable[[Any], Any]) -> Executed:
        wire = Wire(transport)
        wire.arm(TARGET_METHODS[op], faults)
        with make_hub(sandbox, wire, timeout, flxpoint_token=f"flx-{case}") as hub:
            try:
                result = call(hub)
                return wire, list(result) if op == "list" else result, None
            except unihook.UnihookError as exc:
                return wire, None, exc

    _matrix_case(vendor, op, fault_name, sandbox, setup_hub, waits, execute, prefix="")


ASYNC_FAULTS = ("429", "503", "drop-before", "drop-after", "connect-refused", "truncated-json", "read-timeout")
# The read timeout costs a real half second per cell: on the async side, only where a write is at stake.
ASYNC_CELLS = [
    (v, op, f)
    for v in VENDORS
    for op in OPERATIONS
    for f in ASYNC_FAULTS
    if f != "read-timeout" or op in ("create", "update")
]
MATRIX_SIZE.update(async_cells=len(ASYNC_CELLS), async_faults=len(ASYNC_FAULTS))


@pytest.mark.parametrize(
    ("vendor", "op", "fault_name"), ASYNC_CELLS, ids=[f"async-{v}-{op}-{f}" for v, op, f in ASYNC_CELLS]
)
def test_fault_matrix_async(
    vendor: str,
    op: str,
    fault_name: str,
    sandbox: SandboxServer,
    setup_hub: unihook.Client,
    waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The asyncio client has its own sender: the same policy must hold there (a subset of the faults)."""

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(_http, "_async_sleep", record)

    def execute(case: str, timeout: float, faults: list[str], call: Callable[[Any], Any]) -> Executed:
        async def main() -> Executed:
            transport = AsyncWire(httpx.AsyncHTTPTransport())
            transport.wire.arm(TARGET_METHODS[op], faults)
            async with (
                httpx.AsyncClient(transport=transport, timeout=timeout) as http,
                unihook.AsyncClient(
                    **credentials(f"flx-async-{case}"),
                    base_urls={v: sandbox.base_url(v) for v in VENDORS},
                    http_client=http,
                    rate_limit=False,
                    max_retries=MAX_RETRIES,
                ) as hub,
            ):
                try:
                    result = call(hub)
                    if op == "list":
                        return transport.wire, [s async for s in result], None
                    return transport.wire, await result, None
                except unihook.UnihookError as exc:
                    return transport.wire, None, exc

        return asyncio.run(main())

    _matrix_case(vendor, op, fault_name, sandbox, setup_hub, waits, execute, prefix="async-")


Executed = tuple[Wire, Any, unihook.UnihookError | None]
Execute = Callable[[str, float, list[str], Callable[[Any], Any]], Executed]


def _matrix_case(
    vendor: str,
    op: str,
    fault_name: str,
    sandbox: SandboxServer,
    setup_hub: unihook.Client,
    waits: list[float],
    execute: Execute,
    prefix: str,
) -> None:
    case = f"{prefix}{vendor}-{op}-{fault_name}"
    fault = FAULT_BY_NAME[fault_name]
    url = f"https://hooks.example.com/{case}"
    new_url = f"https://hooks.example.com/{case}/moved"
    seeded = None if op == "create" else setup_hub.create(vendor, url=url, events=EVENTS[vendor])
    seeded_id = seeded.id if seeded is not None else ""
    timeout = CLIENT_TIMEOUT if fault_name == "read-timeout" else 10.0

    def call(hub: Any) -> Any:
        return _run(hub, vendor, op, seeded_id, url, new_url)

    if (vendor, op) in UNSUPPORTED:
        wire, _, refused = execute(case, timeout, list(fault.attempts), call)
        assert isinstance(refused, unihook.UnsupportedOperation), refused
        assert wire.sent == [], "an unsupported operation must send nothing"
        MATRIX_OUTCOMES[case] = "unsupported (skipped)"
        Expectation(case, vendor, url, new_url, "get", effect=False, late=False).check(sandbox)
        return

    expected, expected_attempts = POLICY[fault_name][KIND[op]]
    started = time.monotonic()
    wire, result, error = execute(case, timeout, list(fault.attempts), call)
    if fault_name == "read-timeout":
        LAST_SLOW_FAULT[0] = started

    outcome = type(error).__name__ if error is not None else (RETRIED if wire.target_attempts > 1 else OK)
    MATRIX_OUTCOMES[case] = outcome
    assert outcome == expected, f"{case}: expected {expected}, got {outcome}: {error!r}"
    assert wire.target is not None, f"{case}: the operation never sent its target request"
    assert wire.target_attempts == expected_attempts, f"{case}: {[(r.method, str(r.url)) for r in wire.sent]}"
    # One wait before each retry, and nothing else (pacing is off in the matrix).
    assert len(waits) == expected_attempts - 1, waits
    _check_waits(vendor, fault, waits)
    _check_error(vendor, fault_name, error, expected_attempts)
    if error is None:
        _check_result(vendor, op, fault_name, result, seeded, url, new_url)

    effect: bool | None = True if error is None else fault.processed
    if op in ("get", "list"):
        effect = False
    expectation = Expectation(case, vendor, url, new_url, op, effect=effect, late=fault_name == "read-timeout")
    EXPECTATIONS.append(expectation)
    # A create whose answer timed out may land after the call returned: at most one now, exactly one once settled.
    expectation.check(sandbox, settled=not (op == "create" and expectation.late))


def _check_waits(vendor: str, fault: Fault, waits: list[float]) -> None:
    hint = WAIT_HINT[vendor]
    for attempt, wait in enumerate(waits, start=1):
        if fault.attempts[0] == "429" and hint is not None:
            assert wait == pytest.approx(hint, abs=0.01), waits  # the vendor's own wait, not backoff
        else:
            # capped exponential backoff with jitter: 0.5 * 2^(n-1) plus up to 0.5
            low = min(8.0, 0.5 * 2 ** (attempt - 1))
            assert low <= wait <= low + 0.5, waits


def _check_error(vendor: str, fault_name: str, error: BaseException | None, attempts: int) -> None:
    if error is None:
        return
    assert getattr(error, "vendor", None) == vendor
    assert str(error), "an error message must say something"
    if isinstance(error, unihook.RateLimitError):
        assert error.status_code == 429
        assert error.retry_after == WAIT_HINT[vendor]
    elif isinstance(error, unihook.ServerError):
        if fault_name in ("truncated-json", "non-json-body"):
            assert 200 <= error.status_code < 300
            assert "could not be read" in str(error)
        else:
            status = {"html-502": 502, "503x4": 503, "redirect-307": 307}.get(
                fault_name, int(fault_name) if fault_name.isdigit() else 0
            )
            assert error.status_code == status, (fault_name, error.status_code)
    elif isinstance(error, unihook.TransportError):
        assert error.attempts == attempts
        if fault_name in ("drop-before", "drop-after", "read-timeout"):
            # A create sent but unanswered: the caller is told it may exist.
            assert "may exist" in str(error)


def _check_result(
    vendor: str, op: str, fault_name: str, result: Any, seeded: unihook.Subscription | None, url: str, new_url: str
) -> None:
    unknown = UNKNOWN_EVENT[vendor] if fault_name == "unknown-enum-and-field" else None
    if op == "delete":
        assert result is None
        return
    if op == "list":
        assert isinstance(result, list)
        assert seeded is not None
        mine = [s for s in result if s.id == seeded.id]
        assert len(mine) == 1, "list lost or doubled the subscription"
        if unknown is not None:  # only the first page met the fault
            assert any(unknown in s.events for s in result)
        return
    assert isinstance(result, unihook.Subscription)
    assert result.vendor == vendor
    assert result.url == {"update": new_url}.get(op, url)
    if seeded is not None:
        assert result.id == seeded.id
    if unknown is not None:
        assert unknown in result.events


def test_settled_state_after_late_requests(sandbox: SandboxServer) -> None:
    """Requests that timed out on the client keep running on the server; once they have landed, every case's
    records must still be exactly what its outcome implies (no duplicate, nothing lost)."""
    if not EXPECTATIONS:
        pytest.skip("no matrix case ran")
    remaining = LAST_SLOW_FAULT[0] + SLOW + 0.5 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
    for expectation in EXPECTATIONS:
        expectation.check(sandbox)


def test_matrix_summary() -> None:
    """The counts are printed in the terminal summary (tests/reliability/conftest.py)."""
    if not MATRIX_OUTCOMES:
        pytest.skip("no matrix case ran")
    assert summary_lines()[0].startswith(f"fault matrix: {len(CELLS)} cells")
    sync = {k: v for k, v in MATRIX_OUTCOMES.items() if not k.startswith("async-")}
    if len(sync) == len(CELLS):
        assert list(sync.values()).count("unsupported (skipped)") == len(UNSUPPORTED) * len(FAULTS)


# --- Flxpoint's 2 requests/second, for real ------------------------------------------------------------------------


def test_flxpoint_pacing_stays_under_the_vendor_limit(
    sandbox: SandboxServer, transport: httpx.HTTPTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pacing on (the default) a burst of calls on one token never meets Flxpoint's 429: the facade waits
    (for real: this is pacing, not a retry) and the sandbox's real clock agrees."""
    monkeypatch.setattr(sandbox.state, "clock", time.monotonic)
    paced: list[float] = []

    def sleep(seconds: float) -> None:
        paced.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(_http, "_sleep", sleep)
    wire = Wire(transport)
    token = f"flx-paced-{time.monotonic_ns()}"
    with unihook.Client(
        **credentials(token),
        base_urls={v: sandbox.base_url(v) for v in VENDORS},
        http_client=httpx.Client(transport=wire),
        max_retries=0,  # a 429 would surface, not be retried away
    ) as hub:
        created = hub.create("flxpoint", url="https://hooks.example.com/paced", events=EVENTS["flxpoint"])
        hub.get("flxpoint", created.id)
        hub.update("flxpoint", created.id, url="https://hooks.example.com/paced/2")  # GET + PATCH
    assert 429 not in wire.statuses
    assert len(wire.sent) == 4
    assert len(paced) >= 2
    assert all(0 < s <= 0.52 for s in paced)


def test_flxpoint_burst_without_pacing_recovers_by_retry(
    sandbox: SandboxServer, transport: httpx.HTTPTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With pacing off, the sandbox's 429 (no wait hint) is retried with backoff until the 1 s window moves."""
    clock = StepClock(step=0.0)  # time moves only while the client waits
    monkeypatch.setattr(sandbox.state, "clock", clock)
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        clock.advance(seconds)

    monkeypatch.setattr(_http, "_sleep", sleep)
    wire = Wire(transport)
    with unihook.Client(
        **credentials(f"flx-burst-{time.monotonic_ns()}"),
        base_urls={v: sandbox.base_url(v) for v in VENDORS},
        http_client=httpx.Client(transport=wire),
        rate_limit=False,
    ) as hub:
        created = hub.create("flxpoint", url="https://hooks.example.com/burst", events=EVENTS["flxpoint"])
        for _ in range(3):
            assert hub.get("flxpoint", created.id).id == created.id
    assert 429 in wire.statuses
    assert waited
    matching = [
        r for r in stored(sandbox, "flxpoint") if record_url("flxpoint", r) == "https://hooks.example.com/burst"
    ]
    assert len(matching) == 1, "a 429'd create is retried without making a second configuration"


# --- Commerce Layer's token grant under faults -----------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["429", "503", "drop-after", "connect-error"])
def test_commercelayer_token_grant_is_retried(
    fault: str, sandbox: SandboxServer, transport: httpx.HTTPTransport, waits: list[float]
) -> None:
    """The client-credentials grant stores nothing, so every transient failure of it is retried; the create that
    follows is made once."""
    wire = Wire(transport)
    wire.arm({"POST"}, [fault])  # the first POST is the token grant
    url = f"https://hooks.example.com/cl-oauth-{fault}"
    with unihook.Client(
        commercelayer_client_id="cl-reliability-client",
        commercelayer_client_secret="cl-reliability-client-secret",
        base_urls={"commercelayer": sandbox.base_url("commercelayer")},
        http_client=httpx.Client(transport=wire),
        rate_limit=False,
        coordination=unihook.LocalCoordination(),  # its own token cache: the grant is made here, not reused
    ) as hub:
        created = hub.create("commercelayer", url=url, events=EVENTS["commercelayer"])
    assert wire.target is not None
    assert wire.target[1].endswith("/oauth/token")
    assert wire.target_attempts == 2
    assert created.url == url
    assert len([r for r in stored(sandbox, "commercelayer") if record_url("commercelayer", r) == url]) == 1


# --- create_many: one registration per event, rolled back as a whole ------------------------------------------------

TWO_EVENTS = {
    "commercelayer": ["orders.place", "orders.cancel"],
    "blaze": ["NEW_MEMBER", "NEW_CONSUMER_ORDER"],
    "packcloud": ["order.created", "order.shipped"],
}
EVENT_OF = {
    "commercelayer": lambda r: r["attributes"]["topic"],
    "blaze": lambda r: r["webHookType"],
    "packcloud": lambda r: r["event_code"],
}


@pytest.mark.parametrize("vendor", sorted(TWO_EVENTS))
@pytest.mark.parametrize(
    ("fault", "error", "second_stored"),
    [
        ("503", unihook.ServerError, False),
        ("drop-before", unihook.TransportError, False),
        ("drop-after", unihook.TransportError, True),
    ],
)
def test_create_many_rolls_back_under_faults(
    vendor: str,
    fault: str,
    error: type[unihook.UnihookError],
    second_stored: bool,
    sandbox: SandboxServer,
    waits: list[float],
) -> None:
    """When the second registration of a create_many fails, the first is removed again (disabled on Pack.cloud,
    which cannot delete); a second whose outcome is unknown (dropped after sending) is looked up by url and event
    and removed too: none of its registrations stays active, and the error says what happened."""
    url = f"https://hooks.example.com/create-many/{vendor}/{fault}"
    with unihook.Client(**credentials(), base_urls={v: sandbox.base_url(v) for v in VENDORS}, rate_limit=False) as hub:
        sandbox.inject(vendor, "slow:0", fault)  # the first create goes through, the second meets the fault
        with pytest.raises(error) as caught:
            hub.create_many(vendor, url=url, events=TWO_EVENTS[vendor])
    assert sandbox.state.pending_faults(vendor) == []
    records = [r for r in stored(sandbox, vendor) if record_url(vendor, r) == url]
    live = [r for r in records if r.get("enabled", True)]
    first, second = TWO_EVENTS[vendor]
    assert live == []
    kept = 1 if vendor == "packcloud" else 0  # disabled, not deleted
    assert len([r for r in records if EVENT_OF[vendor](r) == first]) == kept
    assert len([r for r in records if EVENT_OF[vendor](r) == second]) == (kept if second_stored else 0)
    assert caught.value.may_exist is False  # looked up: whatever it made is undone
    notes = getattr(caught.value, "__notes__", [])
    assert any(("undid it" if second_stored else "it was not stored") in note for note in notes), notes

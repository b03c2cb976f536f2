"""The in-process coordination backend, `LocalCoordination`: its pacing rule, token cache, leases and locks, and
the clients of one process (threads and an event loop) sharing one vendor budget.

The pacing rule (module docstring of `unihook._coordination`): a request starts only while fewer than `burst`
requests are in flight or ended within the last `window` seconds, and not sooner than `interval` after the
previous start. What it promises: whatever the latencies, a vendor counting arrivals never sees more than `burst`
in any `window` seconds. The property test below drives the backend on a fake clock as a vendor would see it.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unihook
from unihook import _engine
from unihook._coordination import LEASE, Call, Limit, RedisCoordination, resolve

from .conftest import FakeClock, ok, unique

BUCKET = "bucket"
RATES = [0.5, 1.0, 2.0, 2.5, 3.0, 10.0]


# --- simulating callers on a fake clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Caller:
    """One request: asked for at `ready`, takes `latency` once started, reaches the vendor `share` of the way
    through; `dies`: its end is never reported (the worker died), the lease frees its place."""

    ready: float
    latency: float
    share: float
    dies: bool = False


@dataclass
class Run:
    starts: list[float]
    ends: list[float]
    arrivals: list[float]


def simulate(limit: Limit, callers: list[Caller]) -> Run:
    """Each caller asks `acquire` at its ready time and again after each wait it is told; a started one reports
    its end `latency` later (unless it dies). Events at one instant: ends first, then starts in caller order."""
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    starts = [math.nan] * len(callers)
    ends = [math.nan] * len(callers)
    events: list[tuple[float, int, int]] = [(c.ready, 1, i) for i, c in enumerate(callers)]  # (time, kind, caller)
    heapq.heapify(events)
    steps = 0
    while events:
        steps += 1
        assert steps < 10_000, "the callers never all started"
        at, kind, i = heapq.heappop(events)
        clock.now = at
        caller = callers[i]
        if kind == 0:
            backend.release(BUCKET, limit, f"p{i}")
            ends[i] = at
            continue
        wait = backend.acquire(BUCKET, limit, f"p{i}")
        if wait == 0:
            starts[i] = at
            if caller.dies:
                ends[i] = at + LEASE  # what the lease assumes: it was over by then
            else:
                heapq.heappush(events, (at + caller.latency, 0, i))
        else:
            assert wait > 0
            heapq.heappush(events, (at + wait, 1, i))
    arrivals = [s + c.share * (e - s) for s, e, c in zip(starts, ends, callers, strict=True)]
    return Run(starts, ends, arrivals)


def most_in_a_window(times: list[float], window: float) -> int:
    """The most of `times` in any half-open interval [t, t + window) (a little slack for float rounding)."""
    ordered = sorted(times)
    most, first = 0, 0
    for last, at in enumerate(ordered):
        while at - ordered[first] >= window - 1e-9:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_most_in_a_window_counts_what_a_sliding_window_sees():
    # The checker itself, on cases worked by hand.
    assert most_in_a_window([], 1.0) == 0
    assert most_in_a_window([0.0, 0.5, 0.99], 1.0) == 3
    assert most_in_a_window([0.0, 0.5, 1.0], 1.0) == 2  # 0 and 1.0 are a whole window apart
    assert most_in_a_window([0.0, 0.6, 1.2, 1.5, 3.0], 1.0) == 3  # 0.6, 1.2, 1.5


callers = st.lists(
    st.builds(
        Caller,
        ready=st.one_of(st.just(0.0), st.floats(0, 5)),
        latency=st.one_of(st.just(0.0), st.floats(0, 3), st.floats(0, 0.01)),
        share=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)),
    ),
    min_size=1,
    max_size=25,
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Limit, list[Caller]]:
    limit = Limit.per_second(draw(st.sampled_from(RATES)))
    drawn = draw(callers)
    # A few callers die without reporting their end (one in six, when any).
    dead = draw(st.lists(st.booleans(), min_size=len(drawn), max_size=len(drawn)))
    mixed = [
        Caller(c.ready, c.latency, c.share, dies=d and i % 6 == 0)
        for i, (c, d) in enumerate(zip(drawn, dead, strict=True))
    ]
    return limit, mixed


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_vendor_never_sees_more_than_burst_in_a_window(scenario):
    limit, group = scenario
    run = simulate(limit, group)

    assert not any(math.isnan(s) for s in run.starts)  # everyone got to go
    assert most_in_a_window(run.arrivals, limit.window) <= limit.burst
    ordered = sorted(run.starts)
    assert all(b - a >= limit.interval - 1e-9 for a, b in itertools.pairwise(ordered))


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("together", [False, True], ids=["one-after-another", "all-at-once"])
def test_quick_requests_get_close_to_the_whole_rate(rate, together):
    # 40 requests of 1 ms: one after the other (each asked when the previous ended), or all asked at once.
    limit = Limit.per_second(rate)
    if together:
        run = simulate(limit, [Caller(0.0, 0.001, 0.5) for _ in range(40)])
    else:
        clock = FakeClock(start=0.0)
        backend = unihook.LocalCoordination(clock=clock)
        starts = []
        for i in range(40):
            while wait := backend.acquire(BUCKET, limit, f"p{i}"):
                clock.now += wait
            starts.append(clock.now)
            clock.now += 0.001
            backend.release(BUCKET, limit, f"p{i}")
        run = Run(starts, [], [])
    achieved = (len(run.starts) - 1) / (max(run.starts) - min(run.starts))
    assert 0.9 * rate <= achieved <= rate


def test_requests_in_flight_hold_their_place_until_a_window_after_they_end():
    # 2/s: burst 2, window 1 s, interval 0.51 s. Worked by hand.
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    limit = Limit.per_second(2)

    assert backend.acquire(BUCKET, limit, "a") == 0.0
    clock.now = 0.3
    assert backend.acquire(BUCKET, limit, "b") == pytest.approx(0.21)  # the spacing
    clock.now = 0.51
    assert backend.acquire(BUCKET, limit, "b") == 0.0
    clock.now = 1.2
    # Two in flight, none ended: no telling when a place frees; ask again in a window.
    assert backend.acquire(BUCKET, limit, "c") == pytest.approx(1.0)
    backend.release(BUCKET, limit, "a")  # a ended at 1.2: its place is free from 2.2
    clock.now = 1.5
    assert backend.acquire(BUCKET, limit, "c") == pytest.approx(0.7)
    backend.release(BUCKET, limit, "b")  # b ended at 1.5; a still counts
    clock.now = 2.2
    assert backend.acquire(BUCKET, limit, "c") == 0.0
    clock.now = 2.3
    # c in flight and b ended 0.8 s ago: b's place frees at 2.5, but the spacing from c's start runs to 2.71.
    assert backend.acquire(BUCKET, limit, "d") == pytest.approx(0.41)
    clock.now = 2.71
    assert backend.acquire(BUCKET, limit, "d") == 0.0


def test_buckets_and_backends_are_separate():
    clock = FakeClock(start=0.0)
    limit = Limit.per_second(1)
    backend, other = unihook.LocalCoordination(clock=clock), unihook.LocalCoordination(clock=clock)

    assert backend.acquire("one", limit, "a") == 0.0
    assert backend.acquire("two", limit, "b") == 0.0
    assert other.acquire("one", limit, "c") == 0.0
    assert backend.acquire("one", limit, "d") > 0


def test_a_permit_never_released_frees_its_place_after_the_lease():
    # 1/s: burst 1, window 1 s. The worker holding "a" died: its request counts as ended at 0 + LEASE.
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    limit = Limit.per_second(1)
    assert backend.acquire(BUCKET, limit, "a") == 0.0

    clock.now = LEASE - 1.0
    assert backend.acquire(BUCKET, limit, "b") > 0
    clock.now = LEASE + 0.5
    assert backend.acquire(BUCKET, limit, "b") == pytest.approx(0.5)  # ended at LEASE, counts a window more
    clock.now = LEASE + 1.0
    assert backend.acquire(BUCKET, limit, "b") == 0.0


def test_releasing_twice_or_a_stranger_counts_nothing():
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    limit = Limit.per_second(2)
    backend.release(BUCKET, limit, "never-acquired")
    backend.acquire(BUCKET, limit, "a")
    backend.release(BUCKET, limit, "a")
    backend.release(BUCKET, limit, "a")

    clock.now = 0.51
    assert backend.acquire(BUCKET, limit, "b") == 0.0  # "a" is one ended request, not two


# --- tokens -----------------------------------------------------------------------------------------------------


def test_one_claim_at_a_time_until_it_ends_or_expires():
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)

    assert backend.claim("k", "mine", 30.0) is True
    assert backend.claim("k", "yours", 30.0) is False
    assert backend.claim("other-key", "yours", 30.0) is True
    clock.now = 29.9
    assert backend.claim("k", "yours", 30.0) is False
    clock.now = 30.0
    assert backend.claim("k", "yours", 30.0) is True  # the first claimer took too long
    assert backend.claim("k", "mine", 30.0) is False


def test_unclaim_ends_only_ones_own_claim():
    backend = unihook.LocalCoordination(clock=FakeClock())
    assert backend.claim("k", "mine", 30.0)

    backend.unclaim("k", "yours")
    assert backend.claim("k", "yours", 30.0) is False
    backend.unclaim("k", "mine")
    assert backend.claim("k", "yours", 30.0) is True


def test_caching_a_token_ends_the_claim_it_was_fetched_under_only():
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    assert backend.claim("k", "late", 1.0)
    clock.now = 2.0
    assert backend.claim("k", "now", 30.0)  # "late" expired and "now" took over

    backend.put_token("k", "late", "tok-late", 100.0)  # the late fetch still caches its token...
    assert backend.token("k") == ("tok-late", pytest.approx(100.0))
    assert backend.claim("k", "third", 30.0) is False  # ...but "now" still holds the claim
    backend.put_token("k", "now", "tok-now", 100.0)
    assert backend.claim("k", "third", 30.0) is True


def test_a_cached_token_lasts_its_time_to_live():
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    assert backend.token("k") is None

    backend.put_token("k", "c", "tok", 30.0)
    clock.now = 10.0
    assert backend.token("k") == ("tok", pytest.approx(20.0))
    assert backend.token("other") is None
    clock.now = 30.0
    assert backend.token("k") is None


def test_a_token_without_expiry_is_kept_until_dropped():
    clock = FakeClock(start=0.0)
    backend = unihook.LocalCoordination(clock=clock)
    backend.put_token("k", "c", "tok", None)
    clock.now = 1e9
    assert backend.token("k") == ("tok", None)


def test_dropping_a_token_forgets_it_only_if_it_is_still_that_token():
    backend = unihook.LocalCoordination(clock=FakeClock())
    backend.put_token("k", "c", "tok-2", 100.0)

    backend.drop_token("k", "tok-1")  # refused by the vendor, but another caller already renewed it
    assert backend.token("k") == ("tok-2", pytest.approx(100.0))
    backend.drop_token("k", "tok-2")
    assert backend.token("k") is None


# --- locks ------------------------------------------------------------------------------------------------------


def test_a_lock_excludes_another_holder_until_released(tmp_path: Path):
    backend = unihook.LocalCoordination(lock_dir=tmp_path)
    other = unihook.LocalCoordination(lock_dir=tmp_path)  # another client, same machine

    with backend.lock("plan.yaml", wait=0):
        with pytest.raises(unihook.CoordinationError, match=r"plan\.yaml") as info, other.lock("plan.yaml", wait=0.05):
            pass
        with other.lock("another plan", wait=0):
            pass
    assert isinstance(info.value, unihook.TransportError)
    with other.lock("plan.yaml", wait=0):
        pass
    assert all("plan" not in p.name for p in tmp_path.iterdir())  # files named by a hash


def test_a_lock_excludes_another_thread(tmp_path: Path):
    backend = unihook.LocalCoordination(lock_dir=tmp_path)
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with backend.lock("x", wait=1):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(5)
        with pytest.raises(unihook.CoordinationError), backend.lock("x", wait=0):
            pass
    finally:
        release.set()
        thread.join()


# --- choosing the backend ---------------------------------------------------------------------------------------


def test_no_coordination_is_the_process_wide_local_one_unless_a_redis_url_is_set():
    first, second = resolve(None, {}), resolve(None, {"UNIHOOK_REDIS_URL": "  "})
    assert isinstance(first, unihook.LocalCoordination)
    assert first is second

    url = "redis://127.0.0.1:1/0"  # never connected to: building the backend sends nothing
    from_env = resolve(None, {"UNIHOOK_REDIS_URL": url})
    assert isinstance(from_env, RedisCoordination)
    assert resolve(url, {}) is from_env  # one per URL and process
    given = unihook.LocalCoordination()
    assert resolve(given, {"UNIHOOK_REDIS_URL": url}) is given


@pytest.mark.parametrize("bad", ["http://127.0.0.1:6379", "localhost:6379", ""])
def test_a_redis_url_that_is_not_one_is_refused(bad, monkeypatch):
    monkeypatch.setenv("UNIHOOK_REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(unihook.InvalidRequest):
        unihook.RedisCoordination(bad)
    if bad:
        with pytest.raises(unihook.InvalidRequest):
            unihook.Client(coordination=bad)


def test_coordination_must_be_a_backend_or_a_url():
    with pytest.raises(unihook.InvalidRequest, match="coordination"):
        unihook.Client(coordination=object())  # type: ignore[arg-type]
    with pytest.raises(unihook.InvalidRequest, match="coordination"):
        unihook.AsyncClient(coordination=42)  # type: ignore[arg-type]


def test_the_redis_password_is_not_shown():
    backend = unihook.RedisCoordination("redis://:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in repr(backend)
    assert "127.0.0.1:1" in repr(backend)
    named = unihook.RedisCoordination("redis://user:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in repr(named)


# --- threads and an event loop sharing one budget ---------------------------------------------------------------

SCALE = 100.0  # virtual seconds per real second


def test_threads_and_an_event_loop_on_one_token_stay_under_the_vendor_limit(monkeypatch):
    """20 threads creating through one Client and 20 concurrent creates on one AsyncClient, one Flxpoint token,
    one LocalCoordination. Time runs SCALE times faster than real time (the backend's clock and every sleep),
    so the 40 requests take about half a second. The vendor stand-in counts arrivals on that clock in a sliding
    second and answers 429 beyond 2, as Flxpoint does. However threads are scheduled, an arrival happens between
    its request's start and end on the backend's clock, so the rule's promise holds exactly."""
    epoch = time.monotonic()

    def virtual() -> float:
        return (time.monotonic() - epoch) * SCALE

    def sleep(seconds: float) -> None:
        time.sleep(seconds / SCALE)

    async def async_sleep(seconds: float) -> None:
        await asyncio.sleep(seconds / SCALE)

    monkeypatch.setattr(_engine, "_sleep", sleep)
    monkeypatch.setattr(_engine, "_async_sleep", async_sleep)

    mutex = threading.Lock()
    window: deque[float] = deque()
    arrivals: list[float] = []
    refused: list[float] = []

    def arrive() -> bool:
        with mutex:
            now = virtual()
            while window and now - window[0] >= 1.0:
                window.popleft()
            if len(window) >= 2:
                refused.append(now)
                return False
            window.append(now)
            arrivals.append(now)
            return True

    # Each request travels 0-0.4 s (virtual) to the vendor and its answer 0-0.4 s back.
    def vendor(request: httpx.Request) -> httpx.Response:
        time.sleep(random.uniform(0, 0.4) / SCALE)
        admitted = arrive()
        time.sleep(random.uniform(0, 0.4) / SCALE)
        return ok("flxpoint", request) if admitted else httpx.Response(429)

    async def async_vendor(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(random.uniform(0, 0.4) / SCALE)
        admitted = arrive()
        await asyncio.sleep(random.uniform(0, 0.4) / SCALE)
        return ok("flxpoint", request) if admitted else httpx.Response(429)

    shared = unihook.LocalCoordination(clock=virtual)
    token = unique("flx")
    options = {"flxpoint_api_token": token, "coordination": shared, "max_retries": 0}
    hub = unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(vendor)), **options)
    async_hub = unihook.AsyncClient(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(async_vendor)), **options
    )
    errors: list[BaseException] = []

    def create(i: int) -> None:
        try:
            hub.create("flxpoint", url=f"https://example.com/t{i}", events=["OrderImportedEvent"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    async def creates() -> list[unihook.Subscription]:
        async with async_hub:
            return await asyncio.gather(
                *(
                    async_hub.create("flxpoint", url=f"https://example.com/a{i}", events=["OrderImportedEvent"])
                    for i in range(20)
                )
            )

    threads = [threading.Thread(target=create, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    try:
        done = asyncio.run(creates())
    finally:
        for thread in threads:
            thread.join(30)
        hub.close()

    assert errors == []
    assert len(done) == 20
    assert refused == []
    assert len(arrivals) == 40
    assert most_in_a_window(arrivals, 1.0) <= 2


# --- single flight of a token fetch, step by step ---------------------------------------------------------------


def carry_out(op, backend: unihook.LocalCoordination, vendor, first: object = None) -> object:
    """Run an engine operation to its end as a client's driver does: Calls on the backend, requests to `vendor`,
    sleeps skipped. `first`: the answer to the action it is waiting on, if it has yielded one already."""
    action = next(op) if first is None else op.send(first)
    while True:
        if isinstance(action, Call):
            result = backend.call(action)
        elif isinstance(action, httpx.Request):
            result = vendor(action)
        else:
            result = None
        try:
            action = op.send(result)
        except StopIteration as done:
            return done.value


def test_a_caller_that_found_no_token_uses_the_one_fetched_meanwhile():
    """The gap between looking in the cache and claiming the fetch: B finds no token; A claims, fetches and
    caches one (ending its claim); then B claims. B must take A's token, not fetch a second one. The engine is
    I/O-free, so its steps are taken by hand here and the interleaving is exact."""
    grants: list[httpx.Request] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        grants.append(request)
        return httpx.Response(200, json={"access_token": f"tok-{len(grants)}", "expires_in": 7200})

    backend = unihook.LocalCoordination()
    options = {
        "commercelayer_client_id": unique("id"),
        "commercelayer_client_secret": "secret",
        "base_urls": {"commercelayer": "http://cl.test"},
        "coordination": backend,
    }
    first, second = unihook.Client(**options), unihook.Client(**options)
    account_a, account_b = first._engine.account("commercelayer"), second._engine.account("commercelayer")
    a = first._engine._obtain_token(account_a, account_a.tokens)
    b = second._engine._obtain_token(account_b, account_b.tokens)

    look = next(b)
    assert look.method == "token"
    claim = b.send(backend.call(look))  # nothing cached: B goes on to claim the fetch...
    assert claim.method == "claim"
    token_a = carry_out(a, backend, vendor)  # ...while A claims, fetches and caches tok-1
    token_b = carry_out(b, backend, vendor, first=backend.call(claim))

    assert (token_a, token_b) == ("tok-1", "tok-1")
    assert len(grants) == 1

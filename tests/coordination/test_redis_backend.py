"""`RedisCoordination` against a real redis-server: the pacing script transcribes the in-process rule, tokens
are claimed and cached with compare-and-delete semantics, locks exclude, time out and are renewed while held.
Every token and pacing check runs through both entry points the clients use: `call` (Client) and `acall`
(AsyncClient, redis.asyncio)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import pytest
import redis as redis_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unihook
from unihook import _coordination
from unihook._coordination import Call, Limit

Do = Callable[..., Awaitable[Any]]
MODES = ["call", "acall"]


def drive(backend: unihook.RedisCoordination, mode: str, scenario: Callable[[Do], Awaitable[Any]]) -> Any:
    """Run `scenario(do)`, where `do(method, *args)` carries out a Call as the sync or the async client does."""

    async def main() -> Any:
        async def do(method: str, *args: Any) -> Any:
            call = Call(method, args)
            return backend.call(call) if mode == "call" else await backend.acall(call)

        return await scenario(do)

    return asyncio.run(main())


def run_bounded(coroutine: Coroutine[Any, Any, Any], seconds: float = 10.0) -> Any:
    """asyncio.run, but a coroutine still running after `seconds` fails the test instead of hanging the session
    (leaving an `alock` has been seen to hang: see test_an_async_held_lock_is_renewed_past_its_time_to_live)."""

    async def bounded() -> Any:
        task = asyncio.ensure_future(coroutine)
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if not done:
            stuck = [repr(t) for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            task.cancel()
            pytest.fail(f"still running after {seconds:g} s: {stuck}")
        return task.result()

    return asyncio.run(bounded())


# --- pacing -------------------------------------------------------------------------------------------------------

# Requests as the engine makes them: a permit is acquired until it starts, later released; "acquire" retries the
# waiting request (or begins a new one), "release" ends one of those running (picked by index).
operations = st.lists(
    st.one_of(st.just(("acquire", 0)), st.tuples(st.just("release"), st.integers(0, 10))), min_size=1, max_size=25
)
limits = st.builds(
    Limit, burst=st.integers(1, 4), window=st.sampled_from([60.0, 100.0]), interval=st.sampled_from([0.0, 10.0, 30.0])
)


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(limit=limits, steps=operations)
def test_the_redis_script_decides_as_the_in_process_rule(redis_url, mode, limit, steps):
    """The same requests against Redis and against LocalCoordination get the same answers. Windows and spacings
    are tens of seconds and a run takes milliseconds, so each answer is "start" on both or "wait" on both, and
    the waits differ by the time between the two calls only."""
    backend = unihook.RedisCoordination(redis_url)
    local = unihook.LocalCoordination()
    bucket = uuid.uuid4().hex

    async def scenario(do: Do) -> None:
        running: list[str] = []
        pending: str | None = None
        made = 0
        for kind, index in steps:
            if kind == "release" and running:
                permit = running.pop(index % len(running))
                await do("release", bucket, limit, permit)
                local.release(bucket, limit, permit)
                continue
            if pending is None:
                made += 1
                pending = f"p{made}"
            remote = await do("acquire", bucket, limit, pending)
            here = local.acquire(bucket, limit, pending)
            assert (remote == 0) == (here == 0), (remote, here)
            assert remote == pytest.approx(here, abs=1.0)
            if remote == 0:
                running.append(pending)
                pending = None

    drive(backend, mode, scenario)


@pytest.mark.parametrize("mode", MODES)
def test_a_place_frees_a_window_after_its_request_ended(redis_url, mode):
    backend = unihook.RedisCoordination(redis_url)
    limit = Limit(burst=2, window=0.15, interval=0.0)

    async def scenario(do: Do) -> None:
        assert await do("acquire", "b", limit, "a") == 0.0
        assert await do("acquire", "b", limit, "b") == 0.0
        assert 0 < await do("acquire", "b", limit, "c") <= 0.15  # two running
        await do("release", "b", limit, "a")
        assert 0 < await do("acquire", "b", limit, "c") <= 0.15  # a ended just now: it counts a window more
        await do("release", "b", limit, "b")
        while wait := await do("acquire", "b", limit, "c"):
            assert wait <= 0.15
            await asyncio.sleep(wait)

    drive(backend, mode, scenario)


def test_a_permit_never_released_frees_its_place_after_the_lease(redis_url, monkeypatch):
    monkeypatch.setattr(_coordination, "LEASE", 0.2)
    backend = unihook.RedisCoordination(redis_url)
    limit = Limit(burst=1, window=0.1, interval=0.0)

    assert backend.acquire("b", limit, "dead") == 0.0  # its worker dies: never released
    assert backend.acquire("b", limit, "next") > 0
    time.sleep(0.35)  # past the lease (0.2) and a window (0.1) after it

    assert backend.acquire("b", limit, "next") == 0.0


def test_pacing_keys_expire_by_themselves(redis_url, raw):
    backend = unihook.RedisCoordination(redis_url)
    limit = Limit(burst=2, window=1.0, interval=0.0)
    assert backend.acquire("b", limit, "a") == 0.0
    backend.release("b", limit, "a")
    assert backend.acquire("b", limit, "never-released") == 0.0

    keys = list(raw.scan_iter("*"))
    assert len(keys) == 3
    assert all(key.startswith(b"unihook:pace:") for key in keys)
    assert all(raw.pttl(key) > 0 for key in keys)


def test_a_prefix_keeps_backends_apart(redis_url):
    limit = Limit.per_second(1)
    one = unihook.RedisCoordination(redis_url, prefix="app-one")
    two = unihook.RedisCoordination(redis_url, prefix="app-two")
    same = unihook.RedisCoordination(redis_url, prefix="app-one")

    assert one.acquire("b", limit, "a") == 0.0
    assert two.acquire("b", limit, "b") == 0.0
    assert same.acquire("b", limit, "c") > 0


# --- tokens -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_one_claim_at_a_time_and_only_the_claimer_ends_it(redis_url, mode):
    backend = unihook.RedisCoordination(redis_url)

    async def scenario(do: Do) -> None:
        assert await do("claim", "k", "mine", 30.0) is True
        assert await do("claim", "k", "yours", 30.0) is False
        assert await do("claim", "other", "yours", 30.0) is True
        await do("unclaim", "k", "yours")
        assert await do("claim", "k", "yours", 30.0) is False
        await do("unclaim", "k", "mine")
        assert await do("claim", "k", "yours", 30.0) is True

        assert await do("claim", "short", "mine", 0.1) is True
        await asyncio.sleep(0.15)
        assert await do("claim", "short", "yours", 30.0) is True  # the first claimer took too long

    drive(backend, mode, scenario)


@pytest.mark.parametrize("mode", MODES)
def test_a_cached_token_ends_its_own_claim_and_lasts_its_time_to_live(redis_url, mode):
    backend = unihook.RedisCoordination(redis_url)

    async def scenario(do: Do) -> None:
        assert await do("token", "k") is None
        assert await do("claim", "k", "late", 0.05)
        await asyncio.sleep(0.1)
        assert await do("claim", "k", "now", 30.0)  # "late" expired, "now" took over
        await do("put_token", "k", "late", "tok-late", 30.0)  # the late fetch still caches its token...
        value, left = await do("token", "k")
        assert value == "tok-late"
        assert 29.0 < left <= 30.0
        assert await do("claim", "k", "third", 30.0) is False  # ...but "now" keeps its claim
        await do("put_token", "k", "now", "tok-now", 0.1)
        assert await do("claim", "k", "third", 30.0) is True
        assert (await do("token", "k"))[0] == "tok-now"
        await asyncio.sleep(0.15)
        assert await do("token", "k") is None

        await do("put_token", "forever", "c", "tok", None)
        assert await do("token", "forever") == ("tok", None)

    drive(backend, mode, scenario)


@pytest.mark.parametrize("mode", MODES)
def test_dropping_a_token_forgets_it_only_if_it_is_still_that_token(redis_url, mode):
    backend = unihook.RedisCoordination(redis_url)

    async def scenario(do: Do) -> None:
        await do("put_token", "k", "c", "tok-2", 100.0)
        await do("drop_token", "k", "tok-1")  # refused by the vendor, but another caller already renewed it
        assert (await do("token", "k"))[0] == "tok-2"
        await do("drop_token", "k", "tok-2")
        assert await do("token", "k") is None

    drive(backend, mode, scenario)


def test_sync_and_async_see_one_cache(redis_url):
    backend = unihook.RedisCoordination(redis_url)
    backend.put_token("k", "c", "tok", 100.0)

    async def read() -> Any:
        return await backend.acall(Call("token", ("k",)))

    assert asyncio.run(read())[0] == "tok"


# --- locks --------------------------------------------------------------------------------------------------------


def test_a_lock_excludes_another_holder_and_times_out(redis_url):
    holder = unihook.RedisCoordination(redis_url)
    other = unihook.RedisCoordination(redis_url)  # another process, as far as Redis can tell

    with holder.lock("plan.yaml", wait=0):
        with pytest.raises(unihook.CoordinationError, match=r"plan\.yaml") as info, other.lock("plan.yaml", wait=0.2):
            pass
        with other.lock("another plan", wait=0):
            pass
    assert isinstance(info.value, unihook.TransportError)
    assert info.value.backend == redis_url
    with other.lock("plan.yaml", wait=0):
        pass


def test_an_async_lock_excludes_another_holder_and_times_out(redis_url):
    holder = unihook.RedisCoordination(redis_url)
    other = unihook.RedisCoordination(redis_url)

    async def main() -> None:
        async with holder.alock("plan.yaml", wait=0):
            with pytest.raises(unihook.CoordinationError, match=r"plan\.yaml"):
                async with other.alock("plan.yaml", wait=0.2):
                    pass
            # the blocking side sees the same lock
            with pytest.raises(unihook.CoordinationError, match=r"plan\.yaml"), other.lock("plan.yaml", wait=0):
                pass
        async with other.alock("plan.yaml", wait=0):
            pass

    run_bounded(main())


def test_a_held_lock_is_renewed_past_its_time_to_live(redis_url, raw, monkeypatch):
    monkeypatch.setattr(_coordination, "LOCK_TTL", 0.6)
    holder = unihook.RedisCoordination(redis_url)
    other = unihook.RedisCoordination(redis_url)

    with holder.lock("plan.yaml", wait=0):
        (key,) = raw.scan_iter("unihook:lock:*")
        assert 0 < raw.pttl(key) <= 600
        # Without renewal the lock would expire at 0.6 s and this would get it.
        with pytest.raises(unihook.CoordinationError), other.lock("plan.yaml", wait=1.0):
            pass
    with other.lock("plan.yaml", wait=0):
        pass


def test_an_async_held_lock_is_renewed_past_its_time_to_live(redis_url, monkeypatch):
    # Leaving the lock cancels its renewing task. When that cancel lands during a renewal, redis-py can absorb
    # it and the task goes on renewing: `async with` never ends (seen here ~1 run in 30). run_bounded fails then.
    monkeypatch.setattr(_coordination, "LOCK_TTL", 0.6)
    holder = unihook.RedisCoordination(redis_url)
    other = unihook.RedisCoordination(redis_url)

    async def main() -> None:
        async with holder.alock("plan.yaml", wait=0):
            with pytest.raises(unihook.CoordinationError):
                async with other.alock("plan.yaml", wait=1.0):
                    pass
        async with other.alock("plan.yaml", wait=0):
            pass

    run_bounded(main())


def test_a_lock_lost_while_held_is_reported(redis_url, raw, monkeypatch):
    monkeypatch.setattr(_coordination, "LOCK_TTL", 0.3)
    holder = unihook.RedisCoordination(redis_url)

    def hold() -> None:
        with holder.lock("plan.yaml", wait=0):
            (key,) = raw.scan_iter("unihook:lock:*")
            raw.delete(key)  # expired, or taken away by an operator
            time.sleep(0.4)  # a renewal is due every 0.1 s

    with pytest.raises(unihook.CoordinationError, match="could not be renewed"):
        hold()


def test_an_async_lock_lost_while_held_is_reported(redis_url, raw, monkeypatch):
    monkeypatch.setattr(_coordination, "LOCK_TTL", 0.3)
    holder = unihook.RedisCoordination(redis_url)

    async def main() -> None:
        async with holder.alock("plan.yaml", wait=0):
            (key,) = raw.scan_iter("unihook:lock:*")
            raw.delete(key)
            await asyncio.sleep(0.4)

    with pytest.raises(unihook.CoordinationError, match="could not be renewed"):
        run_bounded(main())


def test_lock_names_are_not_stored(redis_url, raw):
    holder = unihook.RedisCoordination(redis_url)
    with holder.lock("/home/me/secret-plan.yaml", wait=0):
        keys = [key.decode() for key in raw.scan_iter("*")]
    assert len(keys) == 1
    assert "secret-plan" not in keys[0]


def test_a_lock_held_in_another_thread_excludes(redis_url):
    backend = unihook.RedisCoordination(redis_url)
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


def test_a_given_redis_client_is_used(redis_url, raw):
    backend = unihook.RedisCoordination(client=redis_module.Redis.from_url(redis_url), prefix="given")
    backend.put_token("k", "c", "tok", 100.0)

    async def read() -> Any:
        return await backend.acall(Call("token", ("k",)))

    assert asyncio.run(read())[0] == "tok"
    assert [key.decode() for key in raw.scan_iter("given:*")] == ["given:token:k"]

"""Coordination: what clients share so that a vendor's limits hold and no work is done twice.

Three things behind one small interface, `Coordination`:

- **Pacing**, per vendor credential (a bucket named by a hash of it). A vendor allowing `burst` requests in any
  `window` seconds never sees more when a request starts only while fewer than `burst` requests are in flight or
  completed within the last `window` seconds (and not sooner than `interval` after the previous start, to spread
  them). Why it is exact however long requests travel: take any `window` at the vendor and the last-started
  request in it; every other request in it was started before, and had either not completed or completed after
  that window opened, so the last one counted it. The clock is the backend's own (the Redis server's for Redis).
- **Tokens**: an OAuth2 access token per credential, cached for its lifetime. One caller fetches at a time
  (single flight): it holds a claim with a time-to-live, the others wait for the cached token.
- **Locks**: a named mutual exclusion, held by `apply` for the whole of its plan-and-execute.

`LocalCoordination` (the default) shares pacing and tokens between every client of one process, threads and
event loops alike; its locks are lock files, so they also hold between processes on one machine.
`RedisCoordination` (the `unihook[redis]` extra; `UNIHOOK_REDIS_URL` or `Client(coordination=...)`) shares all
three between processes and machines: pacing and tokens are short Lua scripts run atomically on the server's
clock, locks are redis-py's `Lock`, renewed while held. Keys are hashes: no credential reaches the backend (an
access token does: sharing it is the point, so protect that Redis as you protect the tokens). When the backend
cannot be reached a `CoordinationError` is raised before anything is sent: never a burst over a vendor's limit.

The engine stays I/O-free: it yields a `Call` and the client's driver carries it out with `call` (blocking) or
`acall` (awaited).
"""

from __future__ import annotations

import abc
import bisect
import contextlib
import hashlib
import math
import os
import secrets
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from ._exceptions import CoordinationError, InvalidRequest

if TYPE_CHECKING:
    import asyncio

    import redis
    import redis.asyncio

__all__ = ["Coordination", "LocalCoordination", "RedisCoordination"]

SAFETY_MARGIN = 1.02  # starts are spaced 2 % wider than the limit: clock jitter
LEASE = 60.0  # a request whose end was never reported (its worker died) counts as ended this long after its start
LOCK_TTL = 30.0  # a Redis lock lives this long unless renewed; its holder renews it every third of that


class Limit(NamedTuple):
    """A vendor's rate as pacing applies it: `burst` requests per `window` seconds, starts `interval` apart."""

    burst: int
    window: float
    interval: float

    @classmethod
    def per_second(cls, rate: float) -> Limit:
        if not rate > 0:
            raise InvalidRequest("a rate limit must be a positive requests-per-second figure")
        burst = max(1, math.floor(rate))
        return cls(burst, burst / rate, SAFETY_MARGIN / rate)


class Call(NamedTuple):
    """One thing the engine asks of the coordination backend (the driver runs it and sends back the result)."""

    method: str
    args: tuple[Any, ...]


def digest(*parts: str) -> str:
    """A key for the backend that names a credential without holding it."""
    return hashlib.sha256("\0".join(("unihook", *parts)).encode()).hexdigest()[:32]


class Coordination(abc.ABC):
    """Pacing, tokens and locks shared by the clients that use one instance. Methods never block on a wait: they
    say how long to wait, and the caller sleeps its own way (thread or event loop)."""

    # --- pacing ---------------------------------------------------------------------------------------------

    @abc.abstractmethod
    def acquire(self, bucket: str, limit: Limit, permit: str) -> float:
        """Start a request under `permit` and return 0.0, or return how long to wait before asking again."""

    @abc.abstractmethod
    def release(self, bucket: str, limit: Limit, permit: str) -> None:
        """The request under `permit` ended (answered or failed)."""

    # --- tokens ---------------------------------------------------------------------------------------------

    @abc.abstractmethod
    def token(self, key: str) -> tuple[str, float | None] | None:
        """The cached token and its seconds left (None: no expiry), or None."""

    @abc.abstractmethod
    def claim(self, key: str, claim: str, ttl: float) -> bool:
        """Become the one caller fetching the token for `key` for up to `ttl` seconds; False if another is."""

    @abc.abstractmethod
    def put_token(self, key: str, claim: str, value: str, ttl: float | None) -> None:
        """Cache the token for `ttl` seconds (None: until dropped) and end the claim."""

    @abc.abstractmethod
    def unclaim(self, key: str, claim: str) -> None:
        """End the claim without a token (the fetch failed)."""

    @abc.abstractmethod
    def drop_token(self, key: str, value: str) -> None:
        """Forget the cached token if it is still `value` (the vendor refused it)."""

    # --- locks ----------------------------------------------------------------------------------------------

    @abc.abstractmethod
    def lock(self, name: str, *, wait: float) -> contextlib.AbstractContextManager[None]:
        """Hold the lock `name` (waiting up to `wait` seconds for it, else CoordinationError)."""

    def alock(self, name: str, *, wait: float) -> contextlib.AbstractAsyncContextManager[None]:
        """`lock` for async code; the default waits in a worker thread."""
        return _ThreadedLock(self.lock(name, wait=wait))

    # --- the drivers' entry points --------------------------------------------------------------------------

    def call(self, call: Call) -> Any:
        method: Callable[..., Any] = getattr(self, call.method)
        return method(*call.args)

    async def acall(self, call: Call) -> Any:
        # The in-process backend never blocks; a networked one overrides this.
        return self.call(call)


class _ThreadedLock(contextlib.AbstractAsyncContextManager[None]):
    def __init__(self, held: contextlib.AbstractContextManager[None]) -> None:
        self._held = held

    async def __aenter__(self) -> None:
        import asyncio

        await asyncio.to_thread(self._held.__enter__)

    async def __aexit__(self, *exc: object) -> None:
        import asyncio

        await asyncio.to_thread(self._held.__exit__, None, None, None)


# --- in one process -----------------------------------------------------------------------------------------


@dataclass
class _Bucket:
    running: dict[str, float] = field(default_factory=dict)  # permit -> start
    ended: list[float] = field(default_factory=list)  # end times within the window, sorted
    last_start: float = float("-inf")


def next_start(now: float, limit: Limit, running: list[float], ended: list[float], last_start: float | None) -> float:
    """How long from `now` until a request may start (0.0: now). `running`: starts of requests in flight;
    `ended`: sorted end times still within the window. The rule of the module docstring, shared by both backends
    (the Lua script is its transcription)."""
    wait = 0.0 if last_start is None else last_start + limit.interval - now
    used = len(running) + len(ended)
    if used >= limit.burst:
        excess = used - limit.burst + 1  # how many must leave the window first
        # An ended one leaves `window` after its end; one still running ends no sooner than now.
        wait = max(wait, ended[excess - 1] + limit.window - now if excess <= len(ended) else limit.window)
    return max(wait, 0.0)


class LocalCoordination(Coordination):
    """Everything in this process (threads and event loops share it); locks are files in `lock_dir` (default: a
    private directory under the system's temporary one), so they hold between processes on one machine."""

    def __init__(
        self, *, lock_dir: str | os.PathLike[str] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self._mutex = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._tokens: dict[str, tuple[str, float]] = {}  # key -> (token, deadline)
        self._claims: dict[str, tuple[str, float]] = {}  # key -> (claim, deadline)
        self._lock_dir = None if lock_dir is None else os.fspath(lock_dir)

    def __repr__(self) -> str:
        return "LocalCoordination()"

    def acquire(self, bucket: str, limit: Limit, permit: str) -> float:
        with self._mutex:
            now = self._clock()
            state = self._buckets.setdefault(bucket, _Bucket())
            for held, start in list(state.running.items()):
                if now - start > LEASE:
                    del state.running[held]
                    bisect.insort(state.ended, start + LEASE)
            cut = bisect.bisect_right(state.ended, now - limit.window)
            del state.ended[:cut]
            wait = next_start(now, limit, list(state.running.values()), state.ended, state.last_start)
            if wait > 0:
                return wait
            state.running[permit] = now
            state.last_start = now
            return 0.0

    def release(self, bucket: str, limit: Limit, permit: str) -> None:
        with self._mutex:
            state = self._buckets.get(bucket)
            if state is not None and state.running.pop(permit, None) is not None:
                bisect.insort(state.ended, self._clock())

    def token(self, key: str) -> tuple[str, float | None] | None:
        with self._mutex:
            found = self._tokens.get(key)
            if found is None:
                return None
            left = found[1] - self._clock()
            if left <= 0:
                del self._tokens[key]
                return None
            return found[0], None if math.isinf(left) else left

    def claim(self, key: str, claim: str, ttl: float) -> bool:
        with self._mutex:
            now = self._clock()
            held = self._claims.get(key)
            if held is not None and held[1] > now:
                return False
            self._claims[key] = (claim, now + ttl)
            return True

    def put_token(self, key: str, claim: str, value: str, ttl: float | None) -> None:
        with self._mutex:
            self._tokens[key] = (value, float("inf") if ttl is None else self._clock() + ttl)
            if self._claims.get(key, ("",))[0] == claim:
                del self._claims[key]

    def unclaim(self, key: str, claim: str) -> None:
        with self._mutex:
            if self._claims.get(key, ("",))[0] == claim:
                del self._claims[key]

    def drop_token(self, key: str, value: str) -> None:
        with self._mutex:
            if self._tokens.get(key, ("",))[0] == value:
                del self._tokens[key]

    def lock(self, name: str, *, wait: float) -> contextlib.AbstractContextManager[None]:
        return self._file_lock(name, wait)

    @contextlib.contextmanager
    def _file_lock(self, name: str, wait: float) -> Iterator[None]:
        try:
            import filelock
        except ImportError as exc:  # pragma: no cover - the cli extra brings it
            raise CoordinationError(
                "locks need the filelock package: pip install 'unihook[cli]'", backend=repr(self)
            ) from exc
        import tempfile

        directory = self._lock_dir or os.path.join(tempfile.gettempdir(), f"unihook-{_user()}")
        os.makedirs(directory, mode=0o700, exist_ok=True)
        path = os.path.join(directory, f"{digest(name)}.lock")
        # A new object per hold, not shared between threads: flock then excludes threads as well as processes.
        held = filelock.FileLock(path, timeout=wait, thread_local=False, is_singleton=False)
        try:
            held.acquire()
        except filelock.Timeout as exc:
            raise CoordinationError(
                f"another process holds the lock {name!r} (waited {wait:g} s); try again when it has finished",
                backend=repr(self),
            ) from exc
        try:
            yield
        finally:
            held.release()


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"


# --- Redis --------------------------------------------------------------------------------------------------

# KEYS: running (zset permit -> start), ended (zset permit -> end), last start. ARGV: burst, window, interval,
# lease, permit. Returns the seconds to wait as a string ("0" = started).
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local burst, window, interval, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local stale = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - lease, 'WITHSCORES')
for i = 1, #stale, 2 do
  redis.call('ZREM', KEYS[1], stale[i])
  redis.call('ZADD', KEYS[2], tonumber(stale[i + 1]) + lease, stale[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local wait = 0
local last = tonumber(redis.call('GET', KEYS[3]))
if last then wait = last + interval - now end
local running, ended = redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])
if running + ended >= burst then
  local excess = running + ended - burst + 1
  if excess <= ended then
    local nth = redis.call('ZRANGE', KEYS[2], excess - 1, excess - 1, 'WITHSCORES')
    wait = math.max(wait, tonumber(nth[2]) + window - now)
  else
    wait = math.max(wait, window)
  end
end
if wait > 0 then return string.format('%.6f', wait) end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('SET', KEYS[3], string.format('%.6f', now))
local ttl = math.ceil((window + lease + interval) * 1000)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return '0'
"""

_RELEASE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], math.ceil(tonumber(ARGV[2]) * 1000))
end
return 1
"""

# KEYS: claim. ARGV: claim, ttl in ms. 1 when this caller now holds the claim, else 0.
_CLAIM = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""

# KEYS: token. Returns {token, milliseconds left (-1: no expiry)} or nil.
_READ_CACHED = """
local value = redis.call('GET', KEYS[1])
if not value then return nil end
return {value, redis.call('PTTL', KEYS[1])}
"""

# KEYS: token, claim. ARGV: claim, token, ttl in ms (0: none).
_CACHE = """
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
"""

# KEYS: key. ARGV: expected value. Deletes the key only while it still holds that value.
_DELETE_IF = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def _shown(url: str) -> str:
    """The Redis URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    path = parts.path if parts.path not in ("", "/") else ""
    return f"{parts.scheme}://{host}{port}{path}"


class RedisCoordination(Coordination):
    """Pacing, tokens and locks shared through one Redis (any process, any machine that reaches it). `url` is a
    redis:// or rediss:// URL (or give `client`, a `redis.Redis`); `prefix` starts every key; `timeout` bounds
    each Redis command. Needs the `unihook[redis]` extra."""

    def __init__(
        self,
        url: str | None = None,
        *,
        client: redis.Redis | None = None,
        prefix: str = "unihook",
        timeout: float = 5.0,
    ) -> None:
        try:
            import redis as redis_module
        except ImportError as exc:
            raise InvalidRequest("the Redis backend needs the redis extra: pip install 'unihook[redis]'") from exc
        if client is None:
            if not url or urlsplit(url).scheme not in ("redis", "rediss", "unix"):
                raise InvalidRequest("UNIHOOK_REDIS_URL must be a redis://, rediss:// or unix:// URL")
            client = redis_module.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self._url = url
        self._where = _shown(url) if url else repr(client)
        self._redis = client
        self._timeout = timeout
        self._prefix = prefix
        self._errors: tuple[type[BaseException], ...] = (redis_module.RedisError, OSError)
        self._scripts = {name: client.register_script(source) for name, source in _SCRIPTS.items()}
        # redis.asyncio clients belong to the event loop they first ran on: one per loop.
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[Any, dict[str, Any]]] = (
            weakref.WeakKeyDictionary()
        )
        self._async_mutex = threading.Lock()

    def __repr__(self) -> str:
        return f"RedisCoordination({self._where!r})"

    def close(self) -> None:
        """Close the blocking connection pool (a later call reconnects)."""
        self._redis.close()

    async def aclose(self) -> None:
        """Close this event loop's connections (clients sharing this backend keep working: a later call
        reconnects). Call it before the loop ends, as you close an httpx.AsyncClient."""
        import asyncio

        with self._async_mutex:
            side = self._async.pop(asyncio.get_running_loop(), None)
        if side is not None:
            await side[0].aclose()

    def _key(self, *parts: str) -> str:
        return ":".join((self._prefix, *parts))

    def _bucket_keys(self, bucket: str) -> list[str]:
        return [self._key("pace", bucket, name) for name in ("running", "ended", "last")]

    def _unreachable(self, exc: BaseException) -> CoordinationError:
        return CoordinationError(
            f"the coordination backend {self._where} failed: {type(exc).__name__}: {exc}; nothing was sent "
            "(pacing cannot be shared without it)",
            backend=self._where,
        )

    def _command(self, method: str, args: tuple[Any, ...]) -> tuple[str, list[str], list[Any], Callable[[Any], Any]]:
        """One coordination call as the script that carries it out, the same for both sides: (script, keys,
        arguments, reading of the answer)."""
        if method == "acquire":
            bucket, limit, permit = args
            return "acquire", self._bucket_keys(bucket), [*limit, LEASE, permit], float
        if method == "release":
            bucket, limit, permit = args
            ttl = limit.window + LEASE + limit.interval
            return "release", self._bucket_keys(bucket)[:2], [permit, ttl], _nothing
        if method == "token":
            return "token", [self._key("token", args[0])], [], _token_result
        if method == "claim":
            key, claim, ttl = args
            return "claim", [self._key("claim", key)], [claim, _ms(ttl)], bool
        if method == "put_token":
            key, claim, value, ttl = args
            return "put_token", [self._key("token", key), self._key("claim", key)], [claim, value, _ms(ttl)], _nothing
        if method in ("unclaim", "drop_token"):
            key, value = args
            kind = "claim" if method == "unclaim" else "token"
            return "delete_if", [self._key(kind, key)], [value], _nothing
        raise InvalidRequest(f"unknown coordination call {method!r}")  # pragma: no cover - the engine's own names

    def call(self, call: Call) -> Any:
        script, keys, arguments, read = self._command(*call)
        try:
            return read(self._scripts[script](keys=keys, args=arguments))
        except self._errors as exc:
            raise self._unreachable(exc) from exc

    async def acall(self, call: Call) -> Any:
        script, keys, arguments, read = self._command(*call)
        _client, scripts = self._async_side()
        try:
            return read(await scripts[script](keys=keys, args=arguments))
        except self._errors as exc:
            raise self._unreachable(exc) from exc

    # The interface's methods, one call each (the drivers use `call` and `acall` directly).

    def acquire(self, bucket: str, limit: Limit, permit: str) -> float:
        return float(self.call(Call("acquire", (bucket, limit, permit))))

    def release(self, bucket: str, limit: Limit, permit: str) -> None:
        self.call(Call("release", (bucket, limit, permit)))

    def token(self, key: str) -> tuple[str, float | None] | None:
        found: tuple[str, float | None] | None = self.call(Call("token", (key,)))
        return found

    def claim(self, key: str, claim: str, ttl: float) -> bool:
        return bool(self.call(Call("claim", (key, claim, ttl))))

    def put_token(self, key: str, claim: str, value: str, ttl: float | None) -> None:
        self.call(Call("put_token", (key, claim, value, ttl)))

    def unclaim(self, key: str, claim: str) -> None:
        self.call(Call("unclaim", (key, claim)))

    def drop_token(self, key: str, value: str) -> None:
        self.call(Call("drop_token", (key, value)))

    def lock(self, name: str, *, wait: float) -> contextlib.AbstractContextManager[None]:
        return self._hold(name, wait)

    @contextlib.contextmanager
    def _hold(self, name: str, wait: float) -> Iterator[None]:
        # thread_local=False: the renewing thread must see the token the holder's thread acquired it with.
        held = self._redis.lock(
            self._key("lock", digest(name)), timeout=LOCK_TTL, blocking_timeout=wait, thread_local=False
        )
        try:
            acquired = held.acquire()
        except self._errors as exc:
            raise self._unreachable(exc) from exc
        if not acquired:
            raise CoordinationError(
                f"another process holds the lock {name!r} (waited {wait:g} s); try again when it has finished",
                backend=self._where,
            )
        stop = threading.Event()
        lost: list[BaseException] = []

        def renew() -> None:
            while not stop.wait(LOCK_TTL / 3):
                try:
                    held.reacquire()
                except Exception as exc:  # noqa: BLE001 - reported when the holder finishes
                    lost.append(exc)
                    return

        renewer = threading.Thread(target=renew, name=f"unihook-lock-{name}", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            with contextlib.suppress(*self._errors):
                held.release()
        if lost:
            raise CoordinationError(
                f"the lock {name!r} could not be renewed while held ({type(lost[0]).__name__}); another process "
                "may have started the same work",
                backend=self._where,
            )

    # --- the async side ---------------------------------------------------------------------------------

    def _async_side(self) -> tuple[Any, dict[str, Any]]:
        """This event loop's redis.asyncio client and its registered scripts."""
        import asyncio

        loop = asyncio.get_running_loop()
        with self._async_mutex:
            side = self._async.get(loop)
            if side is None:
                import redis.asyncio as aioredis

                if self._url is None:
                    kwargs = self._redis.connection_pool.connection_kwargs
                    client = aioredis.Redis(**{k: v for k, v in kwargs.items() if k in _ASYNC_KWARGS})
                else:
                    client = aioredis.Redis.from_url(
                        self._url, socket_timeout=self._timeout, socket_connect_timeout=self._timeout
                    )
                side = self._async[loop] = (client, {n: client.register_script(t) for n, t in _SCRIPTS.items()})
            return side

    def alock(self, name: str, *, wait: float) -> contextlib.AbstractAsyncContextManager[None]:
        return self._ahold(name, wait)

    @contextlib.asynccontextmanager
    async def _ahold(self, name: str, wait: float) -> AsyncIterator[None]:
        import asyncio

        client, _scripts = self._async_side()
        held = client.lock(self._key("lock", digest(name)), timeout=LOCK_TTL, blocking_timeout=wait)
        try:
            acquired = await held.acquire()
        except self._errors as exc:
            raise self._unreachable(exc) from exc
        if not acquired:
            raise CoordinationError(
                f"another process holds the lock {name!r} (waited {wait:g} s); try again when it has finished",
                backend=self._where,
            )

        stop = asyncio.Event()

        async def renew() -> None:
            # Stopped by an event, not by cancel(): a cancel landing inside redis-py's reacquire can be swallowed,
            # and the holder's exit would then wait on the renewer forever.
            while True:
                try:
                    await asyncio.wait_for(stop.wait(), LOCK_TTL / 3)
                    return
                except TimeoutError:
                    await held.reacquire()

        renewer = asyncio.ensure_future(renew())
        lost: BaseException | None = None
        try:
            yield
        finally:
            stop.set()
            try:
                await renewer
            except Exception as exc:  # noqa: BLE001 - reported below
                lost = exc
            with contextlib.suppress(*self._errors):
                await held.release()
        if lost is not None:
            raise CoordinationError(
                f"the lock {name!r} could not be renewed while held ({type(lost).__name__}); another process "
                "may have started the same work",
                backend=self._where,
            )


_SCRIPTS = {
    "acquire": _ACQUIRE,
    "release": _RELEASE,
    "token": _READ_CACHED,
    "claim": _CLAIM,
    "put_token": _CACHE,
    "delete_if": _DELETE_IF,
}
_ASYNC_KWARGS = frozenset(
    {"host", "port", "db", "username", "password", "socket_timeout", "socket_connect_timeout", "path", "ssl"}
)


def _nothing(_answer: Any) -> None:
    return None


def _ms(ttl: float | None) -> int:
    return 0 if ttl is None else max(1, int(ttl * 1000))


def _token_result(found: Any) -> tuple[str, float | None] | None:
    if not found:
        return None
    value, left_ms = found
    text = value.decode() if isinstance(value, bytes) else str(value)
    left = int(left_ms)
    return text, None if left < 0 else left / 1000


# --- the default --------------------------------------------------------------------------------------------

_local: LocalCoordination | None = None
_shared: dict[str, RedisCoordination] = {}
_shared_mutex = threading.Lock()
REDIS_URL_ENV = "UNIHOOK_REDIS_URL"
LOCK_DIR_ENV = "UNIHOOK_LOCK_DIR"  # where the in-process backend keeps its lock files


def default(environ: Any) -> Coordination:
    """The backend clients use when given none: Redis when UNIHOOK_REDIS_URL is set (one per URL and process),
    else the process-wide in-process one."""
    global _local
    url = environ.get(REDIS_URL_ENV) if environ is not None else None
    with _shared_mutex:
        if url and url.strip():
            found = _shared.get(url)
            if found is None:
                found = _shared[url] = RedisCoordination(url.strip())
            return found
        if _local is None:
            lock_dir = environ.get(LOCK_DIR_ENV) if environ is not None else None
            _local = LocalCoordination(lock_dir=lock_dir or None)
        return _local


def resolve(given: Coordination | str | None, environ: Any) -> Coordination:
    if given is None:
        return default(environ)
    if isinstance(given, str):
        return default({REDIS_URL_ENV: given})
    if not isinstance(given, Coordination):
        raise InvalidRequest(
            "coordination must be a unihook.LocalCoordination, a unihook.RedisCoordination or a redis:// URL"
        )
    return given


def new_id() -> str:
    return secrets.token_hex(8)

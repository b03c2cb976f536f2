"""Client-side pacing so a vendor's documented per-token rate limit is never provoked.

A GCRA schedule (one "next free slot" per bucket) spaces requests 1/rate apart with a small safety margin
for network jitter. Buckets are process-wide and keyed by (vendor, token digest): two clients sharing a token
share the vendor's budget, as the vendor's own limiter does. Sync and async callers share one schedule.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import Awaitable, Callable

# Flxpoint: 2 requests/second per token (VENDORS.md). Others document no per-token limit a client should pace.
DEFAULT_RATES: dict[str, float] = {"flxpoint": 2.0}
_SAFETY_MARGIN = 1.02  # spacing 2 % wider than the limit absorbs jitter between here and the vendor's clock


class RateLimiter:
    def __init__(self, rate_per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.interval = _SAFETY_MARGIN / rate_per_second
        self._clock = clock
        self._next_free = float("-inf")
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Claim the next slot and return how long to wait for it (0.0 when it is free now)."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_free)
            self._next_free = slot + self.interval
            return slot - now

    def acquire(self, sleep: Callable[[float], None] = time.sleep) -> float:
        delay = self.reserve()
        if delay > 0:
            sleep(delay)
        return delay

    async def acquire_async(self, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> float:
        delay = self.reserve()
        if delay > 0:
            await sleep(delay)
        return delay


_buckets: dict[tuple[str, str, float], RateLimiter] = {}
_buckets_lock = threading.Lock()


def limiter_for(vendor: str, token: str, rate_per_second: float) -> RateLimiter:
    key = (vendor, hashlib.sha256(token.encode()).hexdigest(), rate_per_second)
    with _buckets_lock:
        limiter = _buckets.get(key)
        if limiter is None:
            limiter = _buckets[key] = RateLimiter(rate_per_second)
        return limiter

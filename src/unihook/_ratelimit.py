"""Client-side pacing so a vendor's documented per-token rate limit is never provoked.

Two rules, both cheap: a GCRA schedule (one "next free slot" per bucket) spaces requests 1/rate apart, and
a request may not start before `window` seconds after the request `burst` places earlier *completed*
(burst = whole requests per window). The second rule is what makes it exact: the vendor saw request k-burst
arrive before we saw its answer, so however late or early requests travel, no window at the vendor holds
more than `burst`. Buckets are process-wide and keyed by (vendor, credential digest): two clients sharing a token
share the vendor's budget, as the vendor's own limiter does. Sync and async callers share one schedule.
"""

from __future__ import annotations

import collections
import hashlib
import math
import threading
import time
from collections.abc import Callable

_SAFETY_MARGIN = 1.02  # spacing 2 % wider than the limit absorbs clock jitter; the completion rule, travel time


class RateLimiter:
    def __init__(self, rate_per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.interval = _SAFETY_MARGIN / rate_per_second
        self.burst = max(1, math.floor(rate_per_second))
        self.window = self.burst / rate_per_second
        self._clock = clock
        self._next_free = float("-inf")
        self._completed: collections.deque[float] = collections.deque(maxlen=self.burst)
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Claim the next slot and return how long to wait for it (0.0 when it is free now)."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_free)
            if len(self._completed) == self.burst:
                slot = max(slot, self._completed[0] + self.window)
            self._next_free = slot + self.interval
            return slot - now

    def completed(self) -> None:
        """Record that a paced request got its answer (or failed): the anchor of the completion rule."""
        with self._lock:
            self._completed.append(self._clock())

    def acquire(self, sleep: Callable[[float], None] = time.sleep) -> float:
        delay = self.reserve()
        if delay > 0:
            sleep(delay)
        return delay


_buckets: dict[tuple[str, str, float], RateLimiter] = {}
_buckets_lock = threading.Lock()


def limiter_for(vendor: str, credential: str, rate_per_second: float) -> RateLimiter:
    """The process-wide bucket of one vendor credential (the credential itself is kept only as a digest)."""
    key = (vendor, hashlib.sha256(credential.encode()).hexdigest(), rate_per_second)
    with _buckets_lock:
        limiter = _buckets.get(key)
        if limiter is None:
            limiter = _buckets[key] = RateLimiter(rate_per_second)
        return limiter

"""One process of the multi-process tests: `python _worker.py JOB` with JOB a JSON object. It waits at a Redis
barrier until every process of the test is ready, runs its job through unihook against the sandbox, and prints
one JSON line of what its HTTP client saw (counted by httpx event hooks, not by unihook).

Jobs:
- {"job": "flxpoint-creates", "count": N, "url_prefix": ..., "token": ..., "base_url": ...}: N creates, one
  after the other, coordinated through UNIHOOK_REDIS_URL (the environment) -> {"statuses": {code: count}}.
- {"job": "commercelayer-first-calls", "concurrent": N, "client_id": ..., "client_secret": ..., "base_url": ...,
  "redis_url": ...}: N concurrent first lists on one AsyncClient with coordination=redis_url ->
  {"token_requests": n, "tokens": [sha256 prefixes of the bearer tokens used], "lists": N}.
Every job also has "barrier" (a Redis key) and "parties" (how many processes to wait for).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import time
from collections import Counter
from typing import Any

import httpx
import redis

import unihook

BARRIER_PASSED: list[float] = []


def barrier(url: str, key: str, parties: int) -> None:
    with redis.Redis.from_url(url) as client:
        client.incr(key)
        deadline = time.monotonic() + 60
        while int(client.get(key) or 0) < parties:
            if time.monotonic() > deadline:
                raise SystemExit("the other processes never came")
            time.sleep(0.005)
    BARRIER_PASSED.append(time.monotonic())


def flxpoint_creates(job: dict[str, Any]) -> dict[str, Any]:
    statuses: Counter[int] = Counter()

    def seen(response: httpx.Response) -> None:
        statuses[response.status_code] += 1

    with httpx.Client(event_hooks={"response": [seen]}, trust_env=False) as http:
        hub = unihook.Client(flxpoint_api_token=job["token"], base_urls={"flxpoint": job["base_url"]}, http_client=http)
        barrier(os.environ["UNIHOOK_REDIS_URL"], job["barrier"], job["parties"])
        for i in range(job["count"]):
            hub.create("flxpoint", url=f"{job['url_prefix']}/{i}", events=["OrderImportedEvent"])
    return {"statuses": dict(statuses)}


def commercelayer_first_calls(job: dict[str, Any]) -> dict[str, Any]:
    token_requests = 0
    tokens: set[str] = set()

    async def seen(request: httpx.Request) -> None:
        nonlocal token_requests
        if request.url.path.endswith("/oauth/token"):
            token_requests += 1
        else:
            tokens.add(hashlib.sha256(request.headers["authorization"].encode()).hexdigest()[:16])

    async def main() -> int:
        async with httpx.AsyncClient(event_hooks={"request": [seen]}, trust_env=False) as http:
            hub = unihook.AsyncClient(
                commercelayer_client_id=job["client_id"],
                commercelayer_client_secret=job["client_secret"],
                base_urls={"commercelayer": job["base_url"]},
                coordination=job["redis_url"],
                http_client=http,
            )
            barrier(job["redis_url"], job["barrier"], job["parties"])

            async def list_all() -> list[unihook.Subscription]:
                return [sub async for sub in hub.list("commercelayer")]

            done = await asyncio.gather(*(list_all() for _ in range(job["concurrent"])))
            return len(done)

    lists = asyncio.run(main())
    return {"token_requests": token_requests, "tokens": sorted(tokens), "lists": lists}


JOBS = {"flxpoint-creates": flxpoint_creates, "commercelayer-first-calls": commercelayer_first_calls}

if __name__ == "__main__":
    job = json.loads(sys.argv[1])
    began = time.monotonic()
    report = JOBS[job["job"]](job)
    # For a reader of a failure (not checked): how long the job ran once every process was there.
    report["seconds"] = round(time.monotonic() - (BARRIER_PASSED or [began])[0], 3)
    print(json.dumps(report))

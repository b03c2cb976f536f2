"""`make bench`: unihook's measured costs, printed as one table and written to bench/results.md.

Not a test: figures vary by machine; targets are reported beside them, never asserted.
  - facade overhead over raw httpx, per vendor and operation, same MockTransport and bodies;
  - `import unihook` against `import httpx` (median of cold imports in fresh interpreters);
  - `make generate` full and no-op times;
  - rate-limit efficiency of Flxpoint creates against the sandbox at its 2 req/s limit;
  - async fan-out: 500 creates over the five vendors against the sandbox, facade vs raw httpx.AsyncClient.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import unihook  # noqa: E402

CREDENTIALS = {
    "flxpoint_api_token": "bench-flx",
    "commercelayer_access_token": "bench-cl",
    "commercelayer_organization": "bench",
    "blaze_partner_key": "bench-partner",
    "blaze_developer_key": "bench-dev",
    "shipping_channels_api_key": "bench-sc",
    "packcloud_api_token": "bench-pack",
    "packcloud_organization_id": "org-1",
}
BASE = {v: f"https://bench.test/{v}" for v in unihook.VENDORS}
CL = "application/vnd.api+json"

# One realistic success body per vendor and operation (shapes from the specs' examples).
_FLX = {
    "id": 42,
    "configurationName": "orders",
    "webhookUrl": "https://example.com/hook",
    "subscribedEvents": ["OrderImportedEvent"],
    "status": "active",
    "createdAt": "2026-04-20T00:00:00Z",
    "updatedAt": "2026-04-20T00:00:00Z",
}
_CL = {
    "id": "xYZkjABcde",
    "type": "webhooks",
    "links": {"self": "https://bench.test/api/webhooks/xYZkjABcde"},
    "attributes": {
        "name": "orders",
        "topic": "orders.place",
        "callback_url": "https://example.com/hook",
        "include_resources": ["customer"],
        "disabled_at": None,
        "circuit_state": "closed",
        "circuit_failure_count": 0,
        "shared_secret": "1c0994cc4e996e8c6ee56a2198f66f3c",
        "created_at": "2018-01-01T12:00:00.000Z",
        "updated_at": "2018-01-01T12:00:00.000Z",
    },
}
_BLAZE = {
    "id": "5f1e0c9a2b3c4d5e6f708192",
    "companyId": "c1",
    "shopId": "s1",
    "created": 1745107200000,
    "modified": 1745107200000,
    "deleted": False,
    "updated": False,
    "url": "https://example.com/hook",
    "webHookType": "NEW_CONSUMER_ORDER",
    "webHookUrls": ["https://example.com/hook"],
}
_SC = {
    "id": "wh_123456",
    "name": "Shipping Channel Updates",
    "url": "https://example.com/hook",
    "events": ["shipping_channel.created", "shipping_channel.updated"],
    "secret": "••••••••••••••••",
    "active": True,
    "created_at": "2025-04-07T12:00:00Z",
    "updated_at": "2025-04-07T12:00:00Z",
}
_PACK = {
    "id": "7d5c5f5e-1b1a-4c1e-9a59-1f6f3c9c0001",
    "event_code": "order.created",
    "endpoint": "https://example.com/hook",
    "secret": "q9NhjkjV9o",
    "enabled": True,
    "created_at": "2024-08-02T10:00:00Z",
    "updated_at": "2024-08-02T10:00:00Z",
}
BODIES: dict[str, dict[str, tuple[int, Any]]] = {
    "flxpoint": {"get": (200, _FLX), "list": (200, [_FLX] * 10), "create": (200, _FLX)},
    "commercelayer": {
        "get": (200, {"data": _CL}),
        "list": (200, {"data": [_CL] * 10, "meta": {"record_count": 10, "page_count": 1}}),
        "create": (201, {"data": _CL}),
    },
    "blaze": {
        "get": (200, _BLAZE),
        "list": (200, {"values": [_BLAZE] * 10, "skip": 0, "limit": 100, "total": 10}),
        "create": (200, _BLAZE),
    },
    "shipping_channels": {
        "get": (200, {"data": _SC}),
        "list": (200, {"data": [_SC] * 10, "meta": {"current_page": 1, "last_page": 1, "per_page": 100, "total": 10}}),
        "create": (201, {"data": _SC}),
    },
    "packcloud": {
        "get": (200, _PACK),
        "list": (200, {"data": [_PACK] * 10, "prev": None, "next": None, "per_page": 25}),
        "create": (201, _PACK),
    },
}
RAW_REQUESTS: dict[str, dict[str, tuple[str, str, dict[str, Any] | None]]] = {
    "flxpoint": {
        "get": ("GET", "/webhhok/configurations/42", None),
        "list": ("GET", "/webhhok/configurations", None),
        "create": (
            "POST",
            "/webhhok/configurations",
            {"webhookUrl": "https://example.com/hook", "subscribedEvents": ["OrderImportedEvent"]},
        ),
    },
    "commercelayer": {
        "get": ("GET", "/api/webhooks/xYZkjABcde", None),
        "list": ("GET", "/api/webhooks?page%5Bnumber%5D=1&page%5Bsize%5D=25", None),
        "create": (
            "POST",
            "/api/webhooks",
            {
                "data": {
                    "type": "webhooks",
                    "attributes": {"topic": "orders.place", "callback_url": "https://example.com/hook"},
                }
            },
        ),
    },
    "blaze": {
        "get": ("GET", "/api/v1/partner/webHooks/5f1e0c9a2b3c4d5e6f708192", None),
        "list": ("GET", "/api/v1/partner/webHooks?start=0&limit=100", None),
        "create": (
            "POST",
            "/api/v1/partner/webHooks",
            {
                "webHookType": "NEW_CONSUMER_ORDER",
                "webHookUrls": ["https://example.com/hook"],
                "url": "https://example.com/hook",
            },
        ),
    },
    "shipping_channels": {
        "get": ("GET", "/webhook-subscriptions/wh_123456", None),
        "list": ("GET", "/webhook-subscriptions?page=1&per_page=100", None),
        "create": (
            "POST",
            "/webhook-subscriptions",
            {
                "name": "n",
                "url": "https://example.com/hook",
                "events": ["shipping_channel.created"],
                "secret": "s" * 32,
            },
        ),
    },
    "packcloud": {
        "get": ("GET", "/organizations/org-1/webhooks/7d5c5f5e-1b1a-4c1e-9a59-1f6f3c9c0001", None),
        "list": ("GET", "/organizations/org-1/webhooks", None),
        "create": (
            "POST",
            "/organizations/org-1/webhooks",
            {"event_code": "order.created", "endpoint": "https://example.com/hook", "secret": "s" * 32},
        ),
    },
}
RAW_HEADERS = {
    "flxpoint": {"X-API-TOKEN": "bench-flx", "Accept": "application/json"},
    "commercelayer": {"Authorization": "Bearer bench-cl", "Accept": CL, "Content-Type": CL},
    "blaze": {"x-api-key": "bench-partner", "Authorization": "bench-dev", "Accept": "application/json"},
    "shipping_channels": {"Authorization": "Bearer bench-sc", "Accept": "application/json"},
    "packcloud": {"Authorization": "Bearer bench-pack", "Accept": "application/json"},
}
IDS = {
    "flxpoint": "42",
    "commercelayer": "xYZkjABcde",
    "blaze": "5f1e0c9a2b3c4d5e6f708192",
    "shipping_channels": "wh_123456",
    "packcloud": "7d5c5f5e-1b1a-4c1e-9a59-1f6f3c9c0001",
}
SECRETS = {"shipping_channels": "s" * 32, "packcloud": "s" * 32}  # only these take a caller's secret
EVENTS = {
    "flxpoint": ["OrderImportedEvent"],
    "commercelayer": ["orders.place"],
    "blaze": ["NEW_CONSUMER_ORDER"],
    "shipping_channels": ["shipping_channel.created"],
    "packcloud": ["order.created"],
}


def _transport(vendor: str, operation: str) -> httpx.MockTransport:
    status, body = BODIES[vendor][operation]
    content = json.dumps(body).encode()
    headers = {"content-type": CL if vendor == "commercelayer" else "application/json"}
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content, headers=headers))


def _best_per_call(
    raw: Callable[[], object], facade: Callable[[], object], number: int, repeat: int = 7
) -> tuple[float, float]:
    """Best time per call of each side; the sides alternate so that drift in machine load hits both."""
    for fn in (raw, facade):
        timeit.timeit(fn, number=number)  # warm caches, lazy imports and the allocator
    raw_times, facade_times = [], []
    for _ in range(repeat):
        raw_times.append(timeit.timeit(raw, number=number))
        facade_times.append(timeit.timeit(facade, number=number))
    return min(raw_times) / number, min(facade_times) / number


def _raw_call(raw: httpx.Client, vendor: str, operation: str) -> Callable[[], object]:
    method, path, body = RAW_REQUESTS[vendor][operation]
    url = BASE[vendor] + path
    headers = RAW_HEADERS[vendor]

    def call() -> object:
        # Serialised per call, as any caller must; the facade does the same work.
        content = json.dumps(body, separators=(",", ":")).encode() if body is not None else None
        return raw.request(method, url, content=content, headers=headers).json()

    return call


def _facade_call(hub: unihook.Client, vendor: str, operation: str) -> Callable[[], object]:
    if operation == "get":
        return lambda: hub.get(vendor, IDS[vendor])
    if operation == "list":
        return lambda: list(hub.list(vendor))
    return lambda: hub.create(vendor, url="https://example.com/hook", events=EVENTS[vendor], secret=SECRETS.get(vendor))


def bench_overhead(number: int) -> list[tuple[str, str, float, float]]:
    rows = []
    for vendor in unihook.VENDORS:
        for operation in ("get", "list", "create"):
            transport = _transport(vendor, operation)
            hub = unihook.Client(
                **CREDENTIALS, base_urls=BASE, http_client=httpx.Client(transport=transport), rate_limit=False
            )
            raw = httpx.Client(transport=transport)
            raw_call = _raw_call(raw, vendor, operation)
            facade_call = _facade_call(hub, vendor, operation)
            raw_s, facade_s = _best_per_call(raw_call, facade_call, number)
            rows.append((vendor, operation, raw_s, facade_s))
            hub.close()
            raw.close()
    return rows


def _cold_imports(modules: tuple[str, ...], runs: int) -> dict[str, float]:
    """Median import time per module, each in a fresh interpreter; runs interleave the modules so that
    disk-cache warmth and machine load fall on both sides alike."""
    samples: dict[str, list[float]] = {m: [] for m in modules}
    for run in range(runs + 1):
        for module in modules:
            code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            if run:  # the first round only warms the disk cache
                samples[module].append(float(out.stdout.strip()))
    return {m: statistics.median(v) for m, v in samples.items()}


def bench_generate() -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py"), "--force"], check=True, capture_output=True)
    full = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate.py")], check=True, capture_output=True)
    return full, time.perf_counter() - start


def bench_rate_limit(creates: int) -> tuple[float, int]:
    from unihook._sandbox import SandboxServer

    statuses: list[int] = []
    with SandboxServer() as server:
        http = httpx.Client(event_hooks={"response": [lambda response: statuses.append(response.status_code)]})
        hub = unihook.Client(
            flxpoint_api_token=f"bench-rate-{time.time_ns()}",
            base_urls={"flxpoint": server.base_url("flxpoint")},
            http_client=http,
        )
        start = time.perf_counter()
        for i in range(creates):
            hub.create("flxpoint", url=f"https://example.com/rate/{i}", events=["OrderImportedEvent"])
        elapsed = time.perf_counter() - start
        http.close()
    # n requests paced at 2/s span (n - 1) intervals of 0.5 s at best
    ideal = (creates - 1) / 2.0
    return ideal / elapsed, statuses.count(429)


async def _fan_out(server_url: str, total: int, concurrency: int) -> tuple[float, float]:
    base_urls = {v: f"{server_url}/{v}" for v in unihook.VENDORS}
    # Flxpoint is paced at 2 req/s per token by design; the fan-out measures the other four vendors' overhead.
    vendors = [v for v in unihook.VENDORS if v != "flxpoint"]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    semaphore = asyncio.Semaphore(concurrency)

    async with unihook.AsyncClient(
        **CREDENTIALS, base_urls=base_urls, http_client=httpx.AsyncClient(limits=limits), rate_limit=False
    ) as hub:

        async def facade_one(i: int) -> None:
            vendor = vendors[i % len(vendors)]
            async with semaphore:
                await hub.create(
                    vendor, url=f"https://example.com/fan/{i}", events=EVENTS[vendor], secret=SECRETS.get(vendor)
                )

        start = time.perf_counter()
        await asyncio.gather(*(facade_one(i) for i in range(total)))
        facade_s = time.perf_counter() - start

    async with httpx.AsyncClient(limits=limits) as raw:

        async def raw_one(i: int) -> None:
            vendor = vendors[i % len(vendors)]
            method, path, body = RAW_REQUESTS[vendor]["create"]
            async with semaphore:
                response = await raw.request(method, base_urls[vendor] + path, json=body, headers=RAW_HEADERS[vendor])
                response.raise_for_status()

        start = time.perf_counter()
        await asyncio.gather(*(raw_one(i) for i in range(total)))
        raw_s = time.perf_counter() - start
    return raw_s, facade_s


def bench_fan_out(total: int, concurrency: int) -> tuple[float, float]:
    from unihook._sandbox import SandboxServer

    with SandboxServer() as server:
        return asyncio.run(_fan_out(server.url, total, concurrency))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--number", type=int, default=300, help="calls per timing sample")
    parser.add_argument("--imports", type=int, default=15, help="cold imports per module")
    parser.add_argument("--creates", type=int, default=21, help="Flxpoint creates for the rate-limit figure")
    parser.add_argument("--fan-out", type=int, default=500, help="creates in the async fan-out")
    args = parser.parse_args()

    lines = ["# unihook benchmarks", "", f"Python {sys.version.split()[0]}, {sys.platform}; `make bench`.", ""]
    lines += ["## Facade overhead over raw httpx (same MockTransport and body)", ""]
    lines += [
        "| vendor | operation | raw httpx µs | unihook µs | ratio (target ≤ 1.30, aim 1.15) |",
        "|---|---|---:|---:|---:|",
    ]
    ratios = []
    for vendor, operation, raw_s, facade_s in bench_overhead(args.number):
        ratio = facade_s / raw_s
        ratios.append(ratio)
        flag = "" if ratio <= 1.3 else " (over target)"
        lines.append(f"| {vendor} | {operation} | {raw_s * 1e6:.1f} | {facade_s * 1e6:.1f} | {ratio:.2f}{flag} |")
    lines += ["", f"Worst ratio {max(ratios):.2f}, median {statistics.median(ratios):.2f}.", ""]

    imports = _cold_imports(("httpx", "unihook"), args.imports)
    httpx_s, unihook_s = imports["httpx"], imports["unihook"]
    lines += ["## Import cost (median of cold imports, same environment)", ""]
    lines += [
        "| module | ms |",
        "|---|---:|",
        f"| httpx | {httpx_s * 1e3:.1f} |",
        f"| unihook | {unihook_s * 1e3:.1f} |",
    ]
    lines += ["", f"Ratio {unihook_s / httpx_s:.2f} (target ≤ 1.5).", ""]

    full, noop = bench_generate()
    lines += [
        "## make generate",
        "",
        f"Full (5 vendors, clients + sandbox models): {full:.2f} s; no-op: {noop:.2f} s.",
        "",
    ]

    efficiency, provoked = bench_rate_limit(args.creates)
    lines += ["## Rate-limit efficiency (Flxpoint, 2 req/s per token, sandbox)", ""]
    lines += [
        f"{args.creates} creates: achieved {efficiency:.3f} of the limit (aim ≥ 0.95); 429s provoked: {provoked}.",
        "",
    ]

    raw_s, facade_s = bench_fan_out(args.fan_out, 20)
    lines += ["## Async fan-out (sandbox, concurrency 20)", ""]
    lines += [
        f"{args.fan_out} creates over Commerce Layer, BLAZE, Shipping Channels and Pack.cloud (Flxpoint is paced at",
        f"2 req/s by design and left out): raw httpx.AsyncClient {raw_s:.2f} s, unihook.AsyncClient {facade_s:.2f} s,",
        f"ratio {facade_s / raw_s:.2f}.",
        "",
    ]

    report = "\n".join(lines)
    (ROOT / "bench").mkdir(exist_ok=True)
    (ROOT / "bench" / "results.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

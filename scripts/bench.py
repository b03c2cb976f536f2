"""`make bench`: unihook's measured costs, printed as one report and written to bench/results.md.

Not a test: figures vary by machine; bounds are reported beside them ("met" / "NOT met"), never asserted.
  - facade overhead over raw httpx, per vendor and operation (get, create, update, enable, disable, a 10-item and
    a 100-item list page): both sides make the same HTTP exchange on the same httpx.MockTransport (same methods,
    URLs, headers, serialised bodies, and `.json()` of every response). Before each row is timed, both sides'
    requests are recorded and compared; a row that differs is flagged in the report;
  - core-only install, from the built wheel in a fresh venv: distributions installed, MB added to site-packages,
    and cold `import unihook` against `import httpx` in that venv (also the install figures of `unihook[cli]`);
  - `make generate` full and no-op times;
  - rate-limit efficiency of Flxpoint creates against the sandbox at its 2 req/s limit;
  - async fan-out: creates over four vendors against the sandbox, facade vs raw httpx.AsyncClient;
  - fleets: a 1,000-account plan applied at concurrency 1, 8 and 32, and three processes sharing one Flxpoint
    token through a real Redis (aggregate rate against the limit, 429s).

    python scripts/bench.py               # everything (make bench)
    python scripts/bench.py --quick       # fewer samples: a smoke run in about a minute
    python scripts/bench.py --self-check  # only compare both sides' requests, row by row; exit 1 on a mismatch
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

try:
    import unihook
except Exception as exc:  # noqa: BLE001 - mid-restructure: report what cannot be measured instead of stopping
    UNIHOOK_BROKEN = f"`import unihook` failed: {type(exc).__name__}: {exc}"
else:
    UNIHOOK_BROKEN = ""

VENDORS = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")
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
BASE = {v: f"https://bench.test/{v}" for v in VENDORS}
JSON = "application/json"
CL = "application/vnd.api+json"
MEDIA = {v: CL if v == "commercelayer" else JSON for v in VENDORS}
HOOK = "https://example.com/hook"
NEW_URL = "https://example.com/new"

# What every request of a vendor carries, as its docs ask (auth and Accept); writes add Content-Type.
RAW_HEADERS = {
    "flxpoint": {"X-API-TOKEN": "bench-flx", "Accept": JSON},
    "commercelayer": {"Authorization": "Bearer bench-cl", "Accept": CL},
    "blaze": {"x-api-key": "bench-partner", "Authorization": "bench-dev", "Accept": JSON},
    "shipping_channels": {"Authorization": "Bearer bench-sc", "Accept": JSON},
    "packcloud": {"Authorization": "Bearer bench-pack", "Accept": JSON},
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
# The collection path of each vendor (a GET there is a list page; below it, one subscription).
COLLECTION = {
    "flxpoint": "/webhhok/configurations",  # sic: the vendor's documented path
    "commercelayer": "/api/webhooks",
    "blaze": "/api/v1/partner/webHooks",
    "shipping_channels": "/webhook-subscriptions",
    "packcloud": "/organizations/org-1/webhooks",
}
# The query of the first page, as each vendor's pagination asks for it.
FIRST_PAGE_QUERY = {
    "flxpoint": "",
    "commercelayer": "?page%5Bnumber%5D=1&page%5Bsize%5D=25",
    "blaze": "?start=0&limit=100",
    "shipping_channels": "?page=1&per_page=100",
    "packcloud": "",
}
UNSUPPORTED = {"blaze": {"enable", "disable"}}  # BLAZE registrations have no enabled/disabled state

OPERATIONS = ("get", "create", "update", "enable", "disable", "list10", "list100")
LABEL = {"list10": "list, 10-item page", "list100": "list, 100-item page"}
BOUND = {"list10": 1.35, "list100": 2.0}  # every other operation: SINGLE_BOUND
SINGLE_BOUND = 1.15
IMPORT_BOUND = 1.2
FAN_OUT_CONCURRENCY = 20

# One realistic subscription per vendor (shapes from the specs' examples).
_FLX = {
    "id": 42,
    "configurationName": "orders",
    "webhookUrl": HOOK,
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
        "callback_url": HOOK,
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
    "url": HOOK,
    "webHookType": "NEW_CONSUMER_ORDER",
    "webHookUrls": [HOOK],
}
_SC = {
    "id": "wh_123456",
    "name": "Shipping Channel Updates",
    "url": HOOK,
    "events": ["shipping_channel.created", "shipping_channel.updated"],
    "secret": "••••••••••••••••",
    "active": True,
    "created_at": "2025-04-07T12:00:00Z",
    "updated_at": "2025-04-07T12:00:00Z",
}
_PACK = {
    "id": "7d5c5f5e-1b1a-4c1e-9a59-1f6f3c9c0001",
    "event_code": "order.created",
    "endpoint": HOOK,
    "secret": "q9NhjkjV9o",
    "enabled": True,
    "created_at": "2024-08-02T10:00:00Z",
    "updated_at": "2024-08-02T10:00:00Z",
}


def _one(vendor: str) -> Any:
    """The body that a get, create or update answers with."""
    return {
        "flxpoint": _FLX,
        "commercelayer": {"data": _CL},
        "blaze": _BLAZE,
        "shipping_channels": {"data": _SC},
        "packcloud": _PACK,
    }[vendor]


def _page(vendor: str, n: int) -> Any:
    """A last (only) list page of n items, in the vendor's envelope."""
    if vendor == "flxpoint":
        return [_FLX] * n
    if vendor == "commercelayer":
        return {"data": [_CL] * n, "meta": {"record_count": n, "page_count": 1}}
    if vendor == "blaze":
        return {"values": [_BLAZE] * n, "skip": 0, "limit": 100, "total": n}
    if vendor == "shipping_channels":
        return {"data": [_SC] * n, "meta": {"current_page": 1, "last_page": 1, "per_page": 100, "total": n}}
    return {"data": [_PACK] * n, "prev": None, "next": None, "per_page": 25}


CREATE_STATUS = {"commercelayer": 201, "shipping_channels": 201, "packcloud": 201}


class VendorTransport(httpx.MockTransport):
    """One vendor's canned API: routes by method and path; records requests while `log` is a list."""

    def __init__(self, vendor: str, page_size: int = 10) -> None:
        self.vendor = vendor
        self.log: list[tuple[str, str, tuple[tuple[str, str], ...], bytes]] | None = None
        path = httpx.URL(BASE[vendor] + COLLECTION[vendor]).path
        self.collection = path
        headers = {"content-type": MEDIA[vendor]}
        one = json.dumps(_one(vendor)).encode()
        self.page = (200, json.dumps(_page(vendor, page_size)).encode(), headers)
        self.created = (CREATE_STATUS.get(vendor, 200), one, headers)
        self.one = (200, one, headers)
        super().__init__(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.log is not None:
            headers = tuple(sorted((k.lower(), v) for k, v in request.headers.items() if k.lower() != "user-agent"))
            self.log.append((request.method, str(request.url), headers, request.content))
        if request.method == "GET" and request.url.path == self.collection:
            status, content, headers = self.page
        elif request.method == "POST":
            status, content, headers = self.created
        else:  # GET, PATCH or PUT of one subscription
            status, content, headers = self.one
        return httpx.Response(status, content=content, headers=headers)


class Raw:
    """What a caller with only httpx writes for the same exchange: the vendor's headers, a compact JSON body
    serialised per call, and `.json()` of every response."""

    def __init__(self, client: httpx.Client, vendor: str) -> None:
        self.client = client
        self.root = BASE[vendor]
        self.read_headers = RAW_HEADERS[vendor]
        self.write_headers = {**RAW_HEADERS[vendor], "Content-Type": MEDIA[vendor]}

    def read(self, path: str) -> Any:
        return self.client.request("GET", self.root + path, headers=self.read_headers).json()

    def write(self, method: str, path: str, body: Any) -> Any:
        content = json.dumps(body, separators=(",", ":")).encode()
        return self.client.request(method, self.root + path, content=content, headers=self.write_headers).json()


def raw_create_request(vendor: str, url: str) -> tuple[str, str, dict[str, Any]]:
    """(method, path, body) of a create of `url` for EVENTS[vendor], as each vendor documents it."""
    path = COLLECTION[vendor]
    if vendor == "flxpoint":
        return "POST", path, {"webhookUrl": url, "subscribedEvents": EVENTS[vendor]}
    if vendor == "commercelayer":
        attributes = {"topic": EVENTS[vendor][0], "callback_url": url}
        return "POST", path, {"data": {"type": "webhooks", "attributes": attributes}}
    if vendor == "blaze":
        return "POST", path, {"webHookType": EVENTS[vendor][0], "webHookUrls": [url], "url": url}
    if vendor == "shipping_channels":
        # The vendor requires a name: the facade names it after the URL, and so does this caller.
        name = "unihook " + url.split("://", 1)[1]
        body = {"name": name, "url": url, "events": EVENTS[vendor], "secret": SECRETS[vendor], "active": True}
        return "POST", path, body
    body = {"event_code": EVENTS[vendor][0], "endpoint": url, "secret": SECRETS[vendor], "enabled": True}
    return "POST", path, body


def raw_operation(raw: Raw, vendor: str, operation: str) -> Callable[[], object]:
    """The raw side of one row; read-modify-write where the vendor needs the whole object."""
    item = f"{COLLECTION[vendor]}/{IDS[vendor]}"
    if operation == "get":
        return lambda: raw.read(item)
    if operation in ("list10", "list100"):
        first_page = COLLECTION[vendor] + FIRST_PAGE_QUERY[vendor]
        return lambda: raw.read(first_page)
    if operation == "create":
        method, path, body = raw_create_request(vendor, HOOK)
        return lambda: raw.write(method, path, body)
    active = {"update": None, "enable": True, "disable": False}[operation]

    if vendor == "flxpoint":
        # PATCH needs webhookUrl and subscribedEvents every time: GET the current ones first.
        def flxpoint() -> object:
            current = raw.read(item)
            body: dict[str, Any] = {
                "webhookUrl": NEW_URL if active is None else current["webhookUrl"],
                "subscribedEvents": current["subscribedEvents"],
            }
            if active is not None:
                body["status"] = "active" if active else "disabled"
            return raw.write("PATCH", item, body)

        return flxpoint
    if vendor == "commercelayer":
        attributes: dict[str, Any] = {"callback_url": NEW_URL} if active is None else {}
        if active is not None:
            attributes["_enable" if active else "_disable"] = True
        document = {"data": {"type": "webhooks", "id": IDS[vendor], "attributes": attributes}}
        return lambda: raw.write("PATCH", item, document)
    if vendor == "blaze":
        # PUT replaces the whole object: GET it, change the URL, PUT it back.
        def blaze() -> object:
            current = raw.read(item)
            current["url"] = NEW_URL
            current["webHookUrls"] = [NEW_URL]
            return raw.write("PUT", item, current)

        return blaze
    if vendor == "shipping_channels":
        # PUT requires name: GET the current one first.
        def shipping_channels() -> object:
            body: dict[str, Any] = {"name": raw.read(item)["data"]["name"]}
            if active is None:
                body["url"] = NEW_URL
            else:
                body["active"] = active
            return raw.write("PUT", item, body)

        return shipping_channels
    packcloud_body = {"endpoint": NEW_URL} if active is None else {"enabled": active}
    return lambda: raw.write("PUT", item, packcloud_body)


def facade_operation(hub: unihook.Client, vendor: str, operation: str) -> Callable[[], object]:
    id = IDS[vendor]
    if operation == "get":
        return lambda: hub.get(vendor, id)
    if operation in ("list10", "list100"):
        return lambda: list(hub.list(vendor))
    if operation == "create":
        return lambda: hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret=SECRETS.get(vendor))
    if operation == "update":
        return lambda: hub.update(vendor, id, url=NEW_URL)
    if operation == "enable":
        return lambda: hub.enable(vendor, id)
    return lambda: hub.disable(vendor, id)


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


def _short(value: object, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare(facade: list[Any], raw: list[Any]) -> str:
    """'' when both sides sent the same requests, else what differs first."""
    if [r[0] for r in facade] != [r[0] for r in raw]:
        return f"exchanges differ: facade {[r[0] for r in facade]}, raw {[r[0] for r in raw]}"
    for n, (f, r) in enumerate(zip(facade, raw, strict=True), 1):
        # The body before the headers: a body that differs also differs in content-length.
        for field, index in (("URL", 1), ("body", 3), ("headers", 2)):
            fv, rv = f[index], r[index]
            if fv != rv:
                if field == "headers":
                    fv, rv = sorted(set(fv) - set(rv)), sorted(set(rv) - set(fv))
                return f"request {n} of {len(facade)}, {field}: facade {_short(fv)}, raw {_short(rv)}"
    return ""


class Row:
    def __init__(self, vendor: str, operation: str) -> None:
        self.vendor = vendor
        self.operation = operation
        self.bound = BOUND.get(operation, SINGLE_BOUND)
        self.exchange = ""
        self.warning = ""
        self.raw_s = self.facade_s = 0.0

    @property
    def ratio(self) -> float:
        return self.facade_s / self.raw_s if self.raw_s else float("nan")

    @property
    def met(self) -> bool:
        return self.ratio <= self.bound


class Sides:
    """Both sides of one row on one canned transport: the facade and a raw httpx.Client."""

    def __init__(self, vendor: str, operation: str) -> None:
        self.transport = VendorTransport(vendor, 100 if operation == "list100" else 10)
        self.facade_http = httpx.Client(transport=self.transport)
        self.raw_http = httpx.Client(transport=self.transport)
        self.hub = unihook.Client(**CREDENTIALS, base_urls=BASE, http_client=self.facade_http, rate_limit=False)
        self.facade = facade_operation(self.hub, vendor, operation)
        self.raw = raw_operation(Raw(self.raw_http, vendor), vendor, operation)

    def close(self) -> None:
        self.hub.close()
        self.facade_http.close()
        self.raw_http.close()


def check_row(vendor: str, operation: str) -> Row:
    """Run each side once, recording its requests, and compare them."""
    row = Row(vendor, operation)
    sides = Sides(vendor, operation)
    try:
        sides.transport.log = []
        try:
            result = sides.facade()
        except Exception as exc:  # noqa: BLE001 - the report says what failed instead of stopping
            row.warning = f"the facade call failed: {type(exc).__name__}: {exc}"
            return row
        facade_log, sides.transport.log = sides.transport.log, []
        try:
            sides.raw()
        except Exception as exc:  # noqa: BLE001 - as above
            row.warning = f"the raw call failed: {type(exc).__name__}: {exc}"
            return row
        raw_log = sides.transport.log
        row.exchange = "+".join(r[0] for r in facade_log)
        row.warning = _compare(facade_log, raw_log)
        expected = {"list10": 10, "list100": 100}.get(operation)
        if not row.warning and expected is not None and isinstance(result, list) and len(result) != expected:
            row.warning = f"the facade listed {len(result)} items, not {expected}"
        return row
    finally:
        sides.close()


def bench_overhead(number: int, repeat: int) -> list[Row]:
    rows = []
    for vendor in VENDORS:
        for operation in OPERATIONS:
            if operation in UNSUPPORTED.get(vendor, ()):
                continue
            row = check_row(vendor, operation)
            rows.append(row)
            if " call failed: " in row.warning:
                continue  # nothing to time
            sides = Sides(vendor, operation)  # a fresh pair: recording off
            calls = max(5, number // 10) if operation == "list100" else number
            try:
                row.raw_s, row.facade_s = _best_per_call(sides.raw, sides.facade, calls, repeat)
            finally:
                sides.close()
    return rows


def report_overhead(rows: list[Row]) -> list[str]:
    lines: list[str] = []
    lines += [
        "Each row: the same requests on both sides (method, URL, headers, serialised body), checked before timing,",
        "and `.json()` of every response on the raw side; best of interleaved samples per call.",
        "",
        "| vendor | operation | exchange | raw httpx µs | unihook µs | ratio | bound | |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    warnings = []
    for row in rows:
        label = LABEL.get(row.operation, row.operation)
        if not row.raw_s:
            lines.append(f"| {row.vendor} | {label} | {row.exchange or '?'} | | | | ≤ {row.bound:.2f} | not timed |")
        else:
            verdict = "met" if row.met else "NOT met"
            if row.warning:
                verdict += " (requests differ)"
            lines.append(
                f"| {row.vendor} | {label} | {row.exchange} | {row.raw_s * 1e6:.1f} | {row.facade_s * 1e6:.1f} "
                f"| {row.ratio:.3f} | ≤ {row.bound:.2f} | {verdict} |"
            )
        if row.warning:
            warnings.append(f"- **WARNING** {row.vendor} {label}: {row.warning}")
    timed = [r for r in rows if r.raw_s]
    lines.append("")
    if timed:
        unmet = [r for r in timed if not r.met]
        lines.append(
            f"{len(timed) - len(unmet)} of {len(timed)} rows within their bound (single calls ≤ {SINGLE_BOUND}, "
            f"10-item page ≤ {BOUND['list10']}, 100-item page ≤ {BOUND['list100']}); "
            f"worst ratio {max(r.ratio for r in timed):.2f}, median {statistics.median(r.ratio for r in timed):.2f}."
        )
        lines.append("")
    skipped = [f"{v} {op}" for v, ops in UNSUPPORTED.items() for op in sorted(ops)]
    lines += [
        f"Not rows: {', '.join(skipped)} (not offered by the vendor). Commerce Layer's pages hold at most 25 items;",
        "its 100-item row measures the per-item cost on one oversized page all the same.",
        "",
    ]
    if warnings:
        lines += ["Self-check (requests of both sides compared before timing):", "", *warnings, ""]
    else:
        lines += [f"Self-check: both sides sent identical requests in all {len(rows)} rows (user-agent aside).", ""]
    return lines


# --- core-only install ---------------------------------------------------------------------------------------


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    local = ROOT / ".tools" / "bin" / "uv"
    return str(local) if local.exists() else None


def _uv_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env.update(UV_PYTHON_DOWNLOADS="never", UV_PYTHON_PREFERENCE="only-system")
    return env


def _failure(proc: subprocess.CompletedProcess[str] | subprocess.CalledProcessError) -> str:
    tail = [line for line in (proc.stderr or proc.stdout or "").strip().splitlines() if line.strip()]
    return f"exit {proc.returncode}" + (f": `{tail[-1].strip()[:200]}`" if tail else "")


def _site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python*/site-packages"))


def _tree_bytes(path: Path) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            file = Path(folder) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def _distributions(site: Path) -> list[str]:
    """`name version` of each distribution installed in `site`, pip and setuptools aside."""
    found = [p.name.removesuffix(".dist-info").split("-", 1) for p in site.glob("*.dist-info")]
    return sorted(f"{name} {version}" for name, version in found if name.lower() not in ("pip", "setuptools"))


def _fresh_venv(uv: str, venv: Path) -> str:
    """Make an empty venv; '' on success, else why not."""
    proc = subprocess.run(
        [uv, "venv", "--quiet", "--python", "python3.11", str(venv)], capture_output=True, text=True, env=_uv_env()
    )
    if proc.returncode == 0:
        return ""
    fallback = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True
    )
    return "" if fallback.returncode == 0 else f"venv creation failed ({_failure(proc)})"


def _install(uv: str, venv: Path, requirement: str) -> dict[str, Any]:
    """Install `requirement` into a fresh venv: {'error'} or {'dists', 'added_bytes', 'python', 'note'}."""
    error = _fresh_venv(uv, venv)
    if error:
        return {"error": error}
    site = _site_packages(venv)
    empty = _tree_bytes(site)
    python = venv / "bin" / "python"
    proc = subprocess.run(
        [uv, "pip", "install", "--python", str(python), requirement], capture_output=True, text=True, env=_uv_env()
    )
    if proc.returncode != 0:
        return {"error": f"`uv pip install` failed ({_failure(proc)})"}
    note = "no such extra in this wheel" if "does not have an extra" in proc.stderr else ""
    return {
        "dists": _distributions(site),
        "added_bytes": _tree_bytes(site) - empty,
        "python": str(python),
        "note": note,
    }


def _cold_imports(python: str, modules: tuple[str, ...], runs: int, cwd: str | None = None) -> dict[str, float]:
    """Median import time per module, each in a fresh interpreter (isolated: no repo on sys.path); runs interleave
    the modules so that disk-cache warmth and machine load fall on both sides alike."""
    samples: dict[str, list[float]] = {m: [] for m in modules}
    for run in range(runs + 1):
        for module in modules:
            code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
            out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, check=True, cwd=cwd)
            if run:  # the first round only warms the disk cache and writes bytecode
                samples[module].append(float(out.stdout.strip()))
    return {m: statistics.median(v) for m, v in samples.items()}


def bench_install(imports: int, with_cli: bool) -> list[str]:
    lines: list[str] = []
    uv = _uv()
    if uv is None:
        return [*lines, "**Not measured**: no uv on PATH or in .tools/bin (run `make setup`).", ""]
    with tempfile.TemporaryDirectory(prefix="unihook-bench-") as tmp:
        dist = Path(tmp) / "dist"
        proc = subprocess.run(
            [uv, "build", "--wheel", "--quiet", "-o", str(dist)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=_uv_env(),
        )
        wheels = sorted(dist.glob("unihook-*.whl"))
        if proc.returncode != 0 or not wheels:
            why = _failure(proc) if proc.returncode else "no unihook-*.whl produced"
            return [*lines, f"**Not measured: the wheel build failed** (`uv build --wheel`, {why}).", ""]
        wheel = wheels[-1]
        with zipfile.ZipFile(wheel) as archive:
            tops = sorted({n.split("/", 1)[0] for n in archive.namelist() if ".dist-info/" not in n})
        lines.append(
            f"Wheel `{wheel.name}`: {wheel.stat().st_size / 1e6:.2f} MB, top-level {', '.join(tops)}. Its dependencies "
            "resolve afresh from the package index (the newest matching versions, not uv.lock's); pip and setuptools "
            "are not counted."
        )
        lines.append("")
        core = _install(uv, Path(tmp) / "core", str(wheel))
        if "error" in core:
            return [*lines, f"**Not measured: core install failed**: {core['error']}.", ""]
        installs = [("`unihook`", core)]
        if with_cli:
            installs.append(("`unihook[cli]` (context)", _install(uv, Path(tmp) / "cli", f"{wheel}[cli]")))
        lines += [
            "| install | distributions | MB added to site-packages | distributions installed |",
            "|---|---:|---:|---|",
        ]
        for label, found in installs:
            if "error" in found:
                lines.append(f"| {label} | | | not measured: {found['error']} |")
                continue
            names = ", ".join(found["dists"]) + (f" ({found['note']})" if found["note"] else "")
            lines.append(f"| {label} | {len(found['dists'])} | {found['added_bytes'] / 1e6:.1f} | {names} |")
        lines.append("")

        python = core["python"]
        where = subprocess.run(
            [python, "-I", "-c", "import unihook; print(unihook.__file__)"], capture_output=True, text=True, cwd=tmp
        )
        if where.returncode != 0:
            why = _failure(where)
            return [*lines, f"**Cold import not measured**: `import unihook` fails in the core venv ({why}).", ""]
        imported_from = where.stdout.strip()
        if not imported_from.startswith(tmp):
            lines += [f"**WARNING**: `import unihook` in the fresh venv resolved to {imported_from}.", ""]
        cold = _cold_imports(python, ("httpx", "unihook"), imports, cwd=tmp)
        ratio = cold["unihook"] / cold["httpx"]
        verdict = "met" if ratio <= IMPORT_BOUND else "NOT met"
        lines += [
            f"Cold imports in that venv (median of {imports} fresh `python -I` interpreters, interleaved):",
            "",
            "| module | ms |",
            "|---|---:|",
            f"| httpx | {cold['httpx'] * 1e3:.1f} |",
            f"| unihook | {cold['unihook'] * 1e3:.1f} |",
            "",
            f"Ratio {ratio:.2f} (bound ≤ {IMPORT_BOUND}): {verdict}.",
            "",
        ]
    return lines


# --- generate, rate limit, fan-out ---------------------------------------------------------------------------


def bench_generate() -> list[str]:
    lines: list[str] = []
    script = ROOT / "scripts" / "generate.py"
    try:
        start = time.perf_counter()
        subprocess.run([sys.executable, str(script), "--force"], check=True, capture_output=True, text=True)
        full = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True)
        noop = time.perf_counter() - start
    except subprocess.CalledProcessError as exc:
        return [*lines, f"**Not measured**: scripts/generate.py failed ({_failure(exc)}).", ""]
    return [*lines, f"Full (5 vendors, clients + sandbox models): {full:.2f} s; no-op: {noop:.2f} s.", ""]


def _sandbox_server() -> Any:
    from unihook_sandbox import SandboxServer

    return SandboxServer()


def bench_rate_limit(creates: int) -> list[str]:
    lines: list[str] = []
    try:
        server = _sandbox_server()
    except ImportError as exc:
        return [*lines, f"**Not measured**: the sandbox is not importable ({exc}).", ""]
    statuses: list[int] = []
    with server:
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
    efficiency, provoked = (creates - 1) / 2.0 / elapsed, statuses.count(429)
    return [
        *lines,
        f"{creates} creates: achieved {efficiency:.3f} of the limit (aim ≥ 0.95); 429s provoked: {provoked}.",
        "",
    ]


async def _fan_out(server_url: str, total: int, concurrency: int) -> tuple[float, float]:
    base_urls = {v: f"{server_url}/{v}" for v in VENDORS}
    # Flxpoint is paced at 2 req/s per token by design; the fan-out measures the other four vendors' overhead.
    vendors = [v for v in VENDORS if v != "flxpoint"]
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

    write_headers = {v: {**RAW_HEADERS[v], "Content-Type": MEDIA[v]} for v in vendors}
    async with httpx.AsyncClient(limits=limits) as raw:

        async def raw_one(i: int) -> None:
            vendor = vendors[i % len(vendors)]
            method, path, body = raw_create_request(vendor, f"https://example.com/fan/{i}")
            content = json.dumps(body, separators=(",", ":")).encode()
            async with semaphore:
                response = await raw.request(
                    method, base_urls[vendor] + path, content=content, headers=write_headers[vendor]
                )
                response.raise_for_status()
                response.json()

        start = time.perf_counter()
        await asyncio.gather(*(raw_one(i) for i in range(total)))
        raw_s = time.perf_counter() - start
    return raw_s, facade_s


def bench_fan_out(total: int, concurrency: int = FAN_OUT_CONCURRENCY) -> list[str]:
    lines: list[str] = []
    try:
        server = _sandbox_server()
    except ImportError as exc:
        return [*lines, f"**Not measured**: the sandbox is not importable ({exc}).", ""]
    with server:
        raw_s, facade_s = asyncio.run(_fan_out(server.url, total, concurrency))
    return [
        *lines,
        f"{total} creates over Commerce Layer, BLAZE, Shipping Channels and Pack.cloud (Flxpoint is paced at",
        f"2 req/s by design and left out): raw httpx.AsyncClient {raw_s:.2f} s, unihook.AsyncClient {facade_s:.2f} s,",
        f"ratio {facade_s / raw_s:.2f}.",
        "",
    ]


# --- main ----------------------------------------------------------------------------------------------------


def bench_receiving(triggers: int) -> list[str]:
    """verify() throughput on a 2 KB Commerce Layer delivery, and trigger -> handler latency on the sandbox."""
    import base64
    import hashlib
    import hmac
    import threading

    from unihook import webhooks
    from unihook._listen import Heard, Listener

    secret = "bench-shared-secret-0123456789abcdef"  # noqa: S105 - a made-up key for a local benchmark
    attributes = {"number": "1001", "note": "x" * 1900}
    body = json.dumps({"data": {"id": "xYZ", "type": "orders", "attributes": attributes}}).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    headers = {"X-CommerceLayer-Topic": "orders.place", "X-CommerceLayer-Signature": signature}
    number = 5000
    best = min(
        timeit.timeit(lambda: webhooks.verify("commercelayer", body, headers, secret), number=number) for _ in range(5)
    )
    lines = [
        f"`webhooks.verify` of a {len(body)}-byte Commerce Layer delivery: {number / best:,.0f} deliveries/s "
        f"({best / number * 1e6:.1f} µs each, best of 5 x {number}).",
        "",
    ]
    arrived = threading.Event()
    latencies: list[float] = []
    started = [0.0]

    def on_delivery(heard: Heard) -> None:
        latencies.append(time.perf_counter() - started[0])
        arrived.set()

    with _sandbox_server() as sandbox, Listener(on_delivery) as listener:
        hub = unihook.Client(
            commercelayer_access_token="bench",  # noqa: S106 - the sandbox takes any credential
            base_urls={"commercelayer": sandbox.base_url("commercelayer")},
        )
        sub = hub.create("commercelayer", url=f"{listener.url}/commercelayer", events=["orders.place"])
        listener.secrets["commercelayer"] = [sub.secret or ""]
        for _ in range(triggers):
            arrived.clear()
            started[0] = time.perf_counter()
            sandbox.trigger("commercelayer", "orders.place", {"number": "1001"})
            arrived.wait(10)
        hub.close()
    median = statistics.median(latencies)
    lines += [
        f"Trigger -> verified handler on the sandbox (127.0.0.1): median {median * 1000:.1f} ms over "
        f"{len(latencies)} triggers (min {min(latencies) * 1000:.1f} ms).",
        "",
    ]
    return lines


# --- fleets: many accounts, many processes ---------------------------------------------------------------------

FLEET_VENDORS = ("commercelayer", "blaze", "shipping_channels", "packcloud")  # no per-token limit
FLEET_SECRET = {"commercelayer": "access_token", "blaze": "partner_key", "shipping_channels": "api_key"}


@contextlib.contextmanager
def _sandbox_process() -> Iterator[str]:
    """The sandbox in its own process (`unihook sandbox`), so the clients measured do not share its GIL."""
    sys.path.insert(0, str(ROOT))
    from tests.redis_server import free_port

    port = free_port()
    command = [str(Path(sys.executable).parent / "unihook"), "sandbox", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}/_admin/state", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the sandbox did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fleet_file(accounts: int, flxpoint: int, environ: dict[str, str]) -> str:
    """A plan file of `accounts` accounts, `flxpoint` of them Flxpoint, the rest spread over FLEET_VENDORS; one
    subscription each. Credentials go into `environ` and are named as ${VAR}."""
    lines = ["accounts:"]
    entries = ["subscriptions:"]
    for n in range(accounts):
        vendor = "flxpoint" if n < flxpoint else FLEET_VENDORS[n % len(FLEET_VENDORS)]
        name = f"acct-{n:04d}"
        var = f"BENCH_FLEET_{n:04d}"
        environ[var] = f"bench-{vendor}-{n}-{time.time_ns()}"
        if vendor == "flxpoint":
            credentials = f'{{api_token: "${{{var}}}"}}'
        elif vendor == "blaze":
            credentials = f'{{partner_key: "${{{var}}}", developer_key: "${{{var}}}"}}'
        elif vendor == "packcloud":
            credentials = f'{{api_token: "${{{var}}}", organization_id: org-{n}}}'
        else:
            credentials = f'{{{FLEET_SECRET[vendor]}: "${{{var}}}"}}'
        lines.append(f"  {name}: {{vendor: {vendor}, credentials: {credentials}}}")
        event = EVENTS[vendor][0]
        secret = f", secret: {SECRETS[vendor]}" if vendor in SECRETS else ""
        entries.append(f"  - {{account: {name}, url: https://fleet.example.com/{n}, events: [{event}]{secret}}}")
    return "\n".join(lines + entries) + "\n"


def bench_fleet(accounts: int, flxpoint: int, levels: tuple[int, ...]) -> list[str]:
    from unihook._fleet import reconcile, targets
    from unihook._plan import parse_plan

    environ: dict[str, str] = {}
    text = _fleet_file(accounts, flxpoint, environ)
    lines = [
        f"A plan file of {accounts} accounts ({flxpoint} Flxpoint, paced at 2 req/s each; the rest spread over "
        f"{', '.join(FLEET_VENDORS)}), one subscription each, applied from empty against the sandbox (its own "
        "process). Requests: every HTTP exchange (each account lists, then creates). The sandbox keeps one store "
        "per vendor, not per account, so each account's list also returns the registrations the accounts before "
        "it made: lists grow with the fleet, where a real vendor's stay per account.",
        "",
        "| backend | concurrency | wall time | requests | requests/s | converged | 429s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    sys.path.insert(0, str(ROOT))
    from tests import redis_server

    with _sandbox_process() as url, redis_server.running() as redis:
        for vendor in ("flxpoint", *FLEET_VENDORS):
            os.environ[f"UNIHOOK_{vendor.upper()}_BASE_URL"] = f"{url}/{vendor}"
        plan_file = parse_plan(text, environ={**os.environ, **environ})
        found = targets(plan_file, prune=False)
        runs = [("in-process", level) for level in levels] + [("Redis", levels[-1])]
        for backend, concurrency in runs:
            httpx.post(f"{url}/_admin/reset", timeout=10).raise_for_status()
            statuses: list[int] = []
            limits = httpx.Limits(max_connections=concurrency * 2, max_keepalive_connections=concurrency * 2)
            hooks = {"response": [lambda r, seen=statuses: seen.append(r.status_code)]}
            with tempfile.TemporaryDirectory() as locks, httpx.Client(limits=limits, event_hooks=hooks) as http:
                coordination: unihook.Coordination = (
                    unihook.LocalCoordination(lock_dir=locks)
                    if backend == "in-process"
                    else unihook.RedisCoordination(redis.url)
                )
                start = time.perf_counter()
                outcomes = reconcile(
                    plan_file,
                    found,
                    applying=True,
                    prune=False,
                    coordination=coordination,
                    concurrency=concurrency,
                    http_client=http,
                )
                elapsed = time.perf_counter() - start
            converged = sum(1 for o in outcomes if o.converged(applying=True))
            lines.append(
                f"| {backend} | {concurrency} | {elapsed:.1f} s | {len(statuses)} | {len(statuses) / elapsed:.0f} "
                f"| {converged}/{len(outcomes)} | {statuses.count(429)} |"
            )
    return [*lines, ""]


_WORKER = """
import json, sys, time, httpx, unihook
url, token, base, n, index = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
events = []
http = httpx.Client(event_hooks={"response": [lambda r: events.append((time.time(), r.status_code))]})
hub = unihook.Client(flxpoint_api_token=token, base_urls={"flxpoint": base}, http_client=http, coordination=url)
start = time.time()
for i in range(n):
    hub.create("flxpoint", url=f"https://example.com/multi/{index}/{i}", events=["OrderImportedEvent"])
print(json.dumps({"start": start, "events": events}))
"""


def bench_multiprocess(processes: int, creates: int) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests import redis_server

    token = f"bench-multi-{time.time_ns()}"
    with redis_server.running() as redis, _sandbox_process() as url:
        base = f"{url}/flxpoint"
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", _WORKER, redis.url, token, base, str(creates), str(i)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for i in range(processes)
        ]
        reports = [json.loads(worker.communicate(timeout=600)[0]) for worker in workers]
    answers = sorted(t for report in reports for t, _status in report["events"])
    statuses = [status for report in reports for _t, status in report["events"]]
    # n answers paced at 2/s span (n - 1) half-seconds at best: first answer to last.
    span = answers[-1] - answers[0]
    rate = (len(answers) - 1) / span if span > 0 else float("nan")
    return [
        f"{processes} processes × {creates} Flxpoint creates on one token, sharing pacing through a real Redis "
        f"(`RedisCoordination`), against the sandbox's 2 req/s limit: {len(answers)} requests in {span:.1f} s, "
        f"an aggregate {rate:.2f} req/s = {rate / 2:.3f} of the limit (aim ≥ 0.9); 429s answered: "
        f"{statuses.count(429)}.",
        "",
    ]


def self_check() -> int:
    if UNIHOOK_BROKEN:
        print(UNIHOOK_BROKEN)
        return 2
    rows = [check_row(v, op) for v in VENDORS for op in OPERATIONS if op not in UNSUPPORTED.get(v, ())]
    for row in rows:
        label = LABEL.get(row.operation, row.operation)
        verdict = "DIFFERS" if row.warning else "same"
        print(f"{verdict:<8} {row.vendor:<18} {label:<20} {row.exchange:<10} {row.warning}")
    bad = sum(1 for row in rows if row.warning)
    print(f"{len(rows) - bad} of {len(rows)} rows: both sides sent identical requests.")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer samples everywhere: a fast smoke run")
    parser.add_argument("--self-check", action="store_true", help="only compare both sides' requests, row by row")
    parser.add_argument("--number", type=int, help="calls per timing sample (default 300; --quick 50)")
    parser.add_argument("--repeat", type=int, help="interleaved samples per side (default 7; --quick 3)")
    parser.add_argument("--imports", type=int, help="cold imports per module (default 15; --quick 5)")
    parser.add_argument("--creates", type=int, help="Flxpoint creates, rate-limit figure (default 21; --quick 5)")
    parser.add_argument("--fan-out", type=int, help="creates in the async fan-out (default 500; --quick 100)")
    parser.add_argument("--accounts", type=int, help="accounts in the fleet plan (default 1000; --quick 100)")
    parser.add_argument("--multi-creates", type=int, help="Flxpoint creates per process (default 10; --quick 4)")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("overhead", "install", "generate", "sandbox", "fleet"),
        help="a section",
    )
    parser.add_argument("--only", action="append", default=[], help="run only these sections (keys as --skip)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md", help="where to write the report")
    args = parser.parse_args()
    if args.self_check:
        return self_check()
    quick = args.quick

    def pick(given: int | None, full: int, fast: int) -> int:
        return given if given is not None else (fast if quick else full)

    number, repeat = pick(args.number, 300, 50), pick(args.repeat, 7, 3)
    fan_out = pick(args.fan_out, 500, 100)
    mode = " (`--quick`: few samples, figures are rough)" if quick else ""
    lines = ["# unihook benchmarks", "", f"Python {sys.version.split()[0]}, {sys.platform}; `make bench`{mode}.", ""]
    sections: list[tuple[str, str, Callable[[], list[str]]]] = [
        (
            "overhead",
            "Facade overhead over raw httpx (same exchange on the same MockTransport)",
            lambda: report_overhead(bench_overhead(number, repeat)),
        ),
        (
            "install",
            "Core-only install (the built wheel, without extras, in a fresh venv)",
            lambda: bench_install(pick(args.imports, 15, 5), with_cli=not quick),
        ),
        ("generate", "make generate", bench_generate),
        (
            "sandbox",
            "Rate-limit efficiency (Flxpoint, 2 req/s per token, sandbox)",
            lambda: bench_rate_limit(pick(args.creates, 21, 5)),
        ),
        ("sandbox", f"Async fan-out (sandbox, concurrency {FAN_OUT_CONCURRENCY})", lambda: bench_fan_out(fan_out)),
        ("sandbox", "Receiving (verify throughput; trigger -> handler latency)", lambda: bench_receiving(20)),
        (
            "fleet",
            "Fleets: a 1,000-account plan applied at concurrency 1, 8 and 32",
            lambda: bench_fleet(pick(args.accounts, 1000, 100), 20, (1, 8, 32)),
        ),
        (
            "fleet",
            "Fleets: several processes on one Flxpoint token (Redis)",
            lambda: bench_multiprocess(3, pick(args.multi_creates, 10, 4)),
        ),
    ]
    for key, title, run in sections:
        if key in args.skip or (args.only and key not in args.only):
            continue
        lines += [f"## {title}", ""]
        if UNIHOOK_BROKEN and key in ("overhead", "sandbox"):
            lines += [f"**Not measured**: {UNIHOOK_BROKEN}.", ""]
            continue
        try:
            lines += run()
        except Exception as exc:  # noqa: BLE001 - one failing section (tree in flux) must not lose the others
            lines += [f"**Not measured**: {type(exc).__name__}: {exc}".rstrip(": ") + ".", ""]

    report = "\n".join(lines)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # `make mutate` keeps its own section in the same file (scripts/mutate.py): carry it over.
    previous = args.output.read_text() if args.output.exists() else ""
    begin, end = previous.find("<!-- mutate:begin -->"), previous.find("<!-- mutate:end -->")
    if 0 <= begin < end:
        report = report.rstrip("\n") + "\n\n" + previous[begin : end + len("<!-- mutate:end -->")] + "\n"
    args.output.write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

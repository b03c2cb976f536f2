"""The sandbox delivers: what a delivery is, the sandbox's own envelope and signing scheme, and the sending.

Each stand-in shapes and signs its vendor's deliveries (`VendorApi.deliveries`); this module sends them, to the
registered URLs only and to any host (the user's receiver), with retries, exponential backoff and a bounded
time per attempt, and names no vendor.

The sandbox's own scheme, for vendors that sign deliveries without documenting how (and, unsigned, for vendors
that document no signing at all): NOT any vendor's scheme, an invention of the sandbox, said so in the trigger's
answer (`"signature": "sandbox"`):
    body      {"event": EVENT, "data": {...}}, compact UTF-8 JSON
    headers   Content-Type: application/json
              X-Unihook-Sandbox-Event: EVENT
              X-Unihook-Sandbox-Signature: base64(HMAC-SHA256(raw body, key = the registration's secret, UTF-8))
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import httpx

from ._core import DeliverySettings

SANDBOX_EVENT_HEADER = "X-Unihook-Sandbox-Event"
SANDBOX_SIGNATURE_HEADER = "X-Unihook-Sandbox-Signature"
USER_AGENT = "unihook-sandbox"
# Extra seconds a caller waiting for a trigger's answer allows beyond the slowest possible delivery.
ANSWER_MARGIN_SECONDS = 5.0

# Who designed a delivery's signature: the vendor (documented), the sandbox (its own scheme, standing in for an
# undocumented one), or nobody (unsigned).
Signature = Literal["vendor", "sandbox"] | None


@dataclass(frozen=True)
class Delivery:
    """One POST to one registered URL, as a stand-in shapes it."""

    registration: str | int
    url: str
    body: bytes
    headers: Mapping[str, str]
    signature: Signature
    # Why the vendor would not send it at all (e.g. "circuit open"): reported as "skipped: <reason>".
    skipped: str | None = None
    # Told once whether the delivery succeeded (after its last attempt); never for a skipped delivery.
    on_outcome: Callable[[bool], None] | None = None


def json_bytes(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def hmac_sha256_base64(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def sandbox_delivery(
    registration: str | int, url: str, event: str, data: dict[str, Any] | None, secret: str | None = None
) -> Delivery:
    """A delivery in the sandbox's own envelope; signed with the sandbox's own scheme when `secret` is given."""
    body = json_bytes({"event": event, "data": {} if data is None else data})
    headers = {"Content-Type": "application/json", SANDBOX_EVENT_HEADER: event}
    if secret is not None:
        headers[SANDBOX_SIGNATURE_HEADER] = hmac_sha256_base64(body, secret)
    return Delivery(registration, url, body, headers, "sandbox" if secret is not None else None)


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default verifying context, built once: building it (loading the CA bundle) takes ~25 ms, which
    every new client would otherwise add to a trigger's latency."""
    return httpx.create_ssl_context()


def backoff_seconds(settings: DeliverySettings, failed_attempt: int) -> float:
    """The wait after failed attempt `failed_attempt` (1-based)."""
    return settings.delivery_backoff * settings.delivery_backoff_factor ** (failed_attempt - 1)


def longest_seconds(settings: DeliverySettings) -> float:
    """An upper bound on how long one trigger's deliveries take (they run side by side)."""
    attempts = settings.delivery_attempts
    waits = sum(backoff_seconds(settings, attempt) for attempt in range(1, attempts))
    return attempts * settings.delivery_timeout + waits


async def deliver(deliveries: Sequence[Delivery], settings: DeliverySettings) -> list[dict[str, Any]]:
    """Send every delivery (side by side) and report each: registration, url, final status (None when the last
    attempt got no answer), attempts, outcome ("delivered", "failed" or "skipped: <reason>"), signature, error."""
    if not deliveries:
        return []
    # No redirects (a 3xx is a failed attempt: the sandbox posts only to registered URLs), no proxies or other
    # environment settings (receivers are usually on this machine), and no connection limit: every delivery is
    # under way at once, so no attempt waits for a free connection and `longest_seconds` bounds the whole.
    async with httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        verify=tls_context(),
        timeout=httpx.Timeout(settings.delivery_timeout),
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
        headers={"User-Agent": USER_AGENT},
    ) as client:
        return list(await asyncio.gather(*(_deliver_one(client, item, settings) for item in deliveries)))


async def _deliver_one(client: httpx.AsyncClient, delivery: Delivery, settings: DeliverySettings) -> dict[str, Any]:
    report: dict[str, Any] = {
        "registration": delivery.registration,
        "url": delivery.url,
        "status": None,
        "attempts": 0,
        "outcome": f"skipped: {delivery.skipped}",
        "signature": delivery.signature,
        "error": None,
    }
    if delivery.skipped is not None:
        return report
    delivered = False
    for attempt in range(1, settings.delivery_attempts + 1):
        status, error, retryable = await _attempt(client, delivery, settings.delivery_timeout)
        report.update(status=status, attempts=attempt, error=error)
        delivered = status is not None and 200 <= status < 300
        if delivered or not retryable or attempt == settings.delivery_attempts:
            break
        await asyncio.sleep(backoff_seconds(settings, attempt))
    if not delivered and report["error"] is None:
        status = report["status"]
        report["error"] = f"HTTP {status}" + (" (redirects are not followed)" if 300 <= status < 400 else "")
    report["outcome"] = "delivered" if delivered else "failed"
    if delivery.on_outcome is not None:
        delivery.on_outcome(delivered)
    return report


async def _attempt(
    client: httpx.AsyncClient, delivery: Delivery, timeout: float
) -> tuple[int | None, str | None, bool]:
    """(status or None, error or None, worth retrying) of one POST, cut off after `timeout` seconds in all
    (httpx's own timeouts apply to each phase); the response body is never read."""
    try:
        async with asyncio.timeout(timeout):
            async with client.stream(
                "POST", delivery.url, content=delivery.body, headers=dict(delivery.headers)
            ) as response:
                return response.status_code, None, True
    except (TimeoutError, httpx.TimeoutException):
        return None, f"no answer within {timeout:g} s", True
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        # The registered URL can never be posted to: retrying would not help.
        return None, f"{type(exc).__name__}: {exc}", False
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {str(exc) or 'no response'}", True

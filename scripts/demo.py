"""`make demo`: the main job on the embedded sandbox, no credentials needed.

Starts the sandbox on 127.0.0.1, then through the facade creates, lists, updates, disables and deletes a
subscription on each of the five vendors and prints what happened as a table. Then the receiving half: a
Commerce Layer webhook pointing at a local receiver, `orders.place` triggered in the sandbox, and the signed
delivery verified with the webhook's shared secret. Stops everything at the end.
"""

from __future__ import annotations

import sys
import threading
import time

from rich.console import Console
from rich.table import Table

import unihook
from unihook_sandbox import SandboxServer

DEMO_CREDENTIALS = {
    "flxpoint_api_token": "demo-flxpoint",
    "commercelayer_access_token": "demo-commercelayer",
    "blaze_partner_key": "demo-partner",
    "blaze_developer_key": "demo-developer",
    "shipping_channels_api_key": "demo-shipping",
    "packcloud_api_token": "demo-packcloud",
    "packcloud_organization_id": "demo-org",
}
EVENTS = {
    "flxpoint": ["OrderImportedEvent"],
    "commercelayer": ["orders.place"],
    "blaze": ["NEW_CONSUMER_ORDER"],
    "shipping_channels": ["shipping_channel.created", "tracking_parcel.status_changed"],
    "packcloud": ["order.created"],
}


def run_vendor(hub: unihook.Client, vendor: str) -> list[str]:
    cells = []
    url = f"https://example.com/hooks/{vendor}"
    sub = hub.create(vendor, url=url, events=EVENTS[vendor])
    cells.append(f"{sub.id} {', '.join(sub.events)}")
    listed = [s for s in hub.list(vendor) if s.id == sub.id]
    cells.append(f"found ({sum(1 for _ in hub.list(vendor))} total)" if listed else "MISSING")
    updated = hub.update(vendor, sub.id, url=url + "/v2")
    cells.append(updated.url.removeprefix("https://example.com/hooks"))
    try:
        disabled = hub.disable(vendor, sub.id)
        cells.append(f"active={disabled.active}")
    except unihook.UnsupportedOperation:
        cells.append("[yellow]unsupported[/]")
    try:
        hub.delete(vendor, sub.id)
        gone = all(s.id != sub.id for s in hub.list(vendor))
        note = " (soft)" if vendor == "flxpoint" else ""
        cells.append(f"deleted{note}" if gone else "STILL LISTED")
    except unihook.UnsupportedOperation:
        cells.append("[yellow]unsupported[/] (disabled instead)")
    return cells


def receive_one(hub: unihook.Client, server: SandboxServer, console: Console) -> bool:
    """Register a Commerce Layer webhook at a local receiver, trigger orders.place, show the verified delivery."""
    from unihook._listen import Heard, Listener

    heard: list[Heard] = []
    arrived = threading.Event()

    def on_delivery(delivery: Heard) -> None:
        heard.append(delivery)
        arrived.set()

    with Listener(on_delivery) as listener:
        sub = hub.create("commercelayer", url=f"{listener.url}/commercelayer", events=["orders.place"])
        listener.secrets["commercelayer"] = [sub.secret or ""]  # the vendor made it: Subscription.secret
        answer = server.trigger("commercelayer", "orders.place", {"number": "ORDER-1001"})
        arrived.wait(timeout=10)
        hub.delete("commercelayer", sub.id)
    outcome = ", ".join(f"{d['outcome']} ({d['attempts']} attempt)" for d in answer["deliveries"])
    console.print(f"trigger commercelayer orders.place -> {outcome}", markup=False)
    if not heard:
        console.print("[red]no delivery arrived[/]")
        return False
    console.print(f"received: {heard[0].line()}", markup=False)
    return heard[0].verified is True


def main() -> int:
    console = Console() if sys.stdout.isatty() else Console(width=150)
    started = time.perf_counter()
    failures = 0
    with SandboxServer() as server:
        console.print(f"sandbox serving the five APIs at {server.url}/<vendor>")
        base_urls = {vendor: server.base_url(vendor) for vendor in unihook.VENDORS}
        table = Table(title="unihook demo: one subscription's life on each vendor")
        for column in ("vendor", "create", "list", "update url", "disable", "delete"):
            table.add_column(column)
        with unihook.Client(**DEMO_CREDENTIALS, base_urls=base_urls) as hub:
            for vendor in unihook.VENDORS:
                try:
                    table.add_row(vendor, *run_vendor(hub, vendor))
                except unihook.UnihookError as exc:
                    failures += 1
                    table.add_row(vendor, f"[red]{type(exc).__name__}: {exc}[/]", "", "", "", "")
        console.print(table)
        console.print("\nReceiving: a signed Commerce Layer delivery, verified with the webhook's shared secret")
        with unihook.Client(**DEMO_CREDENTIALS, base_urls=base_urls) as hub:
            if not receive_one(hub, server, console):
                failures += 1
    console.print(f"done in {time.perf_counter() - started:.1f} s; sandbox stopped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

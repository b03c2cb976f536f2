"""The same job on every vendor at once, with AsyncClient and asyncio.gather.

Creates one subscription on each configured vendor concurrently, counts what each vendor holds, then removes
what it made (deleting, or disabling where the vendor cannot delete). Flxpoint is still paced at its 2
requests/second per token. Run: python examples/async_fan_out.py
"""

from __future__ import annotations

import asyncio

import unihook

EVENT: dict[unihook.VendorKey, str] = {
    "flxpoint": "OrderImportedEvent",
    "commercelayer": "orders.place",
    "blaze": "NEW_CONSUMER_ORDER",
    "shipping_channels": "shipment.created",
    "packcloud": "order.created",
}


async def count(hub: unihook.AsyncClient, vendor: unihook.VendorKey) -> int:
    n = 0
    async for _ in hub.list(vendor):  # every page
        n += 1
    return n


async def remove(hub: unihook.AsyncClient, sub: unihook.Subscription) -> None:
    if hub.supports(sub.vendor, "delete"):
        await hub.delete(sub.vendor, sub.id)
    else:
        await hub.disable(sub.vendor, sub.id)


async def main() -> None:
    async with unihook.AsyncClient() as hub:
        vendors = [vendor for vendor in unihook.VENDORS if hub.configured(vendor)]
        print(f"configured: {', '.join(vendors) or 'none (see the README: Configuration)'}")

        made = await asyncio.gather(
            *(hub.create(v, url=f"https://example.com/hooks/{v}", events=[EVENT[v]]) for v in vendors)
        )
        for sub in made:
            print(f"{sub.vendor}: created {sub.id}")

        counts = await asyncio.gather(*(count(hub, v) for v in vendors))
        for vendor, n in zip(vendors, counts, strict=True):
            print(f"{vendor}: {n} subscription(s)")

        await asyncio.gather(*(remove(hub, sub) for sub in made))
        print(f"removed the {len(made)} made here")


if __name__ == "__main__":
    asyncio.run(main())

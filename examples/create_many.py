"""One URL for several events on a vendor that holds one event per registration.

Commerce Layer, BLAZE and Pack.cloud register one event each: `create` takes exactly one event there, and
`create_many` makes one registration per event. If one of them fails, those already made are removed again (or
disabled, where the vendor cannot delete) before the error is raised, so nothing is left half-done.
Run: python examples/create_many.py
"""

from __future__ import annotations

import unihook

VENDOR: unihook.VendorKey = "commercelayer"
URL = "https://example.com/hooks/orders"
TOPICS = ["orders.place", "orders.approve", "orders.cancel"]


def main() -> None:
    with unihook.Client() as hub:
        try:
            hub.create(VENDOR, url=URL, events=TOPICS)
        except unihook.InvalidRequest as exc:  # refused before anything was sent
            print(f"create with {len(TOPICS)} events: {exc}")

        subs = hub.create_many(VENDOR, url=URL, events=TOPICS)
        print(f"create_many made {len(subs)} registrations:")
        for sub in subs:
            print(f"  {sub.id}  {', '.join(sub.events)}  {sub.url}")

        # On vendors with many events per registration, create_many is simply create: one subscription.
        many = hub.create_many("shipping_channels", url=URL, events=["shipment.created", "shipment.updated"])
        print(f"shipping_channels: {len(many)} registration for {', '.join(many[0].events)}")

        for sub in [*subs, *many]:
            hub.delete(sub.vendor, sub.id)
        print(f"deleted all {len(subs) + len(many)} again")


if __name__ == "__main__":
    main()

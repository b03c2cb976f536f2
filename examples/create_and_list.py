"""Create a subscription, list every subscription the vendor holds, then remove the one made here.

Like every example here, it reads credentials (and UNIHOOK_<KEY>_BASE_URL) from the environment: see the
README's Quick start to run it against the local sandbox. Run: python examples/create_and_list.py
"""

from __future__ import annotations

import unihook

VENDOR: unihook.VendorKey = "shipping_channels"


def main() -> None:
    with unihook.Client() as hub:
        sub = hub.create(
            VENDOR,
            url="https://example.com/hooks/shipments",
            events=["shipment.created", "shipment.status_changed"],
            name="Shipments",
        )
        print(f"created {sub.vendor} {sub.id}: {sub.url} for {', '.join(sub.events)}")
        # Shipping Channels never shows a signing secret: unihook generated this one, so keep it now.
        print(f"signing secret to verify deliveries with: {'yes' if sub.secret else 'no'}")

        print(f"every {VENDOR} subscription:")
        for s in hub.list(VENDOR):  # follows the vendor's pagination, one page at a time
            state = "active" if s.active else "inactive"
            print(f"  {s.id}  {s.url}  {', '.join(s.events)}  {state}  {s.name or '-'}")

        hub.delete(VENDOR, sub.id)
        print(f"deleted {sub.id} again")


if __name__ == "__main__":
    main()

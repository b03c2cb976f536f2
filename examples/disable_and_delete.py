"""Pause deliveries, resume them, and remove a subscription, on vendors that do these differently.

Commerce Layer can disable and delete; BLAZE has no enabled/disabled state (delete and re-create instead);
Pack.cloud cannot delete (disable instead). `Client.supports` says which operations a vendor has, and an
unsupported one raises `UnsupportedOperation` before anything is sent. Run: python examples/disable_and_delete.py
"""

from __future__ import annotations

import unihook

ONE_EVENT: dict[unihook.VendorKey, str] = {
    "commercelayer": "orders.place",
    "blaze": "NEW_CONSUMER_ORDER",
    "packcloud": "order.created",
}


def main() -> None:
    with unihook.Client() as hub:
        for vendor, event in ONE_EVENT.items():
            sub = hub.create(vendor, url=f"https://example.com/hooks/{vendor}", events=[event])
            print(f"{vendor}: created {sub.id} (active: {sub.active})")

            if hub.supports(vendor, "disable"):
                print(f"  disabled: active {hub.disable(vendor, sub.id).active}")
                print(f"  enabled again: active {hub.enable(vendor, sub.id).active}")
            else:
                try:
                    hub.disable(vendor, sub.id)
                except unihook.UnsupportedOperation as exc:
                    print(f"  cannot disable: {exc}")

            if hub.supports(vendor, "delete"):
                hub.delete(vendor, sub.id)
                print(f"  deleted {sub.id}")
            else:
                hub.disable(vendor, sub.id)
                print(f"  {vendor} cannot delete: disabled {sub.id} instead")


if __name__ == "__main__":
    main()

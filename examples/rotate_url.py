"""Move a subscription to a new URL and give it a new signing secret, keeping everything else.

`update` changes only the fields it is given; where the vendor needs the whole object (Shipping Channels' PUT
needs the name) unihook reads it first. Run: python examples/rotate_url.py
"""

from __future__ import annotations

import secrets

import unihook

VENDOR: unihook.VendorKey = "shipping_channels"


def main() -> None:
    with unihook.Client() as hub:
        sub = hub.create(
            VENDOR,
            url="https://example.com/hooks/v1",
            events=["shipping_channel.created"],
            name="Channels",
            secret=secrets.token_urlsafe(24),
        )
        print(f"created {sub.id} at {sub.url}")

        new_secret = secrets.token_urlsafe(24)  # store it where your receiver reads it before switching
        moved = hub.update(VENDOR, sub.id, url="https://example.com/hooks/v2", secret=new_secret)
        print(f"moved {moved.id}: {sub.url} -> {moved.url}")
        print(f"kept: name {moved.name!r}, events {', '.join(moved.events)}, active {moved.active}")

        again = hub.get(VENDOR, sub.id)
        assert again.url == "https://example.com/hooks/v2"
        print(f"the vendor now holds {again.url}")

        hub.delete(VENDOR, sub.id)
        print(f"deleted {sub.id}")


if __name__ == "__main__":
    main()

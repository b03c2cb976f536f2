"""What goes wrong, and how to tell: every error unihook raises is a `unihook.UnihookError`.

Run: python examples/errors.py
"""

from __future__ import annotations

from collections.abc import Sequence

import unihook


def create_once(
    hub: unihook.Client, vendor: unihook.VendorKey, url: str, events: Sequence[str]
) -> unihook.Subscription:
    """Create, and when a failure leaves it unknown whether the vendor stored it, look before trying again."""
    try:
        return hub.create(vendor, url=url, events=events)
    except (unihook.APIError, unihook.TransportError) as exc:
        if not exc.may_exist:
            raise
        for sub in hub.list(vendor):
            if sub.url == url and set(sub.events) == set(events):
                return sub
        return hub.create(vendor, url=url, events=events)


def main() -> None:
    with unihook.Client() as hub:
        # Refused locally, nothing sent: bad input or missing configuration.
        try:
            hub.create("commercelayer", url="ftp://example.com/hooks", events=["orders.place"])
        except unihook.InvalidRequest as exc:
            print(f"InvalidRequest: {exc}")

        # The vendor has no such operation; nothing sent.
        try:
            hub.delete("packcloud", "5f0c7a52-0000-4000-8000-000000000000")
        except unihook.UnsupportedOperation as exc:
            print(f"UnsupportedOperation: {exc}")

        # The vendor answered 404.
        try:
            hub.get("commercelayer", "noSuchHook")
        except unihook.NotFoundError as exc:
            print(f"NotFoundError ({exc.status_code}): {exc.message}")

        # The vendor refused the input (400/422); field_errors says which field, where the vendor tells.
        try:
            hub.create("shipping_channels", url="https://example.com/hooks", events=["no.such.event"])
        except unihook.ValidationError as exc:
            print(f"ValidationError ({exc.status_code}): {exc.field_errors}")

        # may_exist: after a 5xx or a dropped connection a create may have been stored all the same.
        sub = create_once(hub, "commercelayer", "https://example.com/hooks/once", ["orders.place"])
        print(f"created {sub.id} once")
        hub.delete("commercelayer", sub.id)

    # 429: unihook paces Flxpoint (2 requests/second per token) and retries a 429 after the vendor's wait.
    # With both turned off, the vendor's own limit shows.
    with unihook.Client(rate_limit=False, max_retries=0) as eager:
        try:
            for _ in range(10):
                list(eager.list("flxpoint"))
            print("no 429 within 10 quick requests")
        except unihook.RateLimitError as exc:
            wait = "no hint" if exc.retry_after is None else f"{exc.retry_after} s"
            print(f"RateLimitError ({exc.status_code}), retry after: {wait}")
        except unihook.UnihookError as exc:  # anything else unihook raises
            print(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()

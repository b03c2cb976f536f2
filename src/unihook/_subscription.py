from __future__ import annotations

import datetime

import attrs

__all__ = ["Subscription"]


@attrs.frozen(kw_only=True)
class Subscription:
    """One webhook registration on one vendor, in vendor-neutral form.

    `events` are the vendor's own event names, unchanged. `active` is None where the vendor has no such state
    (BLAZE). `secret` is the signing secret when the vendor returns it (Commerce Layer, Pack.cloud) or when
    unihook generated it; it never appears in repr() or str(). `vendor_model` is the generated client's model
    of the vendor's own response, for every field the neutral form does not carry.
    """

    vendor: str
    id: str
    url: str
    events: tuple[str, ...]
    active: bool | None = None
    name: str | None = None
    secret: str | None = attrs.field(default=None, repr=False)
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    vendor_model: object = attrs.field(default=None, repr=False, eq=False)

    def __str__(self) -> str:
        state = {True: "active", False: "inactive", None: "-"}[self.active]
        return f"{self.vendor}:{self.id} {self.url} [{', '.join(self.events)}] {state}"

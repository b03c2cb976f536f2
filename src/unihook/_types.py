"""The facade's own types: what a subscription is, and what create and update are asked to do."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

if TYPE_CHECKING:
    from ._vendors import VendorKey, VendorModel

__all__ = ["Changes", "NewSubscription", "Subscription"]


@dataclasses.dataclass(frozen=True, init=False)
class Subscription:
    """One webhook registration on one vendor, in vendor-neutral form.

    `events` are the vendor's own event names, unchanged. `active` is None where the vendor has no such state
    (BLAZE). `secret` is the signing secret when the vendor returns it (Commerce Layer, Pack.cloud) or when
    unihook generated it; it never appears in repr() or str(). `vendor_model` is the generated client's model
    of the vendor's own response, for every field the neutral form does not carry; it is built when first read.
    Instances are immutable, compared and hashed by their neutral fields.
    """

    vendor: VendorKey
    id: str
    url: str
    events: tuple[str, ...]
    active: bool | None = None
    name: str | None = None
    secret: str | None = dataclasses.field(default=None, repr=False)
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    _vendor_model: object = dataclasses.field(default=None, repr=False, compare=False)
    # The vendor's JSON for this subscription and the converter to its generated model (lazy vendor_model).
    _raw: Any = dataclasses.field(default=None, repr=False, compare=False)
    _to_model: Callable[[Any], object] | None = dataclasses.field(default=None, repr=False, compare=False)

    def __init__(
        self,
        vendor: VendorKey,
        id: str,
        url: str,
        events: tuple[str, ...],
        active: bool | None = None,
        name: str | None = None,
        secret: str | None = None,
        created_at: datetime.datetime | None = None,
        updated_at: datetime.datetime | None = None,
        vendor_model: object = None,
        raw: Any = None,
        to_model: Callable[[Any], object] | None = None,
    ) -> None:
        # Frozen: fill __dict__ directly, as a frozen class's generated __init__ does through a slower path
        # (this runs for every item of every list page).
        fields = self.__dict__
        fields["vendor"] = vendor
        fields["id"] = id
        fields["url"] = url
        fields["events"] = events
        fields["active"] = active
        fields["name"] = name
        fields["secret"] = secret
        fields["created_at"] = created_at
        fields["updated_at"] = updated_at
        fields["_vendor_model"] = vendor_model
        fields["_raw"] = raw
        fields["_to_model"] = to_model

    @property
    def vendor_model(self) -> VendorModel:
        """The generated client's model (secrets masked: they are `secret`'s alone); narrow it with isinstance."""
        model = self._vendor_model
        if model is None and self._to_model is not None:
            model = self._to_model(self._raw)
            self.__dict__["_vendor_model"] = model
        return cast("VendorModel", model)

    def __str__(self) -> str:
        state = {True: "active", False: "inactive", None: "-"}[self.active]
        return f"{self.vendor}:{self.id} {self.url} [{', '.join(self.events)}] {state}"


class NewSubscription(NamedTuple):
    """One registration create is asked to make (a tuple: built on every create)."""

    url: str
    events: tuple[str, ...]
    name: str | None = None
    secret: str | None = None
    active: bool = True

    def __repr__(self) -> str:
        return f"NewSubscription(url={self.url!r}, events={self.events!r}, name={self.name!r}, active={self.active!r})"


class Changes(NamedTuple):
    """Fields an update sets; None leaves a field as it is."""

    url: str | None = None
    events: tuple[str, ...] | None = None
    name: str | None = None
    active: bool | None = None
    secret: str | None = None

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True) if k != "secret")
        return f"Changes({shown})"

    def empty(self) -> bool:
        return all(v is None for v in self)

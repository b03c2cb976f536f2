"""The one list of vendor stand-ins: each vendor key, in order, and the class that serves it at `/<key>`.

Every other module reads the keys (`VENDOR_KEYS`) and builds the stand-ins (`stand_ins`) from here; only this
module and the stand-in modules themselves name a vendor. Adding a vendor is one stand-in module and one entry
below.

A stand-in module is imported when the first app is built, not with this module: the stand-ins import `_core`,
which imports this module for the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from ._core import SandboxState, VendorApi


def _flxpoint() -> Callable[[SandboxState], VendorApi]:
    from .flxpoint import FlxpointApi

    return FlxpointApi


def _commercelayer() -> Callable[[SandboxState], VendorApi]:
    from .commercelayer import CommerceLayerApi

    return CommerceLayerApi


def _blaze() -> Callable[[SandboxState], VendorApi]:
    from .blaze import BlazeApi

    return BlazeApi


def _shipping_channels() -> Callable[[SandboxState], VendorApi]:
    from .shipping_channels import ShippingChannelsApi

    return ShippingChannelsApi


def _packcloud() -> Callable[[SandboxState], VendorApi]:
    from .packcloud import PackcloudApi

    return PackcloudApi


# Vendor key -> a loader returning its stand-in class (called with the shared state), in mount order.
STAND_INS: Final[Mapping[str, Callable[[], Callable[[SandboxState], VendorApi]]]] = MappingProxyType(
    {
        "flxpoint": _flxpoint,
        "commercelayer": _commercelayer,
        "blaze": _blaze,
        "shipping_channels": _shipping_channels,
        "packcloud": _packcloud,
    }
)

VENDOR_KEYS: Final[tuple[str, ...]] = tuple(STAND_INS)


def stand_ins(state: SandboxState) -> list[VendorApi]:
    """One stand-in per vendor, in `VENDOR_KEYS` order, all sharing `state`."""
    apis = [STAND_INS[key]()(state) for key in VENDOR_KEYS]
    for key, api in zip(VENDOR_KEYS, apis, strict=True):
        if api.key != key:
            raise RuntimeError(f"the stand-in registered as {key!r} serves {api.key!r}")
    return apis

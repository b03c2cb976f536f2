"""The vendor registry: the one place that lists the vendor keys.

Each key names a module `unihook._vendors.<key>` that declares `VENDOR`, a `Vendor` subclass holding every fact
about that vendor. Adding a vendor is one spec, one vendor file and one line here. A vendor module is imported
the first time its vendor is used, so `import unihook` stays cheap.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING, Final, Literal, get_args

from .._exceptions import InvalidRequest

if TYPE_CHECKING:
    from typing import TypeAlias

    from . import blaze, commercelayer, flxpoint, packcloud, shipping_channels
    from ._spec import Vendor

    #: `Subscription.vendor_model`: the generated client's model of one subscription, per vendor.
    VendorModel: TypeAlias = (
        flxpoint.Model | commercelayer.Model | blaze.Model | shipping_channels.Model | packcloud.Model
    )

VendorKey = Literal[
    "flxpoint",
    "commercelayer",
    "blaze",
    "shipping_channels",
    "packcloud",
]

VENDORS: Final[tuple[VendorKey, ...]] = get_args(VendorKey)

_modules: dict[str, str] = {key: f"{__name__}.{key}" for key in VENDORS}
_loaded: dict[str, type[Vendor]] = {}
_lock = threading.Lock()


def register(key: str, module: str) -> None:
    """Add a vendor declared outside this package (`module` defines VENDOR). Its key then works everywhere a
    built-in one does, at run time (type checkers know only the built-in keys)."""
    if not key.isidentifier() or key != key.lower():
        raise InvalidRequest(f"a vendor key is a lower-case identifier, got {key!r}")
    with _lock:
        _modules[key] = module
        _loaded.pop(key, None)


def unregister(key: str) -> None:
    with _lock:
        if key in VENDORS:
            raise InvalidRequest(f"{key!r} is a built-in vendor")
        _modules.pop(key, None)
        _loaded.pop(key, None)


def registered() -> tuple[str, ...]:
    """Every registered vendor key, built-in ones first."""
    return tuple(_modules)


def check_vendor(vendor: object) -> str:
    if not isinstance(vendor, str) or vendor not in _modules:
        import difflib  # only to word the error

        known = registered()
        close = difflib.get_close_matches(vendor, known, n=1) if isinstance(vendor, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InvalidRequest(f"unknown vendor {vendor!r}{hint} (expected one of: {', '.join(known)})")
    return vendor


def load(vendor: str) -> type[Vendor]:
    """The vendor's class (its module imported on first use)."""
    found = _loaded.get(vendor)
    if found is not None:
        return found
    module = importlib.import_module(_modules[check_vendor(vendor)])
    cls: type[Vendor] = module.VENDOR
    if cls.spec.key != vendor:
        raise InvalidRequest(f"{module.__name__} declares vendor {cls.spec.key!r}, registered as {vendor!r}")
    with _lock:
        _loaded[vendor] = cls
    return cls

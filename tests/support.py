from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
VENDORS = ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")


@functools.cache
def load_spec(vendor: str) -> dict[str, Any]:
    with (SPECS / vendor / "openapi.yaml").open() as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in {"get", "put", "post", "patch", "delete"}:
                found.append((path, method, op))
    return found

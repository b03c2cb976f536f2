"""Credentials and helpers shared by the sandbox tests."""

from __future__ import annotations

import json
import warnings
from typing import Any

with warnings.catch_warnings():
    # starlette 1.x warns that its TestClient prefers httpx2; httpx is what this project ships with.
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient` is deprecated")
    from starlette.testclient import TestClient

__all__ = ["BLAZE", "CL", "FLX", "PACK", "SC", "FakeClock", "TestClient", "cl_document"]

FLX = {"X-API-TOKEN": "flx-token"}
CL = {
    "Authorization": "Bearer cl-token",
    "Accept": "application/vnd.api+json",
    "Content-Type": "application/vnd.api+json",
}
BLAZE = {"x-api-key": "partner-key", "Authorization": "developer-key"}
SC = {"Authorization": "Bearer sc-key"}
PACK = {"Authorization": "Bearer pack-token"}


class FakeClock:
    """Monotonic seconds that move by `step` on every reading, and by hand."""

    def __init__(self, step: float = 1.0) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def cl_document(attributes: dict[str, Any], webhook_id: str | None = None) -> str:
    data: dict[str, Any] = {"type": "webhooks", "attributes": attributes}
    if webhook_id is not None:
        data["id"] = webhook_id
    return json.dumps({"data": data})

"""Defaults a client's signature shows, kept apart so that `import unihook` does not load the engine."""

from __future__ import annotations

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 3

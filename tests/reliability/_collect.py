"""Outcome counts of the fault matrix, kept for the whole session and printed in the terminal summary."""

from __future__ import annotations

from collections import Counter

# case id -> outcome label ("success", "success after retry", "ServerError", ..., "unsupported (skipped)")
MATRIX_OUTCOMES: dict[str, str] = {}
MATRIX_SIZE: dict[str, int] = {}


def summary_lines() -> list[str]:
    if not MATRIX_OUTCOMES:
        return []
    size = MATRIX_SIZE.get("cells", len(MATRIX_OUTCOMES))
    sync = {k: v for k, v in MATRIX_OUTCOMES.items() if not k.startswith("async-")}
    asynchronous = {k: v for k, v in MATRIX_OUTCOMES.items() if k.startswith("async-")}
    lines = [
        f"fault matrix: {size} cells ({MATRIX_SIZE.get('vendors', '?')} vendors x {MATRIX_SIZE.get('operations', '?')} "
        f"operations x {MATRIX_SIZE.get('faults', '?')} faults, Client), {len(sync)} run"
    ]
    lines += _counts(sync)
    if asynchronous:
        lines.append(
            f"fault matrix, AsyncClient: {MATRIX_SIZE.get('async_cells', '?')} cells "
            f"({MATRIX_SIZE.get('async_faults', '?')} faults; read timeout on writes only), {len(asynchronous)} run"
        )
        lines += _counts(asynchronous)
    lines.append(f"all: {len(MATRIX_OUTCOMES)} cells run")
    lines += _counts(MATRIX_OUTCOMES)
    return lines


def _counts(outcomes: dict[str, str]) -> list[str]:
    counts = Counter(outcomes.values())
    return [f"  {label}: {count}" for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

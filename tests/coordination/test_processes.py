"""Several processes sharing one Redis: one vendor budget and one token between them. Each process is
`_worker.py` (a fresh interpreter running unihook), started together behind a Redis barrier; what each one's
HTTP client saw is counted by httpx event hooks and reported on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from unihook._settings import credential_env

from .conftest import unique

WORKER = Path(__file__).with_name("_worker.py")
PROCESSES = 3


def run_workers(jobs: list[dict[str, Any]], env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("UNIHOOK_") and k not in credential_env().values()}
    started = [
        subprocess.Popen(
            [sys.executable, str(WORKER), json.dumps(job)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**base, **(env or {})},
        )
        for job in jobs
    ]
    reports = []
    try:
        for process in started:
            out, err = process.communicate(timeout=90)
            assert process.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()
    return reports


@pytest.mark.slow
def test_three_processes_on_one_flxpoint_token_are_never_refused(sandbox, redis_url):
    """3 processes x 10 creates on one token, paced through UNIHOOK_REDIS_URL: the sandbox (2 requests in any
    second per token, else 429) refuses none, and all 30 are stored. About 15 s: 30 requests at 2/s."""
    token, barrier = unique("flx"), unique("barrier")
    prefix = f"https://hooks.example.com/{unique('processes')}"
    jobs = [
        {
            "job": "flxpoint-creates",
            "count": 10,
            "url_prefix": f"{prefix}/{n}",
            "token": token,
            "base_url": sandbox.base_url("flxpoint"),
            "barrier": barrier,
            "parties": PROCESSES,
        }
        for n in range(PROCESSES)
    ]

    reports = run_workers(jobs, env={"UNIHOOK_REDIS_URL": redis_url})

    statuses = [report["statuses"] for report in reports]
    assert all(s == {"200": 10} for s in statuses), statuses  # 10 answers each, none of them a 429
    stored = {r["webhookUrl"] for r in sandbox.state.records("flxpoint")}
    assert stored == {f"{prefix}/{n}/{i}" for n in range(PROCESSES) for i in range(10)}


def test_three_processes_make_one_token_request_in_all(sandbox, redis_url):
    """3 processes x 50 concurrent first calls with one Commerce Layer client: one grant in all, and every call
    of every process carries the token it gave."""
    client_id, client_secret, barrier = unique("cl-id"), unique("cl-secret"), unique("barrier")
    job = {
        "job": "commercelayer-first-calls",
        "concurrent": 50,
        "client_id": client_id,
        "client_secret": client_secret,
        "base_url": sandbox.base_url("commercelayer"),
        "redis_url": redis_url,
        "barrier": barrier,
        "parties": PROCESSES,
    }

    reports = run_workers([job] * PROCESSES)

    assert [r["lists"] for r in reports] == [50] * PROCESSES
    assert sum(r["token_requests"] for r in reports) == 1, reports
    assert len({token for r in reports for token in r["tokens"]}) == 1, reports

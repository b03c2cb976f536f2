"""Every script in examples/ runs against a live sandbox as a reader would run it (`python examples/x.py`, with
credentials and UNIHOOK_<KEY>_BASE_URL in the environment, nothing else) and exits 0 having printed what it did.

Each script gets a fresh sandbox (`reset()`); the scripts run two at a time on two sandboxes, since each one
mostly waits on its own interpreter's start-up.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest

from unihook_sandbox import SandboxServer

from .conftest import EXAMPLES, sandbox_environ

SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py"))
WORKERS = 2
TIMEOUT = 120  # seconds per script; each takes a few


def _run(script: str, servers: queue.Queue[SandboxServer], scratch: Path) -> subprocess.CompletedProcess[str]:
    server = servers.get()
    try:
        server.reset()
        return subprocess.run(
            [sys.executable, str(EXAMPLES / script)],
            cwd=scratch,  # nothing an example writes lands in the repository
            env=sandbox_environ(server),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    finally:
        servers.put(server)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, subprocess.CompletedProcess[str]]]:
    scratch = tmp_path_factory.mktemp("examples")
    with ExitStack() as stack:
        servers: queue.Queue[SandboxServer] = queue.Queue()
        for _ in range(min(WORKERS, len(SCRIPTS))):
            servers.put(stack.enter_context(SandboxServer()))
        started = time.monotonic()
        with ThreadPoolExecutor(WORKERS) as pool:
            futures = {script: pool.submit(_run, script, servers, scratch) for script in SCRIPTS}
            done = {script: future.result() for script, future in futures.items()}
        print(f"{len(SCRIPTS)} examples in {time.monotonic() - started:.1f} s")
        yield done


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs(script: str, results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = results[script]
    assert result.returncode == 0, f"examples/{script} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.stdout.strip(), f"examples/{script} printed nothing"
    assert "Traceback" not in result.stderr, result.stderr


def test_every_example_file_is_covered() -> None:
    files = sorted(path.name for path in EXAMPLES.iterdir() if not path.name.startswith((".", "__")))
    assert SCRIPTS, "no examples found"
    assert all((EXAMPLES / name).is_file() for name in files), "examples/ holds files only"
    # Scripts are run above; any other file (plan.yaml) must be used by a script.
    sources = "\n".join((EXAMPLES / script).read_text(encoding="utf-8") for script in SCRIPTS)
    unused = [name for name in files if name not in SCRIPTS and f'"{name}"' not in sources]
    assert unused == [], "files in examples/ that no example uses"
    # Each script says what it shows and how to run it.
    for script in SCRIPTS:
        text = (EXAMPLES / script).read_text(encoding="utf-8")
        assert text.startswith('"""'), f"examples/{script} starts with a docstring"
        assert f"python examples/{script}" in text, f"examples/{script}'s docstring says how to run it"
        assert 'if __name__ == "__main__":' in text

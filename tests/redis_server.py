"""A real redis-server for tests: Debian's package (`make test` installs it), started on a free loopback port with
no persistence, stopped when the test session (or the `with` block) ends."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    def __init__(
        self, port: int, process: subprocess.Popen[bytes], directory: Path, password: str | None = None
    ) -> None:
        self.port = port
        self.process = process
        self.directory = directory
        self.password = password

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _binary() -> str:
    found = shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).exists()), None
    )
    if found is None:
        raise RuntimeError("redis-server is not installed: `make test` installs it (Debian's redis-server package)")
    return found


def start(port: int | None = None, *, password: str | None = None) -> RedisServer:
    """`password`: the server requires it (`requirepass`), and `url` carries it."""
    directory = Path(tempfile.mkdtemp(prefix="unihook-redis-"))
    port = port or free_port()
    command = [_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--dir", str(directory), "--daemonize", "no", "--loglevel", "warning"]
    if password:
        command += ["--requirepass", password]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer(port, process, directory, password)
    hello = (f"AUTH {password}\r\n" if password else "").encode() + b"PING\r\n"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited at start with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(hello)
                answer = b""
                while b"\r\n" not in answer or (password and answer.count(b"\r\n") < 2):
                    chunk = sock.recv(64)
                    if not chunk:
                        break
                    answer += chunk
                if b"+PONG" in answer:
                    return server
        except OSError:
            pass
        time.sleep(0.02)
    server.stop()
    raise RuntimeError("redis-server did not answer within 10 s")


@contextmanager
def running(port: int | None = None, *, password: str | None = None) -> Iterator[RedisServer]:
    server = start(port, password=password)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.directory, ignore_errors=True)

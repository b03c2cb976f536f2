"""Running the sandbox: `SandboxServer` (a background thread, for tests) and `serve` (the CLI, blocking)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._app import create_app
from ._core import DeliverySettings, SandboxState, check_vendor
from ._deliver import ANSWER_MARGIN_SECONDS, longest_seconds, tls_context
from ._registry import VENDOR_KEYS

STARTUP_TIMEOUT_SECONDS = 10.0
SHUTDOWN_TIMEOUT_SECONDS = 5.0


def _bound_socket(host: str, port: int) -> socket.socket:
    # proto IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on accepted sockets whose proto says
    # TCP, and without it every response with a body (headers and body are two writes) waits ~40 ms for the
    # client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _whole_requests(app: ASGIApp) -> ASGIApp:
    """Read each request in full off the connection before the app (and a fault) sees it.

    A drop fault closes the connection. Closed with request bytes still unread (the body arriving after the
    headers, as it does whenever the client's thread or the server's loop is held up between the two), the
    kernel answers with a reset instead of a clean close, and the client sees `ConnectionResetError` (httpx
    `ReadError`) at random instead of the server disconnecting without a response. Reading the request first,
    as a server that parses a request before dispatching it does, makes every drop a clean close. The bytes are
    only read: a `drop-before` request is still never processed.
    """

    async def whole(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        read = [await receive()]
        while read[-1]["type"] == "http.request" and read[-1].get("more_body", False):
            read.append(await receive())

        async def replay() -> Message:
            return read.pop(0) if read else await receive()

        await app(scope, replay, send)

    return whole


def _config(app: ASGIApp, log_level: str) -> uvicorn.Config:
    # h11 always (not httptools when installed): the drop faults rely on its request cycle.
    return uvicorn.Config(
        _whole_requests(app), http="h11", lifespan="off", log_level=log_level, timeout_graceful_shutdown=1
    )


class SandboxServer:
    """The sandbox on 127.0.0.1 in a daemon thread; port 0 picks a free port.

    with SandboxServer() as sandbox:
        sandbox.inject("flxpoint", "503")
        httpx.get(sandbox.base_url("flxpoint") + "/webhhok/configurations", headers=...)
    """

    host = "127.0.0.1"

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self.app = create_app()
        self.state: SandboxState = self.app.state.sandbox
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._port: int | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox server is not running: use it as a context manager or call start()")
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def base_url(self, vendor: str) -> str:
        """What replaces the vendor's documented root (UNIHOOK_<KEY>_BASE_URL)."""
        return f"{self.url}/{check_vendor(vendor)}"

    def inject(self, vendor: str, *faults: str) -> None:
        """Queue faults for the vendor's next requests, one per request, in order."""
        self.state.inject(vendor, *faults)

    def reset(self) -> None:
        self.state.reset()

    def configure(self, **settings: object) -> DeliverySettings:
        """Change delivery settings (see `DeliverySettings`), e.g. `configure(delivery_backoff=0)`."""
        return self.state.configure(**settings)

    def trigger(self, vendor: str, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Have `vendor` deliver `event` to its active subscribers (`POST /_admin/trigger`) and return the answer
        once every delivery has its outcome; ValueError when the sandbox refuses the trigger."""
        payload: dict[str, Any] = {"vendor": vendor, "event": event}
        if data is not None:
            payload["data"] = data
        wait = longest_seconds(self.state.settings) + ANSWER_MARGIN_SECONDS
        response = httpx.post(
            f"{self.url}/_admin/trigger", json=payload, timeout=wait, trust_env=False, verify=tls_context()
        )
        answer: dict[str, Any] = response.json()
        if response.status_code != 200:
            raise ValueError(answer.get("error", f"the sandbox answered {response.status_code}"))
        return answer

    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        sock = _bound_socket(self.host, self._requested_port)
        server = uvicorn.Server(_config(self.app, "warning"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="unihook-sandbox", daemon=True)
        self._socket, self._server, self._thread = sock, server, thread
        self._port = sock.getsockname()[1]
        thread.start()
        # Poll: uvicorn exposes only a `started` flag, no event.
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        if not server.started:
            self.stop()
            raise RuntimeError(f"the sandbox server did not start on {self.host}:{self._requested_port}")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(SHUTDOWN_TIMEOUT_SECONDS)
            if self._thread.is_alive() and self._server is not None:
                # Open keep-alive connections or a slow fault still running: stop waiting for them.
                self._server.force_exit = True
                self._thread.join(SHUTDOWN_TIMEOUT_SECONDS)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
        self._port = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def serve(port: int = 8765, host: str = "127.0.0.1") -> None:
    """Serve the sandbox until Ctrl-C (`unihook sandbox --port P`)."""
    sock = _bound_socket(host, port)
    # Listen before announcing the URLs, so that a client started right after the line connects.
    sock.listen(128)
    actual_port = sock.getsockname()[1]
    mounts = " ".join(f"{key}=http://{host}:{actual_port}/{key}" for key in VENDOR_KEYS)
    print(f"unihook sandbox on http://{host}:{actual_port} (Ctrl-C to stop): {mounts}", flush=True)
    server = uvicorn.Server(_config(create_app(), "info"))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the captured SIGINT after its graceful shutdown; that is the normal way out.
        pass
    finally:
        sock.close()

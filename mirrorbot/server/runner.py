"""Run the app on uvicorn in a background thread: for tests, examples and embedding in a bot."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def serve_in_thread(
    app: ASGIApp, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 10.0, log_level: str = "warning"
) -> Iterator[str]:
    """Serve `app` on `host:port` (port 0: a free one) while the block runs; yields the base URL."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level=log_level, lifespan="off", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="mirrorbot-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the server did not start on {host}:{bound_port} within {timeout} s")
        time.sleep(0.01)
    try:
        yield f"http://{host if family == socket.AF_INET else f'[{host}]'}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()

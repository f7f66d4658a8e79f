"""What the fake DeepL and OpenAI servers share: an HTTP server on an ephemeral 127.0.0.1 port,
served from a daemon thread, and its shutdown."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    """Start ``handler`` on a free local port; returns the server and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def shut_down(server: ThreadingHTTPServer | None) -> None:
    """Stop a server made by :func:`serve` (None: nothing to stop)."""
    if server is not None:
        server.shutdown()
        server.server_close()

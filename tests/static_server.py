"""A plain static file server on 127.0.0.1 and a random port, as GitHub Pages would serve a built site."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, seen: list[str] | None = None, **kwargs):
        self.seen = seen
        super().__init__(*args, **kwargs)

    def send_head(self):
        if self.seen is not None:
            self.seen.append(self.path)
        return super().send_head()

    def end_headers(self) -> None:
        # GitHub Pages answers every origin; the extension's static mode relies on it.
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format, *args) -> None:  # keep test output quiet
        pass


@contextmanager
def static_server(directory: Path, seen: list[str] | None = None) -> Iterator[str]:
    """Serve `directory`; yields the base URL ending in '/'. Each path asked for is added to `seen`."""
    handler = functools.partial(_Handler, directory=str(directory), seen=seen)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

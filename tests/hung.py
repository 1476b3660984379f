"""A loopback server that accepts connections and never answers, for deadline tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class HungOrigin(str):
    """The server's origin (``http://127.0.0.1:PORT``); ``accepted`` is set once a
    connection came in (the browser is then waiting for it)."""

    accepted: threading.Event


@contextmanager
def hung_origin(lifetime: float = 180.0) -> Iterator[HungOrigin]:
    """A server that accepts connections, reads requests and never replies.

    It stops when the block ends, or after ``lifetime`` seconds whatever happens."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []
    origin = HungOrigin(f"http://127.0.0.1:{listener.getsockname()[1]}")
    origin.accepted = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)  # kept open, never written to
            origin.accepted.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    timer = threading.Timer(lifetime, stop.set)
    timer.daemon = True
    timer.start()
    try:
        yield origin
    finally:
        stop.set()
        timer.cancel()
        thread.join(timeout=2)
        listener.close()
        for connection in held:
            connection.close()

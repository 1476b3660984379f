"""A loopback server that accepts connections and never answers, for deadline tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def hung_origin(lifetime: float = 120.0) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of a server that reads requests and never replies.

    It stops when the block ends, or after ``lifetime`` seconds whatever happens."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)  # kept open, never written to

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    timer = threading.Timer(lifetime, stop.set)
    timer.daemon = True
    timer.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        timer.cancel()
        thread.join(timeout=2)
        listener.close()
        for connection in held:
            connection.close()

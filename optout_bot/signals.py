"""Ending on request: Ctrl-C (SIGINT) and SIGTERM stop a run the same way.

Both cancel the running work, keep the platforms already finished in the history, mark the
run interrupted and exit 130 (Ctrl-C) or 143 (SIGTERM), as shells do for those signals.

A run started in the background by a script (``optout apply --all &``) or by some
schedulers has SIGINT ignored from the start, as shells do so that a Ctrl-C at the terminal
does not reach it. It keeps ignoring SIGINT, but SIGTERM, which is how such a run is told
to stop, still stops it.
"""

from __future__ import annotations

import asyncio
import signal
from types import FrameType

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_terminated = False


def install() -> None:
    """Let SIGTERM take the path of Ctrl-C (which asyncio turns into a clean cancel)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_terminate)


def _on_terminate(_signum: int, frame: FrameType | None) -> None:
    global _terminated
    _terminated = True
    on_interrupt = signal.getsignal(signal.SIGINT)
    if callable(on_interrupt):
        # asyncio's handler while a run is going (it cancels the run's main task), else
        # Python's own, which raises KeyboardInterrupt
        on_interrupt(signal.SIGINT, frame)
        return
    # SIGINT is ignored (a background job), so asyncio installed no handler of its own.
    # KeyboardInterrupt raised here would land inside whatever task is running; raised by
    # a callback of the loop, it ends the loop instead, which then cancels every task and
    # lets each close its browser pages, as a second Ctrl-C does.
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        raise KeyboardInterrupt from None
    loop.call_soon_threadsafe(_interrupt)


def _interrupt() -> None:
    raise KeyboardInterrupt


def stopped_exit_code() -> int:
    """The exit code of a run stopped by a signal: 143 for SIGTERM, else 130."""
    return EXIT_TERMINATED if _terminated else EXIT_INTERRUPTED

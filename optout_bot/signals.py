"""Ending on request: Ctrl-C (SIGINT) and SIGTERM stop a run the same way.

Both cancel the running work, keep the platforms already finished in the history, mark the
run interrupted and exit 130 (Ctrl-C) or 143 (SIGTERM), as shells do for those signals.
"""

from __future__ import annotations

import signal

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

_terminated = False


def install() -> None:
    """Let SIGTERM take the path of Ctrl-C (which asyncio turns into a clean cancel)."""
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_terminate)


def _on_terminate(_signum: int, _frame: object) -> None:
    global _terminated
    _terminated = True
    signal.raise_signal(signal.SIGINT)


def stopped_exit_code() -> int:
    """The exit code of a run stopped by a signal: 143 for SIGTERM, else 130."""
    return EXIT_TERMINATED if _terminated else EXIT_INTERRUPTED

"""One run at a time per platform account: an advisory file lock under the home.

A second run on the same account waits briefly, then says who holds the lock. A lock held
by a process that died (SIGKILL) is released by the operating system with its file
descriptor, so the next run simply takes it.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from optout_bot.errors import OptoutError
from optout_bot.home import Home, safe_name

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, runs are not serialised
    fcntl = None  # type: ignore[assignment]


class AccountBusy(OptoutError):
    pass


@asynccontextmanager
async def account_lock(home: Home, platform: str, account: str,
                       wait: float = 10.0) -> AsyncIterator[None]:
    path = home.dir("locks") / f"{platform}-{safe_name(account)}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise AccountBusy(_busy_message(path, platform, account)) from None
                    await asyncio.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(),
                                 "since": time.strftime("%Y-%m-%d %H:%M:%S")}).encode())
        yield
    finally:
        os.close(fd)


def _busy_message(path, platform: str, account: str) -> str:
    try:
        holder = json.loads(path.read_text())
        who = f"process {holder['pid']}, running since {holder['since']}"
    except (OSError, ValueError, KeyError):
        who = "another process"
    return (f"Another optout run ({who}) is working on {platform} account {account}. "
            "Wait for it to finish, then try again.")


class RunLock:
    """Held for as long as a run is going: a later start that can take the lock of a run
    never finished knows that run's process is gone (killed, or the machine stopped)."""

    def __init__(self, home: Home, run_id: str):
        self.path = home.dir("locks") / f"run-{safe_name(run_id)}.lock"
        self.fd: int | None = None

    def hold(self) -> RunLock:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return self

    def release(self) -> None:
        if self.fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = None


def run_is_gone(home: Home, run_id: str) -> bool:
    """True when no process holds the run's lock (its process ended without finishing)."""
    path = home.root / "locks" / f"run-{safe_name(run_id)}.lock"
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        if fcntl is None:
            return False  # no advisory locks: never call a run gone
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        path.unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)

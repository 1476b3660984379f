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

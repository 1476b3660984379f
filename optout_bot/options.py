"""What a run is asked to do, and the clock and ids its records carry."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from optout_bot.accounts import Credentials
from optout_bot.errors import UsageError
from optout_bot.progress import Listener
from optout_bot.sites import Origin

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import BrowserContext


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


class ContextWatcher(Protocol):
    """Told of every browser context a run opens, before its first page, and again just
    before it closes (the tests record a Playwright trace of each this way)."""

    async def opened(self, context: BrowserContext) -> None: ...

    async def closing(self, context: BrowserContext) -> None: ...


#: seconds one platform account may take (a person with many blogs stays well below)
DEFAULT_TIMEOUT = 600.0


def platform_timeout(value: str | float | None = None) -> float:
    """``--timeout``, else ``OPTOUT_TIMEOUT``, else the default; a clear error when bad."""
    source = "--timeout" if value is not None else "OPTOUT_TIMEOUT"
    if value is None:
        value = os.environ.get("OPTOUT_TIMEOUT") or DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 7 * 24 * 3600:
        raise UsageError(f"{source}: {value!r} is not a number of seconds (like 600).")
    return seconds


@dataclass
class RunOptions:
    dry_run: bool = True
    headed: bool = False
    browser: str | None = None
    connect: str | None = None  # a Playwright server's ws:// endpoint, instead of launching
    sites: dict[str, Origin] = field(default_factory=dict)
    redact: bool = False
    jobs: int = 2
    credentials: dict[str, Credentials] = field(default_factory=dict)  # injected (demo, tests)
    force: bool = False
    reason: str | None = None
    delete_activity: bool = False  # Gemini: "Turn off and delete activity" instead of "Turn off"
    interactive: bool = False  # a person at a terminal can answer prompts
    region: str | None = None  # where the accounts are (``regions``), for this run only
    previous: dict[tuple[str, str, str], str] = field(default_factory=dict)  # last outcomes
    run_id: str = field(default_factory=new_run_id)
    progress: Listener | None = None
    timeout: float = field(default_factory=platform_timeout)  # seconds per platform account
    context_watcher: ContextWatcher | None = None

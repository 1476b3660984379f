"""What a run is asked to do, and the clock and ids its records carry."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from optout_bot.accounts import Credentials
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
    interactive: bool = False  # a person at a terminal can answer prompts
    previous: dict[tuple[str, str, str], str] = field(default_factory=dict)  # last outcomes
    run_id: str = field(default_factory=new_run_id)
    progress: Listener | None = None
    context_watcher: ContextWatcher | None = None

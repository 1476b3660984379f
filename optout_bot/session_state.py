"""The kept browser session of a platform account: ``profiles/<p>/<account>/state.json``."""

from __future__ import annotations

import json

from playwright.async_api import BrowserContext

from optout_bot.home import Home, write_private


def load_session(home: Home, platform: str, account: str) -> str | None:
    """The state file to start the browser context from, or None when there is none."""
    state_file = home.profile_dir(platform, account) / "state.json"
    return str(state_file) if state_file.is_file() else None


async def save_session(context: BrowserContext, home: Home, platform: str,
                       account: str) -> None:
    """Keep the context's cookies and storage so the next run starts signed in."""
    state = await context.storage_state()
    write_private(home.profile_dir(platform, account) / "state.json", json.dumps(state))

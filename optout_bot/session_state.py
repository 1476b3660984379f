"""The kept browser session of a platform account: ``profiles/<p>/<account>/state.json``.

A session file that cannot be read (empty after a crash, truncated, not the browser's JSON)
means the account is signed out: the run signs in afresh and the file is replaced after
it; only that platform is affected.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from playwright.async_api import BrowserContext

from optout_bot.home import Home, write_private

#: seconds the browser may take to hand over the session
SAVE_TIMEOUT = 10.0


def load_session(home: Home, platform: str, account: str) -> str | None:
    """The state file to start the browser context from, or None when there is none."""
    return load_session_state(home.profile_dir(platform, account) / "state.json")


async def save_session(context: BrowserContext, home: Home, platform: str,
                       account: str) -> None:
    """Keep the context's cookies and storage so the next run starts signed in."""
    state = await asyncio.wait_for(context.storage_state(), SAVE_TIMEOUT)
    write_private(home.profile_dir(platform, account) / "state.json", json.dumps(state))


def load_session_state(path: Path) -> str | None:
    """The session file to start the browser context from, or None to start signed out."""
    if not path.is_file():
        return None
    try:
        state = json.loads(path.read_bytes().decode("utf-8"))
        usable = (isinstance(state, dict) and isinstance(state.get("cookies", []), list)
                  and isinstance(state.get("origins", []), list)
                  and all(_is_cookie(c) for c in state.get("cookies", [])))
    except (OSError, UnicodeDecodeError, ValueError):
        usable = False
    if not usable:
        print(f"Warning: the kept session {path} cannot be read; signing in afresh.",
              file=sys.stderr)
        return None
    return str(path)


def _is_cookie(cookie: object) -> bool:
    """What the browser needs of a kept cookie: a name, a value and where it belongs."""
    if not isinstance(cookie, dict):
        return False
    texts = {key for key, value in cookie.items() if isinstance(value, str)}
    return {"name", "value"} <= texts and ("url" in texts or {"domain", "path"} <= texts)

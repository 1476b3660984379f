"""Kept browser sessions (``profiles/<platform>/<account>/state.json``), read defensively.

A session file that cannot be read (empty after a crash, truncated, not the browser's JSON)
means the account is signed out: the run signs in afresh and the file is replaced after
it; only that platform is affected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


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

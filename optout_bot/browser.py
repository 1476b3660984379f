"""Finding and launching Chromium, and the contexts flows run in.

Order: ``--browser``/``OPTOUT_BROWSER``; Playwright's own Chromium if installed; a system
Chrome or Chromium. Headless unless ``--headed``, with the flags that stop background
networking, and pages requested in English so labels match the flows.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from optout_bot.errors import BrowserNotFound, OptoutError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Browser

    from optout_bot.sites import SiteOverrides

CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--no-default-browser-check",
    "--lang=en-US",
]

SYSTEM_BROWSERS = [
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
]

CONTEXT_OPTIONS = {
    "locale": "en-US",
    "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"},
    "viewport": {"width": 1280, "height": 900},
}

NO_BROWSER_HELP = ("No Chrome or Chromium found. Install one (Debian/Ubuntu: "
                   "'sudo apt-get install chromium'; macOS: install Google Chrome) or point "
                   "to it with --browser PATH or OPTOUT_BROWSER.")


def find_browser(explicit: str | None = None) -> str | None:
    """Path of the browser to drive, or None for Playwright's own Chromium."""
    wanted = explicit or os.environ.get("OPTOUT_BROWSER")
    if wanted:
        path = shutil.which(wanted) or (wanted if Path(wanted).is_file() else None)
        if not path:
            raise UsageError(f"The browser {wanted!r} was not found.")
        return path
    if _playwright_chromium_installed():
        return None
    for candidate in SYSTEM_BROWSERS:
        path = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if path:
            return path
    raise BrowserNotFound(NO_BROWSER_HELP)


def _playwright_chromium_installed() -> bool:
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if root == "0":
        return False
    if root:
        base = Path(root)
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "ms-playwright"
    elif sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA", "")) / "ms-playwright"
    else:
        base = Path.home() / ".cache" / "ms-playwright"
    return any(base.glob("chromium-*/chrome-*/*chrome*")) or any(
        base.glob("chromium_headless_shell-*/*/*"))


def launch_options(executable: str | None, headed: bool, extra_args: list[str]) -> dict:
    args = list(CHROMIUM_ARGS) + extra_args
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    options: dict = {"headless": not headed, "args": args}
    if executable:
        options["executable_path"] = executable
    return options


@asynccontextmanager
async def running_browser(browser: str | None, headed: bool,
                          overrides: SiteOverrides) -> AsyncIterator[Browser]:
    """Start the site overrides and one Chromium that uses them; close both at the end."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    executable = find_browser(browser)
    await overrides.start()
    try:
        async with async_playwright() as playwright:
            try:
                running = await playwright.chromium.launch(
                    **launch_options(executable, headed, overrides.chromium_args()))
            except PlaywrightError as exc:
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
                raise OptoutError(f"The browser could not start: {first}") from None
            try:
                yield running
            finally:
                await running.close()
    finally:
        await overrides.close()

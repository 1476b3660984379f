"""Finding and launching Chromium, or connecting to a remote one, and the contexts flows run in.

Order: ``--browser``/``OPTOUT_BROWSER``; Playwright's own Chromium if installed; a system
Chrome or Chromium. Headless unless ``--headed``, with the flags that stop background
networking, and pages requested in English so labels match the flows. A headless run
prefers a system Chromium headless shell where one is installed (Debian's
``chromium-headless-shell``, Chrome for Testing's ``chrome-headless-shell``), as Playwright
itself does with its own browsers: the same engine without the desktop browser around it,
about 40% less CPU for the same pages. It cannot open a window, so a headed run never uses
it.

With ``--connect``/``OPTOUT_CONNECT`` the browser runs on a Playwright server instead. The
same launch options travel in the ``x-playwright-launch-options`` header, which the
server honours only when it accepts client launch arguments (``run-server --unsafe``).
The site override rides on those arguments, so before anything runs, a page for a host
that exists only in the override's resolver rules must load through the override's TLS
front; otherwise nothing runs (a request could reach the real site).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from optout_bot.errors import BrowserNotFound, OptoutError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Browser, Playwright

    from optout_bot.sites import SiteOverrides

#: Playwright's own disabled features (its chromium switches; a test checks that the
#: launched browser's one list still holds every one of them), then ours: translation
#: prompts, and the spare renderer Chromium keeps started for the next site (a renderer's
#: memory for nothing: the tool opens one page per platform)
DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
    "Translate", "SpareRendererForSitePerProcess",
)

CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # One --disable-features only: Chromium honours the last one given, so this list is
    # Playwright's own (which stops its calls to Google's servers at start) and ours.
    "--disable-features=" + ",".join(DISABLED_FEATURES),
    "--no-default-browser-check",
    "--lang=en-US",
]

#: headless-only builds of the same Chromium, tried first for a headless run
HEADLESS_SHELLS = ["chromium-headless-shell", "chrome-headless-shell"]

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

#: how long reaching a remote browser may take, its launch on the server included
CONNECT_TIMEOUT_MS = 60_000
#: a host only the override's resolver rules know; ``.invalid`` never resolves elsewhere
OVERRIDE_PROBE_HOST = "optout-override-check.invalid"
OVERRIDE_PROBE_TIMEOUT_MS = 20_000
DISCONNECT_WAIT_SECONDS = 2

NO_BROWSER_HELP = ("No Chrome or Chromium found. Install one (Debian/Ubuntu: "
                   "'sudo apt-get install chromium'; macOS: install Google Chrome) or point "
                   "to it with --browser PATH or OPTOUT_BROWSER.")


def find_browser(explicit: str | None = None, headed: bool = True) -> str | None:
    """Path of the browser to drive, or None for Playwright's own Chromium (which picks its
    own headless shell). A headless run (``headed=False``) takes a system headless shell
    before a desktop Chrome or Chromium; the person's own choice is used as given."""
    wanted = explicit or os.environ.get("OPTOUT_BROWSER")
    if wanted:
        path = shutil.which(wanted) or (wanted if Path(wanted).is_file() else None)
        if not path:
            raise UsageError(f"The browser {wanted!r} was not found.")
        return path
    if _playwright_chromium_installed():
        return None
    for candidate in ([] if headed else HEADLESS_SHELLS) + SYSTEM_BROWSERS:
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


def remote_launch_options(executable: str | None, headed: bool, extra_args: list[str]) -> dict:
    """Launch options for a Playwright server, in its (JavaScript) names."""
    options: dict = {"headless": not headed, "args": list(CHROMIUM_ARGS) + extra_args}
    if executable:
        options["executablePath"] = executable
    return options


def shown_endpoint(endpoint: str) -> str:
    """The endpoint without user, password or query, which may hold an access token."""
    parts = urlsplit(endpoint)
    if not parts.scheme or not parts.netloc:
        return endpoint.split("?")[0].rsplit("@", 1)[-1]
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}{parts.path}"


def check_endpoint(endpoint: str) -> None:
    try:
        parts = urlsplit(endpoint)
        valid = parts.scheme in ("ws", "wss") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(f"--connect/OPTOUT_CONNECT: {shown_endpoint(endpoint)!r} is not a "
                         "ws:// or wss:// address (e.g. ws://127.0.0.1:3000/).")


@asynccontextmanager
async def running_browser(browser: str | None, headed: bool, overrides: SiteOverrides,
                          connect: str | None = None) -> AsyncIterator[Browser]:
    """Start the site overrides and one Chromium that uses them (or connect to a remote one
    when ``connect`` names a Playwright server); close both at the end."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    if connect:
        check_endpoint(connect)
    executable = browser if connect else find_browser(browser, headed)
    await overrides.start()
    try:
        async with async_playwright() as playwright:
            if connect:
                running = await _connect(playwright, connect, executable, headed, overrides)
            else:
                try:
                    running = await playwright.chromium.launch(
                        **launch_options(executable, headed, overrides.chromium_args()))
                except PlaywrightError as exc:
                    raise OptoutError(f"The browser could not start: {_first_line(exc)}"
                                      ) from None
            lost = False
            try:
                yield running
            except PlaywrightError:
                if connect and await _disconnected(running, DISCONNECT_WAIT_SECONDS):
                    raise _lost(connect) from None
                raise
            else:
                # The runner records a failed page and goes on; a remote browser that went
                # away fails the whole run, with one line.
                lost = bool(connect) and not running.is_connected()
            finally:
                try:
                    await running.close()
                except PlaywrightError:
                    pass
            if lost:
                raise _lost(connect or "")
    finally:
        await overrides.close()


async def _disconnected(running: Browser, seconds: float) -> bool:
    """Whether the remote browser went away; Playwright says so a moment after the error
    that its going caused."""
    if not running.is_connected():
        return True
    gone: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    running.once("disconnected", lambda _browser: gone.done() or gone.set_result(None))
    try:
        await asyncio.wait_for(gone, seconds)
    except TimeoutError:
        pass
    return not running.is_connected()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def _scrubbed(text: str, endpoint: str) -> str:
    """``text`` without the endpoint's query and user part, where a token may be."""
    parts = urlsplit(endpoint)
    for secret in (endpoint, parts.query, parts.netloc.rpartition("@")[0]):
        if secret:
            text = text.replace(secret, shown_endpoint(endpoint) if secret == endpoint else "…")
    return text


def _playwright_version() -> str:
    from importlib.metadata import version

    return ".".join(version("playwright").split(".")[:2])


def _lost(endpoint: str) -> OptoutError:
    return OptoutError(f"The remote browser at {shown_endpoint(endpoint)} closed during the "
                       "run; the platforms that finished before are recorded.")


async def _connect(playwright: Playwright, endpoint: str, executable: str | None,
                   headed: bool, overrides: SiteOverrides) -> Browser:
    from playwright.async_api import Error as PlaywrightError

    options = remote_launch_options(executable, headed,
                                    overrides.chromium_args(probe_host=OVERRIDE_PROBE_HOST))
    try:
        running = await playwright.chromium.connect(
            endpoint, timeout=CONNECT_TIMEOUT_MS,
            headers={"x-playwright-launch-options": json.dumps(options)})
    except PlaywrightError as exc:
        reason = _scrubbed(_first_line(exc), endpoint)
        if "version mismatch" in str(exc).lower():
            reason = ("the server runs another version of Playwright; it must be "
                      f"{_playwright_version()}.x like this one")
        raise OptoutError(f"The remote browser at {shown_endpoint(endpoint)} could not be "
                          f"reached or did not start: {reason}") from None
    try:
        await _check_override(running, overrides)
    except PlaywrightError as exc:
        await _close_quietly(running)
        raise OptoutError(f"The remote browser at {shown_endpoint(endpoint)} closed before the "
                          f"run: {_scrubbed(_first_line(exc), endpoint)}") from None
    except BaseException:
        await _close_quietly(running)
        raise
    return running


async def _close_quietly(running: Browser) -> None:
    from playwright.async_api import Error as PlaywrightError

    try:
        await running.close()
    except PlaywrightError:
        pass


async def _check_override(running: Browser, overrides: SiteOverrides) -> None:
    """Refuse to run when the remote browser does not send overridden hosts to our front."""
    from playwright.async_api import Error as PlaywrightError

    from optout_bot.sites import CERTIFICATE_NAME

    if not overrides.fronts:
        return
    context = await running.new_context(ignore_https_errors=True)
    try:
        page = await context.new_page()
        response = await page.goto(f"https://{OVERRIDE_PROBE_HOST}/", wait_until="commit",
                                   timeout=OVERRIDE_PROBE_TIMEOUT_MS)
        details = (await response.security_details() if response else None) or {}
        reached = details.get("subjectName") == CERTIFICATE_NAME
    except PlaywrightError as exc:
        if "ERR_NAME_NOT_RESOLVED" in str(exc):
            raise OptoutError(
                "The remote browser ignored the launch options that carry the site override "
                "(a Playwright server must be started with --unsafe); nothing was run.") from None
        if not running.is_connected():
            raise
        reached = False
    finally:
        try:
            await context.close()
        except PlaywrightError:
            pass
    if not reached:
        # Something else answered at that address on the browser's side, or nothing did.
        raise OptoutError(
            f"The remote browser cannot reach the site override at "
            f"{next(iter(overrides.fronts.values())).target} "
            "(set OPTOUT_FRONT_HOST to an address of this machine that it can reach); "
            "nothing was run.")

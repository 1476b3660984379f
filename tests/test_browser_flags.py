"""The browser runs with every feature Playwright turns off still off: Chromium honours only
the last ``--disable-features`` it is given, so the tool's own list must hold Playwright's
(among them the calls to Google's servers a fresh browser makes at start)."""

from __future__ import annotations

from pathlib import Path

import pytest


def browser_command_line(marker: str) -> list[str]:
    """The command line of the browser process (not its helpers) launched with ``marker``:
    read from /proc, which works for the desktop browser and the headless shell alike."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if marker in args and not any(a.startswith("--type=") for a in args):
            return args
    raise AssertionError("the launched browser's process was not found")


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_the_one_disabled_features_list_keeps_playwrights(shared_browser):
    # the session's resolver rules name its own fronts' ports: only its browser has them
    marker = shared_browser.overrides.chromium_args()[0]
    given = [arg.removeprefix("--disable-features=").split(",")
             for arg in browser_command_line(marker)
             if arg.startswith("--disable-features=")]
    assert given
    honoured = set(given[-1])
    for earlier in given[:-1]:
        assert set(earlier) <= honoured, sorted(set(earlier) - honoured)
    assert {"Translate", "SpareRendererForSitePerProcess"} <= honoured


@pytest.fixture
def installed(monkeypatch):
    """A machine with the desktop Chromium and its headless shell, no Playwright browser."""
    found = {"chromium": "/usr/bin/chromium",
             "chromium-headless-shell": "/usr/bin/chromium-headless-shell"}
    monkeypatch.setattr("optout_bot.browser.shutil.which", found.get)
    monkeypatch.setattr("optout_bot.browser._playwright_chromium_installed", lambda: False)
    monkeypatch.delenv("OPTOUT_BROWSER", raising=False)
    return found


def test_a_headless_run_takes_the_headless_shell_and_a_headed_one_never(installed):
    from optout_bot.browser import find_browser

    assert find_browser(headed=False) == installed["chromium-headless-shell"]
    assert find_browser(headed=True) == installed["chromium"]
    del installed["chromium-headless-shell"]
    assert find_browser(headed=False) == installed["chromium"]


def test_the_persons_own_browser_is_used_as_given(installed, monkeypatch):
    from optout_bot.browser import find_browser

    assert find_browser("chromium", headed=False) == installed["chromium"]
    monkeypatch.setenv("OPTOUT_BROWSER", "chromium")
    assert find_browser(headed=False) == installed["chromium"]

"""The headed paths as a person meets them, in a real window on a virtual display (Xvfb).

The test plays the person: it connects to the window's browser (a debugging port the
test adds with a two-line launcher script) through the Playwright plugin's ``playwright``
and types and clicks there, while the tool runs as a separate process exactly as a
person starts it (so it launches its own window).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.async_api import BrowserType, Error, Page, Playwright

from optout_bot.browser import find_browser
from optout_bot.sandbox import Sandbox

PASSWORD = "Headed-Pa55word-41d2"
USERNAME = "ada@example.com"
DEADLINE = 120  # seconds for a whole headed run, start to end

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None,
                                reason="Xvfb is not installed (bin/setup installs it: "
                                "apt-get install xvfb)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def display():
    # Xvfb's own readiness signal (-displayfd) gives a display Chromium in a window then
    # fails to open here, so its socket is waited for instead.
    number = 90 + os.getpid() % 400
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert time.monotonic() < deadline and server.poll() is None, "Xvfb did not start"
        time.sleep(0.1)
    yield f":{number}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def window_browser(tmp_path: Path, browser_type: BrowserType):
    """A launcher that starts the tool's usual browser with a port the person-test uses."""
    executable = find_browser(None) or browser_type.executable_path
    port = free_port()
    launcher = tmp_path / "browser-with-port"
    launcher.write_text(f'#!/bin/sh\nexec "{executable}" --remote-debugging-port={port} "$@"\n')
    launcher.chmod(0o700)
    return launcher, port


@pytest.fixture
def linkedin():
    with Sandbox(["linkedin"]) as box:
        box.replicas["linkedin"].add_account(USERNAME, PASSWORD)
        yield box


def start(args: list[str], box: Sandbox, home: Path, display: str, launcher: Path,
          credentials: bool = False) -> subprocess.Popen:
    env = {**os.environ, "OPTOUT_HOME": str(home), "DISPLAY": display,
           "OPTOUT_BROWSER": str(launcher),
           "OPTOUT_SITES": ",".join(f"{n}={o}" for n, o in box.sites.items())}
    for name in ("OPTOUT_LINKEDIN_USERNAME", "OPTOUT_LINKEDIN_PASSWORD", "COLUMNS"):
        env.pop(name, None)
    if credentials:
        env |= {"OPTOUT_LINKEDIN_USERNAME": USERNAME, "OPTOUT_LINKEDIN_PASSWORD": PASSWORD}
    return subprocess.Popen([sys.executable, "-m", "optout_bot", *args], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def the_person(playwright: Playwright, port: int, tool: subprocess.Popen,
                     wanted: re.Pattern) -> Page:
    """Connect to the window's browser through the plugin's Playwright and wait for the
    page the person would look at."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and tool.poll() is None:
        try:
            # connected again each time: contexts made after a connection are not listed
            browser = await playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}",
                                                                 timeout=5000)
            for context in browser.contexts:
                for page in context.pages:
                    if wanted.search(page.url):
                        return page
        except Error:
            pass
        await asyncio.sleep(0.5)
    if tool.poll() is None:
        tool.kill()
    out, err = tool.communicate(timeout=10)
    pytest.fail(f"no window showed {wanted.pattern}; the tool said: {out} {err}")


def finish(tool: subprocess.Popen, answer: str = "") -> tuple[int, str, str]:
    try:
        out, err = tool.communicate(answer, timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        tool.kill()
        out, err = tool.communicate()
        pytest.fail(f"the tool did not finish in {DEADLINE} s: {out} {err}")
    return tool.returncode, out, err


@pytest.mark.asyncio
async def test_login_by_hand_keeps_only_the_session(playwright, display, window_browser,
                                                    linkedin, tmp_path):
    launcher, port = window_browser
    home = tmp_path / "home"
    tool = start(["login", "linkedin", "--browser"], linkedin, home, display, launcher)
    page = await the_person(playwright, port, tool, re.compile(r"/login|/checkpoint/lg"))
    await page.get_by_label(re.compile("Email or phone", re.I)).fill(USERNAME)
    await page.get_by_label(re.compile("^Password", re.I)).fill(PASSWORD)
    await page.get_by_role("button", name=re.compile("^Sign in$", re.I)).click()
    code, out, err = await asyncio.to_thread(finish, tool, "ada\n")
    assert code == 0, err
    assert "Sign in to LinkedIn in the window that opened." in out
    assert out.rstrip().endswith("Signed in to LinkedIn as ada; the session is kept "
                                 "(no password).")
    assert (home / "profiles" / "linkedin").is_dir()
    kept = [p for p in home.rglob("*") if p.is_file()]
    assert kept, "nothing was kept"
    for path in kept:
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in out + err


@pytest.mark.asyncio
async def test_captcha_handed_to_the_person_in_a_headed_run(playwright, display, window_browser,
                                                            linkedin, tmp_path):
    launcher, port = window_browser
    replica = linkedin.replicas["linkedin"]
    replica.set_faults({"captcha"})
    tool = start(["apply", "linkedin", "--headed"], linkedin, tmp_path / "home", display,
                 launcher, credentials=True)
    page = await the_person(playwright, port, tool, re.compile(r"/checkpoint/challenge/"))
    puzzle = page.frame_locator("iframe[title=Captcha]")
    await puzzle.get_by_role("button", name="Image 2").click()
    await puzzle.get_by_role("button", name="Image 5").click()
    await puzzle.get_by_role("button", name="Verify").click()
    code, out, err = await asyncio.to_thread(finish, tool)
    assert code == 0, out + err
    # the person was told to act in the window, then the run went on by itself
    assert "Waiting up to 5 minutes for you to finish it in the browser window." in err
    assert "Nothing left to do" in out
    assert not any(replica.settings_of(USERNAME).values())
    assert PASSWORD not in out + err

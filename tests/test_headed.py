"""The headed paths as a person meets them, in a real window on a virtual display (Xvfb).

The test plays the person: it connects to the window's browser (a debugging port the
test adds with a two-line launcher script) and types and clicks there, while the tool
runs as a separate process exactly as a person starts it.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    # Xvfb picks a free display and writes its number to the pipe once it takes clients.
    announced, announce = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(announce), "-screen", "0",
                               "1280x1024x24", "-nolisten", "tcp"], pass_fds=(announce,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(announce)
    ready, _, _ = select.select([announced], [], [], 10)
    number = os.read(announced, 16).decode().strip() if ready else ""
    os.close(announced)
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def window_browser(tmp_path: Path):
    """A launcher that starts the tool's usual browser with a port the person-test uses."""
    executable = find_browser(None)
    if executable is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            executable = playwright.chromium.executable_path
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


def the_person(port: int, tool: subprocess.Popen, wanted: re.Pattern):
    """Connect to the window's browser and wait for the page the person would look at."""
    from playwright.sync_api import Error, sync_playwright

    playwright = sync_playwright().start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and tool.poll() is None:
        try:
            # connected again each time: contexts made after a connection are not listed
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}",
                                                           timeout=5000)
            for context in browser.contexts:
                for page in context.pages:
                    if wanted.search(page.url):
                        return playwright, page
        except Error:
            pass
        time.sleep(0.5)
    playwright.stop()
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


def test_login_by_hand_keeps_only_the_session(display, window_browser, linkedin, tmp_path):
    launcher, port = window_browser
    home = tmp_path / "home"
    tool = start(["login", "linkedin", "--browser"], linkedin, home, display, launcher)
    playwright, page = the_person(port, tool, re.compile(r"/login|/checkpoint/lg"))
    try:
        page.get_by_label(re.compile("Email or phone", re.I)).fill(USERNAME)
        page.get_by_label(re.compile("^Password", re.I)).fill(PASSWORD)
        page.get_by_role("button", name=re.compile("^Sign in$", re.I)).click()
        code, out, err = finish(tool, "ada\n")
    finally:
        playwright.stop()
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


def test_captcha_handed_to_the_person_in_a_headed_run(display, window_browser, linkedin,
                                                      tmp_path):
    launcher, port = window_browser
    replica = linkedin.replicas["linkedin"]
    replica.set_faults({"captcha"})
    tool = start(["apply", "linkedin", "--headed"], linkedin, tmp_path / "home", display,
                 launcher, credentials=True)
    playwright, page = the_person(port, tool, re.compile(r"/checkpoint/challenge/"))
    try:
        puzzle = page.frame_locator("iframe[title=Captcha]")
        puzzle.get_by_role("button", name="Image 2").click()
        puzzle.get_by_role("button", name="Image 5").click()
        puzzle.get_by_role("button", name="Verify").click()
        code, out, err = finish(tool)
    finally:
        playwright.stop()
    assert code == 0, out + err
    # the person was told to act in the window, then the run went on by itself
    assert "Waiting up to 5 minutes for you to finish it in the browser window." in err
    assert "Nothing left to do" in out
    assert not any(replica.settings_of(USERNAME).values())
    assert PASSWORD not in out + err

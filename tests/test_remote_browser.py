"""``--connect``: the same runs on a browser of a Playwright server, started here on loopback.

The server is the one the ``playwright`` package ships (``run-server``), in its own process
group so a test can stop it (or kill it mid-run) with everything it started. It must be
``--unsafe`` to accept the client's launch options: Debian's Chromium and the flags, the
site override's resolver rules among them.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from optout_bot.browser import find_browser
from optout_bot.sandbox import Sandbox
from tests.test_cli import run_main

SERVER_START_SECONDS = 30
RUN_SECONDS = 240
#: what a run prints on stderr, off a terminal, as each platform finishes
FINISHED_LINE = re.compile(r"(\w+) \(remote@example\.com\): \w+$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PlaywrightServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"ws://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "playwright", "run-server", "--port", str(self.port),
             "--host", "127.0.0.1", "--unsafe"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        # run-server says "Listening on ws://..." once it takes connections
        output = self.process.stdout
        assert output is not None
        deadline = time.monotonic() + SERVER_START_SECONDS
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([output], [], [], left)[0]:
                break
            line = output.readline()
            if not line:
                break  # it exited
            if line.startswith(b"Listening on "):
                return
        self.stop()
        pytest.fail(f"the Playwright server did not listen within {SERVER_START_SECONDS} s")

    def kill(self) -> None:
        """Everything the server started, at once, as a crash would."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        self.kill()
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture
def server() -> Iterator[PlaywrightServer]:
    running = PlaywrightServer()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def no_local_launch(monkeypatch):
    """With --connect nothing may start a browser on this machine."""
    from playwright.async_api import BrowserType

    async def refuse(*_args, **_kwargs):
        raise AssertionError("a local browser was launched")

    monkeypatch.setattr(BrowserType, "launch", refuse)


def browser_args() -> list[str]:
    """The server runs on this machine: the Chromium it starts is the one found here."""
    executable = find_browser(headed=False)
    return ["--browser", executable] if executable else []


#: what the demo's apply step reports with a local browser
LOCAL_DEMO_OUTCOMES = {
    # Meta: the objection; Facebook also the third-party-data form; no switch for Meta AI
    # chats, and Instagram's third-party row points to Facebook
    "facebook": ["requested", "requested", "unavailable"],
    "instagram": ["requested", "unavailable", "unavailable"],
    "linkedin": ["turned_off"] * 3, "reddit": ["unavailable"],
    "snapchat": ["manual"] * 3, "stackoverflow": ["unavailable"],
    "threads": ["unavailable"], "tumblr": ["turned_off"] * 2,
    "wordpress": ["off", "turned_off", "unavailable"], "x": ["turned_off"] * 4,
}


#: one platform of each kind: switches, an objection form, app-only settings, no switch at
#: all, and a site signed in to by hand (its session kept through the server's browser)
REMOTE_DEMO = ("linkedin", "facebook", "snapchat", "reddit", "claude")


def test_demo_runs_end_to_end_through_the_server(server, no_local_launch, tmp_path):
    code, out, err = run_main(["--json", "demo", *REMOTE_DEMO, "--connect", server.endpoint,
                               "--home", str(tmp_path / "home"), *browser_args()])
    assert code == 0, err
    results = json.loads(out)["results"]
    outcomes = {r["platform"]: sorted(s["outcome"] for s in r["settings"]) for r in results}
    assert set(outcomes) == set(REMOTE_DEMO)
    # they end as in a local demo; every platform is checked end to end by its flow tests
    known = [name for name in REMOTE_DEMO if name in LOCAL_DEMO_OUTCOMES]
    assert {name: outcomes[name] for name in known} == {
        name: LOCAL_DEMO_OUTCOMES[name] for name in known}
    assert set(outcomes["claude"]) == {"turned_off"}
    for setting in (s for r in results for s in r["settings"]):
        assert all(Path(p).is_file() for p in setting["evidence"])


@pytest.fixture
def linkedin() -> Iterator[Sandbox]:
    with Sandbox(["linkedin"]) as box:
        box.replicas["linkedin"].add_account("remote@example.com", "Remote-Pa55word")
        yield box


def env_for(box: Sandbox, home: Path, endpoint: str) -> dict:
    env = {"OPTOUT_HOME": str(home), "OPTOUT_CONNECT": endpoint,
           "OPTOUT_SITES": ",".join(f"{n}={o}" for n, o in box.sites.items())}
    for name in box.replicas:
        env[f"OPTOUT_{name.upper()}_USERNAME"] = "remote@example.com"
        env[f"OPTOUT_{name.upper()}_PASSWORD"] = "Remote-Pa55word"
    return env


def test_check_and_apply_with_the_site_override_through_the_server(
        server, no_local_launch, linkedin, tmp_path):
    env = env_for(linkedin, tmp_path / "home", server.endpoint)
    code, out, err = run_main(["--json", "check", "linkedin", *browser_args()], env=env)
    assert code == 1, err
    settings = json.loads(out)["results"][0]["settings"]
    assert {s["outcome"] for s in settings} == {"on"}

    code, out, err = run_main(["apply", "linkedin", "--json", *browser_args()], env=env)
    assert code == 0, err
    settings = json.loads(out)["results"][0]["settings"]
    assert {s["outcome"] for s in settings} == {"turned_off"}
    assert not any(linkedin.replicas["linkedin"].settings_of("remote@example.com").values())
    session = tmp_path / "home" / "profiles" / "linkedin"
    assert list(session.rglob("state.json")), "the session is kept as with a local browser"


def test_an_unreachable_server_is_one_line_and_exit_3(tmp_path):
    endpoint = f"ws://127.0.0.1:{free_port()}/?token=Secret-Token-31b7"
    code, out, err = run_main(["check", "linkedin", "--connect", endpoint],
                              env={"OPTOUT_HOME": str(tmp_path)})
    assert code == 3
    assert err.count("\n") == 1, err
    assert err.startswith(f"Error: The remote browser at {endpoint.split('?')[0]} could not "
                          "be reached or did not start: ")
    assert "Secret-Token" not in out + err


def test_a_malformed_endpoint_is_a_usage_error(tmp_path):
    env = {"OPTOUT_HOME": str(tmp_path), "OPTOUT_CONNECT": "localhost:3000"}
    code, _out, err = run_main(["check", "linkedin"], env=env)
    assert code == 2
    assert err == ("Error: --connect/OPTOUT_CONNECT: 'localhost:3000' is not a ws:// or "
                   "wss:// address (e.g. ws://127.0.0.1:3000/).\n")


def test_a_server_killed_mid_run_is_one_line_exit_3_and_keeps_finished_platforms(
        server, tmp_path):
    with Sandbox(["linkedin", "x", "tumblr"]) as box:
        for replica in box.replicas.values():
            replica.add_account("remote@example.com", "Remote-Pa55word")
        home = tmp_path / "home"
        env = {**os.environ, **env_for(box, home, server.endpoint)}
        stdout = tmp_path / "stdout.txt"
        with stdout.open("w") as out_file:
            run = subprocess.Popen(
                [sys.executable, "-m", "optout_bot", "check", "linkedin", "x", "tumblr",
                 "--jobs", "1", *browser_args()],
                env=env, stdout=out_file, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in run.stderr],
                                  daemon=True)
        reader.start()
        try:
            seen = [lines.get(timeout=RUN_SECONDS)]
            while not FINISHED_LINE.match(seen[-1]):
                seen.append(lines.get(timeout=RUN_SECONDS))
            first = FINISHED_LINE.match(seen[-1]).group(1)
            server.kill()
            run.wait(timeout=RUN_SECONDS)
        finally:
            if run.poll() is None:
                run.kill()
                run.wait()
    reader.join(timeout=10)
    out = stdout.read_text()
    while not lines.empty():
        seen.append(lines.get())
    assert run.returncode == 3, (out, seen)
    assert seen[-1] == (f"Error: The remote browser at {server.endpoint} closed during the "
                        "run; the platforms that finished before are recorded.\n"), seen
    assert "Traceback" not in out + "".join(seen)
    code, out, _ = run_main(["--json", "status"], env={"OPTOUT_HOME": str(home)})
    recorded = {s["platform"]: s for s in json.loads(out)["settings"]}
    assert recorded[first]["outcome"] == "on", (first, seen)


def test_a_server_that_drops_the_launch_arguments_runs_nothing(
        server, linkedin, monkeypatch, tmp_path):
    from optout_bot import browser

    def without_args(executable, headed, extra_args):
        return {"headless": True, **({"executablePath": executable} if executable else {})}

    monkeypatch.setattr(browser, "remote_launch_options", without_args)
    env = env_for(linkedin, tmp_path / "home", server.endpoint)
    code, out, err = run_main(["check", "linkedin", *browser_args()], env=env)
    assert (code, out) == (3, "")
    assert err == ("Error: The remote browser ignored the launch options that carry the site "
                   "override (a Playwright server must be started with --unsafe); nothing was "
                   "run.\n")


def test_a_front_the_remote_browser_cannot_reach_runs_nothing(
        server, linkedin, monkeypatch, tmp_path):
    from optout_bot.sites import TlsFront

    monkeypatch.setattr(TlsFront, "target", f"127.0.0.1:{free_port()}")
    env = env_for(linkedin, tmp_path / "home", server.endpoint)
    code, out, err = run_main(["check", "linkedin", *browser_args()], env=env)
    assert (code, out) == (3, "")
    assert re.fullmatch(
        r"Error: The remote browser cannot reach the site override at 127\.0\.0\.1:\d+ \(set "
        r"OPTOUT_FRONT_HOST to an address of this machine that it can reach\); nothing was "
        r"run\.\n", err), err


def test_front_host_is_where_the_fronts_listen_and_what_the_rules_name(monkeypatch):
    from optout_bot.sites import SiteOverrides, parse_origin

    monkeypatch.setenv("OPTOUT_FRONT_HOST", "127.0.0.2")

    async def rules_and_address():
        overrides = await SiteOverrides({"x": parse_origin("http://127.0.0.1:9")},
                                        {"x": ("x.com", "api.x.com")}).start()
        try:
            front = overrides.fronts["x"]
            bound = front.server.sockets[0].getsockname()[0]
            return overrides.chromium_args(probe_host="probe.invalid"), bound, front.port
        finally:
            await overrides.close()

    args, bound, port = asyncio.run(rules_and_address())
    assert bound == "127.0.0.2"
    assert args == [f"--host-resolver-rules=MAP x.com 127.0.0.2:{port}, "
                    f"MAP api.x.com 127.0.0.2:{port}, MAP probe.invalid 127.0.0.2:{port}"]

"""Stopping a run (Ctrl-C, SIGTERM, a kill) keeps what was finished and says what happened."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from optout_bot.home import Home
from optout_bot.sandbox import Sandbox
from optout_bot.store import EXIT_KILLED, Store
from tests.hung import hung_origin
from tests.test_cli import run_main

OPTOUT = [sys.executable, "-m", "optout_bot"]


def start_run(home: Path, args: list[str], extra_env: dict) -> subprocess.Popen:
    env = {**os.environ, "OPTOUT_HOME": str(home), "OPTOUT_TIMEOUT": "120", **extra_env}
    return subprocess.Popen(OPTOUT + args, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_line(stream, wanted: str, timeout: float) -> list[str]:
    """Lines read from ``stream`` up to one containing ``wanted`` (fails after timeout)."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in stream:
            lines.append(line)
            if wanted in line:
                found.set()
                return

    threading.Thread(target=read, daemon=True).start()
    assert found.wait(timeout), f"no {wanted!r} within {timeout}s: {lines}"
    return lines


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_on_a_hung_page_keeps_the_finished_platforms(tmp_path, sig, code):
    home = tmp_path / "home"
    with Sandbox(["x"]) as box, hung_origin() as origin:
        box.replicas["x"].add_account("me-x@example.com", "s3cret-Pa55")
        process = start_run(home, ["check", "x", "linkedin", "--jobs", "2",
                                   "--site", f"x={box.sites['x']}",
                                   "--site", f"linkedin={origin}"],
                            {"OPTOUT_X_USERNAME": "me-x@example.com",
                             "OPTOUT_X_PASSWORD": "s3cret-Pa55",
                             "OPTOUT_LINKEDIN_USERNAME": "me@example.com",
                             "OPTOUT_LINKEDIN_PASSWORD": "s3cret-Pa55"})
        try:
            before = wait_for_line(process.stderr, "x (me-x@example.com): on", 90)
            started = time.monotonic()
            process.send_signal(sig)
            process.wait(timeout=30)
            took = time.monotonic() - started
            rest = process.stderr.read()
        finally:
            process.kill()
            process.wait()
    assert process.returncode == code
    assert took < 15
    assert "Traceback" not in "".join(before) + rest
    assert rest.strip() == "Stopped.", rest
    with Store.open(Home.resolve(home)) as store:
        [run] = store.runs()
    assert run["exit_code"] == code
    assert [p["platform"] for p in run["platforms"]] == ["x"]  # finished before the stop
    code_, out, _ = run_main(["history"], env={"OPTOUT_HOME": str(home)})
    assert f"interrupted (exit code {code})" in out


def test_a_killed_run_is_marked_interrupted_at_the_next_start(tmp_path):
    home = Home.resolve(tmp_path / "home").ensure()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import time\n"
        "from optout_bot.home import Home\n"
        "from optout_bot.store import Store\n"
        f"store = Store.open(Home.resolve({str(home.root)!r}))\n"
        "print(store.begin_run('check', True, '0.1.0'), flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        killed = holder.stdout.readline().strip()
        with Store.open(home) as store:
            store.begin_run("check", True, "0.1.0")  # the other run is still going
            assert {r["id"]: r["finished_at"] for r in store.runs()}[killed] is None
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        with Store.open(home) as store:
            store.begin_run("check", True, "0.1.0")
            runs = {r["id"]: r for r in store.runs()}
    finally:
        holder.kill()
        holder.wait()
    assert runs[killed]["exit_code"] == EXIT_KILLED and runs[killed]["finished_at"]
    code, out, _ = run_main(["history"], env={"OPTOUT_HOME": str(home.root)})
    assert f"Run {killed}: optout check (check only)" in out
    assert f"interrupted (exit code {EXIT_KILLED})" in out

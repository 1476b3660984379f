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


def test_the_browser_temp_folders_live_in_the_home_and_a_kill_leaves_none(tmp_path):
    home = tmp_path / "home"
    with hung_origin() as origin:
        process = start_run(home, ["check", "x", "--site", f"x={origin}"],
                            {"OPTOUT_X_USERNAME": "me", "OPTOUT_X_PASSWORD": "pw"})
        try:
            folder = home / "tmp" / str(process.pid)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not list(folder.glob("playwright*")):
                time.sleep(0.2)
            assert list(folder.glob("playwright*")), "the browser's temp files are elsewhere"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert folder.is_dir()
    wait_until_no_process_uses(folder, timeout=30)  # the killed run's browser winds down
    code, _, err = run_main(["check", "x", "--site", "x=http://127.0.0.1:9"],
                            env={"OPTOUT_HOME": str(home), "OPTOUT_X_USERNAME": "me",
                                 "OPTOUT_X_PASSWORD": "pw", "OPTOUT_TIMEOUT": "60"})
    assert code == 3, err
    assert not folder.exists()
    assert list((home / "tmp").iterdir()) == []


def wait_until_no_process_uses(folder: Path, timeout: float) -> None:
    """Wait until no process has ``folder`` on its command line or as an open file."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_uses(pid, str(folder)) for pid in os.listdir("/proc") if pid.isdigit()):
            return
        time.sleep(0.2)
    raise AssertionError(f"processes still use {folder} after {timeout}s")


def _uses(pid: str, folder: str) -> bool:
    try:
        if folder in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
            return True
        return any(os.readlink(f"/proc/{pid}/fd/{fd}").startswith(folder)
                   for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False

"""Stopping a run (Ctrl-C, SIGTERM, a kill) keeps what was finished and says what happened."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from optout_bot.home import TEMP_PREFIX, Home
from optout_bot.store import EXIT_KILLED, Store
from tests.hung import hung_origin
from tests.test_cli import run_main

OPTOUT = [sys.executable, "-m", "optout_bot"]


def start_run(home: Path, args: list[str], extra_env: dict,
              background: bool = False) -> subprocess.Popen:
    """The run as a terminal starts it, or with ``background`` as a script's ``&`` does:
    with SIGINT ignored. Not as this test process happens to have been started."""
    env = {**os.environ, "OPTOUT_HOME": str(home), "OPTOUT_TIMEOUT": "120", **extra_env}
    interrupt = signal.SIG_IGN if background else signal.SIG_DFL
    return subprocess.Popen(OPTOUT + args, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, interrupt))


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


@pytest.mark.parametrize(("sig", "code", "background"), [
    (signal.SIGTERM, 143, False),
    (signal.SIGINT, 130, False),
    # started by a script in the background, SIGINT ignored: SIGTERM must still stop it
    (signal.SIGTERM, 143, True),
])
def test_a_signal_on_a_hung_page_keeps_the_finished_platforms(tmp_path, sig, code,
                                                              background):
    home = tmp_path / "home"
    with hung_origin() as origin:
        # Stack Overflow needs no browser: it is finished long before the stop
        process = start_run(home, ["check", "stackoverflow", "linkedin", "--jobs", "2",
                                   "--site", f"linkedin={origin}"],
                            {"OPTOUT_LINKEDIN_USERNAME": "me@example.com",
                             "OPTOUT_LINKEDIN_PASSWORD": "s3cret-Pa55"}, background)
        try:
            before = wait_for_line(process.stderr, "stackoverflow (default): unavailable", 90)
            assert origin.accepted.wait(90), "the browser never asked the hung site"
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
    assert [p["platform"] for p in run["platforms"]] == ["stackoverflow"]  # done before
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


def test_the_browser_temp_folder_of_a_killed_run_goes_at_the_next_start(tmp_path,
                                                                       cli_browser):
    home = tmp_path / "home"
    with hung_origin() as origin:
        process = start_run(home, ["check", "x", "--site", f"x={origin}"],
                            {"OPTOUT_X_USERNAME": "me", "OPTOUT_X_PASSWORD": "pw"})
        try:
            assert origin.accepted.wait(90), "the browser never asked the hung site"
            [folder] = Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}{process.pid}-*")
            assert list(folder.glob("playwright*")), "the browser's temp files are elsewhere"
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
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
    assert not list(Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}{os.getpid()}-*"))


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

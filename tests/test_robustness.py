"""Bad input never gives a traceback; locks, keyring trouble and crashes are handled."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optout_bot.home import Home
from optout_bot.locks import AccountBusy, account_lock
from tests.test_cli import run_main

WORDS = ["platforms", "check", "apply", "status", "history", "report", "prune", "policies",
         "forget", "diff", "log", "--all", "--json", "--dry-run", "--jobs", "--site",
         "--home", "--force", "--reason", "--redact", "--verify", "--keep-days", "--out",
         "linkedin", "x", "linkedin=http://127.0.0.1:1", "x=", "=", "-1", "0", "7d", "",
         "--help", "nonsense", "é", "--", "-", "%s", "'", "../..", "x=http://[::1",
         "--max-age"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=6))
def test_no_cli_input_gives_a_traceback(tmp_path, args):
    env = {"OPTOUT_HOME": str(tmp_path / "home"), "OPTOUT_BROWSER": str(tmp_path / "none"),
           "OPTOUT_SITES": "", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    code, out, err = run_main(args, env=env)
    assert "Traceback" not in out + err
    assert code in (0, 1, 2, 3), (args, code, out, err)
    if code == 2:
        assert err.strip(), f"exit 2 without a message for {args!r}"


def test_second_run_on_the_same_account_says_who_holds_it(tmp_path):
    home = Home.resolve(tmp_path).ensure()

    async def scenario():
        async with account_lock(home, "linkedin", "me@example.com"):
            with pytest.raises(AccountBusy, match=f"process {os.getpid()}"):
                async with account_lock(home, "linkedin", "me@example.com", wait=0.3):
                    pass
        async with account_lock(home, "linkedin", "me@example.com", wait=0.3):
            pass

    asyncio.run(scenario())


def test_a_killed_run_leaves_the_lock_free(tmp_path):
    home = Home.resolve(tmp_path).ensure()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import asyncio, sys\n"
        "from optout_bot.home import Home\n"
        "from optout_bot.locks import account_lock\n"
        "async def main():\n"
        f"    async with account_lock(Home.resolve({str(tmp_path)!r}), 'x', 'me'):\n"
        "        print('locked', flush=True)\n"
        "        await asyncio.sleep(60)\n"
        "asyncio.run(main())\n")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()

    async def take():
        async with account_lock(home, "x", "me", wait=2):
            return True

    started = time.monotonic()
    assert asyncio.run(take())
    assert time.monotonic() - started < 2


def test_no_keyring_backend_points_to_the_environment(tmp_path):
    env = {"OPTOUT_HOME": str(tmp_path), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    from click.testing import CliRunner

    from tests.test_cli import _entry

    result = CliRunner().invoke(_entry, ["login", "linkedin", "--username", "me@example.com"],
                                input="hunter2-secret\n", env=env)
    assert result.exit_code == 2, result.output
    assert "OPTOUT_LINKEDIN_PASSWORD" in result.stderr
    assert "hunter2-secret" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr

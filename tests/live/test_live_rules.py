"""What the live tests count as found and read, and that they only run when asked for."""

from __future__ import annotations

import os
import subprocess
import sys

from optout_bot import registry
from optout_bot.declarations import FORM, SWITCH
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from tests.conftest import REPO
from tests.live.test_live import unread


def result(*settings: SettingResult) -> PlatformResult:
    return PlatformResult("linkedin", "ada@example.com", True, settings=list(settings))


def switch(outcome: Outcome, before: State) -> SettingResult:
    return SettingResult("ai", "AI", "https://www.linkedin.com/", SWITCH, before=before,
                         outcome=outcome, detail="what the page showed")


def test_a_switch_read_on_or_off_counts_whatever_its_value():
    assert unread(result(switch(Outcome.ON, State.ON), switch(Outcome.OFF, State.OFF))) == []


def test_a_switch_not_found_or_not_read_is_named():
    for outcome, before in ((Outcome.UNKNOWN, State.UNKNOWN), (Outcome.ERROR, State.ON),
                            (Outcome.NEEDS_LOGIN, State.UNKNOWN), (Outcome.ON, State.UNKNOWN)):
        assert len(unread(result(switch(outcome, before)))) == 1, (outcome, before)


def test_a_form_counts_when_its_page_was_understood():
    form = SettingResult("objection", "Objection", "https://www.facebook.com/help/", FORM,
                         outcome=Outcome.ON)
    assert unread(result(form)) == []


def test_live_apply_alone_is_refused_before_anything_runs():
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q",
                           "tests/live/test_live.py", "--live-apply"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "needs --live as well" in done.stderr


def test_every_flow_has_a_live_test_and_none_runs_without_live(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-rs",
                           "tests/live/test_live.py"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ,
                                                       "OPTOUT_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    flows = len(registry.load().names())
    assert f"SKIPPED [{flows}] tests/live/test_live.py" in done.stdout
    assert "a live test: run with --live" in done.stdout
    assert f"{flows} skipped" in done.stdout

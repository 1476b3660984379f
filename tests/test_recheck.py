"""`optout recheck`: what is due, exactly those platforms checked, regressions, --max-age."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from optout_bot import registry
from optout_bot.commands import recheck as recheck_module
from optout_bot.commands.recheck import due_reasons, notify, parse_duration
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.policyarchive import PolicyArchive
from optout_bot.store import Store
from tests.test_policywatch import SandboxCli, sandbox_cli_fixture  # noqa: F401 - fixture

Capsys = pytest.CaptureFixture[str]


# ---------------------------------------------------------------------- --max-age
@pytest.mark.parametrize("text,expected", [
    ("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("30m", timedelta(minutes=30)),
    ("2w", timedelta(weeks=2)), ("90s", timedelta(seconds=90)), (" 3D ", timedelta(days=3)),
    ("0d", timedelta(0)),
])
def test_max_age_accepts_a_number_and_a_unit(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["7", "d", "7 days", "-1d", "1.5h", "7y", ""])
def test_max_age_rejects_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="is not a length of time like 7d, 12h or 30m"):
        parse_duration(text)


def test_bad_max_age_is_a_one_line_usage_error(home: Home, capsys: Capsys) -> None:
    from optout_bot.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["--home", str(home.root), "recheck", "--max-age", "a week"])
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == ""
    assert err == ("Error: --max-age: 'a week' is not a length of time like 7d, 12h or 30m.\n")


# ---------------------------------------------------------------------- what is due
def record(home: Home, platform: str, read_at: datetime, **states: State) -> None:
    """One recorded check of ``platform`` read at ``read_at``, settings in ``states``."""
    when = read_at.isoformat(timespec="seconds")
    settings = [SettingResult(setting_id, setting_id, "https://example.com", "switch",
                              before=state, after=state,
                              outcome=Outcome.ON if state is State.ON else Outcome.OFF,
                              started_at=when, finished_at=when)
                for setting_id, state in states.items()]
    with Store.open(home) as store:
        run_id = store.begin_run("check", True, "test")
        store.record_platform(run_id, PlatformResult(platform, "me", True, settings=settings))
        store.finish_run(run_id, 0)


def reasons(home: Home, platform: str, max_age: str = "7d") -> list[str]:
    with Store.open(home) as store:
        return due_reasons(store, PolicyArchive(home), registry.load().flows[platform],
                           parse_duration(max_age), []).reasons


def test_due_when_the_last_read_back_is_older_than_max_age(home: Home) -> None:
    record(home, "x", datetime.now(UTC) - timedelta(days=9), grok=State.OFF)
    assert reasons(home, "x") == [
        "its settings were last read 9 days ago (--max-age 1 week)"]
    assert reasons(home, "x", "10d") == []


def test_due_when_a_setting_was_last_seen_on(home: Home) -> None:
    record(home, "x", datetime.now(UTC) - timedelta(hours=1), grok=State.ON, partners=State.OFF)
    assert reasons(home, "x") == ["1 setting last seen on: grok"]


def test_due_after_an_ai_policy_change_since_the_last_read_back(home: Home) -> None:
    from optout_bot.policy import PolicyDoc

    record(home, "linkedin", datetime.now(UTC) - timedelta(hours=2), ai=State.OFF)
    doc = PolicyDoc("privacy", "Privacy Policy", "https://www.linkedin.com/legal/privacy-policy")
    archive = PolicyArchive(home)
    archive.record("linkedin", doc, "We show you jobs.", datetime.now(UTC) - timedelta(days=3))
    assert reasons(home, "linkedin") == []
    archive.record("linkedin", doc, "We show you jobs. We train AI models on your posts.",
                   datetime.now(UTC) - timedelta(hours=1))
    assert len(reasons(home, "linkedin")) == 1
    assert reasons(home, "linkedin")[0].startswith(
        "its Privacy Policy changed about AI training (AI, training models), seen ")


def test_a_change_within_the_second_of_the_read_back_is_not_after_it(home: Home) -> None:
    """The store keeps read times in whole seconds, the archive to the microsecond: a read
    stands for its whole second (the watch just before it fetched the change)."""
    from optout_bot.policy import PolicyDoc

    read = (datetime.now(UTC) - timedelta(hours=1)).replace(microsecond=0)
    record(home, "linkedin", read, ai=State.OFF)
    doc = PolicyDoc("privacy", "Privacy Policy", "https://www.linkedin.com/legal/privacy-policy")
    archive = PolicyArchive(home)
    archive.record("linkedin", doc, "We show you jobs.", read - timedelta(days=3))
    archive.record("linkedin", doc, "We show you jobs. We train AI models on your posts.",
                   read + timedelta(microseconds=400_000))
    assert reasons(home, "linkedin") == []
    archive.record("linkedin", doc, "We show you jobs. We train AI models on your chats.",
                   read + timedelta(seconds=1, microseconds=200_000))
    assert len(reasons(home, "linkedin")) == 1


# ---------------------------------------------------------------------- against the sandbox
def apply(cli: SandboxCli, capsys: Capsys, *platforms: str) -> None:
    """Everything off on ``platforms``, and their policies saved as they are (version 1)."""
    code, _out, err = cli.run(capsys, "apply", *platforms)
    assert code == 0, err
    assert cli.run(capsys, "policies", "check", *platforms)[0] == 0


def regression_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("REGRESSION")]


def test_nothing_due_says_so_and_exits_0(sandbox_cli: SandboxCli, capsys: Capsys) -> None:
    apply(sandbox_cli, capsys, "linkedin", "x")
    code, out, err = sandbox_cli.run(capsys, "recheck", "linkedin", "x")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Policy watch:",
        "  6 documents unchanged.",
        "Nothing is due: 2 platforms read within 1 week, no setting last seen on, and no "
        "policy changed about AI training since.",
    ]


def test_policy_change_rechecks_exactly_the_affected_platform(
        sandbox_cli: SandboxCli, capsys: Capsys) -> None:
    apply(sandbox_cli, capsys, "linkedin", "x")
    sandbox_cli.replica("linkedin").publish_policy("privacy", 2)
    code, out, err = sandbox_cli.run(capsys, "--json", "recheck", "linkedin", "x")
    assert code == 0 and regression_lines(err) == [] and "Warning" not in err
    document = json.loads(out)
    changed = [(p["platform"], p["doc"]) for p in document["policies"]
               if p["status"] == "changed"]
    assert changed == [("linkedin", "privacy")]
    due = {p["platform"]: p["reasons"] for p in document["platforms"]}
    assert due["x"] == [] and len(due["linkedin"]) == 1
    assert "Privacy Policy changed about AI training" in due["linkedin"][0]
    assert {r["platform"] for r in document["run"]["results"]} == {"linkedin"}
    assert document["regressions"] == [] and document["exit_code"] == 0

    # once read again, the change is no longer a reason
    code, out, _err = sandbox_cli.run(capsys, "recheck", "linkedin", "x")
    assert code == 0 and "Nothing is due" in out


def fake_notify_send(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A notify-send first on the PATH that writes its arguments to a file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notifications.txt"
    script = folder / "notify-send"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{log}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(recheck_module.sys, "platform", "linux")
    return log


def test_setting_flipped_back_on_is_a_regression(
        sandbox_cli: SandboxCli, capsys: Capsys, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    apply(sandbox_cli, capsys, "x")
    notifications = fake_notify_send(tmp_path, monkeypatch)
    sandbox_cli.replica("x").settings_of(sandbox_cli.username("x"))["ai-training"] = True

    code, out, err = sandbox_cli.run(capsys, "recheck", "--max-age", "0s", "x")
    assert code == 1
    label = "Allow your public data and Grok interactions to be used for training"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert regression_lines(err) == [
        f"REGRESSION: X: \u201c{label}\u201d is on again; it was off on {today}."]
    assert "X: its settings were last read" in out
    assert notifications.read_text().splitlines()[0] == "optout: A setting was turned back on"
    with Store.open(sandbox_cli.home) as store:
        found = store.regressions()
        assert [(r.platform, r.setting_id, r.turned_off_again) for r in found] == [
            ("x", "ai-training", False)]
        history = store.runs(limit=1)[0]
        assert history["command"] == "recheck" and history["dry_run"] is True
    # read-only: the setting is still on
    assert sandbox_cli.replica("x").settings_of(sandbox_cli.username("x"))["ai-training"]


def test_fix_turns_a_regression_off_again_and_still_reports_it(
        sandbox_cli: SandboxCli, capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    apply(sandbox_cli, capsys, "linkedin")
    monkeypatch.setattr(recheck_module, "notify", lambda title, message: True)
    settings = sandbox_cli.replica("linkedin").settings_of(sandbox_cli.username("linkedin"))
    settings["ai-training"] = True

    code, _out, err = sandbox_cli.run(capsys, "recheck", "--fix", "--max-age", "0s", "linkedin")
    assert code == 1
    [line] = regression_lines(err)
    assert line.startswith("REGRESSION: LinkedIn: \u201cUse my data for training content ")
    assert line.endswith("It was turned off again.")
    assert settings["ai-training"] is False


def test_notify_never_fails_without_a_notifier(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert notify("optout", "nothing to show") is False
    broken = tmp_path / "notify-send"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o700)
    monkeypatch.setattr(recheck_module.sys, "platform", "linux")
    assert notify("optout", "no desktop session") is False


def test_demo_policy_change_rechecks_only_the_platform_that_published(
        sandbox_cli: SandboxCli, capsys: Capsys) -> None:
    from optout_bot.accounts import Credentials
    from optout_bot.clicontext import Options
    from optout_bot.commands.recheck import demo_policy_change

    apply(sandbox_cli, capsys, "linkedin", "x")
    opts = Options(home=str(sandbox_cli.home.root), sites=sandbox_cli.sites()[1::2])
    credentials = {name: Credentials(sandbox_cli.username(name), "s3cret-Pa55", source="demo")
                   for name in ("linkedin", "x")}
    capsys.readouterr()
    assert demo_policy_change(opts, sandbox_cli.sandbox, credentials) == 0
    out = capsys.readouterr().out
    assert "LinkedIn now publishes a new policy that mentions AI training." in out
    assert "  LinkedIn: its Privacy Policy changed about AI training (" in out
    assert "Not due: X (read " in out
    assert sandbox_cli.replica("linkedin").policy_versions["privacy"] == 2

"""``optout schedule``: the files and crontab lines it writes, and that it leaves others alone."""

from __future__ import annotations

import json
import os
import plistlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from optout_bot import schedule as sched
from optout_bot.cli import cli
from optout_bot.errors import OptoutError, UsageError

FAKE_CRONTAB = """#!/bin/sh
case "$1" in
  -l) if [ -f "$FAKE_CRONTAB_FILE" ]; then cat "$FAKE_CRONTAB_FILE";
      else echo "no crontab for tester" >&2; exit 1; fi ;;
  -) cat > "$FAKE_CRONTAB_FILE" ;;
  *) exit 2 ;;
esac
"""


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A private HOME, XDG config dir and crontab; system tools are recorded, never run."""
    home = tmp_path / "userhome"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    crontab = bin_dir / "crontab"
    crontab.write_text(FAKE_CRONTAB)
    crontab.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_CRONTAB_FILE", str(tmp_path / "crontab.txt"))
    monkeypatch.delenv("OPTOUT_HOME", raising=False)
    calls: list[list[str]] = []
    answers: dict[str, tuple[bool, str]] = {}

    def fake_run_tool(argv: list[str]) -> tuple[bool, str]:
        calls.append(argv)
        return answers.get(" ".join(argv), (True, ""))

    monkeypatch.setattr(sched, "run_tool", fake_run_tool)
    return {
        "calls": calls,
        "answers": answers,
        "units": tmp_path / "config" / "systemd" / "user",
        "agents": home / "Library" / "LaunchAgents",
        "crontab": tmp_path / "crontab.txt",
        "bin": bin_dir,
    }


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), standalone_mode=False)
    if isinstance(result.exception, OptoutError):
        return result.exception.exit_code, str(result.exception)
    assert result.exception is None, result.exception
    return result.return_value, result.output


def unit_texts(units: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(units.iterdir())}


# --every ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,hours", [("daily", 24), ("weekly", 168), ("6h", 6), ("1h", 1),
                                        ("168h", 168), ("Daily", 24)])
def test_every_accepts_daily_weekly_and_hours(text: str, hours: int) -> None:
    assert sched.parse_every(text).hours == hours


@pytest.mark.parametrize("text", ["0h", "169h", "monthly", "", "6", "h", "-1h", "1.5h"])
def test_every_rejects_anything_else(text: str) -> None:
    with pytest.raises(UsageError):
        sched.parse_every(text)


def test_bad_every_is_one_line_usage_error_and_writes_nothing(env: dict) -> None:
    code, message = run("schedule", "install", "--every", "monthly", "--backend", "systemd")
    assert code == 2
    assert "\n" not in message and "--every" in message
    assert not env["units"].exists()


def test_unknown_backend_is_a_usage_error() -> None:
    code, message = run("schedule", "install", "--backend", "anacron")
    assert code == 2 and "systemd, launchd, cron" in message


# systemd ------------------------------------------------------------------------------------

def test_systemd_daily_writes_service_and_timer(env: dict) -> None:
    code, output = run("schedule", "install", "--backend", "systemd", "--no-enable")
    assert code == 0
    files = unit_texts(env["units"])
    assert set(files) == {"optout-recheck.service", "optout-recheck.timer"}
    service, timer = files["optout-recheck.service"], files["optout-recheck.timer"]
    assert f"ExecStart={sys.executable} -m optout_bot recheck\n" in service
    assert "Type=oneshot" in service
    assert "OnCalendar=daily\nPersistent=true\nRandomizedDelaySec=" in timer
    assert "OnUnitActiveSec" not in timer
    assert "WantedBy=timers.target" in timer
    assert env["calls"] == []
    assert "systemctl --user enable --now optout-recheck.timer" in output


def test_systemd_hours_use_monotonic_timer_and_fix(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--every", "6h", "--fix", "--no-enable")
    files = unit_texts(env["units"])
    assert "OnBootSec=15min\nOnUnitActiveSec=6h\n" in files["optout-recheck.timer"]
    assert "OnCalendar" not in files["optout-recheck.timer"]
    assert files["optout-recheck.service"].rstrip().endswith("recheck --fix")


def test_systemd_weekly(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--every", "weekly", "--no-enable")
    assert "OnCalendar=weekly\nPersistent=true" in unit_texts(env["units"])["optout-recheck.timer"]


def test_systemd_install_twice_gives_the_same_files(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--no-enable")
    first = unit_texts(env["units"])
    run("schedule", "install", "--backend", "systemd", "--no-enable")
    assert unit_texts(env["units"]) == first


def test_systemd_enable_runs_systemctl(env: dict) -> None:
    code, _ = run("schedule", "install", "--backend", "systemd")
    assert code == 0
    assert env["calls"] == [["systemctl", "--user", "daemon-reload"],
                            ["systemctl", "--user", "enable", "--now", "optout-recheck.timer"]]


def test_systemd_enable_failure_says_what_to_run(env: dict) -> None:
    env["answers"]["systemctl --user daemon-reload"] = (False, "Failed to connect to bus")
    code, output = run("schedule", "install", "--backend", "systemd")
    assert code == 1
    assert "could not be switched on (Failed to connect to bus)" in output
    assert "systemctl --user daemon-reload && systemctl --user enable --now" in output
    assert (env["units"] / "optout-recheck.timer").exists()


def test_systemd_refuses_to_overwrite_a_foreign_unit(env: dict) -> None:
    env["units"].mkdir(parents=True)
    foreign = env["units"] / "optout-recheck.timer"
    foreign.write_text("[Timer]\nOnCalendar=hourly\n")
    code, message = run("schedule", "install", "--backend", "systemd", "--no-enable")
    assert code == 3 and "not written by optout-bot" in message
    assert foreign.read_text() == "[Timer]\nOnCalendar=hourly\n"
    assert not (env["units"] / "optout-recheck.service").exists()
    assert run("schedule", "remove", "--backend", "systemd")[0] == 0
    assert foreign.exists()


def test_systemd_remove_disables_then_deletes_only_ours(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--no-enable")
    other = env["units"] / "something-else.service"
    other.write_text("[Service]\nExecStart=/bin/true\n")
    code, output = run("schedule", "remove")
    assert code == 0 and "Removed the systemd user timer" in output
    assert [p.name for p in env["units"].iterdir()] == ["something-else.service"]
    assert env["calls"] == [["systemctl", "--user", "disable", "--now", "optout-recheck.timer"],
                            ["systemctl", "--user", "daemon-reload"]]


def test_unwritable_unit_dir_is_one_clear_error(env: dict) -> None:
    env["units"].parent.mkdir(parents=True)
    env["units"].write_text("a file where a folder should be")
    code, message = run("schedule", "install", "--backend", "systemd", "--no-enable")
    assert code == 3 and message.startswith("Could not write the schedule:")


def test_xdg_config_home_defaults_to_dot_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert sched.systemd_unit_dir() == Path.home() / ".config" / "systemd" / "user"


@pytest.mark.parametrize("arg,quoted", [
    ("recheck", "recheck"),
    ("/a b/c", '"/a b/c"'),
    ("50%", '"50%%"'),
    ("$HOME", '"$$HOME"'),
    ('say "hi"\\', '"say \\"hi\\"\\\\"'),
    ("tab\there", '"tab\\x09here"'),
])
def test_systemd_quote(arg: str, quoted: str) -> None:
    assert sched.systemd_quote(arg) == quoted


def test_systemd_quote_leaves_dollar_in_the_executable() -> None:
    assert sched.systemd_quote("/opt/a$b/python", executable=True) == '"/opt/a$b/python"'


def _verify(paths: list[Path], tmp_path: Path) -> subprocess.CompletedProcess:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    environ = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SYSTEMD_LOG_COLOR": "0"}
    files = [str(p) for p in paths]

    def verify(*mode: str) -> subprocess.CompletedProcess:
        return subprocess.run(["systemd-analyze", "verify", *mode, *files], check=False,
                              capture_output=True, text=True, env=environ, timeout=60)

    done = verify("--user")
    # Older systemd cannot start a user manager offline; the system check reads the same files.
    if done.returncode != 0 and "initialize manager" in done.stderr:
        done = verify()
    return done


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed (apt-get install systemd)")
def test_systemd_units_pass_systemd_analyze_verify(
    env: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An interpreter path that needs quoting, so verify proves ExecStart names a real binary.
    odd_dir = tmp_path / "py thon 100% $dir"
    odd_dir.mkdir()
    (odd_dir / "python").symlink_to(sys.executable)
    monkeypatch.setattr(sys, "executable", str(odd_dir / "python"))
    for every in ("daily", "weekly", "6h"):
        code, _ = run("schedule", "install", "--backend", "systemd", "--every", every, "--fix",
                      "--home", str(tmp_path / "state 50% $x"), "--no-enable")
        assert code == 0
        paths = sorted(env["units"].iterdir())
        done = _verify(paths, tmp_path)
        assert done.returncode == 0, done.stderr
    service = (env["units"] / "optout-recheck.service").read_text()
    assert "$$x" in service and '100%% $dir/python"' in service

    (odd_dir / "python").unlink()
    assert _verify(paths, tmp_path).returncode != 0, "verify must notice a missing ExecStart"


# --home -------------------------------------------------------------------------------------

def test_default_home_is_not_passed(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--no-enable")
    assert "--home" not in unit_texts(env["units"])["optout-recheck.service"]


def test_home_option_is_passed_absolute(env: dict, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("--json", "schedule", "install", "--backend", "cron", "--home", "my state")
    assert code == 0
    argv = json.loads(output)["command"]
    assert argv[:5] == [sys.executable, "-m", "optout_bot", "--home", str(tmp_path / "my state")]
    assert argv[5:] == ["recheck"]


def test_optout_home_variable_is_passed(env: dict, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPTOUT_HOME", str(tmp_path / "elsewhere"))
    run("schedule", "install", "--backend", "launchd", "--no-enable")
    plist = plistlib.loads((env["agents"] / "org.optout-bot.recheck.plist").read_bytes())
    assert plist["ProgramArguments"][3:5] == ["--home", str(tmp_path / "elsewhere")]


# launchd ------------------------------------------------------------------------------------

def test_launchd_agent_is_valid_escaped_plist(env: dict, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/opt/R&D <py>/bin/python")
    code, _ = run("schedule", "install", "--backend", "launchd", "--every", "6h", "--fix",
                  "--no-enable")
    assert code == 0
    path = env["agents"] / "org.optout-bot.recheck.plist"
    text = path.read_text()
    assert "R&amp;D &lt;py&gt;" in text and "<!-- optout-bot recheck" in text
    plist = plistlib.loads(path.read_bytes())
    assert plist["Label"] == "org.optout-bot.recheck"
    assert plist["ProgramArguments"] == ["/opt/R&D <py>/bin/python", "-m", "optout_bot",
                                         "recheck", "--fix"]
    assert plist["StartInterval"] == 6 * 3600
    assert "StartCalendarInterval" not in plist


@pytest.mark.parametrize("every,interval", [("daily", {"Hour": 9, "Minute": 17}),
                                            ("weekly", {"Hour": 9, "Minute": 17, "Weekday": 1})])
def test_launchd_calendar(env: dict, every: str, interval: dict) -> None:
    run("schedule", "install", "--backend", "launchd", "--every", every, "--no-enable")
    path = env["agents"] / "org.optout-bot.recheck.plist"
    assert plistlib.loads(path.read_bytes())["StartCalendarInterval"] == interval


def test_launchd_install_twice_and_remove(env: dict) -> None:
    run("schedule", "install", "--backend", "launchd")
    path = env["agents"] / "org.optout-bot.recheck.plist"
    first = path.read_bytes()
    run("schedule", "install", "--backend", "launchd")
    assert path.read_bytes() == first
    assert [c[:2] for c in env["calls"]] == [["launchctl", "bootout"],
                                             ["launchctl", "bootstrap"]] * 2
    other = env["agents"] / "com.example.other.plist"
    other.write_text("<plist/>")
    assert run("schedule", "remove", "--backend", "launchd")[0] == 0
    assert [p.name for p in env["agents"].iterdir()] == ["com.example.other.plist"]


# cron ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("every,expression", [
    ("daily", "17 9 * * *"), ("weekly", "17 9 * * 1"), ("24h", "17 9 * * *"),
    ("168h", "17 9 * * 1"), ("48h", "17 9 */2 * *"), ("1h", "17 * * * *"),
    ("6h", "17 */6 * * *"), ("5h", "17 0,5,10,15,20 * * *"),
])
def test_cron_expressions(every: str, expression: str) -> None:
    assert sched.cron_expression(sched.parse_every(every)) == expression


def test_cron_line_is_shell_quoted_and_percent_escaped() -> None:
    argv = ["/opt/my py/python", "-m", "optout_bot", "--home", "/h/it's 100%", "recheck"]
    line = sched.cron_line(argv, sched.parse_every("daily"))
    assert line.endswith(" # optout-bot recheck\n")
    command = line[len("17 9 * * * "):-len(" # optout-bot recheck\n")]
    assert "100\\%" in command
    assert shlex.split(command.replace("\\%", "%")) == argv


OTHER_LINES = (
    "# my own jobs\n"
    "MAILTO=me@example.org\n"
    "0 3 * * * /usr/bin/backup --all  \t# nightly, optout-bot recheck is mine too\n"
    "@reboot echo caf\xe9 > /dev/null\n"
).encode("latin-1")


def test_cron_keeps_other_lines_byte_for_byte(env: dict) -> None:
    env["crontab"].write_bytes(OTHER_LINES)
    assert run("schedule", "install", "--backend", "cron", "--every", "6h")[0] == 0
    after = env["crontab"].read_bytes()
    assert after.startswith(OTHER_LINES)
    assert after.count(b"# optout-bot recheck\n") == 1
    run("schedule", "install", "--backend", "cron", "--every", "6h")
    assert env["crontab"].read_bytes() == after
    code, output = run("schedule", "remove")
    assert code == 0 and "crontab line" in output
    assert env["crontab"].read_bytes() == OTHER_LINES


def test_cron_reinstall_replaces_our_line_in_place(env: dict) -> None:
    env["crontab"].write_bytes(b"1 1 * * * a\n")
    run("schedule", "install", "--backend", "cron")
    with env["crontab"].open("ab") as table:
        table.write(b"2 2 * * * b\n")
    run("schedule", "install", "--backend", "cron", "--every", "weekly", "--fix")
    lines = env["crontab"].read_text().splitlines()
    assert lines[0] == "1 1 * * * a" and lines[2] == "2 2 * * * b"
    assert lines[1].startswith("17 9 * * 1 ")
    assert lines[1].endswith("recheck --fix # optout-bot recheck")


def test_cron_without_trailing_newline_and_without_crontab(env: dict) -> None:
    run("schedule", "install", "--backend", "cron")
    assert env["crontab"].read_text().count("\n") == 1
    run("schedule", "remove", "--backend", "cron")
    assert env["crontab"].read_bytes() == b""
    env["crontab"].write_bytes(b"1 1 * * * a")
    run("schedule", "install", "--backend", "cron")
    assert env["crontab"].read_bytes().startswith(b"1 1 * * * a\n17 9 * * * ")


def test_cron_missing_command_is_one_clear_error(env: dict) -> None:
    (env["bin"] / "crontab").unlink()
    code, message = run("schedule", "install", "--backend", "cron")
    assert code == 3 and "crontab command is not installed" in message
    assert run("schedule", "show")[0] == 0


# show / choosing ----------------------------------------------------------------------------

def test_show_when_nothing_is_installed() -> None:
    code, output = run("schedule", "show")
    assert code == 0 and "No scheduled recheck is installed" in output
    assert json.loads(run("schedule", "show", "--json")[1]) == {"installed": []}


def test_show_lists_what_is_installed(env: dict) -> None:
    run("schedule", "install", "--backend", "systemd", "--no-enable")
    run("schedule", "install", "--backend", "cron", "--every", "1h")
    document = json.loads(run("schedule", "show", "--json")[1])
    assert [each["backend"] for each in document["installed"]] == ["systemd", "cron"]
    assert document["installed"][1]["text"].startswith("17 * * * * ")
    code, output = run("schedule", "show", "--backend", "cron")
    assert code == 0 and "crontab line" in output and "systemd" not in output


def test_remove_when_nothing_is_installed() -> None:
    code, output = run("schedule", "remove")
    assert code == 0 and "nothing changed" in output


def test_default_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert sched.default_backend_name() == "launchd"
    monkeypatch.setattr(sys, "platform", "freebsd14")
    assert sched.default_backend_name() == "cron"

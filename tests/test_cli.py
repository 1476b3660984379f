"""Messages and exit codes of the CLI: one line for bad input, never a traceback."""

from __future__ import annotations

import json
import os

import click
import pytest
from click.testing import CliRunner

from optout_bot import registry
from optout_bot.cli import main


def run_main(args: list[str], env: dict | None = None) -> tuple[int, str, str]:
    """Run the real entry point (its error handling included) and capture what it prints."""
    result = CliRunner().invoke(_entry, args, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                 "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def _entry(args):
    main(list(args))


def test_platforms_lists_every_flow():
    code, out, _ = run_main(["platforms"])
    assert code == 0
    for name in registry.load().names():
        assert name in out


def test_json_before_or_after_the_command():
    for args in (["--json", "platforms"], ["platforms", "--json"]):
        code, out, _ = run_main(args)
        assert code == 0
        names = [p["name"] for p in json.loads(out)["platforms"]]
        assert "linkedin" in names and "x" in names


@pytest.mark.parametrize("args, fragment", [
    (["check", "linkdin"], "Did you mean 'linkedin'"),
    (["apply", "nosuchsite"], "Unknown platform 'nosuchsite'"),
    (["check"], "Name at least one platform"),
    (["check", "x", "--all"], "not both"),
    (["check", "x", "--site", "x"], "is not PLATFORM=ORIGIN"),
    (["check", "x", "--site", "x=ftp://host"], "expected an origin"),
    (["check", "x", "--site", "x=http://127.0.0.1:99999"], "port"),
    (["check", "x", "--site", "myspace=http://127.0.0.1:1"], "unknown platform 'myspace'"),
    (["chek"], "Did you mean 'check'"),
    (["check", "x", "--jobs", "0"], "--jobs"),
])
def test_bad_input_is_one_line_and_exit_2(args, fragment, tmp_path):
    code, out, err = run_main(args, env={"OPTOUT_HOME": str(tmp_path)})
    assert code == 2, (out, err)
    assert fragment in err
    assert "Traceback" not in err + out
    assert len([line for line in err.splitlines() if line.startswith("Error")]) == 1


def test_malformed_sites_env_is_exit_2(tmp_path):
    code, _, err = run_main(["check", "x"], env={"OPTOUT_SITES": "x=notaurl",
                                                 "OPTOUT_HOME": str(tmp_path)})
    assert code == 2 and "OPTOUT_SITES x=notaurl" in err


def test_no_browser_is_one_line_and_exit_3(tmp_path):
    env = {"PATH": str(tmp_path), "PLAYWRIGHT_BROWSERS_PATH": "0", "OPTOUT_BROWSER": "",
           "OPTOUT_HOME": str(tmp_path / "home"), "OPTOUT_SITES": ""}
    code, out, err = run_main(["check", "linkedin"], env=env)
    assert code == 3, (out, err)
    assert "No Chrome or Chromium found" in err and "apt-get install chromium" in err
    assert "Traceback" not in err


def test_unwritable_home_is_exit_2(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    code, _, err = run_main(["--home", str(blocked / "sub"), "check", "x"])
    assert code == 2 and "Cannot write to the optout home" in err


def test_help_names_the_exit_codes():
    code, out, _ = run_main(["--help"])
    assert code == 0 and "Exit codes" in out and "needs_login" in out


def test_help_does_not_import_playwright():
    import subprocess
    import sys

    probe = ("import sys; from optout_bot.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit: pass\n"
             "assert 'playwright' not in sys.modules, 'playwright imported'\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ})
    assert done.returncode == 0, done.stderr

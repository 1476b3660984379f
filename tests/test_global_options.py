"""The global options work before or after the command, and the one after it wins.

The runs themselves are replaced by a recorder of the options they were given, so these
tests start no browser.
"""

from __future__ import annotations

import pytest

from optout_bot.sites import parse_origin
from tests.test_cli import run_main

SANDBOX = "http://127.0.0.1:8001"
OTHER = "http://127.0.0.1:8002"
EMPTY_JSON = '{\n  "results": []\n}\n'


@pytest.fixture
def runs(monkeypatch, tmp_path):
    """The RunOptions of every run the CLI starts; each run finds nothing."""
    seen = []

    async def record(flows, home, options, on_result=None, **_kwargs):
        seen.append(options)
        return []

    monkeypatch.setattr("optout_bot.runner.run_flows", record)
    monkeypatch.setenv("OPTOUT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPTOUT_CONNECT", raising=False)
    monkeypatch.delenv("OPTOUT_SITES", raising=False)
    return seen


def only_run(args: list[str], runs: list, env: dict | None = None):
    code, out, err = run_main(args, env=env)
    assert (code, out, err) == (0, EMPTY_JSON, "")
    assert len(runs) == 1
    return runs.pop()


@pytest.mark.parametrize("command", ["check", "apply"])
@pytest.mark.parametrize("before", [True, False])
def test_each_browser_option_before_or_after_the_command(runs, command, before):
    options = ["--site", f"x={SANDBOX}", "--headed", "--browser", "/opt/chromium",
               "--connect", "ws://127.0.0.1:3000/"]
    args = ([*options, "--json", command, "x"] if before
            else ["--json", command, "x", *options])
    run = only_run(args, runs)
    assert run.sites == {"x": parse_origin(SANDBOX)}
    assert run.headed is True
    assert run.browser == "/opt/chromium"
    assert run.connect == "ws://127.0.0.1:3000/"


def test_without_options_a_local_headless_browser_is_used(runs):
    run = only_run(["check", "x", "--json"], runs)
    assert (run.sites, run.headed, run.browser, run.connect) == ({}, False, None, None)


def test_given_in_both_places_the_one_after_the_command_wins(runs):
    run = only_run(["--browser", "/opt/first", "--connect", "ws://first:1/",
                    "--site", f"x={SANDBOX}", "--site", f"linkedin={SANDBOX}",
                    "check", "x", "linkedin", "--json",
                    "--browser", "/opt/second", "--connect", "ws://second:2/",
                    "--site", f"x={OTHER}"], runs)
    assert run.browser == "/opt/second"
    assert run.connect == "ws://second:2/"
    assert run.sites == {"x": parse_origin(OTHER), "linkedin": parse_origin(SANDBOX)}


def test_connect_comes_from_the_environment_unless_given(runs):
    env = {"OPTOUT_CONNECT": "ws://from-env:3000/"}
    assert only_run(["--json", "check", "x"], runs, env).connect == "ws://from-env:3000/"
    run = only_run(["--json", "check", "x", "--connect", "ws://given:3000/"], runs, env)
    assert run.connect == "ws://given:3000/"


def test_policies_check_takes_them_before_or_after(monkeypatch, tmp_path):
    seen = []

    def record(home, flows, options):
        seen.append(options)
        return []

    monkeypatch.setattr("optout_bot.policywatch.check_policies", record)
    env = {"OPTOUT_HOME": str(tmp_path)}
    for args in (["--connect", "ws://a:1/", "--site", f"x={SANDBOX}", "policies", "check", "x"],
                 ["policies", "check", "x", "--connect", "ws://a:1/", "--site", f"x={SANDBOX}"]):
        code, out, err = run_main(args, env=env)
        assert (code, out, err) == (
            0, "None of these platforms lists policy pages to watch.\n", "")
        run = seen.pop()
        assert (run.connect, run.sites) == ("ws://a:1/", {"x": parse_origin(SANDBOX)})


def test_login_by_hand_takes_connect_and_the_browser_path_before(monkeypatch, tmp_path):
    seen = []

    async def record(flow, home, opts):
        seen.append((opts.browser, opts.connect_endpoint(), opts.sites))
        return "me"

    monkeypatch.setattr("optout_bot.interactive.login_by_hand", record)
    env = {"OPTOUT_HOME": str(tmp_path)}
    code, out, err = run_main(["--browser", "/opt/chromium", "login", "x", "--browser",
                               "--connect", "ws://a:1/", "--site", f"x={SANDBOX}"], env=env)
    assert (code, out, err) == (0, "Signed in to X as me; the session is kept (no password).\n",
                                "")
    assert seen == [("/opt/chromium", "ws://a:1/", [f"x={SANDBOX}"])]


def test_help_says_where_they_go_and_which_wins():
    code, out, _ = run_main(["--help"])
    assert code == 0
    text = " ".join(out.split())
    assert ("--json, --home, --site, --headed, --browser and --connect may also be given "
            "after the command (optout check x --json). Given in both places, the one after "
            "the command wins; --site values add up, and for the same platform the later "
            "one wins.") in text
    for option in ("--site PLATFORM=ORIGIN", "--headed", "--browser PATH",
                   "--connect WS_ENDPOINT"):
        assert option in out

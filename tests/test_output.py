"""Results as a person reads them: one line per setting at 80 and 120 columns, the To do
list with short instructions, long explanations only with --details; the live progress."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from optout_bot.clicontext import Options
from optout_bot.commands.run import report
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.output import short_instruction
from optout_bot.progress import Phase, Progress
from optout_bot.progressview import ProgressBoard
from tests.test_cli import run_main

SCREENS = Path(__file__).parent / "screens"
SO_NOTE = ("No switch exists. Stack Overflow sells access to questions and answers to AI "
           "companies. What you can do: (1) Don't post what you would not want used.")
SELFIE_NOTE = ("In the Snapchat app: tap your profile picture, then the gear icon, and turn "
               "off 'See My Selfie in Ads'. If you never set up My Selfie, there is nothing "
               "to change.")


def setting(label: str, outcome: Outcome, before: State = State.UNKNOWN,
            after: State = State.UNKNOWN, detail: str = "") -> SettingResult:
    return SettingResult(label.lower()[:12], label, "https://example.com/", "switch",
                         before=before, after=after, outcome=outcome, detail=detail)


def results() -> list[PlatformResult]:
    linkedin = PlatformResult("linkedin", "ada.lovelace@example.com", False, settings=[
        setting("Use my data for training content creation AI models", Outcome.TURNED_OFF,
                State.ON, State.OFF),
        setting("Share my data with LinkedIn's select partners", Outcome.OFF,
                State.OFF, State.OFF)])
    x = PlatformResult("x", "ada.lovelace@example.com", False, settings=[
        setting("Allow your public data and Grok interactions to be used for training",
                Outcome.NEEDS_LOGIN, detail="X shows a security check (captcha) that only you "
                "can pass. Run 'optout login x --browser', complete it in the window, then run "
                "again.")])
    snapchat = PlatformResult("snapchat", "default", False, settings=[
        setting("See My Selfie in Ads", Outcome.MANUAL, detail=SELFIE_NOTE)])
    stackoverflow = PlatformResult("stackoverflow", "default", False, settings=[
        setting("Your questions and answers used to train AI (Google, OpenAI)",
                Outcome.UNAVAILABLE, detail=SO_NOTE)])
    return [linkedin, x, snapchat, stackoverflow]


@click.command()
@click.option("--details", is_flag=True)
def show(details: bool) -> None:
    report(Options(), results(), details=details)


def printed(columns: int, *args: str) -> str:
    result = CliRunner().invoke(show, list(args), env={"COLUMNS": str(columns)},
                                catch_exceptions=False)
    return result.output


def screen(name: str) -> str:
    """The exact screen a person sees, kept as text beside the tests."""
    return (SCREENS / name).read_text()


def test_results_at_120_columns_are_one_line_per_setting():
    assert printed(120) == screen("results-120.txt")


def test_results_at_80_columns_put_the_account_above_its_settings():
    out = printed(80)
    assert out == screen("results-80.txt")
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "No switch exists" not in out  # the long explanation waits for --details


def test_details_print_each_explanation_once_per_platform():
    out = printed(100, "--details")
    assert out.split("\nDetails:\n", 1)[1] == screen("details-100.txt")
    assert "run again with --details" not in out


def test_short_instruction_is_the_sentence_that_says_what_to_do():
    assert short_instruction("Not signed in to X and no password is stored. Run 'optout login "
                             "x' (or --browser to sign in by hand).") == (
        "Run 'optout login x' (or --browser to sign in by hand).")
    assert short_instruction("Reported by users. In the Snapchat app: tap Settings and turn off "
                             "'Allow use'. More at https://help.example.com/a.b") == (
        "In the Snapchat app: tap Settings and turn off 'Allow use'.")
    assert short_instruction(SO_NOTE) == "No switch exists."


def test_platforms_with_a_name_explains_it_in_full(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_main(["platforms", "stackoverflow"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Stack Overflow (stackoverflow): none"
    assert "cannot be withdrawn" in out and all(len(line) <= 100 for line in lines)
    assert lines[-2:] == [
        "    Privacy Policy: https://stackoverflow.com/legal/privacy-policy",
        "    Public Network Terms of Service: https://stackoverflow.com/legal/terms-of-service/public"]


def event(platform: str, phase: Phase, account: str = "me@example.com", **more) -> Progress:
    title = {"linkedin": "LinkedIn", "x": "X", "stackoverflow": "Stack Overflow"}[platform]
    return Progress(platform, title, account, phase, **more)


def test_progress_board_keeps_one_line_per_platform_and_counts_the_done():
    board = ProgressBoard(width=80)
    board.update(event("linkedin", Phase.STARTING, account="default"))
    board.update(event("x", Phase.STARTING, account="default"))
    board.update(event("stackoverflow", Phase.STARTING, account="default"))
    assert board.lines() == ["LinkedIn        starting", "X               starting",
                             "Stack Overflow  starting", "0 of 3 platforms done"]
    board.update(event("linkedin", Phase.SIGNING_IN))
    board.update(event("linkedin", Phase.READING, step=2, of=3))
    board.update(event("x", Phase.CHANGING, message='changing "Grok"'))
    board.update(event("stackoverflow", Phase.FINISHED, account="default",
                       outcome="unavailable"))
    assert board.lines() == [
        "LinkedIn        me@example.com  reading 2/3",
        "X               me@example.com  changing",
        "Stack Overflow                  done: no switch",
        "1 of 3 platforms done"]
    assert board.take_notices() == []


def test_progress_board_keeps_what_the_person_must_do_as_a_notice():
    board = ProgressBoard(width=60)
    board.update(event("x", Phase.STARTING))
    board.update(event("x", Phase.WAITING))
    board.update(event("x", Phase.WAITING, message="X shows a security check. Waiting up to "
                       "10 minutes for you to finish it in the browser window."))
    assert board.lines() == ["X  me@example.com  waiting for you", "0 of 1 platform done"]
    assert board.take_notices() == ["X: X shows a security check. Waiting up to 10 minutes "
                                    "for you to finish it in the browser window."]
    assert board.take_notices() == []
    board.update(event("x", Phase.FINISHED, outcome="turned_off"))
    assert board.lines() == ["X  me@example.com  done: turned off", "1 of 1 platform done"]


def test_live_progress_draws_the_lines_and_takes_them_away_at_the_end():
    from io import StringIO

    from rich.console import Console

    from optout_bot.progressview import LiveProgress

    screen = StringIO()
    console = Console(file=screen, force_terminal=True, width=80, color_system=None)
    with LiveProgress(expected=2, console=console) as live:
        live(event("linkedin", Phase.STARTING))
        live(event("linkedin", Phase.WAITING, message="Solve the check in the window."))
        live(event("linkedin", Phase.READING, step=1, of=3))
    drawn = screen.getvalue()
    assert "LinkedIn: Solve the check in the window.\n" in drawn  # stays above the lines
    assert "LinkedIn  me@example.com  reading 1/3" in drawn
    assert "0 of 2 platforms done" in drawn
    # at the end both lines are erased, so the results are printed where they were
    assert drawn.endswith("\x1b[?25h\r" + "\x1b[1A\x1b[2K" * 2)

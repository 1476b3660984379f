"""The per-setting state machine: each way through it, and the ways it refuses."""

from __future__ import annotations

import pytest

from optout_bot.declarations import CHOICE, Choice, Setting
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.sequence import FINAL, NEXT, Stage, Track

SWITCH = Setting("ai-training", "Use my data for AI", "https://example.com/settings")
INVERTED = Setting("sharing", "Prevent sharing", "https://example.com/settings", want=True)
CHOSEN = Setting("training", "Allow training", "https://example.com/settings", kind=CHOICE,
                 choice=Choice(safe=(r"^disabled$",), unsafe=(r"^enabled$",)))


def track(setting: Setting = SWITCH) -> Track:
    return Track(setting, SettingResult(setting.id, setting.label, setting.url, setting.kind))


def test_final_stages_are_the_outcome_vocabulary():
    assert {Outcome(stage.value) for stage in FINAL} == {
        Outcome.OFF, Outcome.ON, Outcome.TURNED_OFF, Outcome.UNKNOWN, Outcome.ERROR,
        Outcome.UNAVAILABLE}
    assert not FINAL & set(NEXT), "nothing leaves a final stage"


def test_dry_run_on_and_off():
    on, off = track(), track()
    on.first_read(True, dry_run=True, platform="x", not_found="")
    off.first_read(False, dry_run=True, platform="x", not_found="")
    assert on.history == [Stage.READING, Stage.ON] and on.result.outcome is Outcome.ON
    assert "optout apply x" in on.result.detail
    assert (on.result.before, on.result.after) == (State.ON, State.ON)
    assert off.result.outcome is Outcome.OFF and off.result.after is State.OFF


def test_not_found_is_unknown_with_the_reason():
    lost = track()
    lost.first_read(None, dry_run=False, platform="x", not_found="Could not find it.")
    assert lost.history == [Stage.READING, Stage.UNKNOWN]
    assert lost.result.outcome is Outcome.UNKNOWN and lost.result.detail == "Could not find it."


def test_apply_turns_off_after_a_read_back():
    changed = track()
    changed.first_read(True, dry_run=False, platform="x", not_found="")
    changed.move(Stage.VERIFYING)
    changed.read_back(False, retry=True)
    changed.verdict(False)
    assert changed.history == [Stage.READING, Stage.CHANGING, Stage.VERIFYING,
                               Stage.TURNED_OFF]
    assert (changed.result.before, changed.result.after) == (State.ON, State.OFF)


def test_a_change_that_does_not_stick_is_tried_once_more_then_an_error():
    stuck = track()
    stuck.first_read(True, dry_run=False, platform="x", not_found="")
    stuck.move(Stage.VERIFYING)
    stuck.read_back(True, retry=True)
    assert stuck.stage is Stage.CHANGING
    stuck.problem = "the site said: could not save"
    stuck.move(Stage.VERIFYING)
    stuck.read_back(True, retry=False)
    assert stuck.stage is Stage.VERIFYING
    stuck.verdict(True)
    assert stuck.result.outcome is Outcome.ERROR
    assert "could not save" in stuck.result.detail


def test_already_off_is_read_again_and_stays_off():
    calm = track(INVERTED)
    calm.first_read(True, dry_run=False, platform="tumblr", not_found="")  # want=True: safe
    assert calm.stage is Stage.VERIFYING
    calm.verdict(True)
    assert calm.result.outcome is Outcome.OFF and calm.result.before is State.OFF


def test_unreadable_after_the_reload_is_unknown_never_off():
    lost = track()
    lost.first_read(True, dry_run=False, platform="x", not_found="")
    lost.move(Stage.VERIFYING)
    lost.read_back(None, retry=True)
    lost.verdict(None)
    assert lost.result.outcome is Outcome.UNKNOWN and lost.result.after is State.UNKNOWN


@pytest.mark.parametrize(("path", "bad"), [
    ([], Stage.TURNED_OFF),  # turned off without a change and a read back
    ([], Stage.ERROR),
    ([Stage.CHANGING], Stage.TURNED_OFF),  # turned off without a reload
    ([Stage.ON], Stage.CHANGING),  # nothing leaves a final stage
])
def test_steps_that_skip_the_read_back_are_refused(path, bad):
    refused = track()
    for stage in path:
        refused.move(stage)
    with pytest.raises(ValueError, match="no step"):
        refused.move(bad)


def read(setting: Setting, name: str) -> bool | None:
    assert setting.choice is not None
    return setting.choice.is_safe(name)


def test_a_choice_is_told_by_its_option_names_and_value():
    choice = Choice(safe=(r"^minimize",), unsafe=(r"^prioritize",), safe_value="opt-out")
    assert choice.is_safe("Minimize third-party training") is True
    assert choice.is_safe("Prioritize maximum reach (Default)") is False
    assert choice.is_safe("Ask me later") is None
    assert choice.is_safe("Ask me later", "opt-out") is True


def test_a_choice_is_turned_off_with_the_options_named():
    chosen = track(CHOSEN)
    chosen.first_read(read(CHOSEN, "Enabled"), dry_run=False, platform="github",
                      not_found="", shown="Enabled")
    assert chosen.stage is Stage.CHANGING and chosen.result.before is State.ON
    chosen.move(Stage.VERIFYING)
    chosen.read_back(read(CHOSEN, "Disabled"), retry=True, shown="Disabled")
    chosen.verdict(read(CHOSEN, "Disabled"), "Disabled")
    assert chosen.result.outcome is Outcome.TURNED_OFF
    assert (chosen.result.before, chosen.result.after) == (State.ON, State.OFF)
    assert '"Enabled" -> "Disabled"' in chosen.result.detail


def test_a_choice_in_a_dry_run_names_the_option():
    on, off = track(CHOSEN), track(CHOSEN)
    on.first_read(read(CHOSEN, "Enabled"), dry_run=True, platform="github", not_found="",
                  shown="Enabled")
    off.first_read(read(CHOSEN, "Disabled"), dry_run=True, platform="github", not_found="",
                   shown="Disabled")
    assert on.result.outcome is Outcome.ON and '("Enabled")' in on.result.detail
    assert off.result.outcome is Outcome.OFF and off.result.detail == 'Already off ("Disabled").'


def test_an_option_the_tool_does_not_know_is_unknown_and_left_alone():
    odd = track(CHOSEN)
    odd.first_read(read(CHOSEN, "Ask me later"), dry_run=False, platform="github",
                   not_found="not found", shown="Ask me later")
    assert odd.history == [Stage.READING, Stage.UNKNOWN]
    assert odd.result.outcome is Outcome.UNKNOWN and odd.result.before is State.UNKNOWN
    assert '"Ask me later"' in odd.result.detail and "nothing was changed" in odd.result.detail


def test_an_unknown_option_after_the_change_is_unknown_never_off():
    odd = track(CHOSEN)
    odd.first_read(False, dry_run=False, platform="github", not_found="", shown="Enabled")
    odd.move(Stage.VERIFYING)
    odd.read_back(None, retry=True, shown="Ask me later")
    odd.verdict(None, "Ask me later")
    assert odd.result.outcome is Outcome.UNKNOWN and '"Ask me later"' in odd.result.detail


def test_a_setting_the_account_is_not_offered_is_unavailable_with_why():
    offered = Setting("training", "Allow training", "https://example.com/settings",
                      kind=CHOICE, choice=CHOSEN.choice, note="Only with a subscription.",
                      not_offered=(r"subscribe",))
    missing = track(offered)
    missing.first_read(None, dry_run=False, platform="github", not_found="",
                       not_offered=True)
    assert missing.history == [Stage.READING, Stage.UNAVAILABLE]
    assert missing.result.outcome is Outcome.UNAVAILABLE
    assert missing.result.detail == "Only with a subscription."


def test_a_choice_setting_must_declare_its_options():
    with pytest.raises(ValueError, match="declares its options"):
        Setting("training", "Allow training", "https://example.com/settings", kind=CHOICE)

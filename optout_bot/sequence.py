"""The per-setting sequence on one settings page, as a state machine.

Every setting starts ``READING`` and ends in a state named like its outcome
(``optout_bot.outcomes``)::

    READING ──> OFF | ON                      dry run: what the read found
    READING ──> UNKNOWN                       not found, or its state not readable
    READING ──> UNAVAILABLE                   the page says the account has no such setting
    READING ──> CHANGING                      on: change it
    READING ──> VERIFYING                     already off: read again for the record
    CHANGING ──> VERIFYING                    changed (or the change failed); page reloaded
    VERIFYING ──> CHANGING                    read back on after the first try: once more
    VERIFYING ──> OFF | TURNED_OFF | ERROR | UNKNOWN   the verdict of the last read

``OFF``/``TURNED_OFF`` are reached only from a read of a page loaded from the server.

A ``choice`` setting goes the same way: its "checked" is whether the option read is the
safe one (``Choice.is_safe``: None for an option the tool does not know), and the option's
name (``shown``) goes into the details.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from optout_bot.declarations import CHOICE, Setting
from optout_bot.outcomes import Outcome, SettingResult, State


class Stage(enum.StrEnum):
    READING = "reading"
    CHANGING = "changing"
    VERIFYING = "verifying"
    OFF = Outcome.OFF.value
    ON = Outcome.ON.value
    TURNED_OFF = Outcome.TURNED_OFF.value
    UNKNOWN = Outcome.UNKNOWN.value
    ERROR = Outcome.ERROR.value
    UNAVAILABLE = Outcome.UNAVAILABLE.value


FINAL = frozenset({Stage.OFF, Stage.ON, Stage.TURNED_OFF, Stage.UNKNOWN, Stage.ERROR,
                   Stage.UNAVAILABLE})
NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.READING: frozenset({Stage.OFF, Stage.ON, Stage.UNKNOWN, Stage.UNAVAILABLE,
                              Stage.CHANGING, Stage.VERIFYING}),
    Stage.CHANGING: frozenset({Stage.VERIFYING}),
    Stage.VERIFYING: frozenset({Stage.CHANGING, Stage.OFF, Stage.TURNED_OFF, Stage.ERROR,
                                Stage.UNKNOWN}),
}


def sharing_state(checked: bool | None, want: bool) -> State:
    """Control state -> data-use state: the control at ``want`` means your data is out."""
    if checked is None:
        return State.UNKNOWN
    return State.OFF if checked == want else State.ON


@dataclass
class Track:
    """One setting's way through the sequence: its stage, last read and result."""

    setting: Setting
    result: SettingResult
    stage: Stage = Stage.READING
    checked: bool | None = None  # the control's state at the last read
    problem: str | None = None  # why a change may not have stuck
    changed: bool = False  # a change was made (the click went through)
    lock: str = ""  # why the control is held at the safe state (another setting locks it)
    history: list[Stage] = field(default_factory=lambda: [Stage.READING])
    shown: list[str] = field(default_factory=list)  # a choice: the option of each read

    def move(self, stage: Stage, detail: str = "") -> None:
        if stage not in NEXT.get(self.stage, frozenset()):
            raise ValueError(f"{self.result.id}: no step from {self.stage} to {stage}")
        self.stage = stage
        self.history.append(stage)
        if stage in FINAL:
            self.result.outcome = Outcome(stage.value)
            self.result.detail = detail

    @property
    def want(self) -> bool:
        return True if self.setting.kind == CHOICE else self.setting.want

    @property
    def is_off(self) -> bool:
        return self.checked is not None and self.checked == self.want

    def option(self) -> str:
        """The option of the last read, for a detail: ' ("Disabled")', or nothing."""
        return f' ("{self.shown[-1]}")' if self.shown and self.shown[-1] else ""

    def read(self, checked: bool | None, shown: str) -> None:
        self.checked = checked
        if self.setting.kind == CHOICE:
            self.shown.append(shown)

    def first_read(self, checked: bool | None, dry_run: bool, platform: str,
                   not_found: str, shown: str = "", not_offered: bool = False) -> None:
        """The read of the freshly opened page decides where the setting goes next."""
        self.read(checked, shown)
        self.result.before = sharing_state(checked, self.want)
        if checked is None and not_offered:
            self.move(Stage.UNAVAILABLE, self.setting.note)
        elif checked is None and shown:
            self.move(Stage.UNKNOWN, f'"{self.setting.label}" is set to "{shown}", an option '
                                     "the tool does not know, so nothing was changed. See "
                                     "the screenshot.")
        elif checked is None:
            self.move(Stage.UNKNOWN, not_found)
        elif dry_run:
            self.result.after = self.result.before
            if self.is_off:
                self.move(Stage.OFF, self.lock or self.safe_words(self.option()))
            else:
                self.move(Stage.ON, f"On{self.option()}: your data is used. Run 'optout "
                                    f"apply {platform}' to turn it off.")
        else:
            self.move(Stage.VERIFYING if self.is_off else Stage.CHANGING)

    @property
    def protects_when_on(self) -> bool:
        """A switch turned ON to protect (Tumblr's "Prevent third-party sharing")."""
        return self.setting.want and self.setting.kind != CHOICE

    def safe_words(self, tail: str, changed: bool = False) -> str:
        """The safe state in words: a switch that protects when on is said to be on,
        not "turned off"."""
        if self.protects_when_on:
            done = ", read back after a reload" if changed else ""
            return f"Protected: \"{self.setting.label}\" is on{tail}{done}."
        if changed:
            return f"Turned off{tail} and read back off after a reload."
        return f"Already off{tail}."

    def read_back(self, checked: bool | None, retry: bool, shown: str = "") -> None:
        """A read after the reload: still on goes round once more while ``retry``."""
        self.read(checked, shown)
        if checked is not None and not self.is_off and retry:
            self.move(Stage.CHANGING)

    def verdict(self, checked: bool | None, shown: str = "") -> None:
        """The last read, on the last page loaded, settles the outcome."""
        self.read(checked, shown)
        before, after = self.result.before, sharing_state(checked, self.want)
        self.result.after = after
        if before is State.OFF and after is State.OFF:
            self.move(Stage.OFF, self.lock or self.safe_words(f"{self.option()}; nothing "
                                                              "changed"))
        elif after is State.OFF:
            if self.setting.kind == CHOICE:
                tail = f' ("{self.shown[0]}" -> "{self.shown[-1]}")'
            else:
                tail = " now" if self.protects_when_on else ""
            self.move(Stage.TURNED_OFF, self.safe_words(tail, changed=True))
        elif after is State.ON and not self.changed:
            why = self.problem or "the page did not take the click"
            self.move(Stage.ERROR, f"Could not change it: {why}. It is still as it was; "
                                   "try again later or change it by hand.")
        elif after is State.ON:
            why = f" ({self.problem})" if self.problem else ""
            self.move(Stage.ERROR, f"The change did not stick: it was back as before"
                                   f"{self.option()} after a reload{why}. Try again later or "
                                   "change it by hand.")
        elif shown:
            self.move(Stage.UNKNOWN, f'Changed, but after a reload "{self.setting.label}" '
                                     f'shows "{shown}", an option the tool does not know.')
        else:
            self.move(Stage.UNKNOWN,
                      "Changed, but the setting could not be read back after a reload.")

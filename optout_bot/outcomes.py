"""The closed vocabulary of outcomes and the result records every part of the tool shares.

``before``/``after`` always describe the *data use* (is your data shared / used for AI
training?), not the look of the control: on Tumblr the safe state is the switch "Prevent
third-party sharing" checked, which reads here as ``off``.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field


class Outcome(enum.StrEnum):
    OFF = "off"  # read back off (after a load from the server); nothing changed
    TURNED_OFF = "turned_off"  # was on, changed, read back off after a reload
    ON = "on"  # still on: a dry run found it on
    UNAVAILABLE = "unavailable"  # the platform offers nothing here (with why)
    MANUAL = "manual"  # a person must act; the detail says what and where
    NEEDS_LOGIN = "needs_login"  # a challenge the tool cannot pass without the user
    REQUESTED = "requested"  # a form was submitted and the platform confirmed receipt
    UNKNOWN = "unknown"  # the state could not be read; evidence shows what was seen
    ERROR = "error"  # the flow broke or the platform refused; evidence shows what was seen


class State(enum.StrEnum):
    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"


#: outcomes after which nothing is left to do
SETTLED = frozenset({Outcome.OFF, Outcome.TURNED_OFF, Outcome.UNAVAILABLE, Outcome.REQUESTED})
#: outcomes that need the person's attention (exit 1)
ATTENTION = frozenset({Outcome.ON, Outcome.MANUAL, Outcome.NEEDS_LOGIN})

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_USAGE = 2
EXIT_ERROR = 3


@dataclass
class SettingResult:
    id: str
    label: str
    url: str
    kind: str
    before: State = State.UNKNOWN
    after: State = State.UNKNOWN
    outcome: Outcome = Outcome.UNKNOWN
    detail: str = ""
    evidence: list[str] = field(default_factory=list)
    started_at: str = ""
    finished_at: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data["before"] = self.before.value
        data["after"] = self.after.value
        data["outcome"] = self.outcome.value
        return data


@dataclass
class PlatformResult:
    platform: str
    account: str
    dry_run: bool
    outcome: Outcome = Outcome.UNKNOWN
    error: str | None = None
    settings: list[SettingResult] = field(default_factory=list)
    flow_version: str = ""
    started_at: str = ""
    finished_at: str = ""
    stats: dict = field(default_factory=dict)  # page loads, logins: for benchmarks

    def summarise(self) -> None:
        """Set the platform outcome from its settings (the least settled one wins)."""
        if not self.settings:
            if self.outcome is Outcome.UNKNOWN and self.error:
                self.outcome = Outcome.ERROR
            return
        self.outcome = max((s.outcome for s in self.settings), key=_severity)

    def to_json(self) -> dict:
        return {
            "platform": self.platform,
            "account": self.account,
            "dry_run": self.dry_run,
            "outcome": self.outcome.value,
            "error": self.error,
            "settings": [s.to_json() for s in self.settings],
        }


_ORDER = [
    Outcome.OFF,
    Outcome.UNAVAILABLE,
    Outcome.REQUESTED,
    Outcome.TURNED_OFF,
    Outcome.ON,
    Outcome.MANUAL,
    Outcome.NEEDS_LOGIN,
    Outcome.UNKNOWN,
    Outcome.ERROR,
]


def _severity(outcome: Outcome) -> int:
    return _ORDER.index(outcome)


def exit_code(results: list[PlatformResult]) -> int:
    """0: every setting off or unavailable; 1: something needs attention; 3: an error."""
    outcomes = [s.outcome for r in results for s in r.settings] + [
        r.outcome for r in results if not r.settings
    ]
    if any(o in (Outcome.ERROR, Outcome.UNKNOWN) for o in outcomes):
        return EXIT_ERROR
    if any(o in ATTENTION for o in outcomes):
        return EXIT_ATTENTION
    return EXIT_OK

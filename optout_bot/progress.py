"""What a run is doing now, as events a display can follow.

The engine reports each platform account's phase through ``RunOptions.progress``, a
callable taking one ``Progress``. A terminal display keeps one line per platform; off a
terminal nothing is printed until a platform has finished. Messages are a person's words
and never carry a secret (the engine scrubs them before they leave a run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    STARTING = "starting"
    SIGNING_IN = "signing in"
    WAITING = "waiting for you"  # a check handed to the person in a headed window
    READING = "reading"
    CHANGING = "changing"
    VERIFYING = "verifying"
    SENDING = "sending"  # a form
    FINISHED = "finished"


@dataclass(frozen=True)
class Progress:
    platform: str  # the flow's name
    title: str  # the flow's title, for people
    account: str
    phase: Phase
    step: int = 0  # with ``of``: "reading 2/3"
    of: int = 0
    message: str = ""  # what is happening, in a person's words
    outcome: str = ""  # with FINISHED: the platform's outcome

    def line(self) -> str:
        """One plain line: "LinkedIn: reading 2/3", "X: signing in", "Tumblr: finished: off"."""
        text = self.message or str(self.phase)
        if self.of and not self.message:
            text += f" {self.step}/{self.of}"
        if self.phase is Phase.FINISHED and self.outcome:
            text = f"{text}: {self.outcome}"
        return f"{self.title}: {text}"


Listener = Callable[[Progress], None]

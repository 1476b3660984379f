"""Progress events of one platform account's run, for the display (``optout_bot.progress``)."""

from __future__ import annotations

from collections.abc import Callable

from optout_bot.progress import Listener, Phase, Progress


class Narrator:
    """Tells the listener what the run is doing (its phase) or has just found."""

    def __init__(self, listener: Listener | None, platform: str, title: str, account: str,
                 scrub: Callable[[str], str]):
        self.listener = listener
        self.platform, self.title, self.account = platform, title, account
        self.scrub = scrub
        self.phase = Phase.STARTING

    def say(self, message: str = "", phase: Phase | None = None, step: int = 0,
            of: int = 0) -> None:
        if phase is not None:
            self.phase = phase
        if self.listener:
            self.listener(Progress(self.platform, self.title, self.account, self.phase,
                                   step, of, self.scrub(message)))

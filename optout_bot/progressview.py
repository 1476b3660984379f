"""The live progress display on a terminal: one line per platform account, and a count.

Built only on the engine's ``Progress`` events. While a run goes on, stderr shows::

    LinkedIn      demo@example.com   reading 2/3
    X             demo@example.com   signing in
    Tumblr        demo@example.com   done: turned off
    1 of 3 platforms done

When the run ends the lines are taken away and the results are printed in their place.
What the person must act on (a check handed to them in the browser window) is printed
above the lines and stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from optout_bot.outcomes import Outcome
from optout_bot.output import WORDS
from optout_bot.progress import Phase, Progress
from optout_bot.table import cut

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.live import Live


class ProgressBoard:
    """What each platform account is doing now, as lines of at most ``width`` columns."""

    def __init__(self, width: int = 100, expected: int = 0):
        self.width = width
        self.expected = expected  # platforms in the run, started or not
        self.latest: dict[tuple[str, str], Progress] = {}
        self.notices: list[str] = []  # things the person must read, printed once

    def update(self, event: Progress) -> None:
        key = (event.platform, event.account)
        if event.phase is Phase.WAITING and event.message:
            self.notices.append(f"{event.title}: {event.message}")
        placeholder = (event.platform, "default")
        if key not in self.latest and placeholder in self.latest:
            # the engine names the account once it knows it: that line replaces "default"
            self.latest = {(key if k == placeholder else k): (event if k == placeholder else v)
                           for k, v in self.latest.items()}
        else:
            self.latest[key] = event

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    def lines(self) -> list[str]:
        events = list(self.latest.values())
        if not events:
            return []
        title_width = max(len(e.title) for e in events)
        accounts = [e.account for e in events if e.account != "default"]
        account_width = min(max((len(a) for a in accounts), default=0), 32)
        lines = []
        for event in events:
            account = "" if event.account == "default" else event.account
            head = event.title.ljust(title_width)
            if account_width:
                head += "  " + cut(account, account_width).ljust(account_width)
            lines.append(cut(f"{head}  {doing(event)}".rstrip(), self.width))
        done = sum(1 for e in events if e.phase is Phase.FINISHED)
        total = max(len(events), self.expected)
        lines.append(f"{done} of {total} platform{'' if total == 1 else 's'} done")
        return lines


def doing(event: Progress) -> str:
    """The phase in a person's words: "reading 2/3", "done: turned off"."""
    if event.phase is Phase.FINISHED:
        try:
            return f"done: {WORDS[Outcome(event.outcome)]}"
        except ValueError:
            return "done"
    text = str(event.phase)
    if event.of:
        text += f" {event.step}/{event.of}"
    return text


class LiveProgress:
    """A rich Live display on stderr fed with events; the lines go when it stops."""

    def __init__(self, expected: int = 0, console: Console | None = None):
        from rich.console import Console

        self.console = console or Console(stderr=True, highlight=False)
        self.board = ProgressBoard(min(self.console.width, 120), expected)
        self.live: Live | None = None

    def __call__(self, event: Progress) -> None:
        self.board.update(event)
        if self.live is None:
            return
        for notice in self.board.take_notices():
            self.live.console.print(notice, markup=False)
        self.live.update(self._renderable(), refresh=True)

    def _renderable(self):
        from rich.text import Text

        return Text("\n".join(self.board.lines()))

    def __enter__(self) -> LiveProgress:
        from rich.live import Live

        self.live = Live(self._renderable(), console=self.console, transient=True,
                         auto_refresh=False, redirect_stdout=False, redirect_stderr=False)
        self.live.__enter__()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.live is not None:
            self.live.__exit__(*exc_info)
            self.live = None

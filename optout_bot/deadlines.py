"""The overall deadline of one platform account's run.

Whatever a site does (accepts a connection and never answers, keeps a page loading), a
platform run ends by its deadline: the platform is reported ``error`` with what it was
waiting for, its account lock is released, and the other platforms of the run go on.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from optout_bot.outcomes import Outcome, PlatformResult
from optout_bot.progress import Progress

if TYPE_CHECKING:  # pragma: no cover
    from optout_bot.flow import Flow
    from optout_bot.options import RunOptions
    from optout_bot.sites import SiteOverrides

class LastProgress:
    """Passes progress on, remembering the newest event (what the run was doing)."""

    def __init__(self, forward: Callable[[Progress], None] | None):
        self.forward = forward
        self.last: Progress | None = None

    def __call__(self, event: Progress) -> None:
        self.last = event
        if self.forward:
            self.forward(event)

    def doing(self) -> str:
        if self.last is None:
            return "starting"
        text = self.last.message or str(self.last.phase)
        if self.last.of and not self.last.message:
            text += f" {self.last.step} of {self.last.of}"
        return text


async def run_within_deadline(flow: Flow, account: str | None, options: RunOptions,
                              overrides: SiteOverrides,
                              run: Callable[[RunOptions], Awaitable[PlatformResult]]
                              ) -> PlatformResult:
    """``run(options)`` for one platform account, ended with an error when it overruns."""
    progress = LastProgress(options.progress)
    try:
        async with asyncio.timeout(options.timeout) as deadline:
            result = await run(dataclasses.replace(options, progress=progress))
        return name_unreachable_origin(result, flow, overrides.problem(flow.name))
    except TimeoutError:
        if not deadline.expired():
            raise
    waited = overrides.waited_for(flow.name)
    what = f"; it was waiting for {waited}" if waited else ""
    message = (f"{flow.title} did not finish within {options.timeout:g} seconds (it was "
               f"{progress.doing()}{what}). The site may be down or very slow: try again "
               "later, or allow more time with --timeout.")
    return PlatformResult(flow.name, account or "default", options.dry_run,
                          outcome=Outcome.ERROR, error=message, flow_version=flow.version)


def name_unreachable_origin(result: PlatformResult, flow: Flow,
                            problem: str | None) -> PlatformResult:
    """A failure behind a site override names the override's origin, not the real site
    the browser thought it was talking to."""
    if problem is None:
        return result
    note = f"The site override for {flow.title} failed: {problem}."
    failed = [s for s in result.settings if s.outcome is Outcome.ERROR]
    for setting in failed:
        setting.detail = f"{note} {setting.detail}"
    if result.error or failed:
        result.error = f"{note} {result.error or ''}".strip()
    return result

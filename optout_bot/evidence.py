"""Evidence of one platform account's run: screenshots and page snapshots, secrets out."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot.home import safe_name, write_private

#: personal details masked on every site with --redact, besides each flow's own selectors
REDACT_EVERYWHERE = ("input[type=email]", "input[autocomplete=username]",
                     "input[autocomplete=email]", "img[class*=avatar i]", "img[alt*=avatar i]",
                     "[data-testid*=avatar i]")
#: seconds the page may take to hand over its HTML for error evidence
SNAPSHOT_TIMEOUT = 10.0
PASSWORD_VALUE = re.compile(r'(<input[^>]*type=["\']?password[^>]*?)\svalue=("[^"]*"|\'[^\']*\')',
                            re.IGNORECASE)


#: scrolls the first element into the middle of the viewport unless it is all in view
_INTO_VIEW = """found => {
  const e = found[0];
  if (!e) return;
  const r = e.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
    e.scrollIntoView({block: 'center', inline: 'nearest'});
}"""


async def _into_view(control: Locator) -> None:
    """The control in view for its screenshot, in one call to the page (Playwright's own
    scroll waits for the element, scrolls and lets go of it: three)."""
    try:
        await control.evaluate_all(_INTO_VIEW)
    except PlaywrightError:
        pass


class EvidenceRecorder:
    """Keeps what the page showed, in ``folder``, readable by its owner only."""

    def __init__(self, page: Page, folder: Path, secrets: list[str],
                 redact: tuple[str, ...] = ()):
        self.page = page
        self.folder = folder
        self.secrets = [s for s in secrets if s]
        self.redact = redact  # selectors masked besides password fields
        self.problems = 0

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "********")
        return text

    async def screenshot(self, name: str, control: Locator | None = None) -> str | None:
        path = self.folder / f"{safe_name(name)}.png"
        masks = [self.page.locator("input[type=password]")]
        masks += [self.page.locator(selector) for selector in self.redact]
        try:
            if control is not None:
                await _into_view(control)
            await self.page.screenshot(path=str(path), mask=masks, mask_color="#000000",
                                       timeout=10000)
        except PlaywrightError:
            return None
        path.chmod(0o600)
        return str(path)

    async def dom_snapshot(self, name: str) -> str | None:
        """The page's HTML with typed values and secrets left out, for error evidence."""
        try:  # a page that never finished loading may never answer either
            html = await asyncio.wait_for(self.page.content(), SNAPSHOT_TIMEOUT)
        except (PlaywrightError, TimeoutError):
            return None
        path = self.folder / f"{safe_name(name)}.html"
        write_private(path, self.scrub(PASSWORD_VALUE.sub(r"\1", html)))
        return str(path)

    async def problem(self) -> list[str]:
        """A numbered screenshot and snapshot of a page where something went wrong."""
        self.problems += 1
        found = [await self.screenshot(f"problem-{self.problems}"),
                 await self.dom_snapshot(f"problem-{self.problems}")]
        return [p for p in found if p]

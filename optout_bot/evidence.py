"""Evidence of one platform account's run: screenshots and page snapshots, secrets out."""

from __future__ import annotations

import asyncio
import base64
import re
from pathlib import Path

from playwright.async_api import CDPSession, Locator, Page, expect
from playwright.async_api import Error as PlaywrightError

from optout_bot.home import safe_name, write_private

#: personal details masked on every site with --redact, besides each flow's own selectors
REDACT_EVERYWHERE = ("input[type=email]", "input[autocomplete=username]",
                     "input[autocomplete=email]", "img[class*=avatar i]", "img[alt*=avatar i]",
                     "[data-testid*=avatar i]")
#: seconds the page may take to hand over its HTML for error evidence
SNAPSHOT_TIMEOUT = 10.0
#: seconds a screenshot may take
SCREENSHOT_TIMEOUT = 10.0
#: one look whether the control is in view: Playwright makes the first check of an
#: expectation whatever its timeout (a control out of view answered in about 20 ms, where
#: 200 ms waited the 200 ms out; should a check be cut short, the control is scrolled to as
#: one out of view is)
IN_VIEW_TIMEOUT_MS = 1
PASSWORD_VALUE = re.compile(r'(<input[^>]*type=["\']?password[^>]*?)\svalue=("[^"]*"|\'[^\']*\')',
                            re.IGNORECASE)


#: The control scrolled into the middle of the view unless it is all in view.
_SCROLL = """found => {
  const e = found[0];
  if (!e) return;
  const r = e.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
    e.scrollIntoView({block: 'center', inline: 'nearest'});
}"""
#: Before a screenshot: a black box laid over every password field, those inside open shadow
#: roots too, in a pane of the top layer so that not even a modal dialog is drawn above it.
#: Returns whether a pane was laid.
_MASK = """color => {
  const fields = [];
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'input' && el.type === 'password') fields.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const boxes = fields.map(f => f.getBoundingClientRect()).filter(r => r.width && r.height);
  if (!boxes.length) return false;
  const pane = document.createElement('div');
  pane.setAttribute('data-optout-mask', '');
  pane.setAttribute('popover', 'manual');
  pane.style.cssText = 'position:fixed;inset:0;margin:0;padding:0;border:0;width:100vw;' +
    'height:100vh;max-width:none;max-height:none;overflow:visible;background:transparent;' +
    'pointer-events:none;z-index:2147483647;display:block';
  for (const r of boxes) {
    const box = document.createElement('div');
    box.style.cssText = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;` +
      `height:${r.height}px;background:${color}`;
    pane.appendChild(box);
  }
  document.documentElement.appendChild(pane);
  try { pane.showPopover(); } catch (error) {}
  return true;
}"""
_UNMASK = "() => document.querySelectorAll('[data-optout-mask]').forEach(e => e.remove())"
MASK_COLOR = "#000000"


async def _prepare(page: Page, control: Locator | None, color: str | None) -> bool:
    """The control scrolled into the middle of the view unless it is all in view, then
    (``color``) the password fields masked: whether they were. Raises when the page could
    not be asked (the fields may be unmasked).

    Whether the control is in view is asked in Playwright's isolated world: a function run
    on it in the page's world, as the scroll is, makes Playwright build its injected script
    there as well, about 50 ms of the browser's time on the load (figures in
    docs/benchmarks.md), so that runs only for a control out of view."""
    if control is not None:
        await _into_view(control.first)
    if color is None:
        return False
    return bool(await page.evaluate(_MASK, color))


async def _into_view(control: Locator) -> None:
    try:  # asked in Playwright's isolated world, as a look for the control is
        await expect(control).to_be_in_viewport(ratio=1, timeout=IN_VIEW_TIMEOUT_MS)
        return
    except AssertionError:
        pass  # out of view, or not shown at all (a native box behind a custom switch)
    except PlaywrightError:
        return  # the page has gone on: it is shown as it is
    try:
        await control.evaluate_all(_SCROLL)
    except PlaywrightError:
        pass  # the control is gone: the page is shown as it is


class EvidenceRecorder:
    """Keeps what the page showed, in ``folder``, readable by its owner only."""

    def __init__(self, page: Page, folder: Path, secrets: list[str],
                 redact: tuple[str, ...] = (), cdp: CDPSession | None = None):
        self.page = page
        #: the page's DevTools session (Chromium): screenshots are captured through it
        self.cdp = cdp
        self.folder = folder
        self.secrets = [s for s in secrets if s]
        self.redact = redact  # selectors masked besides password fields
        self.problems = 0

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "********")
        return text

    async def screenshot(self, name: str, control: Locator | None = None) -> str | None:
        """The viewport as a PNG, the control scrolled into view and password fields
        masked; its path, or None when the page could not be shown."""
        path = self.folder / f"{safe_name(name)}.png"
        shot = None
        if self.cdp is not None and not self.redact:
            try:
                shot = await self._capture(control)
            except PlaywrightError:
                pass  # a page between documents, a session gone: Playwright's own way
        try:
            if shot is None:
                await self._playwright_screenshot(path, control)
            else:
                path.write_bytes(shot)
        except PlaywrightError:
            return None
        path.chmod(0o600)
        return str(path)

    async def _capture(self, control: Locator | None) -> bytes:
        """Chromium's own capture, encoded for speed: one call to lay the masks and scroll,
        one to capture (and one to lift the masks when there were any), where Playwright's
        screenshot also hides the caret, waits for fonts and measures the page first, at
        about twice the browser's time (figures in docs/benchmarks.md)."""
        assert self.cdp is not None
        masked = await _prepare(self.page, control, MASK_COLOR)
        try:
            shot = await asyncio.wait_for(self.cdp.send("Page.captureScreenshot", {
                "format": "png", "optimizeForSpeed": True}), SCREENSHOT_TIMEOUT)
        except TimeoutError:
            raise PlaywrightError("the page could not be captured in time") from None
        finally:
            if masked:
                try:
                    await self.page.evaluate(_UNMASK)
                except PlaywrightError:
                    pass  # the page has gone, and its masks with it: the shot stands
        return base64.b64decode(shot["data"])

    async def _playwright_screenshot(self, path: Path, control: Locator | None) -> None:
        """Playwright's screenshot, which masks any selector (``--redact``)."""
        await _prepare(self.page, control, None)
        masks = [self.page.locator("input[type=password]")]
        masks += [self.page.locator(selector) for selector in self.redact]
        await self.page.screenshot(path=str(path), mask=masks, mask_color=MASK_COLOR,
                                   timeout=SCREENSHOT_TIMEOUT * 1000)

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

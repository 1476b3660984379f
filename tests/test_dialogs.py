"""Getting past what a page puts in the way, as a careful person does."""

from __future__ import annotations

from playwright.async_api import Locator

from optout_bot import dialogs
from tests.pages import SITE, on_page


def test_a_way_out_shown_disabled_is_passed_over_for_the_next(shared_browser, monkeypatch):
    """X's "what's new" page shows its "Got it" disabled and a "Skip" link: the link is
    taken, and nothing disabled is ever clicked (a click on it waits until it gives up)."""
    clicked: list[bool] = []
    click = Locator.click

    async def watched(self, *args, **kwargs):
        clicked.append(await self.is_enabled())
        return await click(self, *args, **kwargs)

    monkeypatch.setattr(Locator, "click", watched)
    pages = {"/settings": "<main><h1>What's new</h1><button disabled>Got it</button>"
                          "<button aria-disabled=true>Not now</button>"
                          "<a href='/skipped'>Skip</a></main>",
             "/skipped": "<main><h1>Settings</h1></main>"}

    async def look(page):
        return await dialogs.dismiss_interruptions(page), page.url

    assert on_page(shared_browser, pages, look) == (True, f"{SITE}/skipped")
    assert clicked and all(clicked), clicked

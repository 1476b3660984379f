"""A load the page's own script interrupts (the redirect to the login page that follows an
expired session) is made again once that navigation has landed, never reported as a page
that could not be opened."""

from __future__ import annotations

import asyncio

import pytest

from optout_bot import registry
from optout_bot.navigator import Navigator

SITE = "https://site.example"


@pytest.mark.parametrize(("delay_ms", "login_s"), [(0, 0.3), (20, 0.02)])
def test_a_load_the_pages_own_redirect_interrupts_is_made_again(shared_browser, delay_ms,
                                                                  login_s):
    async def race() -> tuple[str, int]:
        context = await shared_browser.new_context()

        async def answer(route) -> None:
            path = route.request.url.removeprefix(SITE).split("?")[0]
            await asyncio.sleep(login_s if path == "/login" else 0.3)  # both in flight
            await route.fulfill(status=200, content_type="text/html",
                                body=f"<main><h1>{path}</h1></main>")

        try:
            await context.route(f"{SITE}/**", answer)
            page = await context.new_page()
            await page.goto(f"{SITE}/settings", wait_until="domcontentloaded")
            # the page's answer to an expired session: off to the login page
            await page.evaluate("d => setTimeout(() => { location.href = "
                                "'/login?redirect_to=%2Fsettings'; }, d)", delay_ms)
            nav = Navigator(registry.load().flows["linkedin"], page, None, False, None,
                            save_session=None)
            status = await nav.goto(f"{SITE}/settings")
            return page.url, status
        finally:
            await context.close()

    url, status = shared_browser.call(race())
    assert (url, status) == (f"{SITE}/settings", 200)

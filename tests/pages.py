"""Pages served at a made-up site, each path with its HTML and status, for engine tests
that need a real page but no replica."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from playwright.async_api import Page

SITE = "https://site.example"


def on_page(shared_browser, pages: dict[str, str], look: Callable[[Page], Awaitable[Any]],
            status: int = 200, start: str = "/settings") -> Any:
    """``look(page)`` once ``start`` of ``pages`` (path -> body HTML) has loaded; every
    path is answered with ``status``."""

    async def run() -> Any:
        context = await shared_browser.new_context()
        try:
            await context.route(f"{SITE}/**", lambda route: route.fulfill(
                status=status, content_type="text/html; charset=utf-8",
                body=f"<html><body>{pages[route.request.url.removeprefix(SITE)]}</body></html>"))
            page = await context.new_page()
            await page.goto(f"{SITE}{start}", wait_until="domcontentloaded")
            return await look(page)
        finally:
            await context.close()

    return shared_browser.call(run())

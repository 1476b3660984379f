"""The browser runs with every feature Playwright turns off still off: Chromium honours only
the last ``--disable-features`` it is given, so the tool's own list must hold Playwright's
(among them the calls to Google's servers a fresh browser makes at start)."""

from __future__ import annotations


def test_the_one_disabled_features_list_keeps_playwrights(shared_browser):
    async def command_line() -> str:
        context = await shared_browser.new_context()
        try:
            page = await context.new_page()
            await page.goto("chrome://version")
            return await page.locator("#command_line").inner_text()
        finally:
            await context.close()

    given = [arg.removeprefix("--disable-features=").split(",")
             for arg in shared_browser.call(command_line()).split()
             if arg.startswith("--disable-features=")]
    assert given
    honoured = set(given[-1])
    for earlier in given[:-1]:
        assert set(earlier) <= honoured, sorted(set(earlier) - honoured)
    assert {"Translate", "SpareRendererForSitePerProcess"} <= honoured

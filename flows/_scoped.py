"""What the Tumblr and WordPress.com flows share: a sign-in form that may come in one
page or in steps, and finding the account's blogs or sites from the links it shows.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import dialogs, steps, text
from optout_bot.accounts import Credentials
from optout_bot.flow import name_pattern

PASSWORD = "input[type=password]"
#: seconds without a change after which a list that rendered item by item is complete
LIST_QUIET = 0.15


async def _visible(locator: Locator) -> bool:
    try:
        return await locator.first.is_visible()
    except PlaywrightError:
        return False


async def stepwise_login(page: Page, login_url: str, creds: Credentials, *,
                         user_selectors: tuple[str, ...],
                         signed_in: Callable[[], Awaitable[bool]],
                         start: tuple[str, ...] = (), next_names: tuple[str, ...] = (),
                         submit_names: tuple[str, ...] = (), timeout: float = 15.0) -> None:
    """Sign in on a form that asks for everything at once or one thing per step.

    ``start``: names of a button that opens the email form (Tumblr's "Continue with
    email"); ``next_names`` of the button after the username, ``submit_names`` after the
    password; ``signed_in`` tells, by the flow's declarations, a sign-in that needed no
    password step. Returns once the password is sent, or when the page shows something
    else (an error, a challenge): the runner judges what the page says.
    """
    await page.goto(login_url, wait_until="domcontentloaded")
    await dialogs.dismiss_interruptions(page)
    user = page.locator(", ".join(user_selectors)).or_(
        page.get_by_label(text.tolerant_regex(r"email|user")))
    password = page.locator(PASSWORD)
    opener = page.get_by_role("button", name=name_pattern(start)) if start else None
    user_done = False
    changes = steps.PageChanges(page)
    await changes.mark()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await _visible(password):
            if not user_done and await _visible(user):
                await steps.fill_first(page, creds.username, labels=(r"email|user",),
                                       selectors=user_selectors)
            await steps.fill_first(page, creds.password, labels=(r"password",),
                                   selectors=(PASSWORD,), secret=True)
            await steps.click_first(page, names=submit_names,
                                    selectors=("button[type=submit]", "input[type=submit]"))
            return
        if not user_done and await _visible(user):
            await steps.fill_first(page, creds.username, labels=(r"email|user",),
                                   selectors=user_selectors)
            user_done = True
            await steps.click_first(page, names=next_names + submit_names,
                                    selectors=("button[type=submit]",), timeout=3)
            continue
        if opener is not None and await _visible(opener):
            await opener.first.click(timeout=5000)
            continue
        if user_done and (await steps.error_message(page)
                          or await signed_in()):
            return  # "no such account", or signed in without a password step
        await changes.next(0.25)


LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


async def scoped_links(page: Page, hosts: tuple[str, ...], parse: Callable[[str], str | None],
                       timeout: float = 8.0) -> list[str]:
    """The blog or site names the page links to, in page order, once its list has rendered.

    ``parse`` turns a link's path into a name, or None for a link that names none. Links are
    read from the page's markup, so a list inside a closed menu still counts.
    """
    found: list[str] = []
    changes = steps.PageChanges(page)
    await changes.mark()
    deadline = time.monotonic() + timeout
    while True:
        found = await _names_in(page, hosts, parse)
        if found or time.monotonic() > deadline:
            break
        await changes.next(0.5)
    if found:  # a list that renders item by item: until it has stopped changing
        await changes.quiet(LIST_QUIET, 2.0)
        found = await _names_in(page, hosts, parse)
    return found


async def _names_in(page: Page, hosts: tuple[str, ...],
                    parse: Callable[[str], str | None]) -> list[str]:
    try:
        hrefs = await page.evaluate(LINKS_JS)
    except PlaywrightError:
        return []
    names: list[str] = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.hostname not in hosts:
            continue
        name = parse(parts.path)
        if name and name not in names:
            names.append(name)
    return names

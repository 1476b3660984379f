"""Where a page is in signing in, decided from a flow's declarations alone.

The rules are written once, in the ``Flow`` contract (``optout_bot.flow``).
"""

from __future__ import annotations

import enum
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import steps, text
from optout_bot.declarations import SIGN_IN_CHECKS, Blocker, BlockerKind, SignIn, path_matches


class Where(enum.StrEnum):
    CHALLENGE = "challenge"  # a declared challenge or captcha
    SIGNED_IN = "signed_in"
    LOGIN_PAGE = "login_page"
    ELSEWHERE = "elsewhere"  # none of the above: never taken for signed in


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def on_login_page(page: Page, sign_in: SignIn) -> bool:
    return path_matches(path_of(page), sign_in.login_paths)


async def password_visible(page: Page) -> bool:
    try:
        return await page.locator("input[type=password]").first.is_visible()
    except PlaywrightError:
        return False


async def signed_in(page: Page, sign_in: SignIn) -> bool:
    """Declared cookies decide alone; without them, a signed-in page or landmark."""
    if on_login_page(page, sign_in):
        return False
    if sign_in.cookies:
        return await steps.has_cookie(page, sign_in.cookies)
    if path_matches(path_of(page), sign_in.signed_in_paths):
        return True
    for landmark in sign_in.landmarks:
        try:
            if await page.locator(landmark).count():
                return True
        except PlaywrightError:
            continue
    return False


async def login_page_shown(page: Page, sign_in: SignIn) -> bool:
    """A login page by its path, or (declared so) by a password field while signed out."""
    if on_login_page(page, sign_in):
        return True
    return (sign_in.password_form and not await signed_in(page, sign_in)
            and await password_visible(page))


async def where(page: Page, sign_in: SignIn, blockers: tuple[Blocker, ...]) -> tuple[
        Where, Blocker | None]:
    """The page after a sign-in was sent: a challenge, signed in, a login page, elsewhere.

    A challenge is told by its URL path or element; by its text too off the login pages,
    where a form's own words ("try again later") do not count.
    """
    path = path_of(page)
    checks = [b for b in blockers if b.kind in SIGN_IN_CHECKS]
    blocker = blocker_at(checks, path) or await element_blocker(page, checks)
    if blocker is not None:
        return Where.CHALLENGE, blocker
    if await signed_in(page, sign_in):
        return Where.SIGNED_IN, None
    if await login_page_shown(page, sign_in):
        return Where.LOGIN_PAGE, None
    blocker = await detect_blocker(page, blockers)
    if blocker is not None and blocker.kind in SIGN_IN_CHECKS:
        return Where.CHALLENGE, blocker
    return Where.ELSEWHERE, blocker  # a rate limit or an error page, or nothing known


def blocker_at(blockers: list[Blocker] | tuple[Blocker, ...], path: str) -> Blocker | None:
    """The blocker whose URL path the page is on (a challenge page, say)."""
    return next((b for b in _captchas_first(blockers) if b.at_path(path)), None)


#: how soon a rate-limit page says to come back, in its words
EXACTLY = (r"in (an|one|\d+) hours?", r"in \d+ minutes?", r"in (einer|\d+) stunden?",
           r"in \d+ minuten")
SOON = (r"in (a few|some) minutes", r"in (ein paar|einigen|wenigen) minuten",
        r"dans quelques minutes", r"en (unos|algunos) minutos", r"tra (qualche|pochi) minut[oi]",
        r"em alguns minutos", r"over een paar minuten")


def page_says(blocker: Blocker, shown: str) -> dict[str, str]:
    """What a blocker's message quotes of the page: ``said`` (the line it matched, as
    `` ("...").``, or ``.``) and ``when`` (when to come back, as the page put it)."""
    line = text.line_matching(blocker.texts, shown)
    if found := text.first_match(EXACTLY, line):
        when = f"Try again {found.group(0)}."
    elif text.matches_any(SOON, line):
        when = "Try again in a few minutes."
    else:
        when = "Try again later."
    return {"said": f' ("{line}").' if line else ".", "when": when}


def _captchas_first(blockers: list[Blocker] | tuple[Blocker, ...]) -> list[Blocker]:
    """A page with a captcha and a code field is a captcha: a code cannot pass it."""
    return sorted(blockers, key=lambda b: b.kind is not BlockerKind.CAPTCHA)


def blocker_elements(page: Page, blockers: list[Blocker] | tuple[Blocker, ...]
                     ) -> Locator | None:
    """The elements of ``blockers`` that have one, as one locator (None: none has)."""
    selectors = [b.selector for b in blockers if b.selector]
    if not selectors:
        return None
    anything = page.locator(selectors[0])
    for selector in selectors[1:]:
        anything = anything.or_(page.locator(selector))
    return anything


async def element_blocker(page: Page, blockers: list[Blocker] | tuple[Blocker, ...]
                          ) -> Blocker | None:
    anything = blocker_elements(page, blockers)
    if anything is None:
        return None
    try:  # one query for all of them first: on most pages there is none
        if not await anything.count():
            return None
    except PlaywrightError:
        pass
    for blocker in _captchas_first(blockers):
        if blocker.selector:
            try:
                if await page.locator(blocker.selector).count():
                    return blocker
            except PlaywrightError:
                continue
    return None


async def detect_blocker(page: Page, blockers: tuple[Blocker, ...],
                         use_text: bool = True, use_elements: bool = True) -> Blocker | None:
    """A challenge, captcha, rate limit or error page of ``blockers``, if the page is one.

    Elements first (a captcha frame on a challenge URL is a captcha), then URL paths, then
    visible text.
    """
    found = ((use_elements and await element_blocker(page, blockers))
             or blocker_at(blockers, path_of(page)))
    if found is not None or not use_text:
        return found
    page_text = await steps.page_text(page)
    for blocker in _captchas_first(blockers):
        if text.matches_any(blocker.texts, page_text):
            return blocker
    return None

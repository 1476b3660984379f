"""The floor the tool is measured against: a hand-written Playwright script per switch site.

Each script does what a careful person's own script would do on a known account, and
nothing more: open the sign-in page, sign in, open each settings page, read each switch,
click the ones at the unsafe state, wait for the page's save request to be answered,
reload, and read each one back. No screenshots, no fallbacks, no blockers, no second
chances. The browser is launched and routed as the tool's is (``optout_bot.browser``,
``optout_bot.sites``), so the two differ only in what they do on the pages.

The scripts target the same real addresses as the flows; the accessible names are the
ones the sandbox's replicas (and the real sites) show in English.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.async_api import Locator, Page

from optout_bot import text
from optout_bot.browser import CONTEXT_OPTIONS, running_browser
from optout_bot.sites import Origin, SiteOverrides

WAIT_MS = 15_000


@dataclass
class FloorRun:
    """What one script saw: switches read, clicked, and read back at the safe state."""

    read: int = 0
    clicked: int = 0
    safe_after: int = 0


@dataclass(frozen=True)
class Switches:
    """The switches of one settings page: accessible name patterns, and the safe state."""

    url: str
    names: tuple[str, ...]
    safe: bool = False  # checked is the safe state on Tumblr and WordPress.com
    role: str = "switch"
    save_button: str = ""  # a page whose changes are kept only by its Save button


Login = Callable[[Page, str, str], Awaitable[None]]
Pages = Callable[[Page], Awaitable[list[Switches]]]


@dataclass(frozen=True)
class FloorScript:
    login: Login
    pages: Pages


def named(page: Page, role: str, name: str) -> Locator:
    return page.get_by_role(role, name=text.any_of((name,)))  # type: ignore[arg-type]


async def left(page: Page, path_start: str) -> None:
    """Wait until the page is no longer under ``path_start`` (the sign-in went through)."""
    await page.wait_for_url(lambda url: not urlsplit(url).path.startswith(path_start),
                            timeout=WAIT_MS, wait_until="commit")


async def turn_to_safe(page: Page, control: Locator, switches: Switches, run: FloorRun) -> None:
    await control.wait_for(timeout=WAIT_MS)
    run.read += 1
    if await control.is_checked() == switches.safe:
        return
    save = (page.get_by_role("button", name=switches.save_button, exact=True)
            if switches.save_button else None)
    async with page.expect_response(lambda r: r.request.method == "POST",
                                    timeout=WAIT_MS) as answer:
        await control.click()
        if save is not None:
            await save.click()
    await answer.value
    run.clicked += 1


async def drive(page: Page, script: FloorScript, username: str, password: str) -> FloorRun:
    run = FloorRun()
    await script.login(page, username, password)
    for switches in await script.pages(page):
        await page.goto(switches.url, wait_until="domcontentloaded")
        controls = [named(page, switches.role, n).first for n in switches.names]
        for control in controls:
            await turn_to_safe(page, control, switches, run)
        await page.reload(wait_until="domcontentloaded")
        for control in controls:
            await control.wait_for(timeout=WAIT_MS)
            run.safe_after += await control.is_checked() == switches.safe
    return run


async def run_floor(platform: str, origin: Origin, hosts: tuple[str, ...], username: str,
                    password: str) -> FloorRun:
    """One run of the platform's script in its own browser, as a tool run has."""
    overrides = SiteOverrides({platform: origin}, {platform: hosts})
    async with running_browser(None, False, overrides) as browser:
        context = await browser.new_context(ignore_https_errors=True, **CONTEXT_OPTIONS)
        try:
            return await drive(await context.new_page(), SCRIPTS[platform], username, password)
        finally:
            await context.close()


# ---------------------------------------------------------------------- sign-in
async def form_login(page: Page, url: str, user: str, password: str, *, user_field: str,
                     password_field: str, submit: str) -> None:
    await page.goto(url, wait_until="domcontentloaded")
    await page.fill(user_field, user)
    await page.fill(password_field, password)
    async with page.expect_navigation(timeout=WAIT_MS, wait_until="commit"):
        await page.click(submit)


def plain_form(url: str) -> Login:
    """The one-page form of the plain switch sites (email, password, Log in)."""
    async def login(page: Page, user: str, password: str) -> None:
        await form_login(page, url, user, password, user_field="#email",
                         password_field="#password", submit="button[type=submit]")
    return login


async def linkedin_login(page: Page, user: str, password: str) -> None:
    await form_login(page, "https://www.linkedin.com/login", user, password,
                     user_field="#username", password_field="#password",
                     submit="button[type=submit]")


async def x_login(page: Page, user: str, password: str) -> None:
    await page.goto("https://x.com/i/flow/login", wait_until="domcontentloaded")
    await page.fill("input[autocomplete=username]", user)
    await named(page, "button", "^next$").click()
    await page.fill("input[name=password]", password)
    await page.click("[data-testid=LoginForm_Login_Button]")
    await left(page, "/i/flow/login")


async def wordpress_login(page: Page, user: str, password: str) -> None:
    await page.goto("https://wordpress.com/log-in", wait_until="domcontentloaded")
    await page.fill("#usernameOrEmail", user)
    await page.click("#login-submit")
    await page.fill("input[type=password]", password)
    await page.click("#login-submit")
    await left(page, "/log-in")


async def tumblr_login(page: Page, user: str, password: str) -> None:
    await page.goto("https://www.tumblr.com/login", wait_until="domcontentloaded")
    await page.click("#with-email")
    await page.fill("#email", user)
    await page.click("button[type=submit]")
    await page.fill("#password", password)
    await page.click("button[type=submit]")
    await left(page, "/login")


# ---------------------------------------------------------------------- settings pages
def fixed(*pages: Switches) -> Pages:
    async def listed(page: Page) -> list[Switches]:
        return list(pages)
    return listed


async def links(page: Page, url: str, pattern: str, wait_for: str) -> list[str]:
    """The distinct first groups of ``pattern`` in the paths of a page's links."""
    await page.goto(url, wait_until="domcontentloaded")
    await page.locator(wait_for).first.wait_for(state="attached", timeout=WAIT_MS)
    hrefs = await page.eval_on_selector_all("a[href]", "all => all.map(a => a.href)")
    found: list[str] = []
    for href in hrefs:
        match = re.fullmatch(pattern, urlsplit(href).path)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


async def wordpress_pages(page: Page) -> list[Switches]:
    """Each public site's visibility page (a private site has no such box)."""
    sites = await links(page, "https://wordpress.com/sites", r"/home/([^/]+)", ".site-row")
    public = []
    for site in sites:
        url = f"https://wordpress.com/sites/{site}/settings/site-visibility"
        await page.goto(url, wait_until="domcontentloaded")
        await page.locator("[name=blog_public]").first.wait_for(state="attached",
                                                                timeout=WAIT_MS)
        if await named(page, "checkbox", "prevent third.party sharing").count():
            public.append(Switches(url, ("prevent third.party sharing",), safe=True,
                                   role="checkbox", save_button="Save"))
    return public


async def tumblr_pages(page: Page) -> list[Switches]:
    blogs = await links(page, "https://www.tumblr.com/settings/account",
                        r"/settings/blog/([^/]+)", "a[href*='/settings/blog/']")
    return [Switches(f"https://www.tumblr.com/settings/blog/{blog}",
                     (f"prevent third.party sharing for {re.escape(blog)}$",), safe=True)
            for blog in blogs]


LINKEDIN = "https://www.linkedin.com/mypreferences/d/settings"
X_GROK = "https://x.com/settings/grok_settings"

SCRIPTS: dict[str, FloorScript] = {
    "linkedin": FloorScript(linkedin_login, fixed(
        Switches(f"{LINKEDIN}/data-for-ai-improvement", ("use my data for training",)),
        Switches(f"{LINKEDIN}/policy-and-academic-research", ("research",)),
        Switches(f"{LINKEDIN}/share-data-with-select-partners", ("partners",)))),
    "x": FloorScript(x_login, fixed(
        Switches(X_GROK, ("used for training", "personali[sz]e your experience",
                          "remember your conversation"), role="checkbox"),
        Switches("https://x.com/settings/data_sharing_with_business_partners",
                 ("sharing with business partners",), role="checkbox"))),
    "wordpress": FloorScript(wordpress_login, wordpress_pages),
    "tumblr": FloorScript(tumblr_login, tumblr_pages),
    "quora": FloorScript(plain_form("https://www.quora.com/"), fixed(
        Switches("https://www.quora.com/settings/privacy", ("large language models",)))),
    "pinterest": FloorScript(plain_form("https://www.pinterest.com/login/"), fixed(
        Switches("https://www.pinterest.com/settings/privacy", ("pinterest canvas",)))),
    "grammarly": FloorScript(plain_form("https://www.grammarly.com/signin"), fixed(
        Switches("https://account.grammarly.com/security/privacy",
                 ("product improvement and training",)))),
}

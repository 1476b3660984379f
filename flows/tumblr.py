"""Tumblr: "Prevent third-party sharing" for every blog of the account.

Each blog (the primary one and every side blog) has the switch in its own settings,
section "Visibility". Here the safe state is the switch ON (``want=True``). Tumblr turns it
on by itself while "Discourage searching" is on. The blogs are found from the account's own
links: the settings sidebar (``/settings/blog/<name>``) and the dashboard's account menu
(``/blog/<name>``); links to other people's blogs (``/blog/view/<name>``) do not count.
"""

from __future__ import annotations

import re
from dataclasses import replace

from optout_bot.flows._scoped import scoped_links, stepwise_login
from playwright.async_api import Error as PlaywrightError

from optout_bot import steps
from optout_bot.errors import FlowError
from optout_bot.flow import Blocker, Flow, Setting, SignIn, name_pattern
from optout_bot.policy import PolicyDoc

HOSTS = ("www.tumblr.com", "tumblr.com")
ACCOUNT = "https://www.tumblr.com/settings/account"
DASHBOARD = "https://www.tumblr.com/dashboard"
BLOG_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
# The switch's name in the account's language, {blog} standing for the blog's name.
# English is Tumblr's own (platforms.md); the others are careful translations.
SHARING_FOR = ("prevent third.party sharing for {blog}",
               "weitergabe von {blog} an dritte verhindern",
               "empêcher le partage de {blog} avec des tiers",
               "impedir que {blog} se comparta con terceros",
               "impedisci la condivisione di {blog} con terze parti",
               "impedir o compartilhamento de {blog} com terceiros",
               "delen van {blog} met derden voorkomen")
ANY_BLOG = r"\S+"
GENERIC = (r"prevent third.party sharing",
           *(p.format(blog=ANY_BLOG) for p in SHARING_FOR[1:]))
#: "Discourage searching of <blog>", which keeps the switch on while it is on
DISCOURAGE = (r"discourage searching", r"suchmaschinen von \S+ fernhalten",
              r"décourager la recherche", r"evitar que se busque",
              r"scoraggia la ricerca", r"desencorajar a busca", r"zoeken naar \S+ ontmoedigen")
LOCK_NOTE = ("Protected: Tumblr keeps \"Prevent third-party sharing\" on and locked while "
             "\"Discourage searching\" is on for this blog. If you turn that off, run this "
             "again.")

SHARING = Setting(
    id="third-party-sharing",
    label="Prevent third-party sharing",
    url=ACCOUNT,
    names=GENERIC,
    want=True,
    locked_by=DISCOURAGE,
    lock_note=LOCK_NOTE,
)


def blog_of(path: str) -> str | None:
    """The blog a link of the signed-in account names: /settings/blog/<name>, /blog/<name>."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 3 and parts[:2] == ["settings", "blog"]:
        name = parts[2]
    elif len(parts) >= 2 and parts[0] == "blog" and parts[1] != "view":
        name = parts[1]
    else:
        return None
    return name.lower() if BLOG_NAME.match(name.lower()) else None


def for_blog(template: Setting, blog: str) -> Setting:
    return template.for_scope(
        blog, url=f"https://www.tumblr.com/settings/blog/{blog}",
        label=f"Prevent third-party sharing for {blog}",
        names=tuple(p.format(blog=re.escape(blog) + r"(?![\w-])") for p in SHARING_FOR))


class TumblrFlow(Flow):
    async def login(self, page, creds, ctx) -> None:
        await stepwise_login(
            page, self.login_url or "", creds, signed_in=ctx.signed_in,
            user_selectors=("input[type=email]", "input[name=email]",
                            "input[autocomplete=username]"),
            start=(r"^(continue|log ?in) with email$", r"\be-?mail\b"),
            next_names=(r"^(next|continue)$",), submit_names=(r"^log ?in$",))

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        """One row per blog: every blog the settings sidebar or the account menu links to."""
        blogs: list[str] = []
        problem: FlowError | None = None
        for url in (ACCOUNT, DASHBOARD):
            try:
                await ctx.open(url)
            except FlowError as exc:  # a page this layout lacks, or a passing refusal
                problem = problem or exc
                continue
            if url == DASHBOARD:
                await open_account_menu(ctx.page)
            for blog in await scoped_links(ctx.page, self.hosts, blog_of,
                                           timeout=8.0 if url == ACCOUNT else 3.0):
                if blog not in blogs:
                    blogs.append(blog)
        if not blogs:
            if problem is not None:
                raise problem
            raise FlowError("could not find the blogs of this account (no links to blog "
                            "settings on tumblr.com/settings/account or the dashboard). "
                            "Tumblr may have changed; see the screenshot.")
        ctx.say(f"found {len(blogs)} blog(s): {', '.join(blogs)}")
        found: list[Setting] = []
        for setting in settings:
            if setting.id == SHARING.id:
                found += [for_blog(setting, blog) for blog in blogs]
            else:
                found.append(setting)
        return found

    async def find_control(self, page, setting: Setting, timeout: float = 8.0):
        """The blog's own switch; a page that names no blog in it may show the bare label."""
        control = await steps.find_toggle(page, setting, timeout=timeout)
        if control is None and setting.scope:
            control = await steps.find_toggle(page, replace(setting, names=GENERIC),
                                              timeout=1.0)
        return control


ACCOUNT_NAMES = (r"^(account|konto|compte|cuenta|conta)$",)


async def open_account_menu(page) -> None:
    """The dashboard lists the account's blogs in a menu behind the "Account" button."""
    button = page.get_by_role("button", name=name_pattern(ACCOUNT_NAMES))
    try:
        target = await steps.first_visible(button)
        if target is not None and await target.get_attribute("aria-expanded") != "true":
            await target.click(timeout=3000)
    except PlaywrightError:
        pass


CODE_MESSAGE = ("Tumblr asks for a two-factor authentication code. Run 'optout login tumblr "
                "--browser' and enter it in the window, or keep your authenticator secret "
                "with 'optout login tumblr --totp'.")

FLOW = TumblrFlow(
    name="tumblr",
    title="Tumblr",
    hosts=HOSTS,
    login_url="https://www.tumblr.com/login",
    # The replica's session cookies; platforms.md does not confirm Tumblr's own names.
    sign_in=SignIn(cookies=("sid", "logged_in"), login_paths=("/login",),
                   password_form=True),
    summary="Switch per blog: Prevent third-party sharing (AI training partners).",
    settings=(SHARING,),
    blockers=(
        Blocker("challenge", CODE_MESSAGE, texts=(r"two-factor authentication code",),
                selector="input[autocomplete=one-time-code], input[name=tfa_code]"),
        Blocker("transient", "Tumblr showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url="https://www.tumblr.com/privacy/en"),
        PolicyDoc(id="terms", title="Terms of Service",
                  url="https://www.tumblr.com/policy/en/terms-of-service"),
    ),
    redact=("img[alt*='avatar' i]", "[data-testid='blog-avatar']", "input[type=email]"),
)

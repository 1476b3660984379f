"""WordPress.com: "Prevent third-party sharing" for every site of the account.

The checkbox sits in each site's Settings > General, Privacy section; ticked is the safe
state (``want=True``). WordPress.com shows it only for public sites, and ticks and locks it
while "Discourage search engines from indexing this site" is on. The sites are found from
the links of ``wordpress.com/sites``; each site's page is looked at once while discovering,
so a private site becomes an ``unavailable`` row with the reason and a locked, ticked box an
``off`` row that says why, each with a screenshot. A change is kept only after "Save
settings" (the one button of the checkbox's own section, ``changing.save_button_for``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from optout_bot.flows._scoped import scoped_links, stepwise_login
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from optout_bot import steps
from optout_bot.errors import FlowError
from optout_bot.flow import NONE, Blocker, Flow, Setting, SignIn, name_pattern
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.policy import PolicyDoc

HOSTS = ("wordpress.com", "www.wordpress.com", "automattic.com")
SITES = "https://wordpress.com/sites"
SITE_NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(::[a-z0-9-]+)*$")
# English is WordPress.com's own (Calypso); the others are careful translations.
NAMES = (r"prevent third.party sharing",
         r"licensed network of content and research partners",
         r"weitergabe an dritte\b.*verhindern", r"empêcher le partage avec des tiers",
         r"(impedir|evitar) (compartir|que se comparta) con terceros",
         r"impedisci la condivisione con terze parti",
         r"impedir o compartilhamento com terceiros", r"delen met derden voorkomen")
FALLBACK = ("input#wpcom_site_visibility_data_sharing_opt_out, "
            "input[name='wpcom_data_sharing_opt_out']")
PRIVATE = 'input[type=radio][name=blog_public][value="-1"]:checked'
PRIVATE_NAMES = (r"^(private|privat|privé|privado|privato)\b",)

PRIVATE_NOTE = ("{site} is a private site. WordPress.com offers \"Prevent third-party "
                "sharing\" only for public sites, so there is nothing to switch here. If you "
                "make the site public, run this again.")
FORCED_NOTE = ("Protected: WordPress.com keeps \"Prevent third-party sharing\" ticked and "
               "locked while \"Discourage search engines from indexing this site\" is on. If "
               "you turn that off, run this again.")


@dataclass(frozen=True)
class SiteSetting(Setting):
    forced: bool = False  # ticked and locked by "Discourage search engines"
    evidence: tuple[str, ...] = ()  # what discovering the site saw


SHARING = SiteSetting(
    id="third-party-sharing",
    label="Prevent third-party sharing",
    url=SITES,
    names=NAMES,
    roles=("checkbox", "switch"),
    fallback=FALLBACK,
    want=True,
)


def site_of(path: str) -> str | None:
    """The site a link names: /home/<site>, /overview/<site>, /settings/<section>/<site>."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] in ("home", "overview"):
        name = parts[1]
    elif len(parts) >= 3 and parts[0] == "settings":
        name = parts[2]
    else:
        return None
    return name.lower() if SITE_NAME.match(name.lower()) else None


class WordPressFlow(Flow):
    async def login(self, page, creds, ctx) -> None:
        await stepwise_login(
            page, self.login_url or "", creds, signed_in=ctx.signed_in,
            user_selectors=("input#usernameOrEmail", "input[name=usernameOrEmail]",
                            "input[autocomplete=username]", "input[type=email]"),
            next_names=(r"^(continue|next)$",), submit_names=(r"^log ?in$",))

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        """One row per site of wordpress.com/sites, each looked at on its settings page."""
        await ctx.open(SITES)
        sites = await scoped_links(ctx.page, self.hosts, site_of)
        if not sites:
            raise FlowError("could not find the sites of this account on wordpress.com/sites. "
                            "WordPress.com may have changed; see the screenshot.")
        ctx.say(f"found {len(sites)} site(s): {', '.join(sites)}")
        found: list[Setting] = []
        for setting in settings:
            if setting.id != SHARING.id:
                found.append(setting)
                continue
            for site in sites:
                found.append(await self.look_at(ctx, setting.for_scope(
                    site, url=f"https://wordpress.com/settings/general/{site}",
                    label=f"Prevent third-party sharing for {site}")))
        return found

    async def look_at(self, ctx, setting: Setting) -> Setting:
        """A private site becomes a row of kind none, a locked ticked box a settled row."""
        try:
            await ctx.open(setting.url)
        except FlowError:
            return setting  # the runner opens it again and reports what it finds
        page = ctx.page
        private = page.locator(PRIVATE).or_(page.get_by_role(
            "radio", name=name_pattern(PRIVATE_NAMES), checked=True))
        rendered = (page.locator(FALLBACK).or_(private).or_(page.locator("[name=blog_public]"))
                    .or_(page.get_by_role("checkbox", name=name_pattern(NAMES))))
        try:
            await rendered.first.wait_for(state="attached", timeout=8000)
        except PlaywrightTimeout:
            return setting
        control = await self.find_control(page, setting, timeout=1.5)
        shown = control is not None and await _visible(control)
        if not shown and await _visible(private.first):
            shot = await ctx.screenshot(f"{setting.id}-1-before")
            return replace(setting, kind=NONE, note=PRIVATE_NOTE.format(site=setting.scope),
                           evidence=(shot,) if shot else ())
        if (control is not None and await steps.is_disabled(control)
                and await self.read(control, setting) is setting.want):
            shot = await ctx.screenshot(f"{setting.id}-1-before", control)
            return replace(setting, forced=True, evidence=(shot,) if shot else ())
        return setting

    def result_for(self, setting: Setting) -> SettingResult | None:
        evidence = list(getattr(setting, "evidence", ()))
        if getattr(setting, "forced", False):
            return SettingResult(setting.id, setting.label, setting.url, setting.kind,
                                 before=State.OFF, after=State.OFF, outcome=Outcome.OFF,
                                 detail=FORCED_NOTE, evidence=evidence)
        result = super().result_for(setting)
        if result is not None:
            result.evidence = evidence
        return result


async def _visible(locator) -> bool:
    try:
        return await locator.is_visible()
    except PlaywrightError:
        return False


CODE_MESSAGE = ("WordPress.com asks for a two-step authentication code. Run 'optout login "
                "wordpress --browser' and enter it in the window, or keep your authenticator "
                "secret with 'optout login wordpress --totp'.")

FLOW = WordPressFlow(
    name="wordpress",
    title="WordPress.com",
    hosts=HOSTS,
    login_url="https://wordpress.com/log-in",
    sign_in=SignIn(cookies=("wordpress_logged_in",),
                   login_paths=("/log-in", r"/wp-login\.php"), password_form=True),
    summary="Checkbox per site: Prevent third-party sharing (AI training partners).",
    settings=(SHARING,),
    blockers=(
        Blocker("challenge", CODE_MESSAGE,
                paths=("/log-in/authenticator", "/log-in/sms", "/log-in/push",
                       "/log-in/backup", "/log-in/webauthn", "/log-in/security-key"),
                selector="input#twoStepCode, input[name=twoStepCode]"),
        Blocker("transient", "WordPress.com showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url="https://automattic.com/privacy/"),
        PolicyDoc(id="terms", title="Terms of Service", url="https://wordpress.com/tos/"),
    ),
    redact=(".masterbar__item-me", "img.gravatar", "[data-testid='site-icon']"),
)

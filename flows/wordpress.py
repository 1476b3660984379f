"""WordPress.com: "Prevent third-party sharing" for every site of the account.

The checkbox sits on each site's ``/sites/<site>/settings/site-visibility`` page (the older
Settings > General, Privacy section, ``/settings/general/<site>``, is used where the newer
page does not show); ticked is the safe state (``want=True``). WordPress.com shows it
only for public sites, and ticks and locks it while "Discourage search engines from
indexing this site" is on. The sites are found from the links of ``wordpress.com/sites``;
each site's page is looked at once while discovering, so a private or "Coming soon" site
becomes an ``unavailable`` row with the reason and a locked, ticked box an ``off`` row
that says why, each with a screenshot. A change is kept only after "Save settings" (or
"Save"): the one button of the checkbox's own section (``changing.save_button_for``). The
current page then says "Settings saved." or "Failed to save settings."; a failure is an
``error`` in the page's words, whatever else the page shows (the reload and read-back
decide the rest). A public site's ``robots.txt`` is the second, login-free read-back.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from optout_bot.flows._scoped import scoped_links, stepwise_login
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from optout_bot import steps
from optout_bot.errors import FlowError
from optout_bot.flow import NONE, Blocker, Flow, Setting, SignIn, name_pattern
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.policy import PolicyDoc
from optout_bot.public_check import PublicCheck, robots_disallow
from optout_bot.text import matches_any

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
VISIBILITY = "https://wordpress.com/sites/{site}/settings/site-visibility"
GENERAL = "https://wordpress.com/settings/general/{site}"
#: the notices after Save (Calypso's English: "Settings saved." / "Failed to save
#: settings."; the older page's toast "Settings saved successfully!"); the others are
#: careful translations, as the labels are
SAVED = (r"^settings saved( successfully)?[.!]?$", r"^einstellungen gespeichert[.!]?$",
         r"^réglages enregistrés[.!]?$", r"^ajustes guardados[.!]?$",
         r"^impostazioni salvate[.!]?$", r"^configurações salvas[.!]?$",
         r"^instellingen opgeslagen[.!]?$")
SAVE_FAILED = (r"^failed to save settings\.?$",
               r"^einstellungen konnten nicht gespeichert werden\.?$",
               r"^échec de l'enregistrement des réglages\.?$",
               r"^no se han podido guardar los ajustes\.?$",
               r"^impossibile salvare le impostazioni\.?$",
               r"^falha ao salvar as configurações\.?$",
               r"^instellingen opslaan mislukt\.?$")
PRIVATE_NAMES = (r"^(private|privat|privé|privado|privato)\b",)
# English is WordPress.com's own; the others are careful translations.
COMING_SOON_NAMES = (r"^(coming soon|demnächst verfügbar|bientôt disponible|próximamente"
                     r"|prossimamente|em breve|binnenkort beschikbaar)\b",)

PRIVATE_NOTE = ("{site} is a private site. WordPress.com offers \"Prevent third-party "
                "sharing\" only for public sites, so there is nothing to switch here. If you "
                "make the site public, run this again.")
COMING_SOON_NOTE = ("{site} is a \"Coming soon\" site. WordPress.com offers \"Prevent "
                    "third-party sharing\" only once a site is public, so there is nothing "
                    "to switch yet. When you launch the site, run this again.")
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
    """The site a link names: /home/<site>, /overview/<site>, /sites/<site>/...,
    /settings/<section>/<site>."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] in ("home", "overview", "sites"):
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
                scoped = setting.for_scope(site, url=VISIBILITY.format(site=site),
                                           label=f"Prevent third-party sharing for {site}")
                found.append(await self.look_at(ctx, scoped))
        return found

    async def look_at(self, ctx, setting: Setting) -> Setting:
        """A private or coming-soon site becomes a row of kind none, a locked ticked box a
        settled row. Where the newer page does not show the box (not yet rolled out, or
        in a language whose label is not known), the older page is looked at."""
        for candidate in (setting, replace(setting, url=GENERAL.format(site=setting.scope))):
            if await self.shown(ctx, candidate.url):
                seen = await self.look_at_page(ctx, candidate)
                if seen is not None:
                    return seen
        return setting  # the runner opens it again and reports what it finds

    async def shown(self, ctx, url: str) -> bool:
        """The page at ``url`` shows the site's visibility or its box."""
        try:
            await ctx.open(url)
        except FlowError:
            return False
        page = ctx.page
        rendered = (page.locator(FALLBACK).or_(page.locator("[name=blog_public]"))
                    .or_(page.get_by_role("checkbox", name=name_pattern(NAMES))))
        try:
            await rendered.first.wait_for(state="attached", timeout=8000)
        except PlaywrightTimeout:
            return False
        return True

    async def look_at_page(self, ctx, setting: Setting) -> Setting | None:
        """The site's row as the open page shows it; None when the box is not found."""
        page = ctx.page
        private = page.locator(PRIVATE).or_(page.get_by_role(
            "radio", name=name_pattern(PRIVATE_NAMES), checked=True))
        coming_soon = page.get_by_role("radio", name=name_pattern(COMING_SOON_NAMES),
                                       checked=True)
        # The page has rendered (``shown``): on a private or coming-soon site the box is
        # usually not there at all, so it is not waited for as long.
        closed = await _visible(private.or_(coming_soon).first)
        control = await self.find_control(page, setting, timeout=0.3 if closed else 1.5)
        shown = control is not None and await _visible(control)
        for chosen, note in ((private, PRIVATE_NOTE), (coming_soon, COMING_SOON_NOTE)):
            if not shown and await _visible(chosen.first):
                shot = await ctx.screenshot(f"{setting.id}-1-before")
                return replace(setting, kind=NONE, note=note.format(site=setting.scope),
                               evidence=(shot,) if shot else ())
        if (control is not None and await steps.is_disabled(control)
                and await self.read(control, setting) is setting.want):
            shot = await ctx.screenshot(f"{setting.id}-1-before", control)
            return replace(setting, forced=True, evidence=(shot,) if shot else ())
        return setting if control is not None else None

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

    async def change(self, page, control, setting: Setting) -> None:
        """The change as the engine makes it (the tick, the section's Save, the answer),
        then the current page's notice: "Failed to save settings." is the reason given,
        before an HTTP status or any other message."""
        try:
            await super().change(page, control, setting)
        except FlowError:
            if failed := await _failure_notice(page):
                raise FlowError(_not_saved(failed)) from None
            raise
        if failed := await _failure_notice(page):
            raise FlowError(_not_saved(failed))

    def public_check(self, setting: Setting) -> PublicCheck | None:
        """A public site's robots.txt turns AI crawlers away while the box is ticked."""
        if not setting.scope or "::" in setting.scope or setting.kind == NONE:
            return None  # a site in a folder of a domain has no robots.txt of its own
        return PublicCheck(name=f"the robots.txt of {setting.scope}",
                           url=f"https://{setting.scope}/robots.txt",
                           read=robots_disallow(AI_CRAWLERS))


def _not_saved(said: str) -> str:
    return f"WordPress.com did not save the change; it said: \"{said}\""


async def _failure_notice(page, timeout: float = 3.0) -> str:
    """The words of the notice saying the save failed, or "" (saved, or no notice).

    The current page tells how a save went in a notice announced as a status, not as an
    alert, so it is read by its words; a "saved" notice ends the wait at once.
    """
    changes = steps.PageChanges(page)
    await changes.mark()
    deadline = time.monotonic() + timeout
    while True:
        for line in (await steps.page_text(page)).splitlines():
            if matches_any(SAVE_FAILED, line):
                return " ".join(line.split())
            if matches_any(SAVED, line):
                return ""
        if time.monotonic() > deadline:
            return ""
        await changes.next(0.5)


async def _visible(locator) -> bool:
    try:
        return await locator.is_visible()
    except PlaywrightError:
        return False


#: crawlers Jetpack's robots.txt turns away while "Prevent third-party sharing" is ticked
AI_CRAWLERS = ("GPTBot", "CCBot", "ClaudeBot", "anthropic-ai", "Google-Extended")

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

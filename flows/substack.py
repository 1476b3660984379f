"""Substack: "Opt out of AI training" (2026; "Block AI training" in 2023) for every
publication the account owns.

The switch is in each publication's Settings [C help] and is off by default; the safe
state is the switch ON (``want=True``). It is a signal to AI crawlers, not a guarantee:
Substack tells AI tools not to train on the publication, and only those that respect it
stay away, so every row says so.

Publications live on their own hosts (``<name>.substack.com``), so the flow's hosts
include ``*.substack.com``. Guesses [G]: the account's settings,
``https://substack.com/settings``, link to each owned publication's dashboard
(``https://<name>.substack.com/publish/...``); the switch is on
``https://<name>.substack.com/publish/settings``; a reader-only account's page offers to
start a publication. Sign-in at ``https://substack.com/sign-in``: the email, then "Sign in
with password" [R]; the session cookie ``substack.sid`` is the one public Substack clients
keep [R]. A publication on a custom domain is reached through its substack.com name.
"""

from __future__ import annotations

import re
import time
from dataclasses import replace
from urllib.parse import urlsplit

from optout_bot.flows._scoped import LINKS_JS, stepwise_login
from playwright.async_api import Error as PlaywrightError

from optout_bot import steps, text
from optout_bot.errors import FlowError
from optout_bot.flow import NONE, Blocker, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

ACCOUNT = "https://substack.com/settings"
SUBDOMAIN = re.compile(r"^([a-z0-9][a-z0-9-]{0,62})\.substack\.com$")
NO_PUBLICATION = (r"start (a|your) publication", r"create your substack")

SIGNAL_NOTE = ("This is a signal, not a guarantee: Substack tells AI tools not to train on "
               "the publication, and only the tools that respect it stay away; what was "
               "collected before is not removed.")
NONE_NOTE = ("This account owns no Substack publication. The AI-training setting belongs to "
             "each publication, so there is nothing to switch; if you start one, run this "
             "again.")

TRAINING = Setting(
    id="ai-training",
    label="Opt out of AI training",
    url=ACCOUNT,
    names=(r"opt out of ai training", r"block ai training"),
    want=True,
    caveat=SIGNAL_NOTE,
)


def publication_of(url: str) -> str | None:
    """The publication a link names: a dashboard page on ``<name>.substack.com``."""
    parts = urlsplit(url)
    found = SUBDOMAIN.match((parts.hostname or "").lower())
    if not found or found.group(1).lower() == "www" or not parts.path.startswith("/publish"):
        return None
    return found.group(1).lower()


def for_publication(template: Setting, publication: str) -> Setting:
    return template.for_scope(
        publication, url=f"https://{publication}.substack.com/publish/settings",
        label=f"Opt out of AI training for {publication}")


class SubstackFlow(Flow):
    async def login(self, page, creds, ctx) -> None:
        await stepwise_login(
            page, self.login_url or "", creds, signed_in=ctx.signed_in,
            user_selectors=("input[type=email]", "input[name=email]",
                            "input[autocomplete=username]"),
            start=(r"^sign in with password$",), next_names=(r"^continue$",),
            submit_names=(r"^(continue|sign in|log in)$",))

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        """One row per publication the account's settings link to."""
        await ctx.open(ACCOUNT)
        publications = await owned_publications(ctx.page)
        if publications:
            ctx.say(f"found {len(publications)} publication(s): {', '.join(publications)}")
        elif text.matches_any(NO_PUBLICATION, await steps.page_text(ctx.page)):
            return [replace(s, kind=NONE, note=NONE_NOTE) if s.id == TRAINING.id else s
                    for s in settings]
        else:
            raise FlowError("could not find the publications of this account on "
                            "substack.com/settings. Substack may have changed; see the "
                            "screenshot.")
        found: list[Setting] = []
        for setting in settings:
            if setting.id == TRAINING.id:
                found += [for_publication(setting, p) for p in publications]
            else:
                found.append(setting)
        return found


async def owned_publications(page, timeout: float = 8.0) -> list[str]:
    """The publications the page links to, once its list (or its offer to start one) shows."""
    changes = steps.PageChanges(page)
    await changes.mark()
    deadline = time.monotonic() + timeout
    while True:
        try:
            links = await page.evaluate(LINKS_JS)
        except PlaywrightError:
            links = []
        found = list(dict.fromkeys(p for p in map(publication_of, links) if p))
        if found or time.monotonic() > deadline or text.matches_any(
                NO_PUBLICATION, await steps.page_text(page)):
            return found
        await changes.next(0.5)


FLOW = SubstackFlow(
    name="substack",
    title="Substack",
    hosts=("substack.com", "www.substack.com", "*.substack.com"),
    login_url="https://substack.com/sign-in",
    sign_in=SignIn(cookies=("substack.sid",), login_paths=("/sign-in",), password_form=True),
    summary="Switch per publication: Opt out of AI training (a signal to AI tools).",
    settings=(TRAINING,),
    blockers=(
        Blocker("challenge", "Substack asks for a code it sent you by email. Run 'optout login "
                "substack --browser' and sign in in the window.",
                texts=(r"enter the \d-digit code",),
                selector="input[autocomplete=one-time-code]"),
        Blocker("transient", "Substack showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url="https://substack.com/privacy"),
        PolicyDoc(id="terms", title="Terms of Use", url="https://substack.com/tos"),
    ),
    redact=("img[alt*='avatar' i]", "img[alt*='profile' i]"),
)

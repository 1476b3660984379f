"""What the Facebook and Instagram flows share: Meta's AI objection forms.

Meta has no switch for AI training. In the EU/EEA and the UK (reported: Switzerland,
Brazil, Japan, South Korea) it offers forms (GDPR Article 21 objections); elsewhere the
same address shows that the form is not available. Two forms, one flow (``MetaForm``):

- the objection to your own information (posts, photos) being used, reached signed in,
  so the email address is already filled in;
- on Facebook, the objection for information Meta gets from third parties (the public
  web, licensed data): the same for everyone, it asks what the request is (the
  "object to or restrict" option is picked) and the email address.

The reason is optional free text. After "Send" Meta shows a confirmation (sometimes it
first emails a code to type in). The result is ``requested``: an objection cannot be read
back later, so a second run does not send it again unless asked to with ``--force``.

The region is never guessed: given for the run, kept for the account, or asked at a
terminal once the form shows (``optout_bot.regions``); without a terminal an unknown
region ends ``manual`` with how to give it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from optout_bot.flows._meta_rows import (
    CONFIRMED,
    FORMS,
    NOT_OFFERED,
    OFFERED_REGIONS,
    REGION_NOTE,
    SENT,
    SETTING_ID,
    THIRD_PARTY_ID,
    MetaForm,
)
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import dialogs, regions, signin, steps, text
from optout_bot.errors import FlowError
from optout_bot.flow import DEFAULT_REASON, BlockerKind, Flow, Setting, name_pattern
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.progress import Phase

if TYPE_CHECKING:  # pragma: no cover
    from optout_bot.accounts import Credentials
    from optout_bot.context import FlowContext

__all__ = ["CONFIRMED", "DEFAULT_REASON", "NOT_OFFERED", "SENT", "SETTING_ID",
           "THIRD_PARTY_ID", "MetaFlow"]

SEND = (r"^(send|submit)$",)
SEND_SELECTORS = ("form button[type=submit]", "form input[type=submit]")
EMAIL_LABELS = (r"e-?mail",)
EMAIL_SELECTORS = ("input[type=email]", "input[name*=email i]")
REASON_LABELS = (r"explain|reason|impact|tell us|additional (info|details)|details",)
CODE_LABELS = (r"\bcode\b",)
CODE_SELECTORS = ('input[autocomplete="one-time-code"]', 'input[name*="code" i]')


@dataclass
class MetaFlow(Flow):
    """A Meta site: one sign-in form and the AI objection form (``submit``)."""

    user_fields: tuple[str, ...] = ('input[name="email"]',)
    password_fields: tuple[str, ...] = ('input[name="pass"]',)
    login_buttons: tuple[str, ...] = ('button[name="login"]',)

    # ------------------------------------------------------------------ sign in
    async def login(self, page: Page, creds: Credentials, ctx: FlowContext) -> None:
        await page.goto(self.login_url or "", wait_until="domcontentloaded")
        await dialogs.dismiss_interruptions(page)
        await steps.fill_first(page, creds.username, labels=(r"email|phone|username",),
                               selectors=self.user_fields)
        await steps.fill_first(page, creds.password, labels=(r"^password$",),
                               selectors=(*self.password_fields, "input[type=password]"),
                               secret=True)
        await steps.click_first(page, names=(r"^log ?in$",),
                                selectors=(*self.login_buttons, "button[type=submit]"))

    # ------------------------------------------------------------------ the form
    async def submit(self, ctx: FlowContext, setting: Setting) -> SettingResult:
        result = SettingResult(setting.id, setting.label, setting.url, setting.kind)
        form = FORMS[setting.id]
        if ctx.previous(setting.id) == Outcome.REQUESTED and not ctx.options.force:
            return _done(result, Outcome.REQUESTED,
                         "Already sent on an earlier run; Meta takes one objection per "
                         "account, so nothing was sent again.")
        region = ctx.known_region()
        if region is not None and region not in OFFERED_REGIONS:
            return _done(result, Outcome.UNAVAILABLE, self.not_in_region(form, region))
        if form.signed_in and not await ctx.signed_in():
            await ctx.login()
        return await self.act(ctx, setting, result, await self.open_form(ctx, setting))

    def not_in_region(self, form: MetaForm, region: str) -> str:
        return (f"{self.title} does not offer {form.what} in {regions.describe(region)}, "
                f"where this account is ({REGION_NOTE.rstrip('.')}). Nothing was sent. If "
                f"the account is elsewhere, run again with --region CODE.")

    async def region_problem(self, ctx: FlowContext, setting: Setting) -> str | None:
        """Why the form may not be used here, or None: the region is known (or was just
        asked at the terminal) and the form is offered there."""
        form = FORMS[setting.id]
        region = ctx.known_region()
        if region is None and ctx.options.interactive:
            region = await asyncio.to_thread(regions.ask, self.title)
            ctx.keep_region(region)
        if region is None:
            return (f"{self.title} offers {form.what} only in some regions and the tool "
                    "does not know where this account is (it never guesses). Run again "
                    f"with --region CODE (your country, like DE or GB), set {regions.ENV}, "
                    f"or keep it with 'optout login {self.name} --region CODE'.")
        return None if region in OFFERED_REGIONS else self.not_in_region(form, region)

    async def act(self, ctx: FlowContext, setting: Setting, result: SettingResult,
                  found: str) -> SettingResult:
        page, form = ctx.page, FORMS[setting.id]
        if found == "language":
            return _done(result, Outcome.MANUAL,
                         f"The {self.title} page is in another language, so the tool cannot "
                         f"check what it would send. Set your {self.title} language to "
                         f"English and run again, or open {setting.url} and send the "
                         "form yourself.",
                         evidence=await self.evidence(ctx, setting, "form"))
        if found == "unavailable":
            said = text.line_matching(NOT_OFFERED, await steps.page_text(page))
            return _done(result, Outcome.UNAVAILABLE,
                         f"{self.title} does not offer {form.what} to this account "
                         f"({REGION_NOTE.rstrip('.')}). The page said: \"{said}\"",
                         evidence=await self.evidence(ctx, setting, "form"))
        if found == "sent" and (not ctx.options.force or await self.send_button(page) is None):
            said = text.line_matching(SENT, await steps.page_text(page))
            return _done(result, Outcome.REQUESTED,
                         f"Already sent: {self.title} shows that this account has objected "
                         f"(\"{said}\"). Meta takes one objection per account, so nothing "
                         "was sent again.",
                         evidence=await self.evidence(ctx, setting, "form"))
        if found not in ("form", "sent"):
            evidence = await self.evidence(ctx, setting, "form", html=True)
            return _done(result, Outcome.UNKNOWN,
                         f"Could not find the objection form at {setting.url}; the site may "
                         "have changed. See the screenshot, or send the form yourself.",
                         evidence=evidence)
        problem = await self.region_problem(ctx, setting)
        if problem:
            outcome = Outcome.MANUAL if ctx.known_region() is None else Outcome.UNAVAILABLE
            return _done(result, outcome, problem,
                         evidence=await self.evidence(ctx, setting, "form"))
        result.before = State.ON
        if ctx.options.dry_run:
            result.after = State.ON
            return _done(result, Outcome.ON,
                         f"The objection form is offered; run 'optout apply {self.name}' "
                         "to send it.",
                         evidence=await self.evidence(ctx, setting, "form"))
        return await self.send(ctx, setting, result)

    async def open_form(self, ctx: FlowContext, setting: Setting) -> str:
        """Open the form page; what it shows: form, sent, unavailable, language or nothing."""
        try:
            await ctx.open(setting.url)
        except FlowError:
            # Some regions are sent elsewhere instead of being told on the page.
            if text.matches_any(NOT_OFFERED, await steps.page_text(ctx.page)):
                return "unavailable"
            raise
        return await self.form_state(ctx)

    async def form_state(self, ctx: FlowContext, timeout: float = 10.0) -> str:
        page = ctx.page
        changes = steps.PageChanges(page)
        await changes.mark()
        deadline = time.monotonic() + timeout
        dismissed = False
        while True:
            shown = await steps.page_text(page)
            if text.matches_any(SENT, shown):
                return "sent"
            if text.matches_any(NOT_OFFERED, shown):
                return "unavailable"
            if await self.send_button(page) is not None:
                return "form" if await _english(page) else "language"
            blocker = await signin.detect_blocker(page, self.all_blockers())
            if blocker is not None and blocker.kind is not BlockerKind.TRANSIENT:
                await ctx.blocked(blocker)
            if time.monotonic() > deadline:
                if not dismissed and await dialogs.dismiss_interruptions(page):
                    dismissed, deadline = True, time.monotonic() + 4
                    continue
                return "nothing" if await _english(page) else "language"
            await changes.next(0.5)

    async def send_button(self, page: Page) -> Locator | None:
        pattern = name_pattern(SEND)
        for locator in (page.get_by_role("button", name=pattern),
                        *(page.locator(s) for s in SEND_SELECTORS)):
            button = await steps.first_visible(locator)
            try:
                if button is not None and await button.is_visible():
                    return button
            except PlaywrightError:
                continue
        return None

    async def send(self, ctx: FlowContext, setting: Setting,
                   result: SettingResult) -> SettingResult:
        page = ctx.page
        for attempt in range(2):
            problem = await self.fill(ctx, setting)
            if problem:
                return _done(result, Outcome.MANUAL, problem,
                             evidence=await self.evidence(ctx, setting, "form"))
            result.evidence += await self.evidence(ctx, setting, "1-form")
            button = await self.send_button(page)
            if button is None:
                raise FlowError(f"the Send button of the objection form went away at "
                                f"{steps.page_title_url(page)}")
            pressed = await _name_of(button)
            ctx.say(f"sending {FORMS[setting.id].what}", Phase.SENDING)
            await button.click(timeout=5000)
            answer = await self.answer(ctx, setting)
            if answer == "code":
                answer = await self.enter_code(ctx, setting, result, pressed)
                if isinstance(answer, SettingResult):
                    return answer
            if answer == "signed_out" and attempt == 0:
                ctx.say("the session ended while sending; signing in and sending again")
                answer = await self.open_form(ctx, setting)
                if answer == "form":
                    continue
            return await self.judge(ctx, setting, result, answer)
        return await self.judge(ctx, setting, result, "nothing")

    async def fill(self, ctx: FlowContext, setting: Setting) -> str | None:
        """Fill what the form needs; a problem a person must solve, or None."""
        page = ctx.page
        email = await _field(page, EMAIL_LABELS, EMAIL_SELECTORS)
        if email is not None and not (await email.input_value()).strip():
            if ctx.creds and "@" in ctx.creds.username:
                await email.fill(ctx.creds.username)
            else:
                return (f"The form at {setting.url} asks for your email address and the tool "
                        "does not know it. Open the page, fill in the email address of your "
                        f"{self.title} account and send it.")
        for select in await page.locator("select[required]").all():
            if await select.is_visible() and not await select.input_value():
                return (f"The form at {setting.url} asks a question the tool cannot answer "
                        "for you (a required choice is empty). Open the page, answer it and "
                        "send the form.")
        request_type = FORMS[setting.id].request_type
        if request_type and not await _pick(page, request_type):
            return (f"The form at {setting.url} no longer offers the choice the tool picks "
                    "(to object to or restrict the processing). Open the page and send it "
                    "yourself.")
        reason = await _field(page, REASON_LABELS, ("textarea",))
        if reason is not None:
            await reason.fill(ctx.options.reason or DEFAULT_REASON)
        return None

    async def answer(self, ctx: FlowContext, setting: Setting, timeout: float = 15.0,
                     code_sent: bool = False) -> str:
        """What the site answered after Send: confirmed, code, error, signed_out,
        unavailable (told only now that the form is not offered) or nothing.

        ``code_sent``: the code was just entered, so its field showing is no answer yet.
        """
        page = ctx.page
        changes = steps.PageChanges(page)
        await changes.mark()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if await ctx.login_page_shown():
                return "signed_out"
            if await steps.error_message(page):
                return "error"
            shown = await steps.page_text(page)
            if text.matches_any(FORMS[setting.id].confirmed, shown):
                return "confirmed"
            if text.matches_any(NOT_OFFERED, shown):
                return "unavailable"
            if not code_sent and await _field(page, CODE_LABELS, CODE_SELECTORS) is not None:
                return "code"
            blocker = await signin.detect_blocker(page, self.all_blockers())
            if blocker is not None and blocker.kind is not BlockerKind.TRANSIENT:
                await ctx.blocked(blocker)
            await changes.next(0.5)
        if code_sent and await _field(page, CODE_LABELS, CODE_SELECTORS) is not None:
            return "code"
        return "nothing"

    async def enter_code(self, ctx: FlowContext, setting: Setting, result: SettingResult,
                         pressed: str) -> str | SettingResult:
        """Meta emailed a code: ask the person at the terminal, or say what to do.

        The form has been sent once; Meta takes one objection per account, so the advice
        never asks for it to be sent again.
        """
        if not ctx.options.interactive:
            return _done(result, Outcome.MANUAL,
                         f"The objection form was sent (the tool pressed \"{pressed}\") and "
                         f"{self.title} emailed a code to confirm it; no one was at the "
                         "terminal to type it, so the objection is not confirmed yet. Run "
                         f"'optout apply {self.name}' in a terminal and type the code when "
                         f"asked, or open {setting.url} signed in to {self.title} and enter "
                         "the code from the email where the page asks for it.",
                         evidence=await self.evidence(ctx, setting, "code"))
        import click

        code = await asyncio.to_thread(
            click.prompt, f"{self.title} emailed you a code to confirm the AI objection. "
            "Enter the code", hide_input=False)
        field = await _field(ctx.page, CODE_LABELS, CODE_SELECTORS)
        if field is None:
            return "nothing"
        await field.fill(str(code).strip())
        await steps.click_first(ctx.page, names=(r"^(confirm|continue|submit|send|next)$",),
                                selectors=("button[type=submit]",))
        return await self.answer(ctx, setting, code_sent=True)

    async def judge(self, ctx: FlowContext, setting: Setting, result: SettingResult,
                    answer: str) -> SettingResult:
        page = ctx.page
        if answer == "confirmed":
            said = text.line_matching(FORMS[setting.id].confirmed, await steps.page_text(page))
            return _done(result, Outcome.REQUESTED,
                         f"Objection sent; {self.title} confirmed: \"{said}\"",
                         evidence=await self.evidence(ctx, setting, "2-confirmation"))
        if answer == "sent":  # signed in again, the page shows it arrived after all
            said = text.line_matching(SENT, await steps.page_text(page))
            return _done(result, Outcome.REQUESTED, f"Objection sent; {self.title} shows it as "
                         f"received: \"{said}\"",
                         evidence=await self.evidence(ctx, setting, "2-confirmation"))
        evidence = await self.evidence(ctx, setting, "2-after-send", html=True)
        if answer == "unavailable":
            said = text.line_matching(NOT_OFFERED, await steps.page_text(page))
            return _done(result, Outcome.UNAVAILABLE,
                         f"{self.title} does not take {FORMS[setting.id].what} from this "
                         f"account ({REGION_NOTE.rstrip('.')}). The page said: \"{said}\"",
                         evidence=evidence)
        if answer == "error":
            said = await steps.error_message(page)
            return _done(result, Outcome.ERROR,
                         f"{self.title} did not accept the objection (it said: \"{said}\"). "
                         "Nothing was confirmed; try again later.",
                         evidence=evidence)
        if answer == "code":
            return _done(result, Outcome.ERROR,
                         f"{self.title} did not accept the emailed code. Run again and type "
                         "the newest code from the email.",
                         evidence=evidence)
        return _done(result, Outcome.UNKNOWN,
                     f"The form was sent but {self.title} showed no confirmation the tool "
                     "could read. Check your email for Meta's confirmation before sending "
                     "it again.",
                         evidence=evidence)

    async def evidence(self, ctx: FlowContext, setting: Setting, step: str,
                       html: bool = False) -> list[str]:
        found = [await ctx.screenshot(f"{setting.id}-{step}")]
        if html:
            found.append(await ctx.dom_snapshot(f"{setting.id}-{step}"))
        return [path for path in found if path]


def _done(result: SettingResult, outcome: Outcome, detail: str,
          evidence: list[str] | None = None) -> SettingResult:
    result.outcome = outcome
    result.detail = detail
    result.evidence += evidence or []
    return result


async def _name_of(button: Locator) -> str:
    """The button's label as the page shows it (Meta's says "Submit")."""
    try:
        said = (await button.inner_text(timeout=1000)).strip()
        return said or (await button.get_attribute("value", timeout=1000) or "").strip() or "Submit"
    except PlaywrightError:
        return "Submit"


async def _field(page: Page, labels: tuple[str, ...],
                 selectors: tuple[str, ...]) -> Locator | None:
    candidates = [page.get_by_label(text.tolerant_regex(label)) for label in labels]
    candidates += [page.locator(selector) for selector in selectors]
    for locator in candidates:
        for index in range(await locator.count()):
            field = locator.nth(index)
            try:
                if await field.is_visible() and await field.is_editable():
                    return field
            except PlaywrightError:
                continue
    return None


async def _pick(page: Page, option: str) -> bool:
    """Pick the form's ``option`` (a radio button by its name); whether it is picked."""
    radio = await steps.first_visible(page.get_by_role("radio", name=text.tolerant_regex(option)))
    if radio is None:
        return False
    try:
        await radio.check(timeout=5000)
        return await radio.is_checked()
    except PlaywrightError:
        return False


async def _english(page: Page) -> bool:
    try:
        lang = await page.evaluate("() => document.documentElement.lang || ''")
    except PlaywrightError:
        return True
    return not lang or lang.lower().startswith("en")

"""The Flow contract: what one platform module in ``flows/`` provides.

A flow is mostly data. Subclass ``Flow``, set the class attributes, create one instance
and export it as ``FLOW``::

    name, title      "linkedin", "LinkedIn"
    hosts            every host name of the site (the site override maps all of them)
    login_url        where a person signs in; ``None`` when the flow needs no account
    sign_in          ``SignIn``: how to tell signed in, a login page and a code field (below)
    settings         ``Setting`` records: id, label, url, kind, how to find the control
                     (accessible names by role first, in every language the flow knows;
                     a known attribute selector as fallback, with ``context``: the page
                     text that proves which setting it is when the selector alone does
                     not), the control state that keeps your data out (``want``), and
                     ``locked_by``/``lock_note`` when another setting holds it there
    policies         ``PolicyDoc`` records of the policy pages to watch
    redact           selectors of personal details masked in screenshots with --redact
    blockers         ``Blocker`` records: URL paths or texts that mean a challenge,
                     captcha, rate limit, passing error or error page (``BlockerKind``),
                     and what the person should do
    login_fields     the login form's known selectors (used after labels)

``session_cookies`` and ``login_paths`` read the same from ``sign_in``.

A setting's ``kind`` is one of:

    ``switch``  a control with an on/off state (a switch, a checkbox); ``want`` is the
                state that keeps your data out
    ``choice``  one of several options (a radio group, a ``<select>``, an ARIA listbox or
                a menu button); ``choice=Choice(safe=..., unsafe=...)`` names the safe
                option and the known unsafe ones by accessible-name patterns (and
                ``safe_value``, the safe option's value, where known). The option read
                decides: safe is ``off``, a known unsafe one ``on``, any other ``unknown``
                with the option named and nothing changed. The change picks the safe
                option and presses Save when the page does not save on its own; the
                details name the options read (``"Enabled" -> "Disabled"``).
    ``form``    a request the person submits (``submit``); its result is a confirmation
    ``none``    nothing to turn off; ``note`` says why and what the person can do

A switch or a choice the platform does not offer every account declares ``not_offered``
(texts of the page shown instead) and says why in ``note``: ``unavailable``, not ``unknown``.

Signing in is decided from the declarations alone. After a sign-in is sent, a page is,
checked in this order:

1. a **challenge**: a ``challenge`` or ``captcha`` blocker matches its URL path or its
   element (its text too, once the page is not a login page). A challenge is passed with
   a stored authenticator secret (the code goes into ``sign_in.code_fields``, then the
   generic code fields), by the person in a headed browser, or reported ``needs_login``.
2. **signed in**: when the flow declares ``sign_in.cookies``, one of them is set and the
   page is not a login page; nothing else counts. A flow that cannot know its cookies
   declares ``signed_in_paths`` (pages only a signed-in person is shown) or
   ``landmarks`` (elements only a signed-in page has) instead.
3. a **login page**: its path is one of ``sign_in.login_paths`` (whole paths or patterns
   matched against the whole path, so ``/`` is the front page only), or, with
   ``sign_in.password_form``, a password field is visible while not signed in.
4. **elsewhere**: anything else. It is never taken for signed in: the engine waits for
   the page to become one of the above, then reports what it shows (a blocker by its
   text, or "did not finish") as it is.

A flow that needs an account and lacks (2) or (3) fails the meta-test.

**Sign-in by hand only** (``SignIn(by_hand=True)``): for sites behind bot checks
(Cloudflare Turnstile), Google or Microsoft sign-in, passkeys or SSO. The engine never
types a password for such a flow and never calls its ``login`` step. A session the person
kept with ``optout login P --browser`` is used while the site accepts it (a declared
session cookie is set and no login page is shown). Anything else (no session, an expired
one, a bot check in front of a page) ends ``needs_login`` with "Sign in by hand once:
optout login P --browser"; in a headed run the person may sign in or pass the check in
the window instead, and the session is kept. ``optout demo`` gets such a session as a
person would: on the replica's sign-in page in a browser (``sandbox._by_hand``).

The runner (``optout_bot.runner``) owns the phases for every setting: open the page,
get past interruptions (``optout_bot.dialogs``: cookie banners, harmless dialogs; a
dialog that asks something is left open and reported), read, screenshot, change (never in
a dry run; ``optout_bot.changing``), reload, read again, screenshot, record. Every
comparison of page text or names goes through ``optout_bot.text`` (typography aside).
A flow overrides a step only where its site needs it:

    ``login(page, creds, ctx)``         sign in (default: a one-page username/password form)
    ``discover(ctx, settings)``         the concrete settings of this account: one row per
                                        blog/site (``Setting.for_scope``), each with its URL
    ``submit(ctx, setting)``            a ``form`` setting: fill, submit, read the confirmation
    ``find_control(page, setting)``     the control's locator, or None
    ``read(control, setting)``          the control's state: True checked, False not
    ``read_choice(control, setting)``   a choice's selected option (``choices.Picked``)
    ``change(page, control, setting)``  flip it (or pick the safe option) the way a person
                                        does (click, confirm, save)
    ``result_for(setting)``             settings with nothing to drive (kind none, or
                                        ``app_only`` switches): unavailable / manual
    ``public_check(setting)``           a ``PublicCheck`` (``optout_bot.public_check``):
                                        the login-free signal the platform publishes of
                                        this setting (a URL anyone can fetch, how to read
                                        it, the platform's stated delay), or None

After a setting is read back off (``off`` or ``turned_off``), the runner fetches its
public check without the session (through the site override when one is set), keeps the
fetched text, its URL and time as evidence, and turns the result into an ``error`` when
the signal still says "shared" after the declared delay. It never makes anything ``off``.
A setting of kind ``public`` has no control at all (DeviantArt's ``noai``): its public
check is its only read, made without a browser, and it is ``off`` only when that signal,
fetched now, says so; a check that cannot be made (``skipped``) is ``manual``.

``ctx`` is a ``FlowContext`` (``optout_bot.context``): ``ctx.page``, ``ctx.open(url)``
(signs in when the site asks), ``ctx.screenshot(name)``, ``ctx.options`` (``dry_run``,
``force``, ``reason``), ``ctx.previous(setting_id)`` (the last recorded outcome),
``ctx.fetch_public(check, setting_id)`` (a public check fetched and kept as evidence).

Steps raise ``LoginRequired`` (a challenge only the person can pass) or ``FlowError``
(the site refused); ``expected=True`` errors are the person's situation, not a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from optout_bot import changing, choices, dialogs, steps
from optout_bot.declarations import (
    CHOICE,
    DEFAULT_BLOCKERS,
    DEFAULT_REASON,
    FORM,
    NONE,
    PUBLIC,
    SWITCH,
    Blocker,
    BlockerKind,
    Choice,
    Setting,
    SignIn,
    name_pattern,
)
from optout_bot.outcomes import Outcome, SettingResult
from optout_bot.policy import PolicyDoc
from optout_bot.public_check import PublicCheck

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Locator, Page

    from optout_bot.accounts import Credentials
    from optout_bot.context import FlowContext

__all__ = ["CHOICE", "DEFAULT_BLOCKERS", "DEFAULT_REASON", "FORM", "NONE", "PUBLIC", "SWITCH",
           "Blocker", "BlockerKind", "Choice", "Flow", "Setting", "SignIn", "name_pattern"]


@dataclass
class Flow:
    name: str = ""
    title: str = ""
    hosts: tuple[str, ...] = ()
    login_url: str | None = None
    sign_in: SignIn = field(default_factory=SignIn)
    settings: tuple[Setting, ...] = ()
    policies: tuple[PolicyDoc, ...] = ()
    redact: tuple[str, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    #: known selectors of the login form: {"username": (...), "password": (...), "submit": (...)}
    login_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    version: str = "1"
    summary: str = ""  # one line for ``optout platforms``
    extra: dict[str, Any] = field(default_factory=dict)

    # ----------------------------------------------------------------- description
    @property
    def session_cookies(self) -> tuple[str, ...]:
        return self.sign_in.cookies

    @property
    def login_paths(self) -> tuple[str, ...]:
        return self.sign_in.login_paths

    @property
    def needs_account(self) -> bool:
        return self.login_url is not None and any(s.kind != NONE for s in self.settings)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.settings})

    def all_blockers(self) -> tuple[Blocker, ...]:
        return tuple(self.blockers) + DEFAULT_BLOCKERS

    def declaration_problems(self) -> list[str]:
        """What this flow leaves undeclared that the engine would otherwise have to guess."""
        return self.sign_in.problems() if self.needs_account else []

    # ------------------------------------------------------------------ the steps
    async def login(self, page: Page, creds: Credentials, ctx: FlowContext) -> None:
        """Default: one form with a username, a password and a submit button."""
        await page.goto(self.login_url or "", wait_until="domcontentloaded")
        await dialogs.dismiss_interruptions(page)
        fields = self.login_fields
        await steps.fill_first(page, creds.username, labels=(r"email|phone|user",),
                               selectors=fields.get("username", ()) + (
                                   "input[autocomplete=username]", "input[type=email]",
                                   "input[name*=user]", "input[name*=email]"))
        await steps.fill_first(page, creds.password, labels=(r"password",),
                               selectors=fields.get("password", ()) + (
                                   "input[type=password]",), secret=True)
        await steps.click_first(page, names=(r"^(sign in|log in|login)$",),
                                selectors=fields.get("submit", ()) + (
                                    "button[type=submit]", "input[type=submit]"))

    async def discover(self, ctx: FlowContext, settings: list[Setting]) -> list[Setting]:
        return settings

    async def submit(self, ctx: FlowContext, setting: Setting) -> SettingResult:
        raise NotImplementedError(f"{self.name} has a form setting but no submit step")

    async def find_control(self, page: Page, setting: Setting,
                           timeout: float = 8.0) -> Locator | None:
        if setting.kind == CHOICE:
            return await choices.find_choice(page, setting, timeout=timeout)
        return await steps.find_toggle(page, setting, timeout=timeout)

    async def read(self, control: Locator, setting: Setting) -> bool | None:
        return await steps.read_toggle(control)

    async def read_choice(self, control: Locator, setting: Setting) -> choices.Picked | None:
        return await choices.read_choice(control)

    async def change(self, page: Page, control: Locator, setting: Setting) -> None:
        if setting.kind == CHOICE:
            await choices.choose_safe(page, control, setting)
            return
        await changing.click_and_confirm(page, control, setting)

    def result_for(self, setting: Setting) -> SettingResult | None:
        """The result of a setting with nothing to drive (kind none, app-only), else None."""
        if setting.kind == NONE or setting.app_only:
            outcome = Outcome.UNAVAILABLE if setting.kind == NONE else Outcome.MANUAL
            return SettingResult(setting.id, setting.label, setting.url, setting.kind,
                                 outcome=outcome, detail=setting.note)
        return None

    def public_check(self, setting: Setting) -> PublicCheck | None:
        """The login-free signal of ``setting`` that anyone can fetch; None: there is none."""
        return None

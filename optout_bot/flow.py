"""The Flow contract: what one platform module in ``flows/`` provides.

A flow is mostly data. Subclass ``Flow``, set the class attributes, create one instance
and export it as ``FLOW``::

    name, title      "linkedin", "LinkedIn"
    hosts            every host name of the site (the site override maps all of them)
    login_url        where a person signs in; ``None`` when the flow needs no account
    session_cookies  cookie names that exist only while signed in
    login_paths      URL path prefixes of the login pages (a redirect there = signed out)
    settings         ``Setting`` records: id, label, url, kind, how to find the control
                     (accessible names by role first, a known attribute selector as
                     fallback), the control state that keeps your data out (``want``)
    policies         ``PolicyDoc`` records of the policy pages to watch
    redact           selectors of personal details masked in screenshots with --redact
    blockers         ``Blocker`` records: URL paths or texts that mean a challenge,
                     captcha, rate limit or error page, and what the person should do
    login_fields     the login form's known selectors (used after labels)

The runner (``optout_bot.runner``) owns the phases for every setting: open the page,
get past interruptions, read, screenshot, change (never in a dry run), reload, read
again, screenshot, record. A flow overrides a step only where its site needs it:

    ``login(page, creds, run)``         sign in (default: a one-page username/password form)
    ``discover(run, settings)``         the concrete settings of this account: one row per
                                        blog/site (``Setting.for_scope``), each with its URL
    ``submit(run, setting)``            a ``form`` setting: fill, submit, read the confirmation
    ``find_control(page, setting)``     the control's locator, or None
    ``read(control, setting)``          the control's state: True checked, False not
    ``change(page, control, setting)``  flip it the way a person does (click, confirm)
    ``result_for(setting)``             settings with nothing to drive (kind none, or
                                        ``app_only`` switches): unavailable / manual

``Run`` (the runner's per-account object) gives steps what they share: ``run.open(url)``
(signs in when the site asks), ``run.screenshot(name)``, ``run.options`` (``dry_run``,
``force``, ``reason``), ``run.previous(setting_id)`` (the last recorded outcome).

Steps raise ``LoginRequired`` (a challenge only the person can pass) or ``FlowError``
(the site refused); ``expected=True`` errors are the person's situation, not a bug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from optout_bot.outcomes import Outcome, SettingResult
from optout_bot.policy import PolicyDoc

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Locator, Page

    from optout_bot.accounts import Credentials
    from optout_bot.runner import Run

SWITCH, FORM, NONE = "switch", "form", "none"

#: the reason objection forms are given unless the person gives or saves their own
DEFAULT_REASON = ("I object to Meta using my personal information, including my posts, "
                  "photos and comments, to develop and improve AI at Meta.")


@dataclass(frozen=True)
class Setting:
    id: str
    label: str
    url: str
    kind: str = SWITCH
    names: tuple[str, ...] = ()  # regexes (case-insensitive) of the accessible name
    roles: tuple[str, ...] = ("switch", "checkbox")
    fallback: str | None = None  # a known attribute selector
    want: bool = False  # control state that keeps your data out (Tumblr: True)
    confirm: tuple[str, ...] = ("Turn off", "Confirm", "Save", "Yes", "OK")
    note: str = ""  # for form/none/manual: the reason and what the person can do
    scope: str = ""  # which blog/site/sub-account this row is for, if any
    app_only: bool = False  # the switch exists only in the app: the person acts (manual)

    def for_scope(self, scope: str, **changes: Any) -> Setting:
        return replace(self, id=f"{self.id}:{scope}", scope=scope, **changes)


@dataclass(frozen=True)
class Blocker:
    """Something on a page that stops the flow: a challenge, captcha, rate limit, error."""

    kind: str  # "challenge", "captcha", "rate_limit", "error"
    message: str  # what happened and what to do, for a person
    paths: tuple[str, ...] = ()  # URL path prefixes
    texts: tuple[str, ...] = ()  # regexes of visible text
    selector: str | None = None  # an element that is only there when blocked


DEFAULT_BLOCKERS = (
    Blocker("rate_limit", "{title} says there were too many requests. Try again in an hour.",
            texts=(r"too many requests", r"rate limit", r"try again later")),
    Blocker("captcha", "{title} shows a security check (captcha) that only you can pass. Run "
            "'optout login {name} --browser', complete it in the window, then run again.",
            texts=(r"\bcaptcha\b", r"are you a robot", r"verify you are human",
                   r"security check"),
            selector="iframe[src*='captcha' i], iframe[title*='captcha' i]"),
)


@dataclass
class Flow:
    name: str = ""
    title: str = ""
    hosts: tuple[str, ...] = ()
    login_url: str | None = None
    session_cookies: tuple[str, ...] = ()
    login_paths: tuple[str, ...] = ()
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
    def needs_account(self) -> bool:
        return self.login_url is not None and any(s.kind != NONE for s in self.settings)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.settings})

    def all_blockers(self) -> tuple[Blocker, ...]:
        return tuple(self.blockers) + DEFAULT_BLOCKERS

    # ------------------------------------------------------------------ the steps
    async def login(self, page: Page, creds: Credentials, run: Run) -> None:
        """Default: one form with a username, a password and a submit button."""
        from optout_bot import steps

        await page.goto(self.login_url or "", wait_until="domcontentloaded")
        await steps.dismiss_interruptions(page)
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

    async def discover(self, run: Run, settings: list[Setting]) -> list[Setting]:
        return settings

    async def submit(self, run: Run, setting: Setting) -> SettingResult:
        raise NotImplementedError(f"{self.name} has a form setting but no submit step")

    async def find_control(self, page: Page, setting: Setting,
                           timeout: float = 8.0) -> Locator | None:
        from optout_bot import steps

        return await steps.find_toggle(page, setting, timeout=timeout)

    async def read(self, control: Locator, setting: Setting) -> bool | None:
        from optout_bot import steps

        return await steps.read_toggle(control)

    async def change(self, page: Page, control: Locator, setting: Setting) -> None:
        from optout_bot import steps

        await steps.click_and_confirm(page, control, setting)

    def result_for(self, setting: Setting) -> SettingResult | None:
        """The result of a setting with nothing to drive (kind none, app-only), else None."""
        if setting.kind == NONE or setting.app_only:
            outcome = Outcome.UNAVAILABLE if setting.kind == NONE else Outcome.MANUAL
            return SettingResult(setting.id, setting.label, setting.url, setting.kind,
                                 outcome=outcome, detail=setting.note)
        return None


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    return re.compile("|".join(f"(?:{n})" for n in names), re.IGNORECASE)

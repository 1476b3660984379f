"""The runner: one browser, a context per platform account, the phases for every setting.

For each settings page: open it (signing in when the site asks), get past interruptions,
find and read every control, screenshot, change what is not yet safe (never in a dry
run), reload, read again, screenshot, record. ``off``/``turned_off`` come only from a
read of a page freshly loaded from the server; anything else is ``unknown``/``error``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from optout_bot import steps
from optout_bot.accounts import Credentials, accounts_to_run, credentials_for
from optout_bot.browser import CONTEXT_OPTIONS, running_browser
from optout_bot.deadlines import platform_timeout, run_within_deadline
from optout_bot.errors import FlowError, LoginRequired, OptoutError
from optout_bot.flow import FORM, Blocker, Flow, Setting
from optout_bot.home import Home, safe_name, write_private
from optout_bot.locks import account_lock
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.progress import Listener, Phase, Progress
from optout_bot.sessions import load_session_state
from optout_bot.sites import Origin, SiteOverrides

LOGIN_TIMEOUT = 20.0
#: personal details masked on every site with --redact, besides each flow's own selectors
REDACT_EVERYWHERE = ("input[type=email]", "input[autocomplete=username]",
                     "input[autocomplete=email]", "img[class*=avatar i]", "img[alt*=avatar i]",
                     "[data-testid*=avatar i]")
HANDOFF_TIMEOUT = 300.0


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id() -> str:
    import secrets

    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass
class RunOptions:
    dry_run: bool = True
    headed: bool = False
    browser: str | None = None
    sites: dict[str, Origin] = field(default_factory=dict)
    redact: bool = False
    jobs: int = 2
    credentials: dict[str, Credentials] = field(default_factory=dict)  # injected (demo, tests)
    force: bool = False
    reason: str | None = None
    interactive: bool = False  # a person at a terminal can answer prompts
    previous: dict[tuple[str, str, str], str] = field(default_factory=dict)  # last outcomes
    run_id: str = field(default_factory=new_run_id)
    progress: Listener | None = None
    timeout: float = field(default_factory=platform_timeout)  # seconds per platform account


def sharing_state(checked: bool | None, want: bool) -> State:
    """Control state -> data-use state: the control at ``want`` means your data is out."""
    if checked is None:
        return State.UNKNOWN
    return State.OFF if checked == want else State.ON


class Run:
    """One platform account's run: its page, credentials, evidence and secrets."""

    def __init__(self, flow: Flow, account: str, creds: Credentials | None, home: Home,
                 options: RunOptions, page: Page):
        self.flow = flow
        self.account = account
        self.creds = creds
        self.home = home
        self.options = options
        self.page = page
        self.logged_in_now = False
        self.secrets = [s for s in (creds.password, creds.totp_secret) if s] if creds else []
        self.evidence_dir = home.evidence_dir(options.run_id, flow.name, account)
        self.page_loads = 0
        self.logins = 0
        self.ready_pages: set[str] = set()
        self.problems = 0
        self.phase = Phase.STARTING

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "********")
        return text

    def say(self, message: str = "", phase: Phase | None = None, step: int = 0,
            of: int = 0) -> None:
        """Tell the display what this run is doing (``phase``) or has just found."""
        if phase is not None:
            self.phase = phase
        if self.options.progress:
            self.options.progress(Progress(self.flow.name, self.flow.title, self.account,
                                           self.phase, step, of, self.scrub(message)))

    # ------------------------------------------------------------------ evidence
    async def screenshot(self, name: str, control=None) -> str | None:
        path = self.evidence_dir / f"{safe_name(name)}.png"
        masks = [self.page.locator("input[type=password]")]
        if self.options.redact:
            masks += [self.page.locator(selector)
                      for selector in self.flow.redact + REDACT_EVERYWHERE]
        try:
            if control is not None:
                try:
                    await control.scroll_into_view_if_needed(timeout=2000)
                except PlaywrightError:
                    pass
            await self.page.screenshot(path=str(path), mask=masks, mask_color="#000000",
                                       timeout=10000)
        except PlaywrightError:
            return None
        path.chmod(0o600)
        return str(path)

    async def dom_snapshot(self, name: str) -> str | None:
        """The page's HTML with typed values and secrets left out, for error evidence."""
        try:
            html = await self.page.content()
        except PlaywrightError:
            return None
        html = re.sub(r'(<input[^>]*type=["\']?password[^>]*?)\svalue=("[^"]*"|\'[^\']*\')',
                      r"\1", html, flags=re.IGNORECASE)
        path = self.evidence_dir / f"{safe_name(name)}.html"
        write_private(path, self.scrub(html))
        return str(path)

    # ------------------------------------------------------------------ navigation
    async def goto(self, url: str) -> int:
        """Load a page from the server; returns the HTTP status (0 when unknown)."""
        self.page_loads += 1
        self.ready_pages.clear()
        for attempt in range(2):
            try:
                response = await self.page.goto(url, wait_until="domcontentloaded",
                                                timeout=30000)
                return response.status if response is not None else 0
            except PlaywrightError as exc:
                # The page's own script may navigate at the same moment (a redirect to the
                # login page after the session expired): let it land, then go again.
                racing = "interrupted by another navigation" in str(exc) or (
                    "ERR_ABORTED" in str(exc))
                if attempt or not racing:
                    raise FlowError(f"could not open {url} ({_first_line(exc)})") from None
                try:
                    await self.page.wait_for_load_state("domcontentloaded", timeout=10000)
                except PlaywrightError:
                    pass
        return 0

    def on_login_page(self) -> bool:
        path = urlsplit(self.page.url).path
        return any(path.startswith(p) for p in self.flow.login_paths)

    async def open(self, url: str) -> None:
        """Open a settings page, signing in and getting past interruptions on the way."""
        wanted = urlsplit(url).path.rstrip("/")
        retried = False
        for _ in range(4):
            status = await self.goto(url)
            if status >= 500 and not retried:
                retried = True  # a passing server error: a person reloads once
                continue
            await self.check_blockers(paths_only=status < 400)
            if status >= 400 and not self.on_login_page():
                raise FlowError(f"{self.flow.title} answered HTTP {status} for "
                                f"{steps.page_title_url(self.page)}; try again later.")
            if self.on_login_page() or await self.password_form_shown():
                await self.login()
                continue
            await steps.dismiss_interruptions(self.page)
            if urlsplit(self.page.url).path.rstrip("/") != wanted:
                await self.check_blockers()
                if self.on_login_page():
                    await self.login()
                continue
            return
        raise FlowError(f"{self.flow.title} kept sending the browser away from {url} "
                        f"(last: {steps.page_title_url(self.page)})")

    async def password_form_shown(self) -> bool:
        if not self.flow.session_cookies:
            return False
        if await steps.has_cookie(self.page, self.flow.session_cookies):
            return False
        return await self.password_visible()

    async def check_blockers(self, paths_only: bool = False) -> None:
        blocker = await steps.detect_blocker(self.page, self.flow, use_text=not paths_only)
        if blocker is not None and not (blocker.kind == "transient" and paths_only):
            await self.blocked(blocker)

    async def blocked(self, blocker: Blocker) -> None:
        message = blocker.message.format(title=self.flow.title, name=self.flow.name)
        if blocker.kind in ("challenge", "captcha"):
            if blocker.kind == "challenge" and self.creds and self.creds.totp_secret:
                await self.enter_totp()
                return
            if self.options.headed:
                await self.hand_off(message)
                return
            raise LoginRequired(message)
        raise FlowError(message)

    # ------------------------------------------------------------------ login
    async def login(self) -> None:
        if self.logged_in_now and self.logins >= 2:
            raise LoginRequired(f"{self.flow.title} keeps asking to sign in again. Run "
                                f"'optout login {self.flow.name} --browser' and sign in by hand.")
        if not self.creds or not self.creds.password:
            raise LoginRequired(
                f"Not signed in to {self.flow.title} and no password is stored. Run "
                f"'optout login {self.flow.name}' (or --browser to sign in by hand), or set "
                f"OPTOUT_{self.flow.name.upper()}_USERNAME and _PASSWORD.")
        self.say(phase=Phase.SIGNING_IN)
        self.logins += 1
        await drop_session_cookies(self.page.context, self.flow)
        try:
            await self.flow.login(self.page, self.creds, self)
        except PlaywrightError as exc:
            raise FlowError(self.scrub(f"signing in failed: {_first_line(exc)}")) from None
        await self.wait_for_login()
        self.logged_in_now = True
        await self.save_session()

    async def wait_for_login(self) -> None:
        deadline = time.monotonic() + LOGIN_TIMEOUT
        while time.monotonic() < deadline:
            path = urlsplit(self.page.url).path
            signed_in = await steps.has_cookie(self.page, self.flow.session_cookies)
            if signed_in and not self.on_login_page():
                blocker = await self._path_blocker(path)
                if blocker is None:
                    return
            blocker = await self._path_blocker(path) or await self._selector_blocker()
            if blocker is not None:
                await self.blocked(blocker)
                deadline = time.monotonic() + LOGIN_TIMEOUT
                continue
            if self.on_login_page() or await self.password_visible():
                problem = await steps.error_message(self.page, any_text=True)
                if problem:
                    raise LoginRequired(
                        f"{self.flow.title} did not accept the sign-in ({problem}). Check the "
                        f"username and password with 'optout login {self.flow.name}'.")
            elif not signed_in and await self.left_login(path):
                return  # a site whose session cookie has another name: it let us in
            await asyncio.sleep(0.2)
        blocker = await steps.detect_blocker(self.page, self.flow)
        if blocker is not None:
            await self.blocked(blocker)
            return
        raise LoginRequired(f"Signing in to {self.flow.title} did not finish (the page stayed at "
                            f"{steps.page_title_url(self.page)}). Run 'optout login "
                            f"{self.flow.name} --browser' to sign in by hand.")

    async def password_visible(self) -> bool:
        try:
            return await self.page.locator("input[type=password]").first.is_visible()
        except PlaywrightError:
            return False

    async def left_login(self, path: str) -> bool:
        """Past the login pages with no password asked: settled for a moment, we are in."""
        if self.flow.login_url and path == urlsplit(self.flow.login_url).path:
            return False
        await asyncio.sleep(0.5)
        return (urlsplit(self.page.url).path == path and not self.on_login_page()
                and not await self.password_visible() and await self._path_blocker(path) is None
                and await self._selector_blocker() is None)

    async def _path_blocker(self, path: str) -> Blocker | None:
        return steps.blocker_at(self.flow, path)

    async def _selector_blocker(self) -> Blocker | None:
        for blocker in self.flow.all_blockers():
            if blocker.selector and blocker.kind in ("captcha", "challenge"):
                try:
                    if await self.page.locator(blocker.selector).count():
                        return blocker
                except PlaywrightError:
                    continue
        return None

    async def enter_totp(self) -> None:
        import pyotp

        self.say("entering the verification code from the stored authenticator secret")
        code = pyotp.TOTP(self.creds.totp_secret).now()  # type: ignore[union-attr]
        await steps.fill_first(self.page, code, labels=(r"code|pin|verification",),
                               selectors=("input[name=pin]", "input[autocomplete=one-time-code]",
                                          "input[data-testid=ocfEnterTextTextInput]",
                                          "input[inputmode=numeric]"), secret=True)
        await steps.click_first(self.page, names=(r"^(submit|verify|next|continue|confirm)$",),
                                selectors=("button[type=submit]",
                                           "button[data-testid=ocfEnterTextNextButton]"))
        try:
            await self.page.wait_for_load_state("domcontentloaded", timeout=5000)
        except PlaywrightError:
            pass

    async def hand_off(self, message: str) -> None:
        """Headed: the person completes the check in the window; we wait for the session."""
        self.say(phase=Phase.WAITING)
        self.say(f"{message} Waiting up to {int(HANDOFF_TIMEOUT // 60)} minutes for you to "
                 "finish it in the browser window.")
        deadline = time.monotonic() + HANDOFF_TIMEOUT
        while time.monotonic() < deadline:
            path = urlsplit(self.page.url).path
            if (await steps.has_cookie(self.page, self.flow.session_cookies)
                    and await self._path_blocker(path) is None and not self.on_login_page()):
                return
            await asyncio.sleep(1)
        raise LoginRequired(message)

    async def save_session(self) -> None:
        profile = self.home.profile_dir(self.flow.name, self.account)
        state = await self.page.context.storage_state()
        import json

        write_private(profile / "state.json", json.dumps(state))

    # ------------------------------------------------------------------ settings
    async def find(self, setting: Setting):
        # The first control of a freshly loaded page may take a while to render; once the
        # page has shown (or not shown) one, the others are there or not at all.
        url = self.page.url
        timeout = 1.5 if url in self.ready_pages else 8.0
        control = await self.wait_for_control(setting, timeout)
        self.ready_pages.add(url)
        if control is not None:
            return control
        # A careful person: dismiss what covers the page, reload once after a passing error.
        if await steps.dismiss_interruptions(self.page):
            control = await self.flow.find_control(self.page, setting, timeout=4)
            if control is not None:
                return control
        blocker = await steps.detect_blocker(self.page, self.flow)
        if blocker is not None and blocker.kind == "transient":
            self.say("the page reported a passing error; reloading once")
            if not await steps.click_named(self.page, steps.RETRY_NAMES, roles=("button",)):
                await self.goto(self.page.url)
            control = await self.flow.find_control(self.page, setting)
            if control is not None:
                return control
            blocker = await steps.detect_blocker(self.page, self.flow)
        if blocker is not None:
            await self.blocked(blocker)
        return None

    async def wait_for_control(self, setting: Setting, timeout: float):
        """The control, waiting up to ``timeout`` while the page renders; a page that
        turns out to be an error or rate-limit page ends the wait early."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            control = await self.flow.find_control(self.page, setting,
                                                   timeout=max(0.1, min(1.0, left)))
            if control is not None or time.monotonic() >= deadline:
                return control
            if await steps.detect_blocker(self.page, self.flow) is not None:
                return None

    def previous(self, setting_id: str) -> str | None:
        return self.options.previous.get((self.flow.name, self.account, setting_id))

    async def do_page(self, url: str, settings: list[Setting]) -> list[SettingResult]:
        await self.open(url)
        results: dict[str, SettingResult] = OrderedDict()
        checked: dict[str, bool | None] = {}
        for setting in settings:
            self.say(phase=Phase.READING, step=len(results) + 1, of=len(settings))
            result = SettingResult(setting.id, setting.label, setting.url, setting.kind,
                                   started_at=now_iso())
            results[setting.id] = result
            control = await self.find(setting)
            checked[setting.id] = None if control is None else await self.flow.read(control,
                                                                                    setting)
            result.before = sharing_state(checked[setting.id], setting.want)
            shot = await self.screenshot(f"{setting.id}-1-before", control)
            result.evidence += [shot] if shot else []
            if control is None or checked[setting.id] is None:
                result.outcome = Outcome.UNKNOWN
                result.detail = (f"Could not find the switch \"{setting.label}\" on the page; "
                                 f"{await self.why_not_found()} See the screenshot.")
                snap = await self.dom_snapshot(f"{setting.id}-page")
                result.evidence += [snap] if snap else []
        readable = [s for s in settings if checked[s.id] is not None]
        if self.options.dry_run:
            for setting in readable:
                result = results[setting.id]
                result.after = result.before
                result.outcome = Outcome.OFF if result.before is State.OFF else Outcome.ON
                result.detail = ("Already off." if result.before is State.OFF else
                                 "On: your data is used. Run 'optout apply "
                                 f"{self.flow.name}' to turn it off.")
            return self._finish(results)
        to_change = [s for s in readable if checked[s.id] != s.want]
        problems: dict[str, str] = {}
        for attempt in range(2):
            if not to_change:
                break
            for setting in to_change:
                if urlsplit(self.page.url).path.rstrip("/") != urlsplit(url).path.rstrip("/"):
                    # the site sent us away (an expired session): reload, sign in, retry
                    problems.setdefault(setting.id, "the page was left before the change")
                    break
                problem = await self.change(setting)
                if problem:
                    problems[setting.id] = problem
            self.say(phase=Phase.VERIFYING)
            await self.open(url)
            for setting in to_change:
                control = await self.find(setting)
                checked[setting.id] = (None if control is None
                                       else await self.flow.read(control, setting))
            to_change = [s for s in to_change if checked[s.id] is not None
                         and checked[s.id] != s.want]
            if to_change and attempt == 0:
                self.say("a change did not stick; trying once more")
        for setting in readable:
            result = results[setting.id]
            control = await self.find(setting) if checked[setting.id] is not None else None
            now = None if control is None else await self.flow.read(control, setting)
            result.after = sharing_state(now, setting.want)
            shot = await self.screenshot(f"{setting.id}-2-after", control)
            result.evidence += [shot] if shot else []
            self._judge(result, problems.get(setting.id))
        return self._finish(results)

    async def do_form(self, setting: Setting) -> SettingResult:
        started = now_iso()
        result = await self.flow.submit(self, setting)
        result.started_at = result.started_at or started
        result.finished_at = now_iso()
        result.detail = self.scrub(result.detail)
        return result

    async def why_not_found(self) -> str:
        try:
            lang = await self.page.evaluate("() => document.documentElement.lang || ''")
        except PlaywrightError:
            lang = ""
        if lang and not lang.lower().startswith("en"):
            return (f"the page is in another language ({lang}). Set your {self.flow.title} "
                    "language to English and run again, or change it by hand.")
        return "the site may have changed."

    def _judge(self, result: SettingResult, problem: str | None) -> None:
        if result.before is State.OFF and result.after is State.OFF:
            result.outcome, result.detail = Outcome.OFF, "Already off; nothing changed."
        elif result.after is State.OFF:
            result.outcome = Outcome.TURNED_OFF
            result.detail = "Turned off and read back off after a reload."
        elif result.after is State.ON:
            result.outcome = Outcome.ERROR
            why = f" ({problem})" if problem else ""
            result.detail = (f"The change did not stick: it was on again after a reload{why}. "
                             "Try again later or change it by hand.")
        else:
            result.outcome = Outcome.UNKNOWN
            result.detail = "Changed, but the setting could not be read back after a reload."

    def _finish(self, results: dict[str, SettingResult]) -> list[SettingResult]:
        for result in results.values():
            result.finished_at = now_iso()
            result.detail = self.scrub(result.detail)
        return list(results.values())

    async def change(self, setting: Setting) -> str | None:
        control = await self.find(setting)
        if control is None:
            return "the switch was not found to change it"
        if await steps.is_disabled(control):
            return "the switch is disabled on the page"
        self.say(f"changing \"{setting.label}\"", Phase.CHANGING)
        try:
            await self.flow.change(self.page, control, setting)
        except FlowError as exc:
            return self.scrub(str(exc))
        except PlaywrightError as exc:
            return self.scrub(_first_line(exc))
        return None


async def bypass_cache(context: BrowserContext, page: Page) -> None:
    """Every load and reload asks the server, never the browser's cache: a read-back must
    show what the site stored."""
    try:
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    except PlaywrightError:
        pass  # not Chromium: settings pages are sent uncacheable by the sites anyway


async def drop_session_cookies(context: BrowserContext, flow: Flow) -> None:
    """The site asked to sign in, so the kept session was rejected: its cookies go before
    the new sign-in, as on a first run. Left in place, they make the sign-in look finished
    before the password was sent."""
    if flow.session_cookies:
        names = "|".join(re.escape(name) for name in flow.session_cookies)
        await context.clear_cookies(name=re.compile(f"^({names})$"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def group_by_page(settings: list[Setting]) -> OrderedDict[str, list[Setting]]:
    groups: OrderedDict[str, list[Setting]] = OrderedDict()
    for setting in settings:
        groups.setdefault(setting.url, []).append(setting)
    return groups


async def run_account(browser: Browser | None, flow: Flow, account: str | None,
                      home: Home, options: RunOptions, overrides: SiteOverrides
                      ) -> PlatformResult:
    creds = options.credentials.get(flow.name) or credentials_for(flow.name, account)
    name = account or (creds.username if creds else "default")
    result = PlatformResult(flow.name, name, options.dry_run, flow_version=flow.version,
                            started_at=now_iso())
    switch_settings = []
    for setting in flow.settings:
        fixed = flow.result_for(setting)
        if fixed is not None:
            fixed.started_at = fixed.finished_at = now_iso()
            result.settings.append(fixed)
        else:
            switch_settings.append(setting)
    if switch_settings:
        assert browser is not None
        async with account_lock(home, flow.name, name):
            await _run_switches(browser, flow, name, creds, home, options, overrides,
                                switch_settings, result)
    result.finished_at = now_iso()
    result.summarise()
    return result


async def _run_switches(browser: Browser, flow: Flow, account: str, creds: Credentials | None,
                        home: Home, options: RunOptions, overrides: SiteOverrides,
                        settings: list[Setting], result: PlatformResult) -> None:
    profile = home.profile_dir(flow.name, account)
    state_file = profile / "state.json"
    context: BrowserContext = await browser.new_context(
        storage_state=load_session_state(state_file),
        ignore_https_errors=overrides.is_overridden(flow.name),
        **CONTEXT_OPTIONS,
    )
    page = await context.new_page()
    await bypass_cache(context, page)
    run = Run(flow, account, creds, home, options, page)
    done: set[str] = set()
    order: dict[str, int] = {}
    try:
        try:
            settings = await flow.discover(run, settings)
        except (LoginRequired, FlowError) as exc:
            result.settings.extend(await _failed(run, settings, exc))
            result.error = run.scrub(str(exc))
            settings = []
        order.update({s.id: index for index, s in enumerate(settings)})
        for setting in list(settings):
            fixed = flow.result_for(setting)
            if fixed is not None:
                settings.remove(setting)
                fixed.started_at = fixed.finished_at = now_iso()
                result.settings.append(fixed)
        for url, group in group_by_page(settings).items():
            try:
                if group[0].kind == FORM:
                    page_results = [await run.do_form(s) for s in group]
                else:
                    page_results = await run.do_page(url, group)
            except (LoginRequired, FlowError) as exc:
                page_results = await _failed(run, group, exc)
                result.settings.extend(page_results)
                if isinstance(exc, LoginRequired):
                    remaining = [s for s in settings if s.url != url and s.url not in done]
                    shared = page_results[0].evidence if page_results else []
                    result.settings.extend(await _failed(run, remaining, exc, evidence=shared))
                    result.error = run.scrub(str(exc))
                    break
                done.add(url)
                continue
            result.settings.extend(page_results)
            done.add(url)
        if run.logged_in_now or await steps.has_cookie(page, flow.session_cookies):
            await run.save_session()
    except PlaywrightError as exc:
        message = run.scrub(f"The browser failed: {_first_line(exc)}")
        result.error = message
        missing = [s for s in settings if s.url not in done]
        result.settings.extend(await _failed(run, missing, FlowError(message)))
    finally:
        # rows in the order the flow found them (per blog/site), whatever was settled first
        result.settings.sort(key=lambda r: order.get(r.id, -1))
        result.stats = {"page_loads": run.page_loads, "logins": run.logins}
        try:
            await context.close()
        except PlaywrightError:
            pass


async def _failed(run: Run, settings: list[Setting], exc: OptoutError,
                  evidence: list[str] | None = None) -> list[SettingResult]:
    outcome = Outcome.NEEDS_LOGIN if isinstance(exc, LoginRequired) else Outcome.ERROR
    if evidence is None:
        run.problems += 1
        path = await run.screenshot(f"problem-{run.problems}")
        snap = await run.dom_snapshot(f"problem-{run.problems}")
        evidence = [p for p in (path, snap) if p]
    detail = run.scrub(str(exc))
    if isinstance(exc, FlowError) and not detail.startswith(run.flow.title):
        detail = f"{run.flow.title}: {detail}"
    return [SettingResult(s.id, s.label, s.url, s.kind, outcome=outcome, detail=detail,
                          evidence=list(evidence), started_at=now_iso(), finished_at=now_iso())
            for s in settings]


async def run_flows(flows: list[Flow], home: Home, options: RunOptions,
                    on_result: Callable[[PlatformResult], Awaitable[None] | None] | None = None,
                    browser: Browser | None = None, overrides: SiteOverrides | None = None,
                    ) -> list[PlatformResult]:
    """Run every flow for every account, ``options.jobs`` side by side, in one browser.

    ``browser``/``overrides``: an already running browser and its site overrides (tests
    share one across many runs); by default both are made here and closed at the end.
    """
    work = [(flow, account) for flow in flows
            for account in (([None] if flow.name in options.credentials
                             else accounts_to_run(home, flow.name))
                            if flow.needs_account else [None])]
    needs_browser = any(flow.result_for(s) is None for flow in flows for s in flow.settings)
    own_browser = browser is None
    if overrides is None:
        overrides = SiteOverrides({p: o for p, o in options.sites.items()
                                   if p in {f.name for f in flows}},
                                  {f.name: f.hosts for f in flows})
    results: list[PlatformResult | None] = [None] * len(work)
    semaphore = asyncio.Semaphore(max(1, options.jobs))

    async def one(index: int, browser: Browser | None, flow: Flow, account: str | None):
        async with semaphore:
            if options.progress:
                options.progress(Progress(flow.name, flow.title, account or "default",
                                          Phase.STARTING))
            try:
                result = await run_within_deadline(
                    flow, account, options, overrides,
                    lambda opts: run_account(browser, flow, account, home, opts, overrides))
            except OptoutError as exc:
                result = PlatformResult(flow.name, account or "default", options.dry_run,
                                        outcome=Outcome.ERROR, error=str(exc))
            results[index] = result
            if options.progress:
                options.progress(Progress(flow.name, flow.title, result.account,
                                          Phase.FINISHED, outcome=result.outcome.value))
            if on_result is not None:
                maybe = on_result(result)
                if asyncio.iscoroutine(maybe):
                    await maybe

    if not needs_browser or not own_browser:
        await asyncio.gather(*(one(i, browser, f, a) for i, (f, a) in enumerate(work)))
        return [r for r in results if r is not None]

    async with running_browser(options.browser, options.headed, overrides) as browser:
        await asyncio.gather(*(one(i, browser, f, a) for i, (f, a) in enumerate(work)))
    return [r for r in results if r is not None]

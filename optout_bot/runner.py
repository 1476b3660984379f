"""The runner: one browser, a context per platform account, the phases for every setting.

For each settings page: open it (signing in when the site asks; ``navigator``), get past
interruptions, find and read every control, screenshot, change what is not yet safe (never
in a dry run), reload, read again, screenshot, record (``settings_page``, ``sequence``).
``off``/``turned_off`` come only from a read of a page freshly loaded from the server;
anything else is ``unknown``/``error``.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, CDPSession, Locator, Page
from playwright.async_api import Error as PlaywrightError

from optout_bot import public_check, regions, signin
from optout_bot.accounts import Credentials, accounts_to_run, credentials_for
from optout_bot.browser import CONTEXT_OPTIONS, running_browser
from optout_bot.deadlines import run_within_deadline
from optout_bot.declarations import CHOICE, FORM, PUBLIC, SWITCH, Blocker, Setting
from optout_bot.errors import FlowError, LoginRequired, OptoutError
from optout_bot.evidence import REDACT_EVERYWHERE, EvidenceRecorder
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.locks import account_lock
from optout_bot.narrator import Narrator
from optout_bot.navigator import Navigator, first_line
from optout_bot.options import RunOptions, new_run_id, now_iso
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult
from optout_bot.progress import Phase, Progress
from optout_bot.public_check import PublicCheck, PublicReading
from optout_bot.session_state import load_session, save_session
from optout_bot.settings_page import SettingsPage
from optout_bot.sites import Origin, SiteOverrides

__all__ = ["AccountRun", "RunOptions", "new_run_id", "run_account", "run_flows",
           "running_browser"]

#: seconds a context may take to close, so a hung page cannot hold the account lock
CLOSE_TIMEOUT = 10.0


class AccountRun:
    """One platform account's run: the parts that do the work, and the ``FlowContext``
    the flow's hooks are given."""

    def __init__(self, flow: Flow, account: str, creds: Credentials | None, home: Home,
                 options: RunOptions, page: Page, origin: Origin | None = None,
                 cdp: CDPSession | None = None):
        self.flow = flow
        self.origin = origin  # where the site override sends this platform's hosts
        self.account = account
        self.creds = creds
        self.home = home
        self.options = options
        self.page = page
        secrets = [s for s in (creds.password, creds.totp_secret) if s] if creds else []
        redact = flow.redact + REDACT_EVERYWHERE if options.redact else ()
        self.evidence = EvidenceRecorder(
            page, home.evidence_dir(options.run_id, flow.name, account), secrets, redact, cdp)
        self.narrator = Narrator(options.progress, flow.name, flow.title, account,
                                 self.evidence.scrub)
        self.nav = Navigator(flow, page, creds, options.headed, self.narrator,
                             self.save_session)
        self.nav.context = self
        self.settings_page = SettingsPage(flow, self.nav, self.evidence, self.narrator,
                                          options.dry_run)

    # ------------------------------------------------------------------ FlowContext
    async def open(self, url: str) -> None:
        await self.nav.open(url)

    async def login(self) -> None:
        await self.nav.login()

    async def blocked(self, blocker: Blocker) -> None:
        await self.nav.blocked(blocker)

    async def enter_code(self) -> None:
        await self.nav.enter_code()

    async def signed_in(self) -> bool:
        return await signin.signed_in(self.page, self.flow.sign_in)

    async def login_page_shown(self) -> bool:
        return await signin.login_page_shown(self.page, self.flow.sign_in)

    def page_rendered(self) -> None:
        self.nav.ready_pages.add(self.page.url)

    async def screenshot(self, name: str, control: Locator | None = None) -> str | None:
        return await self.evidence.screenshot(name, control)

    async def dom_snapshot(self, name: str) -> str | None:
        return await self.evidence.dom_snapshot(name)

    def say(self, message: str = "", phase: Phase | None = None) -> None:
        self.narrator.say(message, phase)

    def previous(self, setting_id: str) -> str | None:
        return self.options.previous.get((self.flow.name, self.account, setting_id))

    def scrub(self, text: str) -> str:
        return self.evidence.scrub(text)

    def known_region(self) -> str | None:
        return self.options.region or regions.remembered(self.home, self.flow.name,
                                                         self.account)

    def keep_region(self, region: str) -> None:
        regions.remember(self.home, self.flow.name, self.account, region)

    async def fetch_public(self, check: PublicCheck, setting_id: str
                           ) -> tuple[PublicReading, str]:
        reading = await public_check.fetch(check, self.origin)
        reading.body = self.scrub(reading.body)
        return reading, public_check.keep(reading, self.evidence.folder, setting_id)

    # ------------------------------------------------------------------ the work
    async def save_session(self) -> None:
        await save_session(self.page.context, self.home, self.flow.name, self.account)

    async def do_form(self, setting: Setting) -> SettingResult:
        started = now_iso()
        result = await self.flow.submit(self, setting)
        result.started_at = result.started_at or started
        result.finished_at = now_iso()
        result.detail = self.scrub(result.detail)
        return result

    async def do_group(self, url: str, group: list[Setting]) -> list[SettingResult]:
        if group[0].kind == FORM:
            return [await self.do_form(s) for s in group]
        results = await self.settings_page.run(url, group)
        for setting, result in zip(group, results, strict=True):
            await self.check_public(setting, result)
        return results

    async def check_public(self, setting: Setting, result: SettingResult) -> None:
        """The second, login-free read-back of a setting read back off, where published."""
        check = self.flow.public_check(setting)
        if check is None or result.outcome not in public_check.CHECKED:
            return
        if check.skipped:
            public_check.skipped(result, check)
            return
        self.narrator.say(f"checking {check.name}")
        reading, path = await self.fetch_public(check, setting.id)
        result.evidence.append(path)
        public_check.judge(result, check, reading)

    async def failed(self, settings: list[Setting], exc: OptoutError,
                     evidence: list[str] | None = None) -> list[SettingResult]:
        outcome = Outcome.NEEDS_LOGIN if isinstance(exc, LoginRequired) else Outcome.ERROR
        if evidence is None:
            evidence = await self.evidence.problem()
        detail = self.scrub(str(exc))
        if isinstance(exc, FlowError) and not detail.startswith(self.flow.title):
            detail = f"{self.flow.title}: {detail}"
        return [SettingResult(s.id, s.label, s.url, s.kind, outcome=outcome, detail=detail,
                              evidence=list(evidence), started_at=now_iso(),
                              finished_at=now_iso())
                for s in settings]


async def bypass_cache(context: BrowserContext, page: Page) -> CDPSession | None:
    """Every load and reload asks the server, never the browser's cache: a read-back must
    show what the site stored. Returns the page's DevTools session (None if not Chromium),
    which the evidence screenshots are captured through as well."""
    try:
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    except PlaywrightError:
        return None  # not Chromium: settings pages are sent uncacheable by the sites anyway
    return cdp


def group_by_page(settings: list[Setting]) -> OrderedDict[str, list[Setting]]:
    groups: OrderedDict[str, list[Setting]] = OrderedDict()
    for setting in settings:
        groups.setdefault(setting.url, []).append(setting)
    return groups


def settle_fixed(flow: Flow, settings: list[Setting], result: PlatformResult) -> list[Setting]:
    """Record the settings with nothing to drive; the others, to drive."""
    to_drive = []
    for setting in settings:
        fixed = flow.result_for(setting)
        if fixed is None:
            to_drive.append(setting)
            continue
        fixed.started_at = fixed.finished_at = now_iso()
        result.settings.append(fixed)
    return to_drive


async def settle_public(flow: Flow, settings: list[Setting], result: PlatformResult,
                        folder: Path, origin: Origin | None) -> list[Setting]:
    """Record the settings read only from their public signal (no browser); the others."""
    to_drive = []
    for setting in settings:
        check = flow.public_check(setting) if setting.kind == PUBLIC else None
        if check is None:
            to_drive.append(setting)
            continue
        reading = None if check.skipped else await public_check.fetch(check, origin)
        found = public_check.public_result(setting.id, setting.label, setting.url, check,
                                           reading, setting.note)
        if reading is not None:
            found.evidence.append(public_check.keep(reading, folder, setting.id))
        result.settings.append(found)
    return to_drive


async def run_account(browser: Browser | None, flow: Flow, account: str | None,
                      home: Home, options: RunOptions, overrides: SiteOverrides
                      ) -> PlatformResult:
    creds = options.credentials.get(flow.name) or credentials_for(flow.name, account)
    name = account or (creds.username if creds else "default")
    result = PlatformResult(flow.name, name, options.dry_run, flow_version=flow.version,
                            started_at=now_iso())
    switch_settings = settle_fixed(flow, list(flow.settings), result)
    switch_settings = await settle_public(flow, switch_settings, result, home.evidence_dir(
        options.run_id, flow.name, name), overrides.origin_of(flow.name))
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
    kept = load_session(home, flow.name, account)
    context: BrowserContext = await browser.new_context(
        storage_state=kept,
        ignore_https_errors=overrides.is_overridden(flow.name),
        **CONTEXT_OPTIONS,
    )
    watcher = options.context_watcher
    if watcher is not None:
        await watcher.opened(context)
    page = await context.new_page()
    cdp = await bypass_cache(context, page)
    run = AccountRun(flow, account, creds, home, options, page, overrides.origin_of(flow.name),
                     cdp)
    run.nav.sign_in_first = kept is None and any(s.kind in (SWITCH, CHOICE) for s in settings)
    order: dict[str, int] = {}
    done: set[str] = set()
    try:
        try:
            settings = await flow.discover(run, settings)
        except (LoginRequired, FlowError) as exc:
            result.settings.extend(await run.failed(settings, exc))
            result.error = run.scrub(str(exc))
            settings = []
        order.update({s.id: index for index, s in enumerate(settings)})
        settings = settle_fixed(flow, settings, result)
        await _run_pages(run, settings, result, done)
        if run.nav.logged_in_now or await run.signed_in():
            await run.save_session()
    except PlaywrightError as exc:
        message = run.scrub(f"The browser failed: {first_line(exc)}")
        result.error = message
        missing = [s for s in settings if s.url not in done]
        result.settings.extend(await run.failed(missing, FlowError(message)))
    finally:
        # rows in the order the flow found them (per blog/site), whatever was settled first
        result.settings.sort(key=lambda r: order.get(r.id, -1))
        result.stats = {"page_loads": run.nav.page_loads, "logins": run.nav.logins}
        try:
            if watcher is not None:
                await asyncio.wait_for(watcher.closing(context), CLOSE_TIMEOUT)
        except (PlaywrightError, TimeoutError):
            pass
        try:
            await asyncio.wait_for(context.close(), CLOSE_TIMEOUT)
        except (PlaywrightError, TimeoutError):
            pass


async def _run_pages(run: AccountRun, settings: list[Setting], result: PlatformResult,
                     done: set[str]) -> None:
    """Every page's settings; a challenge only the person can pass ends the account."""
    for url, group in group_by_page(settings).items():
        try:
            page_results = await run.do_group(url, group)
        except (LoginRequired, FlowError) as exc:
            page_results = await run.failed(group, exc)
            result.settings.extend(page_results)
            if isinstance(exc, LoginRequired):
                remaining = [s for s in settings if s.url != url and s.url not in done]
                shared = page_results[0].evidence if page_results else []
                result.settings.extend(await run.failed(remaining, exc, evidence=shared))
                result.error = run.scrub(str(exc))
                break
            done.add(url)
            continue
        result.settings.extend(page_results)
        done.add(url)


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
    needs_browser = any(flow.result_for(s) is None and s.kind != PUBLIC
                        for flow in flows for s in flow.settings)
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

    async with running_browser(options.browser, options.headed, overrides,
                               options.connect) as browser:
        await asyncio.gather(*(one(i, browser, f, a) for i, (f, a) in enumerate(work)))
    return [r for r in results if r is not None]

"""Getting a platform account's page where a setting is: open, sign in, get past blockers.

What counts as signed in, a login page or a challenge comes from the flow's declarations
(``optout_bot.signin``; the rules are in the ``Flow`` contract).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from optout_bot import dialogs, signin, steps
from optout_bot.accounts import Credentials
from optout_bot.context import FlowContext
from optout_bot.declarations import SIGN_IN_CHECKS, Blocker, BlockerKind
from optout_bot.errors import FlowError, LoginRequired
from optout_bot.flow import Flow
from optout_bot.narrator import Narrator
from optout_bot.progress import Phase

LOGIN_TIMEOUT = 20.0
#: how many times a load interrupted by the page's own navigation is tried
RACES = 3
HANDOFF_TIMEOUT = 300.0
#: code fields and buttons every site's verification page is tried with, after its own
CODE_FIELDS = ("input[autocomplete=one-time-code]", "input[inputmode=numeric]")
CODE_BUTTONS = ("button[type=submit]",)
#: the HTTP status the document shown was answered with (0: not told)
SHOWN_STATUS = "() => performance.getEntriesByType('navigation')[0]?.responseStatus || 0"
#: seconds a page is given to tell that status (a page whose script hangs may never answer)
STATUS_TIMEOUT = 5.0


def by_hand_message(flow: Flow) -> str:
    """What a person is told when a sign-in-by-hand site has no session the tool may use."""
    return (f"{flow.title} is not signed in, and the tool does not sign in there for you "
            f"(its sign-in has bot checks and passkeys only a person should pass). Sign in "
            f"by hand once: optout login {flow.name} --browser (only the session is kept), "
            "then run again.")


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _racing(error: PlaywrightError) -> bool:
    """The page's own script navigated at the same moment (a redirect to the login page
    after the session expired): let it land, then go again."""
    return "interrupted by another navigation" in str(error) or "ERR_ABORTED" in str(error)


def _left_underfoot(error: PlaywrightError) -> bool:
    """A step failed because the page navigated away while it ran."""
    return _racing(error) or any(words in str(error) for words in (
        "context was destroyed", "frame was detached", "because of a navigation"))


class Navigator:
    """Loads pages for one platform account, signing in whenever the site asks.

    ``context`` is what the flow's ``login`` step is given; the runner sets it.
    """

    def __init__(self, flow: Flow, page: Page, creds: Credentials | None, headed: bool,
                 narrator: Narrator, save_session: Callable[[], Awaitable[None]]):
        self.flow = flow
        self.page = page
        self.creds = creds
        self.headed = headed
        self.narrator = narrator
        self.save_session = save_session  # keeps the signed-in session for the next run
        self.context: FlowContext | None = None
        self.logged_in_now = False
        self.page_loads = 0
        self.logins = 0
        self.ready_pages: set[str] = set()
        #: the page load at which the page showed nothing to get past when it was opened
        self.plain_load = -1
        #: (page load, URL asked for, URL shown) when ``open`` last returned
        self.opened_at: tuple[int, str, str] | None = None
        #: the run started with no kept session, so no site can know the browser yet
        #: (the runner sets it for a flow whose pages are switch pages)
        self.sign_in_first = False

    # ------------------------------------------------------------------ loading
    async def goto(self, url: str) -> int:
        """Load a page from the server; returns the HTTP status (0 when unknown)."""
        self.page_loads += 1
        self.ready_pages.clear()
        target, current = urlsplit(url), urlsplit(self.page.url)
        if target.fragment and current._replace(fragment="") == target._replace(fragment=""):
            # Only the #fragment would change: the browser would keep the page it has, and a
            # read-back must come from the server. Leave the page first.
            await self._load("about:blank", url, timeout=10000)
        response = await self._load(url, url, timeout=30000)
        return response.status if response is not None else 0

    async def _load(self, url: str, wanted: str, timeout: float):
        """``page.goto``, again after the page's own navigation (a redirect to the login
        page when the session expired) has landed, if that interrupted it."""
        for attempt in range(RACES):
            before = self.page.url
            try:
                return await self.page.goto(url, wait_until="domcontentloaded",
                                            timeout=timeout)
            except PlaywrightError as exc:
                if attempt == RACES - 1 or not _racing(exc):
                    raise FlowError(f"could not open {wanted} ({first_line(exc)})") from None
                await self._let_it_land(before)
        return None

    async def _let_it_land(self, before: str) -> None:
        """Until the navigation that interrupted ours has committed and loaded (at most a
        few seconds: it may also have been dropped)."""
        if self.page.url == before:
            try:
                await self.page.wait_for_url(lambda now: now != before, timeout=5000,
                                             wait_until="commit")
            except PlaywrightError:
                pass
        try:
            await self.page.wait_for_load_state("domcontentloaded", timeout=10000)
        except PlaywrightError:
            pass

    def on_login_page(self) -> bool:
        return signin.on_login_page(self.page, self.flow.sign_in)

    async def open(self, url: str) -> None:
        """Open a settings page, signing in and getting past interruptions on the way."""
        wanted = urlsplit(url).path.rstrip("/")
        retried = False
        if self.sign_in_first:
            # Nothing kept to be signed in by: sign in first, as a person does, instead of
            # opening the page only to be sent to the sign-in page.
            self.sign_in_first = False
            if self.creds and self.creds.password and not self.flow.sign_in.by_hand:
                await self.login()
        for _ in range(4):
            status = await self.goto(url)
            if status >= 500 and not retried:
                retried = True  # a passing server error: a person reloads once
                continue
            plain = status < 400 and await self.plain()
            self.plain_load = self.page_loads if plain else -1
            await self.check_blockers(paths_only=status < 400, elements=not plain)
            if status >= 400 and not self.on_login_page():
                raise FlowError(f"{self.flow.title} answered HTTP {status} for "
                                f"{steps.page_title_url(self.page)}; try again later.")
            if await signin.login_page_shown(self.page, self.flow.sign_in) or (
                    self.flow.sign_in.by_hand
                    and not await signin.signed_in(self.page, self.flow.sign_in)):
                await self.login()
                continue
            if not plain and await dialogs.dismiss_interruptions(self.page) and (
                    not retried and await self.shown_status() >= 500):
                retried = True  # what it got past led to a passing server error: reload once
                continue
            if urlsplit(self.page.url).path.rstrip("/") != wanted:
                await self.check_blockers()
                if self.on_login_page():
                    await self.login()
                continue
            self.opened_at = (self.page_loads, url, self.page.url)
            return
        raise FlowError(f"{self.flow.title} kept sending the browser away from {url} "
                        f"(last: {steps.page_title_url(self.page)})")

    async def shown_status(self) -> int:
        """The HTTP status of the document the page shows, however it got there (a load, a
        click, a redirect, the page's own script); 0 when the browser does not tell."""
        try:
            status = await asyncio.wait_for(self.page.evaluate(SHOWN_STATUS), STATUS_TIMEOUT)
        except (PlaywrightError, TimeoutError):
            return 0
        return status if isinstance(status, int) else 0

    def showing(self, url: str) -> bool:
        """Whether the page is still the one ``open(url)`` last got to (no load and no
        navigation since): a flow that looked at a page before its settings are read."""
        return self.opened_at == (self.page_loads, url, self.page.url)

    async def plain(self) -> bool:
        """Whether the page shows neither a blocker's element nor anything to get past.
        One query for both: most pages show neither, and asking each took a query each."""
        found = dialogs.dismissable(self.page)
        elements = signin.blocker_elements(self.page, self.flow.all_blockers())
        if elements is not None:
            found = found.or_(elements)
        try:
            return not await found.count()
        except PlaywrightError:
            return False

    def opened_plain(self) -> bool:
        """Whether the page just opened showed nothing to get past (no load since)."""
        return self.plain_load == self.page_loads

    async def check_blockers(self, paths_only: bool = False, elements: bool = True) -> None:
        """``elements=False``: the page is known to show no blocker's element."""
        blocker = await signin.detect_blocker(self.page, self.flow.all_blockers(),
                                              use_text=not paths_only, use_elements=elements)
        if blocker is not None and not (blocker.kind is BlockerKind.TRANSIENT and paths_only):
            await self.blocked(blocker)

    async def blocked(self, blocker: Blocker) -> None:
        says = signin.page_says(blocker, await steps.page_text(self.page))
        message = blocker.message.format(title=self.flow.title, name=self.flow.name, **says)
        if blocker.kind in SIGN_IN_CHECKS:
            if blocker.kind is BlockerKind.CHALLENGE and self.creds and self.creds.totp_secret:
                await self.enter_code()
                return
            if self.headed:
                await self.hand_off(message)
                return
            raise LoginRequired(message)
        raise FlowError(message)

    # ------------------------------------------------------------------ signing in
    async def login(self) -> None:
        if self.logged_in_now and self.logins >= 2:
            raise LoginRequired(f"{self.flow.title} keeps asking to sign in again. Run "
                                f"'optout login {self.flow.name} --browser' and sign in by hand.")
        if self.flow.sign_in.by_hand:
            await self.sign_in_by_hand()
            return
        if not self.creds or not self.creds.password:
            raise LoginRequired(
                f"Not signed in to {self.flow.title} and no password is stored. Run "
                f"'optout login {self.flow.name}' (or --browser to sign in by hand), or set "
                f"OPTOUT_{self.flow.name.upper()}_USERNAME and _PASSWORD.")
        self.narrator.say(phase=Phase.SIGNING_IN)
        self.logins += 1
        assert self.context is not None, "the runner gives the navigator its flow context"
        await drop_session_cookies(self.page.context, self.flow)
        for attempt in range(2):
            before = self.page.url
            try:
                await self.flow.login(self.page, self.creds, self.context)
                break
            except PlaywrightError as exc:
                if attempt or not _left_underfoot(exc):
                    raise FlowError(self.narrator.scrub(
                        f"signing in failed: {first_line(exc)}")) from None
                await self._let_it_land(before)  # the page was on its way elsewhere
        await self.wait_for_login()
        self.logged_in_now = True
        await self.save_session()

    async def sign_in_by_hand(self) -> None:
        """A person signs in (headed, in the window) or is told how to; never a typed password."""
        if not self.headed:
            raise LoginRequired(by_hand_message(self.flow))
        self.logins += 1
        await self.hand_off(f"Sign in to {self.flow.title} in the browser window.",
                            by_hand_message(self.flow))
        self.logged_in_now = True
        await self.save_session()

    async def wait_for_login(self) -> None:
        """Wait until the page is signed in by the flow's declarations; report anything else.

        A page that is neither signed in, nor a login page, nor a declared challenge is
        waited on (it may still be on its way), never taken for signed in.
        """
        moved = asyncio.Event()  # the page navigated or had a write answered since last looked at

        def on_navigated(frame) -> None:
            if frame == self.page.main_frame:
                moved.set()

        def on_answered(request) -> None:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                moved.set()  # a sign-in sent by script: its answer may have set the session

        self.page.on("framenavigated", on_navigated)
        self.page.on("requestfinished", on_answered)
        try:
            await self._until_signed_in(moved)
        finally:
            self.page.remove_listener("framenavigated", on_navigated)
            self.page.remove_listener("requestfinished", on_answered)

    async def _until_signed_in(self, moved: asyncio.Event) -> None:
        deadline = time.monotonic() + LOGIN_TIMEOUT
        while time.monotonic() < deadline:
            moved.clear()
            where, blocker = await signin.where(self.page, self.flow.sign_in,
                                                self.flow.all_blockers())
            if where is signin.Where.SIGNED_IN:
                return
            if blocker is not None and blocker.kind is not BlockerKind.TRANSIENT:
                await self.blocked(blocker)
                deadline = time.monotonic() + LOGIN_TIMEOUT
                continue
            if where is signin.Where.LOGIN_PAGE:
                problem = await steps.error_message(self.page, any_text=True)
                if problem:
                    raise LoginRequired(
                        f"{self.flow.title} did not accept the sign-in ({problem}). Check the "
                        f"username and password with 'optout login {self.flow.name}'.")
            # Look again when the page navigates or a write is answered; a page that changes
            # without either (a message shown, a step of the form) is looked at twice a second.
            try:
                await asyncio.wait_for(moved.wait(), 0.5)
            except TimeoutError:
                pass
        blocker = await signin.detect_blocker(self.page, self.flow.all_blockers())
        if blocker is not None:
            await self.blocked(blocker)
            return
        raise LoginRequired(f"Signing in to {self.flow.title} did not finish (the page stayed at "
                            f"{steps.page_title_url(self.page)}). Run 'optout login "
                            f"{self.flow.name} --browser' to sign in by hand.")

    async def enter_code(self) -> None:
        """Type the code of the stored authenticator secret where the site asks for it."""
        import pyotp

        assert self.creds is not None and self.creds.totp_secret
        self.narrator.say("entering the verification code from the stored authenticator "
                          "secret")
        code = pyotp.TOTP(self.creds.totp_secret).now()
        declared = self.flow.sign_in
        await steps.fill_first(self.page, code, labels=(r"code|pin|verification",),
                               selectors=declared.code_fields + CODE_FIELDS, secret=True)
        await steps.click_first(self.page, names=(r"^(submit|verify|next|continue|confirm)$",),
                                selectors=declared.code_buttons + CODE_BUTTONS)
        try:
            await self.page.wait_for_load_state("domcontentloaded", timeout=5000)
        except PlaywrightError:
            pass

    async def hand_off(self, message: str, give_up: str = "") -> None:
        """Headed: the person completes the check in the window; we wait until signed in.

        ``give_up`` is said when they do not (``message`` by default)."""
        self.narrator.say(phase=Phase.WAITING)
        self.narrator.say(f"{message} Waiting up to {int(HANDOFF_TIMEOUT // 60)} minutes for "
                          "you to finish it in the browser window.")
        deadline = time.monotonic() + HANDOFF_TIMEOUT
        while time.monotonic() < deadline:
            where, _ = await signin.where(self.page, self.flow.sign_in, self.flow.all_blockers())
            if where is signin.Where.SIGNED_IN:
                return
            await asyncio.sleep(1)
        raise LoginRequired(give_up or message)


async def drop_session_cookies(context: BrowserContext, flow: Flow) -> None:
    """The site asked to sign in, so the kept session was rejected: its cookies go before
    the new sign-in, as on a first run. Left in place, they make the sign-in look finished
    before the password was sent."""
    if flow.session_cookies:
        names = "|".join(re.escape(name) for name in flow.session_cookies)
        await context.clear_cookies(name=re.compile(f"^({names})$"))

"""Sites a person signs in to by hand: the sign-in page with its bot check, and the person.

``ByHandSite`` is a ``SwitchSite`` whose sign-in form carries a bot check in the manner
of Cloudflare Turnstile: the form is refused unless the box "Verify you are human" was
ticked in the page, which hands the form a one-time token. The engine never signs in to
such a site (``SignIn(by_hand=True)``); a person does, once, with
``optout login P --browser``. The ``captcha`` fault puts a bot check ("Just a moment...
Verify you are human") in front of every signed-in page and the ``challenge`` fault a
"Verify it's you" page, as real sites do now and then to a kept session: only a person
passes either, so the engine hands them off (headed) or reports them.

``person_signs_in`` plays that person for the demo and the tests: it opens the flow's
login URL (the browser reaches the replica through the site override), signs in, ticks
the box, and keeps only the session in the home, as ``optout login P --browser`` does.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from urllib.parse import quote

from playwright.async_api import Browser
from playwright.async_api import Error as PlaywrightError

from optout_bot import signin
from optout_bot.browser import CONTEXT_OPTIONS
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.sandbox._common import esc
from optout_bot.sandbox._switch_site import SITE, SwitchSite
from optout_bot.sandbox.base import Request, Response, redirect
from optout_bot.sandbox.kit import route
from optout_bot.session_state import save_session

BOT_CHECK = {
    "en": {"human": "Verify you are human", "moment": "Just a moment...",
           "moment_help": "Verify you are human by completing the action below.",
           "bot": "Please complete the security check.",
           "verify_you": "Verify it's you", "verify_help": "To continue, first verify it's "
           "you. Enter the code we sent to your email.", "next": "Next"},
    "de": {"human": "Bestätigen Sie, dass Sie ein Mensch sind", "moment": "Einen Moment...",
           "moment_help": "Bestätigen Sie, dass Sie ein Mensch sind, indem Sie die folgende "
           "Aktion ausführen.", "bot": "Bitte schließen Sie die Sicherheitsprüfung ab.",
           "verify_you": "Bestätigen Sie Ihre Identität", "verify_help": "Bestätigen Sie "
           "zuerst Ihre Identität. Geben Sie den Code aus unserer E-Mail ein.",
           "next": "Weiter"},
}

WIDGET = """<div class="bot-check"><input type="checkbox" id="bot-check">
<label for="bot-check">{human}</label>
<input type="hidden" name="cf-turnstile-response" id="bot-token" value=""></div>
<script>document.getElementById('bot-check').addEventListener('change', function (e) {{
  document.getElementById('bot-token').value = e.target.checked ? '{token}' : '';
}});</script>"""

PERSON_TIMEOUT = 20.0


class ByHandSite(SwitchSite):
    """A switch site behind a bot check; a person signs in, the engine keeps the session.

    ``session_host``: the host the session lives on, when the sign-in page is on another
    (accounts.x.ai for grok.com): a sign-in there hands a one-time ticket to
    ``/sign-in/complete`` on that host, which starts the session.
    """

    session_host = ""

    def __init__(self) -> None:
        super().__init__()
        self.bot_tokens: set[str] = set()  # issued by the sign-in page, each good once
        self.tickets: dict[str, tuple[str, str]] = {}  # ticket -> username, where to go

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (route("complete_sign_in", "/sign-in/complete"), *super().standard_routes())

    def bot_text(self, request: Request, user: str | None = None) -> dict[str, str]:
        return BOT_CHECK[self.language(request, user)]


    def route(self, request: Request) -> Response:
        user = self.current_user(request)
        if user and request.method != "POST" and self.policy_response(request) is None:
            if self.fault("captcha"):
                return self.bot_check_page(request, user)
            if self.fault("challenge"):
                return self.verify_page(request, user)
        return super().route(request)

    def login_page(self, request: Request) -> Response:
        t, bot = self.t(request), self.bot_text(request)
        token = secrets.token_urlsafe(16)
        with self.lock:
            self.bot_tokens.add(token)
        error = bot["bot"] if request.query.get("error") == "bot" else t.get(
            request.query.get("error", ""), "")
        target = esc(request.query.get(self.redirect_param, ""))
        form = SITE.markup["login"].format(t=t, action=self.login_path, error=error,
                                           param=self.redirect_param, target=target)
        widget = WIDGET.format(human=bot["human"], token=token)
        main = form.replace('<p class="error"', widget + '\n<p class="error"', 1)
        return self.site_page(request, None, t["log_in"], main)

    def login_submit(self, request: Request, user: str | None) -> Response:
        token = request.form.get("cf-turnstile-response", "")
        with self.lock:
            passed = token in self.bot_tokens
            self.bot_tokens.discard(token)
        target = request.form.get(self.redirect_param, "")
        if not passed:
            return redirect(f"{self.login_path}?error=bot&{self.redirect_param}="
                            + quote(target, safe=""), 303)
        username, problem = self.login_problem(request.form.get("email", ""),
                                               request.form.get("password", ""))
        if problem:
            return redirect(f"{self.login_path}?error={problem}&{self.redirect_param}="
                            + quote(target, safe=""), 303)
        target = self.local(target, request)
        if self.session_host and request.headers.get("host", "").split(":")[0] != (
                self.session_host):
            ticket = secrets.token_urlsafe(16)
            with self.lock:
                self.tickets[ticket] = (username, target)
            return redirect(f"https://{self.session_host}/sign-in/complete?ticket={ticket}",
                            303)
        return self.sign_in(redirect(target, 303), username)

    def complete_sign_in(self, request: Request, user: str | None) -> Response:
        with self.lock:
            found = self.tickets.pop(request.query.get("ticket", ""), None)
        if found is None:
            return redirect(self.login_path)
        return self.sign_in(redirect(found[1]), found[0])

    def bot_check_page(self, request: Request, user: str) -> Response:
        bot = self.bot_text(request, user)
        main = (f'<h1>{bot["moment"]}</h1><p>{bot["moment_help"]}</p>'
                f'<div class="bot-check"><input type="checkbox" id="bot-check">'
                f'<label for="bot-check">{bot["human"]}</label></div>')
        return self.site_page(request, user, bot["moment"], main, 403)

    def verify_page(self, request: Request, user: str) -> Response:
        bot = self.bot_text(request, user)
        main = (f'<h1>{bot["verify_you"]}</h1><p>{bot["verify_help"]}</p>'
                f'<label for="code">Code</label><input id="code" inputmode="numeric">'
                f'<button type="button">{bot["next"]}</button>')
        return self.site_page(request, user, bot["verify_you"], main)


async def person_signs_in(browser: Browser, flow: Flow, username: str, password: str,
                          home: Home, **context_options: Any) -> None:
    """Sign in on the replica as the person would in ``optout login P --browser``, and
    keep only the session (``profiles/<p>/<username>/state.json``)."""
    context = await browser.new_context(ignore_https_errors=True,
                                        **{**CONTEXT_OPTIONS, **context_options})
    try:
        page = await context.new_page()
        await page.goto(flow.login_url or "", wait_until="domcontentloaded")
        necessary = page.locator("#consent-overlay button[data-choice=reject]")
        if await necessary.count():
            await necessary.first.click()
        await page.locator("#email").fill(username)
        await page.locator("#password").fill(password)
        await page.locator("#bot-check").check()
        await page.locator("form button[type=submit]").click()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PERSON_TIMEOUT
        while not await _signed_in(page, flow):
            if loop.time() > deadline:
                raise RuntimeError(f"the demo could not sign in to the {flow.title} replica "
                                   f"(the page stayed at {page.url})")
            await asyncio.sleep(0.2)
        await save_session(context, home, flow.name, username)
    finally:
        await context.close()


async def _signed_in(page, flow: Flow) -> bool:
    try:
        return await signin.signed_in(page, flow.sign_in)
    except PlaywrightError:
        return False  # the page is navigating

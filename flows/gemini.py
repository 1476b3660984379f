"""Google Gemini: "Keep Activity" (formerly "Gemini Apps Activity") on My Activity.

``myactivity.google.com/product/gemini`` shows whether Keep Activity is on, with a
"Turn off" button (or "Turn on" when it is off). "Turn off" opens a choice: "Turn off" or
"Turn off and delete activity". The tool chooses "Turn off" and never deletes the
person's history unless asked (``optout apply gemini --delete-activity``). The state is
read from the page after every reload: the button's name and the words "Keep Activity is
on/off" must agree, else ``unknown``. Workspace accounts: only the admin decides, so
``unavailable`` with why. On by default for adults.

Sign-in is by hand only (Google sign-in refuses automated browsers). Guesses [G]: the
status wording, a Workspace account's wording, the session cookie ``SID``, the login
paths.
"""

from __future__ import annotations

from dataclasses import replace

from optout_bot.flows._assistants import AssistantFlow
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import changing, steps, text
from optout_bot.flow import NONE, Setting, SignIn
from optout_bot.policy import PolicyDoc

ACTIVITY = "https://myactivity.google.com/product/gemini"
TERMS = "https://policies.google.com/terms/generative-ai"
PRIVACY_HUB = "https://support.google.com/gemini/answer/13594961"
TURN_OFF, TURN_OFF_AND_DELETE = "Turn off", "Turn off and delete activity"
BUTTON = r"^turn (off|on)$"
STATUS = r"(?:keep activity|gemini apps activity) is (on|off)"

WORKSPACE_NOTE = (
    "This is a Google Workspace account: Keep Activity for Gemini is set by your "
    "organization's administrator, not by you. Ask them, or read how Google uses Gemini "
    f"data: {PRIVACY_HUB}")


class GeminiFlow(AssistantFlow):
    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        choice = TURN_OFF_AND_DELETE if ctx.options.delete_activity else TURN_OFF
        return [s if s.kind == NONE else replace(s, confirm=(choice,))
                for s in await super().discover(ctx, settings)]

    async def find_control(self, page: Page, setting: Setting,
                           timeout: float = 8.0) -> Locator | None:
        button = page.get_by_role("button", name=text.tolerant_regex(BUTTON))
        try:
            await button.first.wait_for(state="visible", timeout=timeout * 1000)
        except PlaywrightError:
            return None
        return button.first

    async def read(self, control: Locator, setting: Setting) -> bool | None:
        """On when the button offers "Turn off" and the page says it is on; off likewise."""
        try:
            offered = text.search(BUTTON, await control.inner_text(timeout=2000))
        except PlaywrightError:
            return None
        said = text.search(STATUS, await steps.page_text(control.page))
        if offered is None or said is None:
            return None
        on = said.group(1).lower() == "on"
        return on if (offered.group(1).lower() == "off") == on else None

    async def change(self, page: Page, control: Locator, setting: Setting) -> None:
        choice = text.exactly((setting.confirm[0],))
        watcher = changing.SaveWatcher(page)
        try:
            await control.click(timeout=5000)
            await page.get_by_role("menuitem", name=choice).first.click(timeout=5000)
            await watcher.settle()
        finally:
            watcher.close()
        await changing.raise_if_refused(page, watcher)


FLOW = GeminiFlow(
    name="gemini",
    title="Gemini",
    hosts=("myactivity.google.com", "accounts.google.com", "policies.google.com",
           "support.google.com"),
    login_url="https://accounts.google.com/ServiceLogin",
    sign_in=SignIn(by_hand=True, cookies=("SID",),
                   login_paths=("/ServiceLogin", "/v3/signin/.*", "/signin/.*")),
    summary="Turns off \"Keep Activity\" (keeps your history unless --delete-activity); "
            "sign-in by hand.",
    settings=(
        Setting(
            id="keep-activity",
            label="Keep Activity",
            url=ACTIVITY,
            names=(r"^turn (off|on)$",),
            roles=("button",),
            confirm=(TURN_OFF,),
        ),
    ),
    managed=(r"your administrator manages", r"managed by your (organi[sz]ation|administrator)"),
    managed_note=WORKSPACE_NOTE,
    policies=(
        PolicyDoc(id="terms", title="Generative AI Additional Terms of Service", url=TERMS),
        PolicyDoc(id="privacy-hub", title="Gemini Apps Privacy Hub", url=PRIVACY_HUB),
    ),
)

"""ChatGPT (OpenAI): "Improve the model for everyone", under Settings > Data controls.

``chatgpt.com/#settings/DataControls`` opens the panel. Its button
``improve-model-open-modal-button`` names the current state in its accessible name
("Improve the model for everyone On"), so the state is read there after every reload
without opening anything. The change goes through the modal that button opens: the
switch ``improve-model-toggle`` (``role=switch``, ``aria-checked``), then "Done".
Onboarding tours reappear over the page; they are dismissed first. The setting is on by
default for Free, Plus and Pro, off for Business, Enterprise and Edu: the state is always
read, never assumed. When the button is not found, the privacy portal's request "Do not
train on my content" is the way left (named, never sent by the tool).

Sign-in is by hand only (auth.openai.com, behind Cloudflare Turnstile). Guesses [G]: the
session cookie's name, the login paths, the tour's button names.
"""

from __future__ import annotations

from optout_bot.flows._assistants import AssistantFlow
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import changing, steps, text
from optout_bot.flow import Setting, SignIn
from optout_bot.policy import PolicyDoc

SETTINGS = "https://chatgpt.com/#settings/DataControls"
PORTAL = "https://privacy.openai.com/policies"
PRIVACY = "https://openai.com/policies/privacy-policy/"
IMPROVEMENT = "https://openai.com/policies/how-your-data-is-used-to-improve-model-performance/"
OPENER = '[data-testid="improve-model-open-modal-button"]'
TOGGLE = '[data-testid="improve-model-toggle"]'
NAME = text.tolerant_regex(r"^improve the model for everyone")
STATE = r"\b(on|off)\s*$"
TOUR_BUTTONS = text.tolerant_regex(r"^(got it|skip|skip tour|close|okay, let.s go|not now)$")

PORTAL_NOTE = (
    "Another way: ask OpenAI in its privacy portal, \"Do not train on my content\" "
    f"({PORTAL}); the tool does not send it for you.")


async def dismiss_tour(page: Page) -> None:
    """Close an onboarding tour over the page (Got it / Skip / Close), never Settings."""
    tours = page.get_by_role("dialog").filter(has=page.get_by_role("button",
                                                                    name=TOUR_BUTTONS))
    for _ in range(3):
        try:
            if not await tours.first.is_visible():
                return
            await tours.first.get_by_role("button", name=TOUR_BUTTONS).first.click(timeout=3000)
        except PlaywrightError:
            return


class ChatGPTFlow(AssistantFlow):
    async def find_control(self, page: Page, setting: Setting,
                           timeout: float = 8.0) -> Locator | None:
        await dismiss_tour(page)
        if "#settings" not in page.url:  # sent back to the chat (after a notice): reopen
            await page.goto(SETTINGS, wait_until="domcontentloaded")
        opener = page.get_by_role("button", name=NAME).or_(page.locator(OPENER))
        try:
            await opener.first.wait_for(state="visible", timeout=timeout * 1000)
        except PlaywrightError:
            return None
        return opener.first

    async def read(self, control: Locator, setting: Setting) -> bool | None:
        """The state the button names: "... On" is True, "... Off" False."""
        try:
            name = (await control.get_attribute("aria-label", timeout=2000)
                    or await control.inner_text(timeout=2000))
        except PlaywrightError:
            return None
        found = text.search(STATE, name)
        return None if found is None else found.group(1).lower() == "on"

    async def change(self, page: Page, control: Locator, setting: Setting) -> None:
        await control.click(timeout=5000)
        toggle = page.get_by_role("switch", name=NAME).or_(page.locator(TOGGLE)).first
        await toggle.wait_for(state="visible", timeout=5000)
        if await steps.read_toggle(toggle) is not False:
            await changing.click_and_confirm(page, toggle, setting)
        done = page.get_by_role("button", name=text.exactly(("Done",)))
        if await done.first.is_visible():
            await done.first.click(timeout=5000)


FLOW = ChatGPTFlow(
    name="chatgpt",
    title="ChatGPT",
    hosts=("chatgpt.com", "auth.openai.com", "openai.com", "privacy.openai.com"),
    login_url="https://auth.openai.com/log-in",
    sign_in=SignIn(by_hand=True, cookies=("__Secure-next-auth.session-token",),
                   login_paths=("/log-in", "/auth/login")),
    summary="Turns off \"Improve the model for everyone\" (read back from Data controls); "
            "sign-in by hand.",
    settings=(
        Setting(
            id="improve-model",
            label="Improve the model for everyone",
            url=SETTINGS,
            names=(r"^improve the model for everyone",),
            fallback=OPENER,
            note=PORTAL_NOTE,
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="model-improvement",
                  title="How your data is used to improve model performance", url=IMPROVEMENT),
        PolicyDoc(id="portal", title="Privacy requests", url=PORTAL),
    ),
)

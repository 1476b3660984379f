"""Microsoft Copilot (consumer): "Model training on text" and "Model training on voice".

Both are on by default. copilot.microsoft.com publishes neither an address nor the
markup of its settings: the flow goes the way a person does, by role and name, from the
chat page: the profile button, "Settings", then the "Privacy" tab, and reads the two
switches there. When that path or a switch is not found, the setting is ``unknown`` with
the screenshot and the page kept as evidence.

Sign-in is by hand only (a Microsoft account, passkeys, behind a bot check). Guesses
[G]: the whole path's names, the session cookie's name, the sign-in page
``login.live.com/login.srf``. A kept session the site no longer accepts may show the
signed-out chat page: no switch is found there, so the settings end ``unknown``, never off.
"""

from __future__ import annotations

from optout_bot.flows._assistants import AssistantFlow
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import steps, text
from optout_bot.flow import Setting, SignIn, name_pattern
from optout_bot.policy import PolicyDoc

HOME = "https://copilot.microsoft.com/"
PRIVACY = "https://privacy.microsoft.com/en-us/privacystatement"

#: profile > Settings > Privacy: (accessible name, roles) of each step
PATH = ((r"^(profile|account|your account|account and settings)$", ("button",)),
        (r"^settings$", ("menuitem", "button", "link")),
        (r"^privacy$", ("tab", "button", "link")))


async def _first_visible(page: Page, name: str, roles: tuple[str, ...],
                         timeout: float) -> Locator | None:
    pattern = text.tolerant_regex(name)
    anything = page.get_by_role(roles[0], name=pattern)  # type: ignore[arg-type]
    for role in roles[1:]:
        anything = anything.or_(page.get_by_role(role, name=pattern))  # type: ignore[arg-type]
    try:
        await anything.first.wait_for(state="visible", timeout=timeout * 1000)
    except PlaywrightError:
        return None
    return anything.first


class CopilotFlow(AssistantFlow):
    async def find_control(self, page: Page, setting: Setting,
                           timeout: float = 8.0) -> Locator | None:
        names = name_pattern(setting.names)
        shown = page.get_by_role("switch", name=names).or_(
            page.get_by_role("checkbox", name=names))
        try:
            visible = await shown.first.is_visible()
        except PlaywrightError:
            visible = False
        if not visible and not await self.open_privacy(page, timeout):
            return None
        return await steps.find_toggle(page, setting, timeout=timeout)

    async def open_privacy(self, page: Page, timeout: float) -> bool:
        """Click profile > Settings > Privacy; False when a step is not there."""
        for step, (name, roles) in enumerate(PATH):
            target = await _first_visible(page, name, roles, timeout if step == 0 else 3)
            if target is None:
                return False
            await target.click(timeout=5000)
        return True


FLOW = CopilotFlow(
    name="copilot",
    title="Microsoft Copilot",
    hosts=("copilot.microsoft.com", "login.live.com", "privacy.microsoft.com"),
    login_url="https://login.live.com/login.srf",
    sign_in=SignIn(by_hand=True, cookies=("__Host-copilot-session",),
                   login_paths=("/login.srf",)),
    summary="Turns off \"Model training on text\" and \"on voice\" (found by name under "
            "profile > Settings > Privacy); sign-in by hand.",
    settings=(
        Setting(id="text-training", label="Model training on text", url=HOME,
                names=(r"^model training on text$",)),
        Setting(id="voice-training", label="Model training on voice", url=HOME,
                names=(r"^model training on voice$",)),
    ),
    policies=(PolicyDoc(id="privacy", title="Microsoft Privacy Statement", url=PRIVACY),),
)

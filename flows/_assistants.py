"""What the AI-assistant flows share: bot checks in front of a kept session, and accounts
an organization manages, which have no switch of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from optout_bot import signin, steps, text
from optout_bot.flow import NONE, Blocker, BlockerKind, Flow, Setting, name_pattern
from optout_bot.outcomes import SettingResult

#: Cloudflare's managed challenge and a site's "verify it's you": only a person passes them
BOT_CHECKS = (
    Blocker(BlockerKind.CAPTCHA,
            "{title} shows a bot check (\"Verify you are human\") that only you can pass. "
            "Sign in by hand once: optout login {name} --browser, pass the check in the "
            "window, then run again.",
            texts=(r"verify you are human", r"^just a moment"),
            selector="iframe[src*='challenges.cloudflare.com']"),
    Blocker(BlockerKind.CHALLENGE,
            "{title} asks you to confirm it is you. Sign in by hand once: optout login "
            "{name} --browser, confirm it in the window, then run again.",
            texts=(r"verify it.s you", r"confirm it.s you")),
)


@dataclass(frozen=True)
class SeenSetting(Setting):
    evidence: tuple[str, ...] = ()  # what looking at the account showed


@dataclass
class AssistantFlow(Flow):
    """A flow whose switch an organization's account does not have: ``managed`` are the
    regexes of what the settings page says instead, ``managed_note`` why and what to do."""

    managed: tuple[str, ...] = ()
    managed_note: str = ""
    blockers: tuple[Blocker, ...] = field(default=BOT_CHECKS)

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        if not self.managed:
            return settings
        return [await self.look_at(ctx, s) if s.kind != NONE else s for s in settings]

    async def look_at(self, ctx, setting: Setting) -> Setting:
        """The setting, or (an account its organization manages) a row of kind none."""
        await ctx.open(setting.url)
        page = ctx.page
        said = page.get_by_text(text.any_of(self.managed))
        rendered = said.or_(page.locator(steps.TOGGLES)).or_(
            page.get_by_role("button", name=name_pattern(setting.names)))
        # a bot check in front of it ends the wait as well (the engine says what to do)
        checks = self.all_blockers()
        elements = signin.blocker_elements(page, checks)
        if elements is not None:
            rendered = rendered.or_(elements)
        words = [t for b in checks for t in b.texts]
        if words:
            rendered = rendered.or_(page.get_by_text(text.any_of(words)))
        try:  # the page renders late: wait for a control or for the words that replace it
            await rendered.first.wait_for(state="attached", timeout=8000)
            managed = await said.first.is_visible()
        except PlaywrightTimeout:
            managed = False
            ctx.page_rendered()  # it had its time: the engine does not wait as long again
        except PlaywrightError:
            managed = False
        if managed:
            managed = await self.find_control(page, setting, timeout=1) is None
        if not managed:
            return setting
        shot = await ctx.screenshot(f"{setting.id}-1-before")
        return SeenSetting(**{**setting.__dict__, "kind": NONE, "note": self.managed_note,
                              "evidence": (shot,) if shot else ()})

    def result_for(self, setting: Setting) -> SettingResult | None:
        result = super().result_for(setting)
        if result is not None and isinstance(setting, SeenSetting):
            result.evidence = list(setting.evidence)
        return result

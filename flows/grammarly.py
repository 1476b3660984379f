"""Grammarly: the "Product Improvement and Training" switch, on by default.

Where it is depends on the account [C help]: an individual account has it on
``https://account.grammarly.com/security/privacy``; a Grammarly Pro subscription for one
person on ``https://account.grammarly.com/admin/data_settings``; in a team, only an
admin can change it for everyone, so a member's row is ``unavailable`` with why and
whom to ask. ``discover`` looks at the individual page, then the admin page, and settles
on the one that shows the switch.

Guesses: the session cookie ``grauth`` is the one public Grammarly clients keep [R];
sign-in at ``https://www.grammarly.com/signin`` asks for the email, then the password
[R]; how the pages tell a team member that an admin decides is not public [G].
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from optout_bot.flows._scoped import stepwise_login

from optout_bot import steps, text
from optout_bot.flow import NONE, Blocker, Flow, Setting, SignIn
from optout_bot.outcomes import SettingResult
from optout_bot.policy import PolicyDoc

PRIVACY = "https://account.grammarly.com/security/privacy"
DATA_SETTINGS = "https://account.grammarly.com/admin/data_settings"
MANAGED = (r"organi[sz]ation(?:')?s admins?\b", r"managed by your (?:organi[sz]ation|team|admin)")

TEAM_NOTE = ("Your Grammarly account belongs to a team, and only the team's admin can "
             "change \"Product Improvement and Training\" for its members. Ask your admin to "
             "turn it off in the admin panel under Data settings ({url}).")


@dataclass(frozen=True)
class PlanSetting(Setting):
    evidence: tuple[str, ...] = ()  # what looking for the switch saw


TRAINING = PlanSetting(
    id="product-improvement",
    label="Product Improvement and Training",
    url=PRIVACY,
    names=(r"product improvement and training",),
)


class GrammarlyFlow(Flow):
    async def login(self, page, creds, ctx) -> None:
        await stepwise_login(
            page, self.login_url or "", creds, signed_in=ctx.signed_in,
            user_selectors=("input[type=email]", "input[name=email]",
                            "input[autocomplete=username]"),
            next_names=(r"^continue$",), submit_names=(r"^(sign in|log in)$",))

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        """The page that shows this account's switch, or a team member's row of kind none."""
        found: list[Setting] = []
        for setting in settings:
            if setting.id == TRAINING.id:
                setting = await self.where_the_switch_is(ctx, setting)
            found.append(setting)
        return found

    async def where_the_switch_is(self, ctx, setting: Setting) -> Setting:
        for url in (PRIVACY, DATA_SETTINGS):
            await ctx.open(url)
            if await self.find_control(ctx.page, setting) is not None:
                return replace(setting, url=url)
        if text.matches_any(MANAGED, await steps.page_text(ctx.page)):
            shot = await ctx.screenshot(f"{setting.id}-1-team")
            return replace(setting, url=DATA_SETTINGS, kind=NONE,
                           note=TEAM_NOTE.format(url=DATA_SETTINGS),
                           evidence=(shot,) if shot else ())
        return setting  # the runner opens it again and says what it could not find

    def result_for(self, setting: Setting) -> SettingResult | None:
        result = super().result_for(setting)
        if result is not None:
            result.evidence = list(getattr(setting, "evidence", ()))
        return result


FLOW = GrammarlyFlow(
    name="grammarly",
    title="Grammarly",
    hosts=("www.grammarly.com", "grammarly.com", "account.grammarly.com"),
    login_url="https://www.grammarly.com/signin",
    sign_in=SignIn(cookies=("grauth",), login_paths=("/signin",), password_form=True),
    summary="Switch: Product Improvement and Training (team members: the admin decides).",
    settings=(TRAINING,),
    blockers=(
        Blocker("challenge", "Grammarly asks for a verification code. Run 'optout login "
                "grammarly --browser' and enter it in the window, or keep your authenticator "
                "secret with 'optout login grammarly --totp'.",
                texts=(r"enter the \d-digit code",),
                selector="input[autocomplete=one-time-code]"),
        Blocker("transient", "Grammarly showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://www.grammarly.com/privacy-policy"),
        PolicyDoc(id="terms", title="Terms of Service", url="https://www.grammarly.com/terms"),
    ),
    redact=("img[alt*='avatar' i]", "[data-qa*='avatar' i]"),
)

"""Grok (grok.com): "Improve the Model", grok.com's own switch under Settings > Data Controls.

This switch is separate from X's Grok settings (the ``x`` flow): turning one off leaves
the other as it was. It is on by default outside the EEA and the UK. grok.com shares its
sign-in with X accounts (and Google and Apple sign-in, behind a bot check), so it is
signed in to by hand only; a run says so when an X account was used.

Guesses [G]: the settings page's URL (grok.com opens Settings as a panel; its address is
not public), the session cookie ``sso``, the sign-in page ``accounts.x.ai/sign-in``.
"""

from optout_bot.flows._assistants import AssistantFlow

from optout_bot.flow import Setting, SignIn
from optout_bot.policy import PolicyDoc

SETTINGS = "https://grok.com/settings/data-controls"
PRIVACY = "https://x.ai/legal/privacy-policy"
TERMS = "https://x.ai/legal/terms-of-service"

FLOW = AssistantFlow(
    name="grok",
    title="Grok",
    hosts=("grok.com", "accounts.x.ai", "x.ai"),
    login_url="https://accounts.x.ai/sign-in",
    sign_in=SignIn(by_hand=True, cookies=("sso",), login_paths=("/sign-in",)),
    summary="Turns off grok.com's \"Improve the Model\" (separate from X's); sign-in by hand "
            "(shared with X accounts).",
    settings=(
        Setting(
            id="improve-model",
            label="Improve the Model",
            url=SETTINGS,
            names=(r"^improve the model$",),
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="terms", title="Terms of Service", url=TERMS),
    ),
)

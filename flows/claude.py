"""Claude (Anthropic): "Help improve Claude", the training switch under Settings > Privacy.

Anthropic trains on consumer chats and coding sessions (Free, Pro, Max) while the switch
is on, and keeps them five years then. The switch is on
``claude.ai/settings/data-privacy-controls``; its label is "Help improve Claude" (2025) or
"Help improve our AI models" (2026), both matched. Claude for Work (Team, Enterprise)
accounts have no such switch: ``unavailable`` with why.

Sign-in is by hand only (an emailed link, Google sign-in and SSO behind a bot check).
Guesses [G]: the session cookie ``sessionKey``, the login path ``/login``, the words of a
work account's privacy page.
"""

from optout_bot.flows._assistants import AssistantFlow

from optout_bot.flow import Setting, SignIn
from optout_bot.policy import PolicyDoc

SETTINGS = "https://claude.ai/settings/data-privacy-controls"
PRIVACY = "https://www.anthropic.com/legal/privacy"
TERMS = "https://www.anthropic.com/legal/consumer-terms"

WORK_NOTE = (
    "This is a Claude for Work account (Team or Enterprise): it has no \"Help improve "
    "Claude\" switch. Under Anthropic's commercial terms your chats are not used for "
    "training unless your organization agreed to it; your organization's admin decides. "
    f"Ask them, or read the rules: {PRIVACY}")

FLOW = AssistantFlow(
    name="claude",
    title="Claude",
    hosts=("claude.ai", "www.anthropic.com"),
    login_url="https://claude.ai/login",
    sign_in=SignIn(by_hand=True, cookies=("sessionKey",), login_paths=("/login",)),
    summary="Turns off \"Help improve Claude\" (training on your chats); sign-in by hand.",
    settings=(
        Setting(
            id="model-training",
            label="Help improve Claude",
            url=SETTINGS,
            names=(r"help improve claude", r"help improve our ai models"),
        ),
    ),
    managed=(r"managed by your organi[sz]ation", r"your organi[sz]ation.s admin"),
    managed_note=WORK_NOTE,
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="terms", title="Consumer Terms of Service", url=TERMS),
    ),
)

"""Zoom: nothing to turn off; Zoom says it trains no AI on customer content.

Zoom's terms and privacy statement [C] (since August 2023): Zoom does not use audio,
video, chat, screen sharing, attachments or other communications-like content to train
its own or third-party AI models. There is no switch because there is nothing to opt out
of; the flow signs in nowhere, reports ``unavailable`` with that reason, and watches the
two documents so that a change of that promise is flagged.
"""

from optout_bot.flow import NONE, Flow, Setting
from optout_bot.policy import PolicyDoc

PRIVACY = "https://www.zoom.com/en/trust/privacy/privacy-statement/"
TERMS = "https://www.zoom.com/en/trust/terms/"

NOTE = (
    "Nothing to turn off. Zoom says it does not use your audio, video, chat, screen sharing, "
    "attachments or other meeting content to train its own or anyone else's AI models, so "
    "it offers no switch. Zoom's AI Companion (meeting summaries and the like) is a feature "
    "your account owner or admin turns on or off; it is not training. The tool watches the "
    f"rules and tells you if that promise changes: {TERMS} {PRIVACY}"
)

FLOW = Flow(
    name="zoom",
    title="Zoom",
    hosts=("www.zoom.com", "zoom.com"),
    login_url=None,
    summary="Nothing to do: Zoom says it trains no AI on your meetings or messages.",
    settings=(
        Setting(
            id="ai-training",
            label="Your meetings and messages used to train AI",
            url=TERMS,
            kind=NONE,
            note=NOTE,
        ),
    ),
    policies=(
        PolicyDoc(id="terms", title="Terms of Service", url=TERMS),
        PolicyDoc(id="privacy", title="Privacy Statement", url=PRIVACY),
    ),
)

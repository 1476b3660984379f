"""Quora: one switch under Settings > Privacy, "Allow large language models to be trained
on your content".

Facts and guesses (platforms.md): the label is reported by users [R]; the page
``https://www.quora.com/settings/privacy`` is a guess [G]; Quora signs in on its front
page, which shows an email and password form to a visitor who is signed out [R]; the
session cookie ``m-b`` is the one public Quora clients keep [R]. A sign-in from a new
device may ask for a code Quora emails [R].
"""

from optout_bot.flow import Blocker, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

FLOW = Flow(
    name="quora",
    title="Quora",
    hosts=("www.quora.com", "quora.com"),
    login_url="https://www.quora.com/",
    # the front page is also the signed-in home, so only its password field tells it apart
    sign_in=SignIn(cookies=("m-b",), password_form=True),
    summary="Switch: large language models trained on your content.",
    settings=(
        Setting(
            id="ai-training",
            label="Allow large language models to be trained on your content",
            url="https://www.quora.com/settings/privacy",
            names=(r"allow large language models to be trained on your content",),
        ),
    ),
    blockers=(
        Blocker("challenge", "Quora asks for a code it sent you by email. Run 'optout login "
                "quora --browser' and enter it in the window.",
                texts=(r"enter the \d-digit code",),
                selector="input[autocomplete=one-time-code]"),
        Blocker("transient", "Quora showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url="https://www.quora.com/about/privacy"),
    ),
    redact=("img[alt*='profile' i]", "[class*='Avatar' i]"),
)

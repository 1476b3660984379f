"""Pinterest: one switch, "Use your data to train Pinterest Canvas" (Settings > Privacy and
data, section GenAI), on by default for adults.

Facts and guesses (platforms.md): the label is Pinterest's own help [C]; the page
``https://www.pinterest.com/settings/privacy`` is a guess [G]; sign-in at
``/login/`` with email and password [R]; the session cookie ``_pinterest_sess`` is the
one public Pinterest clients keep [R]. Pinterest Canvas is its own image model; the switch
does not cover ads or recommendations.
"""

from optout_bot.flow import Blocker, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

FLOW = Flow(
    name="pinterest",
    title="Pinterest",
    hosts=("www.pinterest.com", "pinterest.com", "policy.pinterest.com"),
    login_url="https://www.pinterest.com/login/",
    sign_in=SignIn(cookies=("_pinterest_sess",), login_paths=("/login",),
                   password_form=True),
    summary="Switch: your data used to train Pinterest Canvas (its image AI).",
    settings=(
        Setting(
            id="canvas-training",
            label="Use your data to train Pinterest Canvas",
            url="https://www.pinterest.com/settings/privacy",
            names=(r"use your data to train pinterest canvas",),
        ),
    ),
    blockers=(
        Blocker("challenge", "Pinterest asks for a verification code. Run 'optout login "
                "pinterest --browser' and enter it in the window, or keep your authenticator "
                "secret with 'optout login pinterest --totp'.",
                texts=(r"enter the \d-digit code",),
                selector="input[autocomplete=one-time-code]"),
        Blocker("transient", "Pinterest showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://policy.pinterest.com/en/privacy-policy"),
    ),
    redact=("[data-test-id='header-profile'] img", "img[alt*='profile' i]"),
)

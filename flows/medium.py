"""Medium: "Third-party AI and your stories", a choice between two options.

Settings > Account offers "Prioritize maximum reach (Default)", which lets third parties
train AI on your stories, and "Minimize third-party training", the safe option. Medium
signs in by an emailed link or with Google, Apple or Facebook, behind a bot check: there
is no password to keep, so a person signs in by hand once (``optout login medium
--browser``) and only the session is kept.

Guesses [G]: the settings URL ``/me/settings/account``, the session cookie ``sid``
(reported by unofficial Medium clients), the sign-in path ``/m/signin``, and that the
options are radio buttons or a dropdown (the engine reads either).
"""

from optout_bot.flows._assistants import BOT_CHECKS

from optout_bot.flow import CHOICE, Choice, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

FLOW = Flow(
    name="medium",
    title="Medium",
    hosts=("medium.com", "policy.medium.com"),
    login_url="https://medium.com/m/signin",
    sign_in=SignIn(by_hand=True, cookies=("sid",), login_paths=("/m/signin",)),
    summary="A choice: whether third parties may train AI on your stories; sign-in by hand.",
    settings=(
        Setting(
            id="third-party-ai",
            label="Third-party AI and your stories",
            url="https://medium.com/me/settings/account",
            kind=CHOICE,
            names=(r"third.party ai and your stories",),
            choice=Choice(safe=(r"minimi[sz]e third.party training",),
                          unsafe=(r"prioriti[sz]e maximum reach",)),
        ),
    ),
    blockers=BOT_CHECKS,
    policies=(
        PolicyDoc(id="privacy", title="Medium Privacy Policy",
                  url="https://policy.medium.com/medium-privacy-policy-f03bf92035c9"),
        PolicyDoc(id="terms", title="Medium Terms of Service",
                  url="https://policy.medium.com/medium-terms-of-service-9db0094a1e0f"),
    ),
    redact=("img[alt*='avatar' i]", "[data-testid='headerUserIcon']"),
)

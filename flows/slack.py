"""Slack: a member has no switch; only a workspace owner can ask Slack to leave the
workspace out of its models, by email.

Slack's privacy principles [C]: Slack trains its own machine-learning models (channel
and emoji suggestions, search ranking) on workspace data, and says it does not train
generative models on customer data. The only opt-out is an email from a workspace or
organisation owner to feedback@slack.com with the subject "Slack Global model opt-out
request" and the workspace URL. The flow signs in nowhere and reports ``unavailable``
with those steps, and names the policies to watch.
"""

from optout_bot.flow import NONE, Flow, Setting
from optout_bot.policy import PolicyDoc

PRINCIPLES = "https://slack.com/trust/data-management/privacy-principles"
PRIVACY = "https://slack.com/trust/privacy/privacy-policy"

NOTE = (
    "No switch exists for members. Slack uses messages, content and files of a workspace to "
    "train its own machine-learning models (channel and emoji suggestions, search results); "
    "it says it does not train generative AI on them. Only a workspace owner (or an "
    "organisation owner) can opt the whole workspace out, by email. What you can do: (1) If "
    "you own the workspace: email feedback@slack.com with the subject \"Slack Global model "
    "opt-out request\" and your workspace URL (for example yourteam.slack.com); Slack "
    "replies when it is done. (2) If you are a member: ask the workspace owner to send that "
    "email; the workspace's About page or its admins can tell you who the owner is. The "
    f"rules, watched by 'optout policies': {PRINCIPLES} {PRIVACY}"
)

FLOW = Flow(
    name="slack",
    title="Slack",
    hosts=("slack.com", "www.slack.com"),
    login_url=None,
    summary="No switch for members: a workspace owner asks Slack by email to opt out.",
    settings=(
        Setting(
            id="ai-training",
            label="Workspace messages and files used to train Slack's models",
            url=PRINCIPLES,
            kind=NONE,
            note=NOTE,
        ),
    ),
    policies=(
        PolicyDoc(id="privacy-principles", title="Privacy principles: search, learning and "
                  "artificial intelligence", url=PRINCIPLES),
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
    ),
)

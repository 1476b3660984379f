"""Reddit: no switch exists, so the flow signs in nowhere and says so, with what to do.

Reddit licenses public posts and comments to AI companies (Google, in a deal reported at
about $60 million a year, and OpenAI, both from 2024), and its User Agreement gives
Reddit a perpetual, irrevocable licence to everything posted. No account setting keeps
content out of these deals; a person can only delete content, not post it, or ask for
their personal data to be deleted. The flow reports ``unavailable`` with those steps and
names the policies to watch.
"""

from optout_bot.flow import NONE, Flow, Setting
from optout_bot.policy import PolicyDoc

PRIVACY = "https://www.redditinc.com/policies/privacy-policy"
TERMS = "https://www.redditinc.com/policies/user-agreement"
HELP = "https://support.reddithelp.com/hc/en-us"
PUBLIC_CONTENT = f"{HELP}/articles/26410290525844-Public-Content-Policy"
DELETE_ACCOUNT = f"{HELP}/articles/204579509-How-do-I-delete-my-account"
DATA_REQUEST = f"{HELP}/requests/new?ticket_form_id=360001370251"

NOTE = (
    "No switch exists. Reddit licenses public posts and comments to AI companies (Google, "
    "in a deal reported at about $60 million a year, and OpenAI), and its User Agreement "
    "gives Reddit a perpetual, irrevocable licence to what you post, so no setting keeps "
    "yours out. What you can do: (1) Delete posts and comments you do not want used. "
    "Reddit says its licensed partners must respect deletions, but models already trained "
    "keep what they learned. (2) If you delete your account, delete your posts first: "
    "deleting the account alone leaves them visible. How: "
    f"{DELETE_ACCOUNT} (3) Don't post what you would not want used. (4) Ask Reddit to "
    "delete your personal data (GDPR in the EU and UK, CCPA and similar laws in US "
    f"states): {DATA_REQUEST} or redditdatarequests@reddit.com. The rules, watched by "
    f"'optout policies': {PRIVACY} {TERMS} {PUBLIC_CONTENT}"
)

FLOW = Flow(
    name="reddit",
    title="Reddit",
    hosts=("www.reddit.com", "reddit.com", "www.redditinc.com", "redditinc.com",
           "support.reddithelp.com"),
    login_url=None,
    summary="No switch: posts and comments are licensed to AI companies (Google, OpenAI).",
    settings=(
        Setting(
            id="ai-training",
            label="Your posts and comments used to train AI (Google, OpenAI)",
            url=PUBLIC_CONTENT,
            kind=NONE,
            note=NOTE,
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="terms", title="User Agreement", url=TERMS),
        PolicyDoc(id="public-content", title="Public Content Policy", url=PUBLIC_CONTENT),
    ),
)

"""Stack Overflow: no switch exists, so the flow signs in nowhere and says so, with what to do.

Stack Overflow sells access to its questions and answers to AI companies through its
OverflowAPI (Google and OpenAI, both from 2024). Everything posted is published under
Creative Commons BY-SA, a licence that cannot be withdrawn, and the terms give Stack
Overflow its own perpetual licence. No account setting keeps content out; a person can
only delete what the site lets them delete, not post, or ask for their personal data to
be deleted. The flow reports ``unavailable`` with those steps and names the policies to
watch. The same holds for the other Stack Exchange sites.
"""

from optout_bot.flow import NONE, Flow, Setting
from optout_bot.policy import PolicyDoc

PRIVACY = "https://stackoverflow.com/legal/privacy-policy"
TERMS = "https://stackoverflow.com/legal/terms-of-service/public"
DELETE_ACCOUNT = "https://stackoverflow.com/help/deleting-account"

NOTE = (
    "No switch exists. Stack Overflow sells access to questions and answers to AI "
    "companies (Google and OpenAI, through its OverflowAPI), and what you post is "
    "published under a Creative Commons licence (CC BY-SA) that cannot be withdrawn, so no "
    "setting keeps yours out. The same holds for the other Stack Exchange sites. What you "
    "can do: (1) Don't post what you would not want used. (2) Delete your own posts where "
    "the site allows it; an accepted answer, or a question with upvoted answers, cannot be "
    "deleted by its author, and emptying posts by editing them is rolled back and has led "
    "to suspensions. (3) Deleting your account removes your name from your posts but "
    f"leaves them up: {DELETE_ACCOUNT} (4) Ask Stack Overflow to delete your personal data "
    "(GDPR in the EU and UK, CCPA and similar laws in US states) as its privacy policy "
    "explains; it may keep the posts themselves. The rules, watched "
    f"by 'optout policies': {PRIVACY} {TERMS}"
)

FLOW = Flow(
    name="stackoverflow",
    title="Stack Overflow",
    hosts=("stackoverflow.com", "www.stackoverflow.com"),
    login_url=None,
    summary="No switch: questions and answers are licensed to AI companies (Google, OpenAI).",
    settings=(
        Setting(
            id="ai-training",
            label="Your questions and answers used to train AI (Google, OpenAI)",
            url=TERMS,
            kind=NONE,
            note=NOTE,
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY, selector="main, #content"),
        PolicyDoc(id="terms", title="Public Network Terms of Service", url=TERMS,
                  selector="main, #content"),
    ),
)

"""Perplexity: "AI data retention" (its FAQ calls it "AI Data Usage"), under Settings >
Preferences, on by default for Free, Pro and Max accounts.

While it is on, Perplexity uses your searches to improve its AI models; turning it off
stops that from then on, and what was collected before stays. Enterprise accounts are not
trained on and have no such switch: ``unavailable`` with why.

Sign-in is by hand only: Perplexity signs in with a code it emails, or with Google or
Apple, so the tool never types anything there. Guesses: the page
``https://www.perplexity.ai/settings/preferences`` [R], the session cookie
``__Secure-next-auth.session-token`` of the sign-in library its site is built on [R], the
sign-in page ``/login`` and the words of an Enterprise account's page [G].
"""

from optout_bot.flows._assistants import AssistantFlow

from optout_bot.flow import Setting, SignIn
from optout_bot.policy import PolicyDoc

SETTINGS = "https://www.perplexity.ai/settings/preferences"
PRIVACY = "https://www.perplexity.ai/hub/legal/privacy-policy"
FAQ = "https://www.perplexity.ai/hub/faq/what-data-does-perplexity-collect-about-me"

ENTERPRISE_NOTE = (
    "This is a Perplexity Enterprise account: it has no \"AI data retention\" switch, because "
    "Perplexity says it does not train on Enterprise data. Your organization's admin manages "
    f"the account's data settings. The rules: {PRIVACY}")

FLOW = AssistantFlow(
    name="perplexity",
    title="Perplexity",
    hosts=("www.perplexity.ai", "perplexity.ai"),
    login_url="https://www.perplexity.ai/login",
    sign_in=SignIn(by_hand=True, cookies=("__Secure-next-auth.session-token",),
                   login_paths=("/login",)),
    summary="Turns off \"AI data retention\" (training on your searches); sign-in by hand.",
    settings=(
        Setting(
            id="ai-data-retention",
            label="AI data retention",
            url=SETTINGS,
            names=(r"ai data retention", r"ai data usage"),
        ),
    ),
    managed=(r"managed by your organi[sz]ation", r"perplexity enterprise"),
    managed_note=ENTERPRISE_NOTE,
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="faq-data", title="What data does Perplexity collect about me?", url=FAQ),
    ),
)

"""Threads: no AI-training control of its own.

Threads accounts are Instagram accounts, and Meta uses public Threads posts for AI at
Meta. No Threads setting or form is known; the only route is the Instagram objection
form (EU/EEA/UK only), which covers the Instagram account that Threads belongs to.
"""

from optout_bot.flow import NONE, Flow, Setting
from optout_bot.policy import PolicyDoc

INSTAGRAM_FORM = "https://help.instagram.com/contact/233964459562201"

FLOW = Flow(
    name="threads",
    title="Threads",
    hosts=("www.threads.com", "threads.com", "www.threads.net", "threads.net"),
    summary="No control of its own; the Instagram objection form is the only route.",
    settings=(
        Setting(
            id="ai-training",
            label="Use of your Threads posts for AI at Meta",
            url=INSTAGRAM_FORM,
            kind=NONE,
            note=("Threads has no setting or form of its own to keep your posts out of AI "
                  "training at Meta. A Threads profile belongs to an Instagram account, so "
                  "the only route is Instagram's objection form, which Meta offers only to "
                  "people in the EU/EEA and the UK: run 'optout apply instagram' or open "
                  f"{INSTAGRAM_FORM}. Elsewhere nothing can be done except making your "
                  "posts non-public or deleting them."),
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Threads Supplemental Privacy Policy",
                  url="https://www.threads.com/legal/privacy", selector="main"),
        PolicyDoc(id="terms", title="Threads Terms of Use",
                  url="https://www.threads.com/legal/terms", selector="main"),
    ),
    extra={"route": INSTAGRAM_FORM},
)

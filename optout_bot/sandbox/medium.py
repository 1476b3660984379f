"""Medium replica: "Third-party AI and your stories" on Settings > Account, signed in by hand.

A choice site behind a bot check (``ByHandSite``): the options are radio buttons saved on
a pick; the ``layout_variant`` fault shows them as a dropdown with a Save button. Medium
itself signs in by emailed link or Google/Apple/Facebook; the kit's sign-in form stands in
for what the person does, which the tool never does.

State: ``settings_of(user)["third-party-ai"]`` is True while "Prioritize maximum reach
(Default)" is chosen, Medium's default.
"""

from __future__ import annotations

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._switch_site import ChoiceControl


class MediumReplica(ByHandSite):
    platform = "medium"
    title = "Medium"
    hosts = ("medium.com", "policy.medium.com")
    session_cookie = "sid"
    extra_session_cookies = ("uid",)
    login_path = "/m/signin"
    home_path = "/"
    settings_path = "/me/settings/account"
    save_path = "/_/api/settings"
    choices = (
        ChoiceControl(
            "third-party-ai",
            {"en": "Third-party AI and your stories",
             "de": "KI von Drittanbietern und deine Geschichten"},
            {"en": ("Prioritize maximum reach (Default)", "Minimize third-party training"),
             "de": ("Maximale Reichweite priorisieren (Standard)",
                    "Training durch Dritte minimieren")},
            style="radios", variant="select"),
    )
    policy_pages = (
        PolicyPage("privacy", "/medium-privacy-policy-f03bf92035c9", "Medium Privacy Policy",
                   "Medium"),
        PolicyPage("terms", "/medium-terms-of-service-9db0094a1e0f", "Medium Terms of Service",
                   "Medium", TERMS),
    )


REPLICA = MediumReplica

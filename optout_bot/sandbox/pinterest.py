"""Pinterest replica: sign-in at /login/, one switch in the privacy settings.

Facts of the real site (platforms.md, as in ``flows/pinterest.py``): hosts
www.pinterest.com, pinterest.com and policy.pinterest.com (the privacy policy at
``/en/privacy-policy``), the session cookie ``_pinterest_sess`` [R], and the switch "Use
your data to train Pinterest Canvas" [C] at ``/settings/privacy`` [G], on by default for
adults. Everything else is the shared switch site (``_switch_site.SwitchSite``).
"""

from __future__ import annotations

from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import Switch, SwitchSite


class PinterestReplica(SwitchSite):
    platform = "pinterest"
    title = "Pinterest"
    hosts = ("www.pinterest.com", "pinterest.com", "policy.pinterest.com")
    session_cookie = "_pinterest_sess"
    home_path = "/homefeed"
    switches = (
        Switch("canvas-training", {
            "en": "Use your data to train Pinterest Canvas",
            "de": "Deine Daten zum Trainieren von Pinterest Canvas verwenden"}),
    )
    policy_pages = (PolicyPage("privacy", "/en/privacy-policy", "Privacy Policy",
                               "Pinterest"),)


REPLICA = PinterestReplica

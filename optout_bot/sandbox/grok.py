"""Grok replica: grok.com's "Improve the Model" switch under Settings > Data Controls.

A plain switch site behind a bot check (``ByHandSite``): the person signs in on
accounts.x.ai (an X account works there too) and the engine keeps the session.
"""

from __future__ import annotations

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._switch_site import Switch


class GrokReplica(ByHandSite):
    platform = "grok"
    title = "Grok"
    hosts = ("grok.com", "accounts.x.ai", "x.ai")
    session_cookie = "sso"
    session_host = "grok.com"
    login_path = "/sign-in"
    settings_path = "/settings/data-controls"
    save_path = "/rest/user-settings"
    switches = (Switch("improve-model", {"en": "Improve the Model",
                                         "de": "Das Modell verbessern"}),)
    policy_pages = (
        PolicyPage("privacy", "/legal/privacy-policy", "Privacy Policy", "xAI"),
        PolicyPage("terms", "/legal/terms-of-service", "Terms of Service", "xAI", TERMS),
    )


REPLICA = GrokReplica

"""Claude replica: the "Help improve Claude" switch on Settings > Privacy, signed in by hand.

A plain switch site behind a bot check (``ByHandSite``); the 2026 label "Help improve our
AI models" is the other layout. An account added with ``plan="team"`` is a Claude for
Work account: its privacy page says the organization manages it and has no switch.
"""

from __future__ import annotations

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response

MANAGED = {"en": "Privacy settings for this account are managed by your organization. "
                 "Contact your organization's admin.",
           "de": "Die Datenschutzeinstellungen dieses Kontos werden von Ihrer Organisation "
                 "verwaltet."}


class ClaudeReplica(ByHandSite):
    platform = "claude"
    title = "Claude"
    hosts = ("claude.ai", "www.anthropic.com")
    session_cookie = "sessionKey"
    home_path = "/new"
    settings_path = "/settings/data-privacy-controls"
    save_path = "/api/account/settings"
    switches = (Switch("model-training",
                       {"en": "Help improve Claude", "de": "Helfen Sie, Claude zu verbessern"},
                       {"en": "Help improve our AI models",
                        "de": "Helfen Sie, unsere KI-Modelle zu verbessern"}),)
    policy_pages = (
        PolicyPage("privacy", "/legal/privacy", "Privacy Policy", "Anthropic"),
        PolicyPage("terms", "/legal/consumer-terms", "Consumer Terms of Service", "Anthropic",
                   TERMS),
    )

    def settings_page(self, request: Request, user: str) -> Response:
        if self.accounts[user].get("plan") in ("team", "enterprise"):
            t = self.t(request, user)
            return self.site_page(request, user, t["settings"], f'<h1>{t["settings"]}</h1>'
                                  f"<p>{MANAGED[self.language(request, user)]}</p>")
        return super().settings_page(request, user)


REPLICA = ClaudeReplica

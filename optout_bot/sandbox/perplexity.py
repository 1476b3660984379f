"""Perplexity replica: "AI data retention" on Settings > Preferences, signed in by hand.

A plain switch site behind a bot check (``ByHandSite``); the FAQ's name "AI Data Usage" is
the other layout. Facts of the real site (as in ``flows/perplexity.py``): hosts
www.perplexity.ai and perplexity.ai, the session cookie
``__Secure-next-auth.session-token`` [R], the privacy policy and the data FAQ under
``/hub``. An account added with ``plan="enterprise"`` sees that its organization manages
its data settings, and no switch [G].
"""

from __future__ import annotations

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response

MANAGED = {"en": "Data settings for this Perplexity Enterprise account are managed by your "
                 "organization.",
           "de": "Die Dateneinstellungen dieses Perplexity-Enterprise-Kontos werden von Ihrer "
                 "Organisation verwaltet."}


class PerplexityReplica(ByHandSite):
    platform = "perplexity"
    title = "Perplexity"
    hosts = ("www.perplexity.ai", "perplexity.ai")
    session_cookie = "__Secure-next-auth.session-token"
    home_path = "/"
    settings_path = "/settings/preferences"
    save_path = "/rest/user/settings"
    switches = (Switch("ai-data-retention",
                       {"en": "AI data retention", "de": "KI-Datenspeicherung"},
                       {"en": "AI Data Usage", "de": "KI-Datennutzung"}),)
    policy_pages = (
        PolicyPage("privacy", "/hub/legal/privacy-policy", "Privacy Policy", "Perplexity"),
        PolicyPage("faq-data", "/hub/faq/what-data-does-perplexity-collect-about-me",
                   "What data does Perplexity collect about me?", "Perplexity"),
    )

    def settings_page(self, request: Request, user: str) -> Response:
        if self.accounts[user].get("plan") == "enterprise":
            t = self.t(request, user)
            return self.site_page(request, user, t["settings"], f'<h1>{t["settings"]}</h1>'
                                  f"<p>{MANAGED[self.language(request, user)]}</p>")
        return super().settings_page(request, user)


REPLICA = PerplexityReplica

"""Grammarly replica: sign-in on www, the switch on account.grammarly.com, by kind of account.

Facts of the real site (platforms.md, as in ``flows/grammarly.py``): hosts
www.grammarly.com, grammarly.com and account.grammarly.com, sign-in at ``/signin``, the
session cookie ``grauth`` [R] for every host of the site, and "Product Improvement and
Training" [C], on by default. An account's ``plan`` says where the switch is:
``"individual"`` (the default) on ``/security/privacy``; ``"pro"`` (one person's
subscription) on ``/admin/data_settings``, the other page pointing there; ``"team"``: a
member sees on both pages that the organisation's admin manages the setting [G].
Everything else is the shared switch site (``_switch_site.SwitchSite``).
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._common import esc
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._site_wide_session import SiteWideSession
from optout_bot.sandbox._switch_site import Switch, SwitchSite
from optout_bot.sandbox.base import Request, Response
from optout_bot.sandbox.kit import SIGNED_IN, route

PRIVACY, DATA_SETTINGS = "/security/privacy", "/admin/data_settings"

ELSEWHERE = {
    "en": {"pro": ("Your data settings are in the admin panel.", "Go to Data settings"),
           "individual": ("Your data settings are on your account's Privacy page.",
                          "Go to Privacy"),
           "team": ("Data settings for your account are managed by your organization's "
                    "admin.", "")},
    "de": {"pro": ("Deine Dateneinstellungen findest du im Admin-Bereich.",
                   "Zu den Dateneinstellungen"),
           "individual": ("Deine Dateneinstellungen findest du auf der Seite Datenschutz.",
                          "Zu Datenschutz"),
           "team": ("Die Dateneinstellungen deines Kontos verwaltet der Admin deiner "
                    "Organisation.", "")},
}


class GrammarlyReplica(SiteWideSession, SwitchSite):
    platform = "grammarly"
    title = "Grammarly"
    hosts = ("www.grammarly.com", "grammarly.com", "account.grammarly.com")
    session_cookie = "grauth"
    cookie_domain = ".grammarly.com"
    login_path = "/signin"
    settings_path = PRIVACY
    switches = (
        Switch("product-improvement", {"en": "Product Improvement and Training",
                                       "de": "Produktverbesserung und Training"}),
    )
    policy_pages = (
        PolicyPage("privacy", "/privacy-policy", "Privacy Policy", "Grammarly"),
        PolicyPage("terms", "/terms", "Terms of Service", "Grammarly", TERMS),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (*super().standard_routes(),
                route("settings_page", DATA_SETTINGS, access=SIGNED_IN))

    def settings_page(self, request: Request, user: str) -> Response:
        """The switch where this account's plan has it; elsewhere, where to go instead."""
        plan = self.accounts[user].get("plan", "individual")
        home = DATA_SETTINGS if plan == "pro" else PRIVACY
        if plan != "team" and request.path.rstrip("/") == home:
            return super().settings_page(request, user)
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        text, link = ELSEWHERE[self.language(request, user)][plan]
        main = f"<h1>{self.t(request, user)['settings']}</h1><p>{esc(text)}</p>"
        if link:
            main += f'<p><a href="{home}">{esc(link)}</a></p>'
        return self.site_page(request, user, self.t(request, user)["settings"], main)


REPLICA = GrammarlyReplica

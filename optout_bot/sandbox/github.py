"""GitHub replica: sign-in, two-factor and the Copilot features page with its Privacy choice.

Facts of the real site (``shared/platforms.md``, GitHub's docs): hosts github.com and
docs.github.com (the privacy statement), the session cookie ``user_session``, the login
form posting to ``/session``, the two-factor page under ``/sessions/two-factor``, and the
features page at ``/settings/copilot/features`` (``/settings/copilot`` leads there). The
training setting is a menu button showing Enabled or Disabled; the ``layout_variant``
fault shows it as a ``<select>`` saved by the page's Save button. An account added with
``offered=False`` has never started Copilot and sees the page GitHub shows instead.

State: ``settings_of(user)["ai-training"]`` is True while Enabled (GitHub's default for
Copilot Free, Pro and Pro+ since 2026-04-24).
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import ChoiceControl, SwitchSite
from optout_bot.sandbox.base import Request, Response, redirect
from optout_bot.sandbox.kit import SIGNED_IN, route

FEATURES = "/settings/copilot/features"


class GitHubReplica(SwitchSite):
    platform = "github"
    title = "GitHub"
    hosts = ("github.com", "docs.github.com")
    session_cookie = "user_session"
    extra_session_cookies = ("logged_in", "dotcom_user")
    login_path = "/login"
    login_action = "/session"
    challenge_path = "/sessions/two-factor"
    home_path = "/"
    settings_path = FEATURES
    save_path = "/settings/copilot/policies"
    choices = (
        ChoiceControl(
            "ai-training",
            {"en": "Allow GitHub to use my data for AI model training",
             "de": "GitHub erlauben, meine Daten für das Training von KI-Modellen zu verwenden"},
            {"en": ("Enabled", "Disabled"), "de": ("Aktiviert", "Deaktiviert")},
            style="menu", variant="select"),
    )
    not_offered = {
        "en": "You don't have access to GitHub Copilot yet. Start using Copilot Free to get "
              "code suggestions and chat in your editor.",
        "de": "Du hast noch keinen Zugriff auf GitHub Copilot. Start using Copilot Free, um "
              "Codevorschläge und Chat in deinem Editor zu erhalten.",
    }
    policy_pages = (
        PolicyPage("privacy", "/en/site-policy/privacy-policies/github-general-privacy-statement",
                   "GitHub General Privacy Statement", "GitHub"),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (*super().standard_routes(),
                route("older_settings", "/settings/copilot", access=SIGNED_IN))

    def older_settings(self, request: Request, user: str) -> Response:
        return redirect(FEATURES, 301)

    def sign_in(self, response: Response, username: str) -> Response:
        """GitHub also sets ``logged_in=yes`` and the login name beside the session."""
        response = super().sign_in(response, username)
        response.set_cookie("logged_in", "yes")
        return response.set_cookie("dotcom_user", username.split("@")[0])


REPLICA = GitHubReplica

"""Quora replica: the front page signs a visitor in, one switch under Settings > Privacy.

Facts of the real site (platforms.md, as in ``flows/quora.py``): hosts www.quora.com and
quora.com, the session cookie ``m-b`` [R], the sign-in form on the front page [R], the
switch "Allow large language models to be trained on your content" [R] at
``/settings/privacy`` [G], and the privacy policy at ``/about/privacy``. Everything else
is the shared switch site (``_switch_site.SwitchSite``); on by default.
"""

from __future__ import annotations

from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import Switch, SwitchSite
from optout_bot.sandbox.base import Request, Response, redirect


class QuoraReplica(SwitchSite):
    platform = "quora"
    title = "Quora"
    hosts = ("www.quora.com", "quora.com")
    session_cookie = "m-b"
    login_path = "/"
    home_path = "/"
    switches = (
        Switch("ai-training", {
            "en": "Allow large language models to be trained on your content",
            "de": "Erlauben, dass große Sprachmodelle mit deinen Inhalten trainiert werden"}),
    )
    policy_pages = (PolicyPage("privacy", "/about/privacy", "Privacy Policy", "Quora"),)

    def login_or_home(self, request: Request, user: str | None) -> Response:
        """The front page is the sign-in form for a visitor and the feed for a member."""
        if user is None:
            return self.login_page(request)
        target = self.target(request)
        return redirect(target) if target and target != "/" else self.home(request, user)


REPLICA = QuoraReplica

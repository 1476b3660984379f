"""Facebook replica: sign-in at ``/login/`` and the AI objection form in the Help Centre.

Markup as platforms.md gives it: ``input[name=email]``, ``input[name=pass]``,
``button[name=login]``; session cookies ``c_user`` and ``xs``. The form is at
``/help/contact/6359191084165019`` on www.facebook.com, the hub at ``/privacy/genai``;
the form for information from third parties at ``/help/contact/510058597920541``.
Everything shared with Instagram (the form, its region check, the faults) is in
``_meta``.
"""

from __future__ import annotations

from optout_bot.sandbox._meta import MetaReplica, Paths

HOSTS = ("www.facebook.com", "facebook.com", "m.facebook.com")


class FacebookReplica(MetaReplica):
    platform = "facebook"
    hosts = HOSTS
    site = "Facebook"
    session_cookie = "xs"
    extra_session_cookies = ("c_user",)
    consent_cookie = "wd_consent"
    cookie_domain = ".facebook.com"
    paths = Paths(
        login="/login/", login_submit="/login/device-based/regular/login/",
        interstitial="/login/save-device/", two_factor="/two_step_verification/two_factor/",
        captcha="/checkpoint/block/", form="/help/contact/6359191084165019", form_host=None,
        hub="/privacy/genai", hub_host=None, policy="/privacy/policy/", policy_host=None,
        third_party="/help/contact/510058597920541",
    )


REPLICA = FacebookReplica

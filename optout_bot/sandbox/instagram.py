"""Instagram replica: sign-in on www.instagram.com and the objection form on
help.instagram.com.

Sign-in at ``/accounts/login/`` with fields ``username``/``password`` (``layout_variant``:
the newer ``email``/``pass``); session cookie ``sessionid`` for every instagram.com host.
The form is at help.instagram.com ``/contact/233964459562201`` (2025); the 2024 address
``/contact/767264225370182`` redirects there. The Privacy Centre
(privacycenter.instagram.com) has the generative-AI page and the privacy policy. A host
that does not get the session cookie is handed the session through a one-time redirect.
Everything shared with Facebook (the form, its region check, the faults) is in ``_meta``.
"""

from __future__ import annotations

from optout_bot.sandbox._meta import MetaReplica, Paths

HOSTS = ("www.instagram.com", "instagram.com", "help.instagram.com",
         "privacycenter.instagram.com")


class InstagramReplica(MetaReplica):
    platform = "instagram"
    hosts = HOSTS
    site = "Instagram"
    session_cookie = "sessionid"
    extra_session_cookies = ("ds_user_id",)
    consent_cookie = "ig_consent"
    cookie_domain = ".instagram.com"
    user_label = "Phone number, username, or email"
    rate_limit_text = ("<main><h1>Instagram</h1><p>Please wait a few minutes before you try "
                       "again.</p></main>")
    paths = Paths(
        login="/accounts/login/", login_submit="/accounts/login/ajax/",
        interstitial="/accounts/onetap/", two_factor="/accounts/login/two_factor",
        captcha="/challenge/", form="/contact/233964459562201",
        old_forms=("/contact/767264225370182",),
        form_host="help.instagram.com", hub="/dialog/learn-more-about-genai/",
        hub_host="privacycenter.instagram.com", policy="/policy",
        policy_host="privacycenter.instagram.com", user_field="username",
        password_field="password", code_field="verificationCode",
    )


REPLICA = InstagramReplica

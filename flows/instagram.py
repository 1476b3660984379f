"""Instagram: no switch; in the EU/EEA and the UK, Meta's AI objection form.

The form lives on help.instagram.com (linked from the Privacy Centre's generative-AI
page and the Instagram app): the 2025 form ``/contact/233964459562201``. The 2024 form
(``/contact/767264225370182``) now leads to it; an objection sent through either is the
same setting (``ai-objection``), so one recorded as sent is not sent again. Signed in to
Instagram, the email address is filled in; the tool adds the reason and presses Send.
Meta's form for information from third parties is on Facebook only (a row says where);
Meta AI chats are used for ads and content with no opt-out (a ``none`` row).
"""

from optout_bot.flows._meta import MetaFlow
from optout_bot.flows._meta_rows import (
    meta_ai_chats_setting,
    objection_setting,
    third_party_elsewhere,
)

from optout_bot.flow import Blocker, SignIn
from optout_bot.policy import PolicyDoc

FORM = "https://help.instagram.com/contact/233964459562201"
HUB = "https://privacycenter.instagram.com/dialog/learn-more-about-genai/"

FLOW = MetaFlow(
    name="instagram",
    title="Instagram",
    hosts=("www.instagram.com", "instagram.com", "help.instagram.com",
           "privacycenter.instagram.com"),
    login_url="https://www.instagram.com/accounts/login/",
    sign_in=SignIn(cookies=("sessionid",), login_paths=("/accounts/login",),
                   password_form=True),
    summary="Form (EU/EEA/UK; asks your region): object to your information being used for "
    "AI at Meta. Meta AI chats used for ads: no opt-out.",
    settings=(objection_setting(FORM, "Instagram"), third_party_elsewhere("Instagram"),
              meta_ai_chats_setting(HUB)),
    user_fields=('input[name="username"]', 'input[name="email"]'),
    password_fields=('input[name="password"]', 'input[name="pass"]'),
    login_buttons=('button[type="submit"]',),
    blockers=(
        Blocker("captcha", "Instagram wants to confirm it is you (a security check only you "
                "can pass). Run 'optout login instagram --browser', complete it, then run "
                "again.", paths=("/challenge",),
                selector="iframe[src*='captcha' i], iframe[title*='captcha' i]"),
        Blocker("challenge", "Instagram asks for a login code (from your authenticator app "
                "or a text message). Run 'optout login instagram --browser' and enter it in "
                "the window, or keep your authenticator secret with 'optout login instagram "
                "--totp'.", paths=("/accounts/login/two_factor",),
                selector='input[name="verificationCode"]'),
        Blocker("rate_limit", "Instagram asks you to wait a few minutes before trying again. "
                "Try again later.", texts=(r"wait a few minutes before you try again",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://privacycenter.instagram.com/policy", selector="main"),
        PolicyDoc(id="genai", title="Privacy Centre: Generative AI at Meta",
                  url="https://privacycenter.instagram.com/dialog/learn-more-about-genai/",
                  selector="main"),
    ),
    redact=('input[type="email"]', 'input[name*="email" i]', 'img[alt*="profile picture" i]'),
    extra={"hub": HUB},
)

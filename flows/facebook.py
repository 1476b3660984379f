"""Facebook: no switch; in the EU/EEA and the UK, Meta's AI objection form.

The form lives in the Help Centre (reached from the Privacy Centre's "AI at Meta" hub).
Signed in, the email address is filled in; the tool adds the reason and presses Send.
The second form, for information Meta gets from third parties, is the same for everyone
(``/help/contact/510058597920541``); Meta AI chats are used for ads and content with no
opt-out (a ``none`` row).
"""

from optout_bot.flows._meta import MetaFlow
from optout_bot.flows._meta_rows import (
    meta_ai_chats_setting,
    objection_setting,
    third_party_setting,
)

from optout_bot.flow import Blocker, SignIn
from optout_bot.policy import PolicyDoc

FORM = "https://www.facebook.com/help/contact/6359191084165019"
HUB = "https://www.facebook.com/privacy/genai"

FLOW = MetaFlow(
    name="facebook",
    title="Facebook",
    hosts=("www.facebook.com", "facebook.com", "m.facebook.com"),
    login_url="https://www.facebook.com/login",
    # Not "/login" itself: "/login/save-device/" comes after a successful sign-in. The
    # sign-in page at "/login/" is recognised by its password field.
    sign_in=SignIn(cookies=("c_user", "xs"),
                   login_paths=(r"/login\.php", "/login/device-based(/.*)?",
                                "/login/identify(/.*)?"),
                   password_form=True),
    summary="Forms (EU/EEA/UK; asks your region): object to your information, and to "
    "information from third parties, being used for AI at Meta. Meta AI chats used for "
    "ads: no opt-out.",
    settings=(objection_setting(FORM, "Facebook"), third_party_setting(),
              meta_ai_chats_setting(HUB)),
    user_fields=('input[name="email"]',),
    password_fields=('input[name="pass"]',),
    login_buttons=('button[name="login"]',),
    blockers=(
        Blocker("captcha", "Facebook shows a security check (captcha) that only you can pass. "
                "Run 'optout login facebook --browser', complete it, then run again.",
                paths=("/checkpoint/block",),
                selector="iframe[src*='captcha' i], iframe[title*='captcha' i]"),
        Blocker("challenge", "Facebook asks for a login code (from your authenticator app, "
                "a text message or an email). Run 'optout login facebook --browser' and enter "
                "it in the window, or keep your authenticator secret with 'optout login "
                "facebook --totp'.", paths=("/checkpoint", "/two_step_verification"),
                selector='input[name="approvals_code"]'),
        Blocker("rate_limit", "Facebook has temporarily blocked this action (too many "
                "requests). Try again in a few hours.",
                texts=(r"temporarily blocked", r"going too fast")),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://www.facebook.com/privacy/policy/", selector="main"),
        PolicyDoc(id="genai", title="Privacy Centre: Generative AI at Meta",
                  url="https://www.facebook.com/privacy/genai", selector="main"),
    ),
    redact=('input[type="email"]', 'input[name*="email" i]', '[aria-label="Your profile"]',
            'svg[aria-label="Your profile" i]'),
    extra={"hub": HUB},
)

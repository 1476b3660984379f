"""GitHub Copilot: "Allow GitHub to use my data for AI model training", a choice.

The setting is a dropdown, Enabled / Disabled, under Privacy on the Copilot features page
(``/settings/copilot/features``; older accounts were shown it at ``/settings/copilot``).
Since 2026-04-24 it is Enabled by default on Copilot Free, Pro and Pro+; Business and
Enterprise seats are not trained on, and an account that has never started Copilot has no
such setting, so it is told so rather than left unknown.

Sign-in is GitHub's password form, then a two-factor page at ``/sessions/two-factor``
(an authenticator code can be entered from a stored secret). A passkey, a security key or
a code emailed to confirm a new device needs the person: ``optout login github --browser``.
"""

from optout_bot.flow import CHOICE, Blocker, Choice, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

FLOW = Flow(
    name="github",
    title="GitHub",
    hosts=("github.com", "docs.github.com"),
    login_url="https://github.com/login",
    # user_session "is used to log you in" (GitHub's published cookie list); logged_in is
    # set to "no" when signed out, so it cannot tell on its own.
    sign_in=SignIn(cookies=("user_session",), login_paths=("/login", "/session"),
                   password_form=True,
                   # the authenticator code field as reported (app_totp, older otp) [G]; the
                   # field's label and one-time-code autocomplete are tried as well
                   code_fields=("input#app_totp", "input#otp")),
    login_fields={"username": ("input#login_field",), "password": ("input#password",),
                  "submit": ('input[name="commit"]',)},
    summary="A choice: whether GitHub may train AI models on your Copilot data.",
    settings=(
        Setting(
            id="ai-training",
            label="Allow GitHub to use my data for AI model training",
            url="https://github.com/settings/copilot/features",
            kind=CHOICE,
            names=(r"allow github to use my data for (ai )?model training",),
            choice=Choice(safe=(r"^disabled$",), unsafe=(r"^enabled$",)),
            # What GitHub shows an account without Copilot is not public: these are guesses
            # from its sign-up wording; an account they miss ends unknown with a screenshot.
            not_offered=(r"start using (github )?copilot", r"get started with (github )?copilot",
                         r"you do(n.t| not) have access to (github )?copilot"),
            note="Only accounts that use GitHub Copilot have this setting; an account without "
                 "Copilot has no Copilot data to train on and nothing to change. If you start "
                 "using Copilot, run this again: the setting is Enabled by default on Copilot "
                 "Free, Pro and Pro+.",
        ),
    ),
    blockers=(
        Blocker("challenge", "GitHub asks for a two-factor code. Run 'optout login github "
                "--browser' and enter it in the window, or keep your authenticator secret "
                "with 'optout login github --totp'.", paths=("/sessions/two-factor",)),
        # an emailed device code: a stored authenticator secret cannot answer it
        Blocker("captcha", "GitHub sent a code by email to confirm this device. Run "
                "'optout login github --browser' and enter it in the window.",
                paths=("/sessions/verified-device",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="GitHub General Privacy Statement",
                  url="https://docs.github.com/en/site-policy/privacy-policies/"
                      "github-general-privacy-statement", selector="main"),
    ),
    redact=("img.avatar", ".AppHeader-user", "[data-login]"),
)

"""What the tool tells people is what happened and what the page said (issue: messages
that are true): rate limits quote the page, a captcha is never a code, a failed click is
said in words, "did not stick" only after a change, the safe state ON is "Protected"."""

from __future__ import annotations

import pytest
from playwright.async_api import Error as PlaywrightError

from optout_bot import dialogs, text
from optout_bot.changing import click_failure_words
from optout_bot.declarations import DEFAULT_BLOCKERS, Blocker, BlockerKind, Setting
from optout_bot.outcomes import Outcome, SettingResult
from optout_bot.sequence import Track
from optout_bot.signin import _captchas_first, blocker_at, page_says

RATE = next(b for b in DEFAULT_BLOCKERS if b.kind is BlockerKind.RATE_LIMIT)


@pytest.mark.parametrize(("page", "when"), [
    ("Too many requests. Please try again later.", "Try again later."),
    ("Too many requests. Try again in a few minutes.", "Try again in a few minutes."),
    ("Rate limit exceeded. Try again in 15 minutes.", "Try again in 15 minutes."),
    ("Too many requests. Try again in an hour.", "Try again in an hour."),
    ("Trop de requêtes. Veuillez réessayer dans quelques minutes.",
     "Try again in a few minutes."),
    ("Zu viele Anfragen. Versuche es später noch einmal.", "Try again later."),
])
def test_rate_limit_message_follows_the_page(page, when):
    says = page_says(RATE, f"Home\n{page}\nFooter")
    message = RATE.message.format(title="Site", name="site", **says)
    assert message.endswith(when) and page in message, message
    assert "in an hour" not in message or "an hour" in page


def test_a_captcha_is_reported_as_a_captcha_not_a_code():
    code = Blocker("challenge", "Enter the code ... or 'optout login s --totp'.",
                   paths=("/checkpoint/challenge",), selector="input[name=pin]")
    captcha = Blocker("captcha", "A security check only you can pass.",
                      paths=("/checkpoint/challenge/captcha",))
    assert _captchas_first([code, captcha])[0] is captcha
    assert blocker_at((code, captcha), "/checkpoint/challenge/captcha/1") is captcha
    assert "--totp" not in next(b for b in DEFAULT_BLOCKERS if b.kind == "captcha").message


@pytest.mark.parametrize(("error", "words"), [
    ("Locator.click: Timeout 5000ms exceeded.\n  - <div id=x-dialog> intercepts pointer "
     "events", "covered the switch"),
    ("Locator.click: Timeout 5000ms exceeded.", "did not respond to the click in time"),
    ("Locator.click: Element is not enabled", "is disabled"),
    ("Locator.click: Target page, context or browser has been closed", "page changed"),
])
def test_a_failed_click_is_said_in_words(error, words):
    said = click_failure_words(PlaywrightError(error))
    assert words in said and "Locator" not in said and "Timeout" not in said


def track(setting: Setting) -> Track:
    return Track(setting, SettingResult(setting.id, setting.label, setting.url, setting.kind))


def test_did_not_stick_only_after_a_change_was_made():
    switch = Setting("ai", "Use my data for AI", "https://example.com/s")
    clicked, blocked = track(switch), track(switch)
    for t, changed in ((clicked, True), (blocked, False)):
        t.first_read(True, dry_run=False, platform="s", not_found="")
        t.changed = changed
        t.problem = "a window covering the page kept the switch from being clicked"
        t.move(t.stage.VERIFYING)
        t.verdict(True)
        assert t.result.outcome is Outcome.ERROR
    assert clicked.result.detail.startswith("The change did not stick")
    assert blocked.result.detail.startswith("Could not change it: a window covering")
    assert "did not stick" not in blocked.result.detail


def test_the_safe_state_on_is_said_protected():
    inverted = Setting("sharing", "Prevent third-party sharing for ada", "https://e.com/s",
                       want=True)
    turned, already, dry = track(inverted), track(inverted), track(inverted)
    turned.first_read(False, dry_run=False, platform="t", not_found="")
    turned.changed = True
    turned.move(turned.stage.VERIFYING)
    turned.verdict(True)
    already.first_read(True, dry_run=False, platform="t", not_found="")
    already.verdict(True)
    dry.first_read(True, dry_run=True, platform="t", not_found="")
    for t in (turned, already, dry):
        assert t.result.detail.startswith('Protected: "Prevent third-party sharing for ada" '
                                          "is on"), t.result.detail
        assert "Turned off" not in t.result.detail


@pytest.mark.parametrize("name", ["Got it", "Not now", "Verstanden", "Pas maintenant",
                                  "Ahora no", "Non ora", "Agora não", "Niet nu", "Close",
                                  "Maybe later", "Continue without signing up"])
def test_harmless_dialog_buttons_in_six_languages(name):
    assert text.any_of(dialogs.HARMLESS).search(name)


@pytest.mark.parametrize("said", [
    "We’ve updated our Terms of Service. Review and accept them to keep using X.",
    "Allow X to share your data with partners?", "Neue Nutzungsbedingungen akzeptieren",
    "Autoriser le partage de vos données", "Confirmar cambio"])
def test_dialogs_that_ask_something_are_not_closed(said):
    assert text.matches_any(dialogs.RISKY, said)


def test_whats_new_is_not_risky():
    assert not text.matches_any(dialogs.RISKY, "What’s new on X Grok is now available to "
                                               "everyone. Ask anything. Got it")


@pytest.mark.parametrize("name", ["Reject all", "Only necessary cookies", "Ablehnen",
                                  "Tout refuser", "Rechazar todo", "Rifiuta tutto",
                                  "Rejeitar tudo", "Alles weigeren"])
def test_cookie_rejection_in_six_languages(name):
    assert text.any_of(dialogs.REJECT_COOKIES).search(name)

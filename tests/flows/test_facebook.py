"""Facebook's AI objection form, and the contract every Meta form flow is tested against.

``MetaFormContract`` (used by the Instagram tests too) checks what matters for a form:
a dry run sends nothing, an apply sends exactly one objection and keeps Meta's
confirmation as evidence, a second apply does not send another unless forced, an account
outside the EU/EEA/UK is told the form is not offered, an emailed code is asked for at a
terminal or explained, and each replica fault ends as a careful person would accept.
"""

from __future__ import annotations

from pathlib import Path

import click

from flows._meta import DEFAULT_REASON, SETTING_ID
from optout_bot.outcomes import Outcome, PlatformResult


def only(result: PlatformResult):
    assert len(result.settings) == 1, result
    return result.settings[0]


class MetaFormContract:
    platform = ""
    faults = {
        "cookie_banner": "requested",
        "interstitial": "requested",
        "slow_render": "requested",
        "save_error": "error",
        "session_expired": "requested",
        "rate_limit": "error",
        "transient_error": "requested",
        "layout_variant": "requested",
        "language": "manual",
    }

    def sent(self, site) -> list[dict]:
        return list(site.replica.objections)

    def test_dry_run_sends_nothing(self, make_site):
        site = make_site(self.platform)
        setting = only(site.run(dry_run=True))
        assert setting.outcome is Outcome.ON, setting.detail
        assert "offered" in setting.detail and "apply" in setting.detail
        assert self.sent(site) == [] and site.state() == {SETTING_ID: True}
        assert setting.evidence and all(Path(p).is_file() for p in setting.evidence)

    def test_apply_sends_once_and_keeps_the_confirmation(self, make_site):
        site = make_site(self.platform)
        setting = only(site.run(dry_run=False))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert "received your objection" in setting.detail
        sent = self.sent(site)
        assert len(sent) == 1 and sent[0]["reason"] == DEFAULT_REASON
        assert sent[0]["email"] == site.username, "the prefilled email is kept"
        names = [Path(p).name for p in setting.evidence]
        assert any("confirmation" in n for n in names), names
        assert all(Path(p).stat().st_mode & 0o077 == 0 for p in setting.evidence)

    def test_reason_comes_from_the_option(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False, reason="Please leave my photos out of it.")
        assert [o["reason"] for o in self.sent(site)] == ["Please leave my photos out of it."]

    def test_second_apply_does_not_send_again(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False)
        key = (self.platform, site.username, SETTING_ID)
        setting = only(site.run(dry_run=False, previous={key: "requested"}))
        assert setting.outcome is Outcome.REQUESTED
        assert "Already sent" in setting.detail and "--force" in setting.detail
        assert len(self.sent(site)) == 1

    def test_site_says_already_sent(self, make_site):
        site = make_site(self.platform, objected=True)
        for dry_run in (True, False):
            setting = only(site.run(dry_run=dry_run))
            assert setting.outcome is Outcome.REQUESTED, setting.detail
            assert "already submitted" in setting.detail
        assert self.sent(site) == []

    def test_force_sends_again(self, make_site):
        site = make_site(self.platform, objected=True)
        key = (self.platform, site.username, SETTING_ID)
        setting = only(site.run(dry_run=False, force=True, previous={key: "requested"}))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert len(self.sent(site)) == 1

    def test_outside_the_eu_the_form_is_unavailable(self, make_site):
        site = make_site(self.platform, region="US")
        for dry_run in (True, False):
            setting = only(site.run(dry_run=dry_run))
            assert setting.outcome is Outcome.UNAVAILABLE, setting.detail
            assert "EU/EEA and the UK" in setting.detail and "isn't available" in setting.detail
            assert setting.evidence
        assert self.sent(site) == []

    def test_emailed_code_without_a_terminal_is_manual(self, make_site):
        site = make_site(self.platform, faults={"emailed_code"})
        setting = only(site.run(dry_run=False))
        assert setting.outcome is Outcome.MANUAL, setting.detail
        assert setting.url in setting.detail and "enter the code" in setting.detail
        assert setting.evidence and self.sent(site) == []

    def test_emailed_code_is_asked_for_at_a_terminal(self, make_site, monkeypatch):
        asked = []
        monkeypatch.setattr(click, "prompt", lambda text, **kw: asked.append(text) or "123456")
        site = make_site(self.platform, faults={"emailed_code"})
        setting = only(site.run(dry_run=False, interactive=True))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert len(asked) == 1 and "code" in asked[0]
        assert len(self.sent(site)) == 1

    def test_challenge_at_sign_in_needs_login(self, make_site):
        for fault in ("challenge", "captcha"):
            site = make_site(self.platform, faults={fault})
            setting = only(site.run(dry_run=False))
            assert setting.outcome is Outcome.NEEDS_LOGIN, (fault, setting.detail)
            assert f"optout login {self.platform}" in setting.detail
            assert self.sent(site) == []

    def test_fault(self, make_site, fault):
        expected = self.faults[fault]
        site = make_site(self.platform, faults={fault})
        setting = only(site.run(dry_run=False))
        assert setting.outcome.value == expected, setting.detail
        assert setting.detail and setting.evidence
        assert len(self.sent(site)) == (1 if expected == "requested" else 0)


class TestFacebook(MetaFormContract):
    platform = "facebook"

"""The contract every switch flow is tested against, generated from a few declarations.

A test module subclasses ``SwitchFlowContract`` and declares:

    platform   the flow's name (its replica has the same name)
    faults     {fault name: expected outcome} for the replica faults a careful person gets
               through ("turned_off") or must be told about ("needs_login", "error", ...);
               the outcome of every setting, or a {setting id: outcome} dict

Replica convention: ``replica.settings_of(user)`` is keyed by the flow's result setting ids,
True meaning the data use is on. Every test checks the one rule that matters most: no
setting is reported ``off``/``turned_off`` while the server says it is on.
"""

from __future__ import annotations

from pathlib import Path

from optout_bot.outcomes import Outcome, PlatformResult

SAFE = {Outcome.OFF, Outcome.TURNED_OFF}


def assert_never_false_done(result: PlatformResult, server: dict) -> None:
    for setting in result.settings:
        if setting.outcome in SAFE:
            assert server.get(setting.id) is False, (
                f"{setting.id} reported {setting.outcome} but the server has it on")


def outcomes(result: PlatformResult) -> dict[str, str]:
    return {s.id: s.outcome.value for s in result.settings}


class SwitchFlowContract:
    platform: str = ""
    faults: dict[str, str] = {}
    #: account state for a run that starts with every setting off
    all_off_state: dict | None = None

    def default_state(self, site) -> dict:
        return site.state()

    def test_dry_run_changes_nothing(self, make_site):
        site = make_site(self.platform)
        before = site.state()
        result = site.run(dry_run=True)
        assert site.state() == before
        assert result.settings and all(s.outcome is Outcome.ON for s in result.settings
                                       if before.get(s.id) is True), outcomes(result)
        assert_never_false_done(result, site.state())
        for setting in result.settings:
            assert setting.before.value == ("on" if before[setting.id] else "off")
            assert all(Path(p).is_file() for p in setting.evidence)

    def test_apply_turns_off_and_reads_back(self, make_site):
        site = make_site(self.platform)
        result = site.run(dry_run=False)
        server = site.state()
        assert_never_false_done(result, server)
        assert all(s.outcome is Outcome.TURNED_OFF for s in result.settings), outcomes(result)
        assert not any(server.values()), server
        for setting in result.settings:
            assert (setting.before.value, setting.after.value) == ("on", "off")
            names = [Path(p).name for p in setting.evidence]
            assert any("before" in n for n in names) and any("after" in n for n in names)
            assert all(Path(p).stat().st_mode & 0o077 == 0 for p in setting.evidence)

    def test_already_off_makes_no_change(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False)
        posts_before = [r for r in site.replica.requests if r[0] != "GET"]
        result = site.run(dry_run=False)
        posts_after = [r for r in site.replica.requests if r[0] != "GET"]
        assert all(s.outcome is Outcome.OFF for s in result.settings), outcomes(result)
        assert posts_after == posts_before, "nothing should be saved when already off"
        assert result.stats["logins"] == 0, "the kept session should be reused"

    def test_challenge_ends_needs_login(self, make_site):
        site = make_site(self.platform, faults={"challenge"})
        before = site.state()
        result = site.run(dry_run=False)
        assert all(s.outcome is Outcome.NEEDS_LOGIN for s in result.settings), outcomes(result)
        assert "optout login" in result.settings[0].detail
        assert site.state() == before

    def test_authenticator_code_passes_the_challenge(self, make_site):
        import pyotp

        site = make_site(self.platform, faults={"challenge"}, totp_secret=pyotp.random_base32())
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert all(s.outcome is Outcome.TURNED_OFF for s in result.settings), outcomes(result)

    def test_rejected_save_is_never_turned_off(self, make_site):
        site = make_site(self.platform, faults={"save_error"})
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert all(s.outcome is Outcome.ERROR for s in result.settings), outcomes(result)

    def test_fault(self, make_site, fault):
        expected = self.faults[fault]
        site = make_site(self.platform, faults={fault})
        result = site.run(dry_run=False)
        server = site.state()
        assert_never_false_done(result, server)
        got = outcomes(result)
        if isinstance(expected, dict):
            assert got == expected
        else:
            assert set(got.values()) == {expected}, got
        for setting in result.settings:
            assert setting.detail, f"{setting.id} ({setting.outcome}) says nothing"
            assert setting.evidence, f"{setting.id} ({setting.outcome}) has no evidence"

"""The contract of a switch flow signed in to by hand only (``SignIn(by_hand=True)``).

Every run starts from a session the person kept with ``optout login P --browser``: here
``person_signs_in`` plays that person on the replica's sign-in page. The shared checks of
``SwitchFlowContract`` hold as they are, except those of a typed sign-in: the engine never
types a password for such a flow, so a missing or expired session and a bot check or a
"verify it's you" page in front of a kept session end ``needs_login`` with the command,
and nothing is changed.
"""

from __future__ import annotations

import pytest

from optout_bot import registry
from optout_bot.outcomes import Outcome
from optout_bot.sandbox._by_hand import person_signs_in
from tests.flows.contract import (
    STANDARD_OUTCOMES,
    SwitchFlowContract,
    assert_never_false_done,
    explained,
)


def sign_in_by_hand(site) -> None:
    flow = registry.load().flows[site.platform]
    site.shared.point(site.platform, site.origin)
    site.shared.call(person_signs_in(site.shared.browser, flow, site.username,
                                     site.password, site.home))


#: the standard fault outcomes on a site signed in to by hand: an expired session ends
#: ``needs_login`` (only a person signs in again), and the kit serves no captcha fault there
BY_HAND_OUTCOMES = {
    **{fault: outcome for fault, outcome in STANDARD_OUTCOMES.items() if fault != "captcha"},
    "session_expired": "needs_login",
}


class ByHandSwitchContract(SwitchFlowContract):
    @pytest.fixture
    def make_site(self, make_site):
        """The shared ``make_site``, with the session a person kept (``session=False``: none)."""

        def make(platform: str, faults: set[str] | None = None, session: bool = True,
                 signed_in: bool = False, **state):
            # ``signed_in`` (a session kept from a typed sign-in) does not apply: here the
            # session is always the one the person kept, unless ``session=False``
            sign_in_faults = {f for f in faults or () if f not in ("captcha", "challenge")}
            site = make_site(platform, faults=sign_in_faults, **state)
            if session:
                sign_in_by_hand(site)
            if faults:
                site.replica.set_faults(set(faults))
            return site

        return make

    def assert_told_to_sign_in_by_hand(self, site, result, before) -> None:
        assert all(s.outcome is Outcome.NEEDS_LOGIN for s in result.settings), explained(result)
        assert f"optout login {self.platform} --browser" in result.settings[0].detail
        assert site.state() == before
        assert not [r for r in site.replica.requests if r[0] == "POST"], (
            "nothing is sent: no password, no change")

    def test_flow_is_signed_in_to_by_hand(self):
        assert registry.load().flows[self.platform].sign_in.by_hand

    def test_login_without_browser_is_refused(self, tmp_path):
        from tests.test_cli import run_main

        code, out, err = run_main(["--home", str(tmp_path), "login", self.platform,
                                   "--username", "ada@example.com"])
        assert code == 2 and f"optout login {self.platform} --browser" in err
        assert "Traceback" not in out + err

    def test_challenge_ends_needs_login(self, make_site):
        for fault in ("challenge", "captcha"):
            site = make_site(self.platform, faults={fault})
            before = site.state()
            site.replica.requests.clear()
            self.assert_told_to_sign_in_by_hand(site, site.run(dry_run=False), before)

    def test_authenticator_code_passes_the_challenge(self, make_site):
        """No password and no authenticator secret is used: without a session, the person
        is told to sign in by hand, and the sign-in page is never filled in."""
        site = make_site(self.platform, session=False)
        before = site.state()
        self.assert_told_to_sign_in_by_hand(site, site.run(dry_run=False), before)

    def test_expired_session_ends_needs_login(self, make_site):
        site = make_site(self.platform)
        site.replica.expire_sessions()
        before = site.state()
        site.replica.requests.clear()
        result = site.run(dry_run=True)
        assert_never_false_done(result, site.state())
        self.assert_told_to_sign_in_by_hand(site, result, before)

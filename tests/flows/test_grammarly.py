"""Grammarly: the switch contract, plus where the switch is for each kind of account."""

from pathlib import Path

from optout_bot.outcomes import Outcome
from tests.flows.contract import (
    STANDARD_OUTCOMES,
    SwitchFlowContract,
    assert_never_false_done,
    outcomes,
)

PRIVACY = "https://account.grammarly.com/security/privacy"
DATA_SETTINGS = "https://account.grammarly.com/admin/data_settings"


class TestGrammarly(SwitchFlowContract):
    platform = "grammarly"
    faults = {
        **STANDARD_OUTCOMES,
        # Grammarly's markup is not public: in another language nothing names the switch.
        "language": "unknown",
    }

    def test_an_individual_account_has_it_on_the_privacy_page(self, make_site):
        site = make_site(self.platform)
        result = site.run(dry_run=True)
        assert [(s.url, s.outcome) for s in result.settings] == [(PRIVACY, Outcome.ON)]

    def test_a_pro_subscription_has_it_in_the_admin_panel(self, make_site):
        site = make_site(self.platform, plan="pro")
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert [(s.url, s.outcome) for s in result.settings] == [
            (DATA_SETTINGS, Outcome.TURNED_OFF)]
        assert not any(site.state().values())

    def test_a_team_member_is_told_only_the_admin_can(self, make_site):
        site = make_site(self.platform, plan="team")
        before = site.state()
        result = site.run(dry_run=False)
        assert outcomes(result) == {"product-improvement": "unavailable"}
        setting = result.settings[0]
        assert "only the team's admin" in setting.detail and DATA_SETTINGS in setting.detail
        assert setting.evidence and all(Path(p).is_file() for p in setting.evidence)
        assert site.state() == before and [r for r in site.replica.requests
                                           if r[0] == "POST" and "settings" in r[1]] == []

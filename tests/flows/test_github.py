"""GitHub Copilot's training setting: a choice (Enabled / Disabled), by the shared contract."""

from __future__ import annotations

from optout_bot.outcomes import Outcome
from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract


class TestGitHub(SwitchFlowContract):
    platform = "github"
    faults = {
        **STANDARD_OUTCOMES,
        "layout_variant": "turned_off",  # a <select> and its Save button
        "language": "unknown",  # the options are matched by their English names
    }

    def test_the_details_name_the_options_read(self, make_site):
        site = make_site(self.platform)
        (setting,) = site.run(dry_run=False).settings
        assert setting.kind == "choice" and setting.outcome is Outcome.TURNED_OFF
        assert '"Enabled" -> "Disabled"' in setting.detail, setting.detail

    def test_an_account_without_copilot_is_told_so(self, make_site):
        site = make_site(self.platform, offered=False)
        (setting,) = site.run(dry_run=False).settings
        assert setting.outcome is Outcome.UNAVAILABLE, setting.detail
        assert "Only accounts that use GitHub Copilot" in setting.detail and setting.evidence
        assert [r for r in site.replica.requests if r[0] == "POST" and "policies" in r[1]] == []

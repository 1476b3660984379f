"""Claude: the by-hand switch contract, both labels, and a work account without a switch."""

from optout_bot.outcomes import Outcome
from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract
from tests.flows.contract import outcomes


class TestClaude(ByHandSwitchContract):
    platform = "claude"
    faults = {
        **BY_HAND_OUTCOMES,
        "layout_variant": "turned_off",  # the 2026 label "Help improve our AI models"
        "language": "unknown",
    }

    def test_work_account_has_no_switch(self, make_site):
        site = make_site(self.platform, plan="team")
        result = site.run(dry_run=False)
        assert outcomes(result) == {"model-training": "unavailable"}
        setting = result.settings[0]
        assert "Claude for Work" in setting.detail and "admin" in setting.detail
        assert setting.evidence
        assert result.settings[0].outcome is Outcome.UNAVAILABLE

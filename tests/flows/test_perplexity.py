"""Perplexity: the by-hand switch contract, both names, and an Enterprise account."""

from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract
from tests.flows.contract import outcomes


class TestPerplexity(ByHandSwitchContract):
    platform = "perplexity"
    faults = {
        **BY_HAND_OUTCOMES,
        "layout_variant": "turned_off",  # the FAQ's name "AI Data Usage"
        "language": "unknown",
    }

    def test_enterprise_account_has_no_switch(self, make_site):
        site = make_site(self.platform, plan="enterprise")
        result = site.run(dry_run=False)
        assert outcomes(result) == {"ai-data-retention": "unavailable"}
        setting = result.settings[0]
        assert "Enterprise" in setting.detail and "admin" in setting.detail
        assert setting.evidence and site.state() == {"ai-data-retention": True}

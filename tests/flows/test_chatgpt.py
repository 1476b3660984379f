"""ChatGPT: the by-hand switch contract, a tour over the page, a Business account."""

from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract
from tests.flows.contract import outcomes


class TestChatGPT(ByHandSwitchContract):
    platform = "chatgpt"
    faults = {
        **BY_HAND_OUTCOMES,
        "language": "unknown",
        "onboarding_tour": "turned_off",
    }

    def test_business_account_is_read_off(self, make_site):
        site = make_site(self.platform, plan="business")
        result = site.run(dry_run=False)
        assert outcomes(result) == {"improve-model": "off"}
        assert not [r for r in site.replica.requests if r[0] == "POST" and "backend" in r[1]]

    def test_unknown_names_the_privacy_portal(self, make_site):
        site = make_site(self.platform, faults={"language"})
        detail = site.run(dry_run=True).settings[0].detail
        assert "Do not train on my content" in detail
        assert "https://privacy.openai.com/policies" in detail

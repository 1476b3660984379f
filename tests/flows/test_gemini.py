"""Gemini: the by-hand contract on a button and a menu; history kept unless asked."""

from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract
from tests.flows.contract import outcomes


class TestGemini(ByHandSwitchContract):
    platform = "gemini"
    faults = {
        **BY_HAND_OUTCOMES,
        "layout_variant": "turned_off",  # the older name "Gemini Apps Activity"
        "language": "unknown",
    }

    def test_apply_keeps_the_history(self, make_site):
        site = make_site(self.platform)
        assert outcomes(site.run(dry_run=False)) == {"keep-activity": "turned_off"}
        assert site.replica.deleted == []

    def test_delete_activity_only_when_asked(self, make_site):
        site = make_site(self.platform)
        assert outcomes(site.run(dry_run=False, delete_activity=True)) == {
            "keep-activity": "turned_off"}
        assert site.replica.deleted == [site.username]

    def test_workspace_account_is_unavailable(self, make_site):
        site = make_site(self.platform, plan="workspace")
        result = site.run(dry_run=False)
        assert outcomes(result) == {"keep-activity": "unavailable"}
        assert "Workspace" in result.settings[0].detail and result.settings[0].evidence

"""Medium: a choice on a site signed in to by hand, by the by-hand contract."""

from optout_bot.outcomes import Outcome
from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract


class TestMedium(ByHandSwitchContract):
    platform = "medium"
    faults = {
        **BY_HAND_OUTCOMES,
        "layout_variant": "turned_off",  # a dropdown and its Save button
        "language": "unknown",
    }

    def test_the_details_name_the_options_read(self, make_site):
        site = make_site(self.platform)
        (setting,) = site.run(dry_run=False).settings
        assert setting.kind == "choice" and setting.outcome is Outcome.TURNED_OFF
        assert ('"Prioritize maximum reach (Default)" -> "Minimize third-party training"'
                in setting.detail), setting.detail

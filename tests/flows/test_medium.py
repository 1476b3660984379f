"""Medium: a choice on a site signed in to by hand, by the by-hand contract."""

from optout_bot.outcomes import Outcome
from tests.flows.by_hand import ByHandSwitchContract


class TestMedium(ByHandSwitchContract):
    platform = "medium"
    faults = {
        "cookie_banner": "turned_off",
        "interstitial": "turned_off",
        "slow_render": "turned_off",
        "save_not_persisted": "error",
        "session_expired": "needs_login",  # the site signs out; only a person signs in again
        "rate_limit": "error",
        "transient_error": "turned_off",
        "layout_variant": "turned_off",  # a dropdown and its Save button
        "language": "unknown",
    }

    def test_the_details_name_the_options_read(self, make_site):
        site = make_site(self.platform)
        (setting,) = site.run(dry_run=False).settings
        assert setting.kind == "choice" and setting.outcome is Outcome.TURNED_OFF
        assert ('"Prioritize maximum reach (Default)" -> "Minimize third-party training"'
                in setting.detail), setting.detail

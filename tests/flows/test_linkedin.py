from tests.flows.contract import SwitchFlowContract
from tests.flows.languages import read_in_every_language


class TestLinkedIn(SwitchFlowContract):
    platform = "linkedin"
    faults = {
        "cookie_banner": "turned_off",
        "interstitial": "turned_off",
        "slow_render": "turned_off",
        "save_not_persisted": "error",
        "session_expired": "turned_off",
        "rate_limit": "error",
        "captcha": "needs_login",
        "transient_error": "turned_off",
        "layout_variant": "turned_off",
        "language": "turned_off",
    }


def test_reads_every_setting_in_the_accounts_language(make_site):
    read_in_every_language(make_site, "linkedin")

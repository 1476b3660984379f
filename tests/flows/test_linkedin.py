from tests.flows.contract import SwitchFlowContract


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

"""Quora: the switch contract against the replica's standard faults."""

from tests.flows.contract import SwitchFlowContract


class TestQuora(SwitchFlowContract):
    platform = "quora"
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
        # Quora's markup is not public: in another language nothing names the switch, so
        # the tool says it could not read it rather than guess.
        "language": "unknown",
    }

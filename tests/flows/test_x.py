from tests.flows.contract import SwitchFlowContract


class TestX(SwitchFlowContract):
    platform = "x"
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
        # German labels: the Grok checkboxes cannot be told apart, so they are not touched;
        # the partner page has a single checkbox, found by X's attribute selector.
        "language": {"ai-training": "unknown", "grok-personalize": "unknown",
                     "grok-history": "unknown", "partners": "turned_off"},
        "unusual_activity": "turned_off",
    }

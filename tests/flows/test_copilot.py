"""Microsoft Copilot: the by-hand switch contract; both switches are behind profile >
Settings > Privacy."""

from tests.flows.by_hand import ByHandSwitchContract


class TestCopilot(ByHandSwitchContract):
    platform = "copilot"
    faults = {
        "cookie_banner": "turned_off",
        "interstitial": "turned_off",
        "slow_render": "turned_off",
        "save_not_persisted": "error",
        "session_expired": "needs_login",  # the site signs out; only a person signs in again
        "rate_limit": "error",
        "transient_error": "turned_off",
        "layout_variant": "turned_off",
        "language": "unknown",  # the path by name is not found: unknown, with evidence
    }


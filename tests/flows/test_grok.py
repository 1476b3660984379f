"""Grok: the by-hand switch contract."""

from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract


class TestGrok(ByHandSwitchContract):
    platform = "grok"
    faults = {
        **BY_HAND_OUTCOMES,
        "language": "unknown",
    }


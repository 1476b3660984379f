"""Microsoft Copilot: the by-hand switch contract; both switches are behind profile >
Settings > Privacy."""

from tests.flows.by_hand import BY_HAND_OUTCOMES, ByHandSwitchContract


class TestCopilot(ByHandSwitchContract):
    platform = "copilot"
    faults = {
        **BY_HAND_OUTCOMES,
        "language": "unknown",  # the path by name is not found: unknown, with evidence
    }


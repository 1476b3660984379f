"""Slack: no switch for members, no login; the shared checks are in ``NoSwitchContract``."""

from tests.flows.contract import NoSwitchContract


class TestSlack(NoSwitchContract):
    platform = "slack"
    details = {"ai-training": (
        r"no switch exists for members", r"workspace owner", r"feedback@slack\.com",
        r'subject "Slack Global model opt-out request"', r"workspace URL",
        r"ask the workspace owner", r"does not train generative AI",
        r"https://slack\.com/trust/data-management/privacy-principles",
        r"https://slack\.com/trust/privacy/privacy-policy")}

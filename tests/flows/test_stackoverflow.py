"""Stack Overflow: no switch, no login; the shared checks are in ``NoSwitchContract``."""

from tests.flows.contract import NoSwitchContract


class TestStackOverflow(NoSwitchContract):
    platform = "stackoverflow"
    details = {"ai-training": (
        r"no switch", r"Google", r"OpenAI", r"CC BY-SA", r"cannot be withdrawn",
        r"don't post", r"delete your own posts", r"deleting your account",
        r"https://stackoverflow\.com/help/deleting-account", r"GDPR", r"CCPA",
        r"https://stackoverflow\.com/legal/privacy-policy",
        r"https://stackoverflow\.com/legal/terms-of-service/public")}

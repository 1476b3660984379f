"""Zoom: nothing to turn off, no login; the shared checks are in ``NoSwitchContract``."""

from tests.flows.contract import NoSwitchContract


class TestZoom(NoSwitchContract):
    platform = "zoom"
    details = {"ai-training": (
        r"^nothing to turn off", r"does not use your audio, video, chat",
        r"no switch", r"AI Companion", r"tells you if that promise changes",
        r"https://www\.zoom\.com/en/trust/terms/",
        r"https://www\.zoom\.com/en/trust/privacy/privacy-statement/")}

"""Reddit: no switch, no login; the shared checks are in ``NoSwitchContract``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from optout_bot.cli import cli
from tests.flows.contract import NoSwitchContract


class TestReddit(NoSwitchContract):
    platform = "reddit"
    details = {"ai-training": (
        r"no switch", r"Google", r"OpenAI", r"licen[cs]e", r"delete posts and comments",
        r"delete your posts first", r"GDPR", r"CCPA", r"redditdatarequests@reddit\.com",
        r"https://www\.redditinc\.com/policies/privacy-policy",
        r"https://www\.redditinc\.com/policies/user-agreement", r"Public-Content-Policy")}


    def test_check_from_the_command_line(self, tmp_path, no_launch):
        result = CliRunner().invoke(cli, ["check", "reddit", "--json", "--home", str(tmp_path)],
                                    catch_exceptions=False, standalone_mode=False)
        assert result.return_value == 0
        settings = json.loads(result.stdout)["results"][0]["settings"]
        assert [(s["id"], s["outcome"]) for s in settings] == [("ai-training", "unavailable")]

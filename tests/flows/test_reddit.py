"""Reddit: no switch, no login; plus ``NoSwitchContract``, shared by every such flow.

A flow whose settings have nothing to drive (kind ``none``, or ``app_only`` switches)
must report each one honestly (``unavailable`` / ``manual``) with what the person can do
and where to read more, without a browser or an account; its replica must serve every
page the flow links to, so policy watching works against the sandbox.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from optout_bot import registry
from optout_bot.cli import cli
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, exit_code
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sandbox import replica_classes
from optout_bot.sandbox.base import Replica, ReplicaServer

URL = re.compile(r"https://[^\s,;()]+")


def links(flow: Flow) -> list[str]:
    """Every page the flow sends a person or the policy watcher to."""
    found = [s.url for s in flow.settings] + [p.url for p in flow.policies]
    for setting in flow.settings:
        found += [u.rstrip(".") for u in URL.findall(setting.note)]
    return list(dict.fromkeys(found))


class NoBrowser:
    """Stands in for the browser: any use of it fails the test."""

    def __getattr__(self, name: str):
        raise AssertionError(f"the flow used the browser ({name})")


def run(flow: Flow, home: Home, dry_run: bool, browser=None) -> PlatformResult:
    options = RunOptions(dry_run=dry_run, credentials={})
    results = asyncio.run(run_flows([flow], home, options, browser=browser))
    assert len(results) == 1
    return results[0]


def get(server: ReplicaServer, url: str, language: str = "en-US",
        cookies: str = "") -> tuple[int, str, str]:
    """GET a real-site URL from the replica as the site override would; follows redirects."""
    parts = urlsplit(url)
    for _ in range(5):
        conn = http.client.HTTPConnection("127.0.0.1", server.httpd.server_port, timeout=5)
        headers = {"Host": parts.hostname or "", "Accept-Language": language}
        if cookies:
            headers["Cookie"] = cookies
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                     headers=headers)
        response = conn.getresponse()
        status, text = response.status, response.read().decode()
        location = response.getheader("Location", "")
        conn.close()
        if status not in (301, 302, 303, 307, 308):
            return status, text, url
        url = location if "://" in location else f"https://{parts.hostname}{location}"
        parts = urlsplit(url)
    raise AssertionError(f"too many redirects from {url}")


class NoSwitchContract:
    platform = ""
    outcome = Outcome.UNAVAILABLE
    exit_code = 0
    #: setting id -> regexes its detail must match (why, what to do, where)
    details: dict[str, tuple[str, ...]] = {}

    @pytest.fixture
    def no_launch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Starting a browser fails the test."""

        def refuse(*args, **kwargs):
            raise AssertionError("a browser was started")

        monkeypatch.setattr("optout_bot.runner.async_playwright", refuse)
        monkeypatch.setattr("optout_bot.runner.find_browser", refuse)

    @pytest.fixture
    def served(self) -> Iterator[tuple[Replica, ReplicaServer]]:
        replica = replica_classes([self.platform])[self.platform]()
        replica.add_account("ada@example.com", "correct horse")
        server = ReplicaServer(replica).start()
        yield replica, server
        server.stop()

    @property
    def flow(self) -> Flow:
        return registry.load().flows[self.platform]

    def test_needs_no_account(self):
        assert self.flow.login_url is None and not self.flow.needs_account

    def test_every_link_is_on_a_platform_host(self):
        hosts = set(self.flow.hosts)
        for url in links(self.flow):
            assert urlsplit(url).scheme == "https" and urlsplit(url).hostname in hosts, url

    @pytest.mark.parametrize("dry_run", [True, False])
    def test_outcomes_say_why_and_what_to_do(self, home, dry_run):
        result = run(self.flow, home, dry_run, browser=NoBrowser())
        assert [s.id for s in result.settings] == list(self.details)
        assert result.outcome is self.outcome and exit_code([result]) == self.exit_code
        for setting in result.settings:
            assert setting.outcome is self.outcome
            assert setting.before.value == setting.after.value == "unknown"
            assert not setting.evidence
            for pattern in self.details[setting.id]:
                assert re.search(pattern, setting.detail, re.IGNORECASE), (pattern,
                                                                           setting.detail)

    def test_no_browser_is_started(self, home, no_launch):
        result = run(self.flow, home, dry_run=False)
        assert {s.outcome for s in result.settings} == {self.outcome}

    def test_replica_serves_every_linked_page(self, served):
        _, server = served
        for url in links(self.flow):
            status, text, final = get(server, url)
            assert status == 200, (url, status)
            assert re.search(r"<main>.*<h1>.+</h1>.*</main>", text, re.DOTALL), url
            assert urlsplit(final).hostname == urlsplit(url).hostname

    def test_replica_faults(self, served):
        replica, server = served
        url = self.flow.policies[0].url
        replica.set_faults({"rate_limit"})
        assert get(server, url)[0] == 429
        replica.set_faults({"transient_error"})
        assert get(server, url)[0] == 500 and get(server, url)[0] == 200
        replica.set_faults({"slow_render"})
        assert 'aria-busy="true"' in get(server, url)[1]
        replica.set_faults({"language"})
        assert '<html lang="de">' in get(server, url)[1]
        replica.set_faults({"cookie_banner"})
        assert 'id="consent-overlay"' in get(server, url)[1]
        assert 'id="consent-overlay"' not in get(server, url, cookies="consent=reject")[1]

    def test_replica_state_is_the_platform_default(self, served):
        replica, _ = served
        ids = [s.id for s in self.flow.settings]
        assert replica.settings_of("ada@example.com") == dict.fromkeys(ids, True)


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

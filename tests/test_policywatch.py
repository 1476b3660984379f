"""Policy watch through the browser layer: replica policy pages, versions, `policies check`."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from optout_bot import policywatch, registry, runner
from optout_bot.cli import main
from optout_bot.home import Home
from optout_bot.policy import PolicyDoc
from optout_bot.policyarchive import PolicyArchive
from optout_bot.policywatch import (
    PolicyCheck,
    PolicyFetchError,
    fetch_policy_texts,
    watch_policies,
)
from optout_bot.runner import RunOptions
from optout_bot.sandbox import Sandbox
from optout_bot.sandbox.linkedin import LinkedInReplica
from tests.conftest import SharedBrowser

PASSWORD = "s3cret-Pa55"
AI_SENTENCE = ("We may use your personal data and the content you create on our Services to "
               "develop and train artificial intelligence (AI) models, including generative AI "
               "models, and share it with our affiliates for the same purpose.")


@dataclass
class SandboxCli:
    """LinkedIn and X replicas with one account each; `optout` runs at them in the shared
    browser, so a command costs page loads, not a browser start."""

    sandbox: Sandbox
    home: Home

    def replica(self, platform: str):
        return self.sandbox.replicas[platform]

    def username(self, platform: str) -> str:
        return f"person@{platform}.example"

    def sites(self) -> list[str]:
        return [arg for name, origin in self.sandbox.sites.items()
                for arg in ("--site", f"{name}={origin}")]

    def run(self, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
        """``optout --home HOME ARGS --site ...``: exit code, stdout, stderr."""
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main(["--home", str(self.home.root), *args, *self.sites()])
        out, err = capsys.readouterr()
        return stopped.value.code, out, err


@pytest.fixture(name="sandbox_cli")
def sandbox_cli_fixture(shared_browser: SharedBrowser, home: Home,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxCli]:
    sandbox = Sandbox(["linkedin", "x"]).start()
    cli = SandboxCli(sandbox, home)
    monkeypatch.delenv("OPTOUT_SITES", raising=False)
    for name, replica in sandbox.replicas.items():
        replica.add_account(cli.username(name), PASSWORD)
        monkeypatch.setenv(f"OPTOUT_{name.upper()}_USERNAME", cli.username(name))
        monkeypatch.setenv(f"OPTOUT_{name.upper()}_PASSWORD", PASSWORD)
        shared_browser.point(name, sandbox.sites[name])
    real_run_flows, real_fetch = runner.run_flows, policywatch.fetch_policy_texts

    async def run_flows(flows, home, options, on_result=None, browser=None, overrides=None):
        return await shared_browser.run(real_run_flows(
            flows, home, options, on_result, browser=shared_browser.browser,
            overrides=shared_browser.overrides))

    async def fetch(docs, options, browser=None, overrides=None, **kwargs):
        return await shared_browser.run(real_fetch(
            docs, options, shared_browser.browser, shared_browser.overrides, **kwargs))

    monkeypatch.setattr(runner, "run_flows", run_flows)
    monkeypatch.setattr(policywatch, "fetch_policy_texts", fetch)
    yield cli
    sandbox.stop()


def flows(*names: str):
    return registry.load().pick(names, all_=False)


def watch(shared: SharedBrowser, home: Home, *names: str):
    return shared.call(watch_policies(home, flows(*names), RunOptions(),
                                      shared.browser, shared.overrides))


# ---------------------------------------------------------------------- fetching
def test_fetch_takes_the_declared_content_through_the_site_override(
        sandbox_cli: SandboxCli, shared_browser: SharedBrowser) -> None:
    docs = {f.name: f.policies for f in flows("linkedin", "x")}
    texts = shared_browser.call(fetch_policy_texts(docs, RunOptions(), shared_browser.browser,
                                                   shared_browser.overrides))
    assert set(texts) == {"linkedin", "x"}
    assert set(texts["linkedin"]) == {"privacy", "privacy-eu", "terms"}
    assert set(texts["x"]) == {"privacy", "privacy-gdpr", "terms"}
    assert texts["linkedin"]["privacy-eu"].startswith("European Regional Privacy Notice\n")
    privacy = texts["linkedin"]["privacy"]
    assert privacy.startswith("Privacy Policy\n")
    assert "LinkedIn collects the information you give us" in privacy
    assert "Cookie settings" not in privacy  # the footer is outside [role="main"]
    assert texts["x"]["terms"].startswith("Terms of Service\n")
    assert "X collects" in texts["x"]["privacy"]
    # the replica saw the real paths, and nothing signed in to read them
    requests = sandbox_cli.replica("linkedin").requests
    assert [p for _m, p in requests if p.startswith("/legal/")] == [
        "/legal/privacy-policy", "/legal/privacy/eu", "/legal/user-agreement"]
    assert not [p for m, p in requests if m == "POST"]


def test_missing_selector_falls_back_to_main_and_a_sign_in_page_is_an_error(
        sandbox_cli: SandboxCli, shared_browser: SharedBrowser,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policywatch, "SELECTOR_TIMEOUT", 0.5)
    docs = {"x": (PolicyDoc("privacy", "Privacy Policy", "https://x.com/en/privacy",
                            selector="#policy-body"),
                  PolicyDoc("gone", "Old Policy", "https://x.com/en/no-such-policy"))}
    texts = shared_browser.call(fetch_policy_texts(docs, RunOptions(), shared_browser.browser,
                                                   shared_browser.overrides))
    assert texts["x"]["privacy"].startswith("Privacy Policy\n")
    # X sends unknown pages to its sign-in page: that text must never be saved as a policy
    assert isinstance(texts["x"]["gone"], PolicyFetchError)
    assert "sign in" in str(texts["x"]["gone"])


# ---------------------------------------------------------------------- versions
def test_v1_then_v2_stores_an_ai_relevant_change_with_the_passage(
        sandbox_cli: SandboxCli, shared_browser: SharedBrowser, home: Home) -> None:
    first = watch(shared_browser, home, "linkedin")
    assert [(c.doc.id, c.status) for c in first] == [
        ("privacy", "first"), ("privacy-eu", "first"), ("terms", "first")]
    again = watch(shared_browser, home, "linkedin")
    assert [c.status for c in again] == ["unchanged", "unchanged", "unchanged"]

    sandbox_cli.replica("linkedin").publish_policy("privacy", 2)
    changed = watch(shared_browser, home, "linkedin")
    assert [c.status for c in changed] == ["changed", "unchanged", "unchanged"]
    privacy = changed[0]
    assert privacy.ai_relevant
    assert AI_SENTENCE in [p.text for p in privacy.record.change.ai_passages()]
    lines = policywatch.describe(privacy)
    assert lines[0].startswith("LinkedIn: Privacy Policy: CHANGED ABOUT AI TRAINING (")
    assert f'  Added: "{AI_SENTENCE}"' in lines

    archive = PolicyArchive(home)
    versions = archive.versions("linkedin", "privacy")
    assert len(versions) == 2 and versions[-1].ai_relevant
    assert archive.changes_since("linkedin", versions[0].fetched_at) == [versions[-1]]


def test_a_page_flipping_back_is_a_return_and_a_broken_capture_is_not_saved(
        sandbox_cli: SandboxCli, shared_browser: SharedBrowser, home: Home,
        capsys: pytest.CaptureFixture[str]) -> None:
    watch(shared_browser, home, "linkedin")
    replica = sandbox_cli.replica("linkedin")
    replica.publish_policy("privacy", 2)
    watch(shared_browser, home, "linkedin")
    replica.publish_policy("privacy", 1)  # another server still serves the old page
    (back, _eu, _terms) = watch(shared_browser, home, "linkedin")
    assert back.status == "returned" and not back.ai_relevant
    (line,) = policywatch.describe(back)
    assert line.startswith("LinkedIn: Privacy Policy: the page shows again the version saved on ")
    assert line.endswith("; not a new change.")
    code, out, _err = sandbox_cli.run(capsys, "policies", "check", "linkedin")
    assert code == 0 and "unchanged" in out
    assert len(PolicyArchive(home).versions("linkedin", "privacy")) == 2

    archive = PolicyArchive(home)
    doc = back.doc
    record = archive.record("linkedin", doc, "Menu")  # a capture before the page loaded
    broken = PolicyCheck("linkedin", "LinkedIn", doc, record.status, record)
    assert broken.status == "broken"
    (line,) = policywatch.describe(broken)
    assert line.startswith("LinkedIn: Privacy Policy: not saved, this looks like a broken "
                           "capture (the page came back nearly empty: ")
    assert line.endswith("the next check compares with the last good version.")
    assert broken.to_json()["reason"].startswith("the page came back nearly empty")
    assert policywatch.exit_code_for([broken]) == 0
    assert len(archive.versions("linkedin", "privacy")) == 2


def test_policies_check_command_reports_each_document_and_exits_1_on_ai_change(
        sandbox_cli: SandboxCli, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = sandbox_cli.run(capsys, "policies", "check", "linkedin", "x")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "LinkedIn: Privacy Policy: first version saved.",
        "LinkedIn: European Regional Privacy Notice: first version saved.",
        "LinkedIn: User Agreement: first version saved.",
        "X: Privacy Policy: first version saved.",
        "X: Privacy Policy (EU and UK): first version saved.",
        "X: Terms of Service: first version saved.",
    ]
    sandbox_cli.replica("x").publish_policy("terms", 2)
    code, out, _err = sandbox_cli.run(capsys, "policies", "check", "linkedin", "x")
    assert code == 1
    lines = out.splitlines()
    assert lines[:3] == ["LinkedIn: Privacy Policy: unchanged.",
                         "LinkedIn: European Regional Privacy Notice: unchanged.",
                         "LinkedIn: User Agreement: unchanged."]
    assert lines[5].startswith("X: Terms of Service: CHANGED ABOUT AI TRAINING (")
    assert "training machine learning and artificial intelligence models" in lines[6]

    code, out, _err = sandbox_cli.run(capsys, "--json", "policies", "check", "x")
    document = json.loads(out)
    assert code == 0
    assert [(p["doc"], p["status"]) for p in document["policies"]] == [
        ("privacy", "unchanged"), ("privacy-gdpr", "unchanged"), ("terms", "unchanged")]


def test_policies_check_unreadable_page_exits_3(
        sandbox_cli: SandboxCli, capsys: pytest.CaptureFixture[str]) -> None:
    sandbox_cli.sandbox.servers["x"].stop()  # the site is down
    code, out, _err = sandbox_cli.run(capsys, "policies", "check", "x")
    assert code == 3
    assert out.startswith("X: Privacy Policy: could not be read: ")


# ---------------------------------------------------------------------- replica pages
def test_replica_publishes_versions_over_its_control_endpoint() -> None:
    replica = LinkedInReplica()
    with pytest.raises(ValueError, match="no policy page"):
        replica.publish_policy("cookies", 2)
    with pytest.raises(ValueError, match="versions 1 to 2"):
        replica.publish_policy("privacy", 3)
    with Sandbox(["linkedin"]) as box:
        origin = box.servers["linkedin"].httpd.server_port

        def request(method: str, path: str, body: str = "") -> tuple[int, str]:
            connection = http.client.HTTPConnection("127.0.0.1", origin, timeout=5)
            connection.request(method, path, body, {
                "Host": "www.linkedin.com", "Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, response.read().decode()

        status, page = request("GET", "/legal/privacy-policy")
        assert status == 200 and 'role="main"' in page and "train artificial" not in page
        status, answer = request("POST", "/__sandbox__/policies",
                                 json.dumps({"doc": "privacy", "version": 2}))
        assert status == 200 and json.loads(answer)["policies"]["privacy"] == 2
        assert "train artificial intelligence" in request("GET", "/legal/privacy-policy")[1]
        assert request("POST", "/__sandbox__/policies", '{"doc": "x", "version": 1}')[0] == 400

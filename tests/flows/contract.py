"""The contract every switch flow is tested against, generated from a few declarations.

A test module subclasses ``SwitchFlowContract`` and declares:

    platform   the flow's name (its replica has the same name)
    faults     {fault name: expected outcome} for the replica faults a careful person gets
               through ("turned_off") or must be told about ("needs_login", "error", ...);
               the outcome of every setting, or a {setting id: outcome} dict; the faults
               that end as ``passed`` (those it gets past) are met all in one run

Replica convention: ``replica.settings_of(user)`` is keyed by the flow's result setting ids,
True meaning the data use is on. Every test checks the one rule that matters most: no
setting is reported ``off``/``turned_off`` while the server says it is on.

``NoSwitchContract`` is for a flow whose settings have nothing to drive (kind ``none``, or
``app_only`` switches): it must report each one honestly (``unavailable`` / ``manual``)
with what the person can do and where to read more, without a browser or an account; its
replica must serve every page the flow links to, so policy watching works against the
sandbox. A test module declares ``platform``, ``details`` (setting id -> patterns its
detail must match) and, if not ``unavailable``/0, ``outcome`` and ``exit_code``.

``MetaFormContract`` is for Meta's AI objection form (Facebook, Instagram): a dry run sends
nothing, an apply sends exactly one objection and keeps Meta's confirmation as evidence, a
second apply does not send another unless forced, an account outside the EU/EEA/UK is told
the form is not offered, an emailed code is asked for at a terminal or explained, and each
replica fault ends as a careful person would accept. Runs are told the account is in the
EU (``region``), as a person does with ``--region``; the test outside the EU is not told.
"""

from __future__ import annotations

import asyncio
import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
from optout_bot.flows._meta import DEFAULT_REASON, SETTING_ID

from optout_bot import registry
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, exit_code
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sandbox import replica_classes
from optout_bot.sandbox.base import Replica, ReplicaServer

SAFE = {Outcome.OFF, Outcome.TURNED_OFF}
#: replica faults that act only after sign-in: their tests start from a kept session
AFTER_SIGN_IN = {"slow_render", "save_error", "save_not_persisted", "session_expired",
                 "layout_variant"}
#: a switch site refuses its settings pages, not its sign-in, when rate limited or failing
SWITCH_AFTER_SIGN_IN = AFTER_SIGN_IN | {"rate_limit", "transient_error"}


def assert_never_false_done(result: PlatformResult, server: dict) -> None:
    for setting in result.settings:
        if setting.outcome in SAFE:
            assert server.get(setting.id) is False, (
                f"{setting.id} reported {setting.outcome} but the server has it on")


def outcomes(result: PlatformResult) -> dict[str, str]:
    return {s.id: s.outcome.value for s in result.settings}


def explained(result: PlatformResult) -> dict[str, str]:
    """Each row's outcome and what it says: what a failing test prints, so that a failure
    seen once in CI tells why without a rerun."""
    return {s.id: f"{s.outcome.value}: {s.detail}" for s in result.settings}


#: what a careful person gets from each standard fault of a switch site (the kit's
#: ``STANDARD_FAULTS``, language aside): a test module spreads it into its ``faults``
STANDARD_OUTCOMES = {
        "cookie_banner": "turned_off",
        "interstitial": "turned_off",
        "slow_render": "turned_off",
        "save_not_persisted": "error",
        "session_expired": "turned_off",
        "rate_limit": "error",
        "captcha": "needs_login",
        "transient_error": "turned_off",
        "layout_variant": "turned_off",
}


def assert_outcomes(result: PlatformResult, expected: str | dict[str, str]) -> None:
    """Every setting ends as ``expected`` (one outcome, or one per setting id)."""
    got = outcomes(result)
    if isinstance(expected, dict):
        assert got == expected, explained(result)
    else:
        assert set(got.values()) == {expected}, explained(result)


class GetsPastFaults:
    """The faults a flow gets past, met all in one run, and one at a time only to name the
    one that failed. A contract declares ``faults`` ({fault: expected outcome}), ``passed``
    (what a run that gets past its faults ends as) and how one run is checked:
    ``run_with_fault`` (one fault, its expected outcome) and ``run_with_faults`` (all those
    it gets past, ``passed``)."""

    faults: dict[str, str] = {}
    passed: str | dict[str, str] = ""

    @classmethod
    def gotten_past(cls) -> set[str]:
        """The faults a careful person gets past: the run still ends as ``passed``."""
        return {fault for fault, expected in cls.faults.items() if expected == cls.passed}

    @classmethod
    def single_faults(cls) -> list[str]:
        """The faults tested one at a time: those that end otherwise (an error, a sign-in
        to make, ...). Those it gets past are met all at once, and one at a time only to
        name the one that failed (``test_every_fault_it_gets_past_at_once``)."""
        return sorted(set(cls.faults) - cls.gotten_past())

    def run_with_fault(self, make_site, fault: str, own_home: str = "") -> None:
        """One run that meets ``fault``, in ``own_home`` when given (``make_site``)."""
        raise NotImplementedError

    def run_with_faults(self, make_site, faults: set[str]) -> None:
        raise NotImplementedError

    def test_fault(self, make_site, fault):
        self.run_with_fault(make_site, fault)

    def test_every_fault_it_gets_past_at_once(self, make_site):
        """Real pages do not fail one way at a time. A cookie banner and a notice page at
        sign-in, then a passing server error, a late render, an expired session, another
        layout, the account's own language: met in one run, they still end as each does
        alone. (A notice page's button led to a server error in German that no English
        words told apart, and the setting ended "unknown".)

        Each of these faults is also met here, so none has a run of its own. When this run
        fails, each is then met alone, and the failure says which fail alone and how, as
        their own tests would have, or that they fail only together."""
        faults = self.gotten_past()
        assert len(faults) > 1, "a flow gets past more than one fault"
        try:
            self.run_with_faults(make_site, faults)
        except AssertionError as together:
            raise AssertionError(self.alone(make_site, faults, together)) from together

    def alone(self, make_site, faults: set[str], together: AssertionError) -> str:
        """What a failure of every fault at once says: which faults fail alone, and how."""
        failed = {}
        for fault in sorted(faults):
            try:
                # a home of its own: nothing kept from the runs before it
                self.run_with_fault(make_site, fault, own_home=f"alone-{fault}")
            except AssertionError as error:
                failed[fault] = first_line(error)
        if not failed:
            return (f"{sorted(faults)} together: {first_line(together)}; each of them alone "
                    "passes, so it is their meeting that fails")
        return (f"{sorted(faults)} together: {first_line(together)}; alone, "
                + "; ".join(f"{fault} fails: {error}" for fault, error in failed.items()))


def first_line(error: AssertionError) -> str:
    """What a failed check says, in a line; a bare ``assert`` in this module (which pytest
    does not rewrite) says nothing, and its traceback is chained to the failure."""
    return next(iter(str(error).splitlines()), "") or "a check without a message failed"


class SwitchFlowContract(GetsPastFaults):
    platform: str = ""
    faults: dict[str, str] = {}
    #: what a run ends as that gets past every fault it meets (the value of ``faults``
    #: that says so)
    passed: str | dict[str, str] = "turned_off"
    #: account state for a run that starts with every setting off
    all_off_state: dict | None = None

    def default_state(self, site) -> dict:
        return site.state()

    def test_dry_run_changes_nothing(self, make_site):
        site = make_site(self.platform)
        before = site.state()
        result = site.run(dry_run=True)
        assert site.state() == before
        assert result.settings and all(s.outcome is Outcome.ON for s in result.settings
                                       if before.get(s.id) is True), explained(result)
        assert_never_false_done(result, site.state())
        for setting in result.settings:
            assert setting.before.value == ("on" if before[setting.id] else "off")
            assert all(Path(p).is_file() for p in setting.evidence)

    def test_apply_turns_off_and_reads_back(self, make_site):
        """Then a second run finds everything off and saves nothing (one browser run less
        than a test of its own that applies first)."""
        site = make_site(self.platform)
        result = site.run(dry_run=False)
        server = site.state()
        assert_never_false_done(result, server)
        assert all(s.outcome is Outcome.TURNED_OFF for s in result.settings), explained(result)
        assert not any(server.values()), server
        for setting in result.settings:
            assert (setting.before.value, setting.after.value) == ("on", "off")
            names = [Path(p).name for p in setting.evidence]
            assert any("before" in n for n in names) and any("after" in n for n in names)
            assert all(Path(p).stat().st_mode & 0o077 == 0 for p in setting.evidence)

        posts_before = [r for r in site.replica.requests if r[0] != "GET"]
        again = site.run(dry_run=False)
        posts_after = [r for r in site.replica.requests if r[0] != "GET"]
        assert all(s.outcome is Outcome.OFF for s in again.settings), outcomes(again)
        assert posts_after == posts_before, "nothing should be saved when already off"
        assert again.stats["logins"] == 0, "the kept session should be reused"

    def test_challenge_ends_needs_login(self, make_site):
        site = make_site(self.platform, faults={"challenge"})
        before = site.state()
        result = site.run(dry_run=False)
        assert all(s.outcome is Outcome.NEEDS_LOGIN for s in result.settings), explained(result)
        assert "optout login" in result.settings[0].detail
        assert site.state() == before

    def test_authenticator_code_passes_the_challenge(self, make_site):
        import pyotp

        site = make_site(self.platform, faults={"challenge"}, totp_secret=pyotp.random_base32())
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert all(s.outcome is Outcome.TURNED_OFF for s in result.settings), explained(result)

    def test_rejected_save_is_never_turned_off(self, make_site):
        site = make_site(self.platform, faults={"save_error"}, signed_in=True)
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert all(s.outcome is Outcome.ERROR for s in result.settings), explained(result)

    def run_with_fault(self, make_site, fault: str, own_home: str = "") -> None:
        expected = self.faults[fault]
        site = make_site(self.platform, faults={fault}, signed_in=fault in SWITCH_AFTER_SIGN_IN,
                         own_home=own_home)
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert_outcomes(result, expected)
        assert_says_why(result)

    def run_with_faults(self, make_site, faults: set[str]) -> None:
        site = make_site(self.platform, faults=faults)
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert_outcomes(result, self.passed)
        assert_says_why(result)


def assert_says_why(result: PlatformResult) -> None:
    """Every row says what happened and keeps the evidence it rests on."""
    for setting in result.settings:
        assert setting.detail, f"{setting.id} ({setting.outcome}) says nothing"
        assert setting.evidence, f"{setting.id} ({setting.outcome}) has no evidence"


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

        monkeypatch.setattr("optout_bot.runner.running_browser", refuse)
        monkeypatch.setattr("optout_bot.browser.find_browser", refuse)
        monkeypatch.setattr("playwright.async_api.async_playwright", refuse)

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


def only(result: PlatformResult):
    assert len(result.settings) == 1, result
    return result.settings[0]


def objection(result: PlatformResult):
    """The row of Meta's objection form (its sites also list other rows)."""
    return next(s for s in result.settings if s.id == SETTING_ID)


class MetaFormContract(GetsPastFaults):
    platform = ""
    passed = "requested"
    region: str | None = "EU"  # where the tool is told the account is (None: not told)
    faults = {
        "cookie_banner": "requested",
        "interstitial": "requested",
        "slow_render": "requested",
        "save_error": "error",
        "session_expired": "requested",
        "rate_limit": "error",
        "transient_error": "requested",
        "layout_variant": "requested",
        "language": "manual",
    }

    def sent(self, site) -> list[dict]:
        return list(site.replica.objections)

    def test_dry_run_sends_nothing(self, make_site):
        site = make_site(self.platform)
        setting = objection(site.run(dry_run=True, region=self.region))
        assert setting.outcome is Outcome.ON, setting.detail
        assert "offered" in setting.detail and "apply" in setting.detail
        assert self.sent(site) == [] and site.state()[SETTING_ID] is True
        assert setting.evidence and all(Path(p).is_file() for p in setting.evidence)

    def test_apply_sends_once_and_keeps_the_confirmation(self, make_site):
        site = make_site(self.platform)
        setting = objection(site.run(dry_run=False, region=self.region))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert "received your objection" in setting.detail
        sent = self.sent(site)
        assert len(sent) == 1 and sent[0]["reason"] == DEFAULT_REASON
        assert sent[0]["email"] == site.username, "the prefilled email is kept"
        names = [Path(p).name for p in setting.evidence]
        assert any("confirmation" in n for n in names), names
        assert all(Path(p).stat().st_mode & 0o077 == 0 for p in setting.evidence)

    def test_reason_comes_from_the_option(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False, region=self.region, reason="Please leave my photos out of it.")
        assert [o["reason"] for o in self.sent(site)] == ["Please leave my photos out of it."]

    def test_second_apply_does_not_send_again(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False, region=self.region)
        key = (self.platform, site.username, SETTING_ID)
        setting = objection(site.run(dry_run=False, region=self.region,
                                     previous={key: "requested"}))
        assert setting.outcome is Outcome.REQUESTED
        # Meta takes one objection per account: sending another is not suggested
        assert "Already sent" in setting.detail and "one objection" in setting.detail
        assert "--force" not in setting.detail
        assert len(self.sent(site)) == 1

    def test_site_says_already_sent(self, make_site):
        site = make_site(self.platform, objected=True)
        for dry_run in (True, False):
            setting = objection(site.run(dry_run=dry_run, region=self.region))
            assert setting.outcome is Outcome.REQUESTED, setting.detail
            assert "already submitted" in setting.detail
        assert self.sent(site) == []

    def test_force_sends_again(self, make_site):
        site = make_site(self.platform, objected=True)
        key = (self.platform, site.username, SETTING_ID)
        setting = objection(site.run(dry_run=False, region=self.region, force=True,
                                     previous={key: "requested"}))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert len(self.sent(site)) == 1

    def test_outside_the_eu_the_form_is_unavailable(self, make_site):
        site = make_site(self.platform, region="US")  # the tool is not told: the page says
        for dry_run in (True, False):
            setting = objection(site.run(dry_run=dry_run))
            assert setting.outcome is Outcome.UNAVAILABLE, setting.detail
            assert "EU/EEA and the UK" in setting.detail and "isn't available" in setting.detail
            assert setting.evidence
        assert self.sent(site) == []

    def test_emailed_code_without_a_terminal_is_manual(self, make_site):
        site = make_site(self.platform, faults={"emailed_code"})
        setting = objection(site.run(dry_run=False, region=self.region))
        assert setting.outcome is Outcome.MANUAL, setting.detail
        assert setting.url in setting.detail and "enter the code" in setting.detail
        assert setting.evidence and self.sent(site) == []

    def test_emailed_code_is_asked_for_at_a_terminal(self, make_site, monkeypatch):
        asked = []
        monkeypatch.setattr(click, "prompt", lambda text, **kw: asked.append(text) or "123456")
        site = make_site(self.platform, faults={"emailed_code"})
        setting = objection(site.run(dry_run=False, region=self.region, interactive=True))
        assert setting.outcome is Outcome.REQUESTED, setting.detail
        assert len(asked) == 1 and "code" in asked[0]
        assert len(self.sent(site)) == 1

    def test_challenge_at_sign_in_needs_login(self, make_site):
        for fault in ("challenge", "captcha"):
            site = make_site(self.platform, faults={fault})
            setting = objection(site.run(dry_run=False, region=self.region))
            assert setting.outcome is Outcome.NEEDS_LOGIN, (fault, setting.detail)
            assert f"optout login {self.platform}" in setting.detail
            assert self.sent(site) == []

    def run_with_fault(self, make_site, fault: str, own_home: str = "") -> None:
        site = make_site(self.platform, faults={fault}, signed_in=fault in AFTER_SIGN_IN,
                         own_home=own_home)
        self.ends_as(site, self.faults[fault])

    def run_with_faults(self, make_site, faults: set[str]) -> None:
        self.ends_as(make_site(self.platform, faults=faults), self.passed)

    def ends_as(self, site, expected: str) -> None:
        setting = objection(site.run(dry_run=False, region=self.region))
        assert setting.outcome.value == expected, setting.detail
        assert setting.detail and setting.evidence
        assert len(self.sent(site)) == (1 if expected == "requested" else 0)

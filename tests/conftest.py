"""Shared fixtures: a home per test, replica sites, and running a flow against them.

The browser is the Playwright pytest plugin's (``pytest-playwright-asyncio``): one Chromium
per test process, launched on pytest-asyncio's session event loop with the flags this
project launches Chromium with and the site override's resolver rules, so the plugin's
options (``--headed``, ``--browser-channel``, ``--slowmo``, ``--tracing``, ``--screenshot``,
``--output``) apply. The contexts a flow run opens are handed to the plugin's artifacts
recorder, so a failing test keeps their trace and a screenshot under ``--output``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext

from optout_bot import registry, runner
from optout_bot.accounts import Credentials
from optout_bot.browser import find_browser, launch_options
from optout_bot.home import Home, write_private
from optout_bot.outcomes import PlatformResult
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sandbox import Sandbox
from optout_bot.sandbox.base import Replica
from optout_bot.sites import SiteOverrides, parse_origin
from tests.traces import scrub_trace

REPO = Path(__file__).resolve().parents[1]
#: the longest a single browser call of a test may take before it fails
CALL_TIMEOUT_SECONDS = 300

T = TypeVar("T")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("optout", "optout-bot")
    group.addoption("--live", action="store_true", default=False,
                    help="Also run the live tests: dry runs against the real sites with "
                         "your own kept sessions or stored passwords.")
    group.addoption("--live-apply", action="store_true", default=False,
                    help="With --live, also apply: turn the settings off on the real sites.")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--live-apply") and not config.getoption("--live"):
        raise pytest.UsageError("--live-apply changes settings on the real sites, so it "
                                "needs --live as well.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--live"):
        return
    skip = pytest.mark.skip(reason="a live test: run with --live")
    for item in items:
        if item.get_closest_marker("live"):
            item.add_marker(skip)


TRACE_FOLDER = pytest.StashKey[Path]()
TRACE_SECRETS = pytest.StashKey[set[str]]()


@pytest.fixture(autouse=True)
def trace_secrets(request: pytest.FixtureRequest, output_path: str) -> set[str]:
    """What the test's kept traces must not hold besides what ``scrub_trace`` finds itself
    (its accounts' passwords and authenticator secrets): add to it."""
    request.node.stash[TRACE_FOLDER] = Path(output_path)
    secrets = request.node.stash[TRACE_SECRETS] = set()
    return secrets


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # outermost, so after the plugin has moved the traces of a failed test into its folder
    report = yield
    folder = item.stash.get(TRACE_FOLDER, None)
    if call.when == "teardown" and folder is not None and folder.is_dir():
        for trace in folder.glob("*.zip"):
            scrub_trace(trace, item.stash.get(TRACE_SECRETS, set()))
    return report


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home.resolve(tmp_path / "home").ensure()


@pytest_asyncio.fixture(scope="session")
async def site_overrides() -> AsyncIterator[SiteOverrides]:
    """A TLS front for every platform, each pointed at a replica by the test that runs it."""
    flows = registry.load().flows
    placeholder = parse_origin("http://127.0.0.1:9")
    overrides = await SiteOverrides({name: placeholder for name in flows},
                                    {name: f.hosts for name, f in flows.items()}).start()
    yield overrides
    await overrides.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict,
                             site_overrides: SiteOverrides) -> dict:
    """The plugin's launch options on top of optout's own: its Chromium, flags and hosts."""
    headed = browser_type_launch_args.get("headless") is False
    executable = (None if browser_type_launch_args.get("channel")
                  else find_browser(headed=headed))
    return {**launch_options(executable, headed, site_overrides.chromium_args()),
            **browser_type_launch_args}


@pytest_asyncio.fixture(scope="session")
async def session_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


class SharedBrowser:
    """The plugin's Chromium and the loop it runs on, for the synchronous tests.

    Every platform's hosts are mapped at launch to a TLS front; a test points the front of
    its platform at the replica it started (tests in one process run one at a time).
    """

    def __init__(self, browser: Browser, overrides: SiteOverrides,
                 loop: asyncio.AbstractEventLoop, new_context: Callable[..., Awaitable[Any]]):
        self.browser = browser
        self.overrides = overrides
        self.loop = loop
        #: the plugin's: a context whose trace and screenshots are kept if the test fails
        self.new_context = new_context

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` on the browser's loop, from a test (no loop running)."""
        return self.loop.run_until_complete(asyncio.wait_for(coro, CALL_TIMEOUT_SECONDS))

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Await ``coro`` on the browser's loop from any loop: the browser's own, or that of
        a CLI command inside a test, which then waits while a helper thread runs it."""
        if asyncio.get_running_loop() is self.loop:
            return await coro
        return await asyncio.to_thread(self.call, coro)

    def point(self, platform: str, origin: str) -> None:
        front = self.overrides.fronts[platform]
        front.origin = parse_origin(origin)
        front.problem = None  # a problem of the origin it pointed at before


@pytest.fixture
def shared_browser(browser: Browser, site_overrides: SiteOverrides,
                   session_loop: asyncio.AbstractEventLoop,
                   new_context: Callable[..., Awaitable[Any]]) -> SharedBrowser:
    return SharedBrowser(browser, site_overrides, session_loop, new_context)


class _Tracing:
    """A context's tracing, started without the screencast."""

    def __init__(self, tracing: Any):
        self._tracing = tracing

    async def start(self, **options: Any) -> None:
        await self._tracing.start(**{**options, "screenshots": False})

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tracing, name)


class _WithoutScreencast:
    """A context as the plugin's recorder sees it when it starts tracing: the trace keeps
    the DOM snapshot of every action, the network and the sources, but not the screencast
    of every frame, which cost the browser about a sixth of a flow test's CPU (figures in
    docs/benchmarks.md). The failure screenshot is kept as well."""

    def __init__(self, context: BrowserContext):
        self._context = context
        self.tracing = _Tracing(context.tracing)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


@pytest.fixture
def _artifacts_recorder(_artifacts_recorder: Any) -> Any:
    """The plugin's recorder, tracing every context it is handed without the screencast:
    those of a flow run (``context_watcher``) and the plugin's own ``page``/``new_context``."""
    start = _artifacts_recorder.on_did_create_browser_context

    async def on_did_create_browser_context(context: BrowserContext) -> None:
        await start(_WithoutScreencast(context))

    _artifacts_recorder.on_did_create_browser_context = on_did_create_browser_context
    return _artifacts_recorder


class PluginArtifacts:
    """Hands the contexts a flow run opens to the plugin's artifacts recorder, which traces
    them and, when the test fails, keeps the trace and a screenshot of each page."""

    def __init__(self, recorder: Any):
        self.recorder = recorder

    async def opened(self, context: BrowserContext) -> None:
        await self.recorder.on_did_create_browser_context(context)

    async def closing(self, context: BrowserContext) -> None:
        await self.recorder.on_will_close_browser_context(context)


@pytest.fixture
def context_watcher(_artifacts_recorder: Any) -> PluginArtifacts:
    return PluginArtifacts(_artifacts_recorder)


#: where a platform the test gave no origin for is sent: nothing answers there, as the
#: real site does not from a machine without network
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def cli_browser(shared_browser: SharedBrowser, context_watcher: PluginArtifacts,
                monkeypatch: pytest.MonkeyPatch) -> SharedBrowser:
    """CLI commands run inside the test (``run_main``) drive the plugin's browser instead of
    launching one, with their ``--site`` origins behind its fronts, and are traced as well.
    A run on a remote or headed browser is what its test is about: it starts its own."""
    real_run_flows = runner.run_flows

    async def run_flows(flows, home, options, on_result=None, browser=None, overrides=None):
        if browser is not None or options.connect or options.headed:
            return await real_run_flows(flows, home, options, on_result, browser, overrides)
        for flow in flows:
            origin = options.sites.get(flow.name)
            shared_browser.point(flow.name, origin.url if origin else NOWHERE)
        if options.context_watcher is None:
            options.context_watcher = context_watcher
        return await shared_browser.run(real_run_flows(
            flows, home, options, on_result, browser=shared_browser.browser,
            overrides=shared_browser.overrides))

    monkeypatch.setattr(runner, "run_flows", run_flows)
    return shared_browser


@dataclass
class KeptSession:
    """A signed-in browser state and the replica's record of that session."""

    state: str
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    """One platform's replica with one account, and a way to run the real flow at it."""

    platform: str
    sandbox: Sandbox
    home: Home
    username: str
    password: str
    shared: SharedBrowser
    totp_secret: str = ""
    watcher: PluginArtifacts | None = None

    @property
    def replica(self) -> Replica:
        return self.sandbox.replicas[self.platform]

    @property
    def origin(self) -> str:
        return self.sandbox.sites[self.platform]

    def state(self) -> dict:
        return dict(self.replica.settings_of(self.username))

    def run(self, dry_run: bool = True, **options) -> PlatformResult:
        flow = registry.load().flows[self.platform]
        creds = Credentials(self.username, self.password, self.totp_secret, source="test")
        options.setdefault("context_watcher", self.watcher)
        run_options = RunOptions(dry_run=dry_run, sites={self.platform: parse_origin(self.origin)},
                                 credentials={self.platform: creds}, **options)
        self.shared.point(self.platform, self.origin)
        results = self.shared.call(run_flows([flow], self.home, run_options,
                                             browser=self.shared.browser,
                                             overrides=self.shared.overrides))
        assert len(results) == 1
        return results[0]

    @property
    def state_file(self) -> Path:
        return self.home.profile_dir(self.platform, self.username) / "state.json"

    def keep(self) -> KeptSession:
        """This account's kept session after a run, and the replica's tokens for it."""
        with self.replica.lock:
            tokens = {t: u for t, u in self.replica.sessions.items() if u == self.username}
        return KeptSession(self.state_file.read_text(), tokens)

    def resume(self, kept: KeptSession) -> None:
        """Start signed in: the replica knows the session, the home keeps its state."""
        with self.replica.lock:
            self.replica.sessions.update(kept.tokens)
        write_private(self.state_file, kept.state)


class ReplicaServers:
    """One replica server per platform for the whole test process; each site gets a fresh
    replica behind it, so no test sees another's accounts, faults or requests."""

    def __init__(self) -> None:
        self.sandboxes: dict[str, Sandbox] = {}
        self.sessions: dict[tuple[str, str, str], KeptSession] = {}

    def fresh(self, platform: str) -> Sandbox:
        sandbox = self.sandboxes.get(platform)
        if sandbox is None:
            sandbox = self.sandboxes[platform] = Sandbox([platform]).start()
        else:
            sandbox.renew(platform)
        return sandbox

    def stop(self) -> None:
        for sandbox in self.sandboxes.values():
            sandbox.stop()


@pytest.fixture(scope="session")
def replica_servers() -> Iterator[ReplicaServers]:
    servers = ReplicaServers()
    yield servers
    servers.stop()


@pytest.fixture
def make_site(home: Home, shared_browser: SharedBrowser, replica_servers: ReplicaServers,
              context_watcher: PluginArtifacts, tmp_path: Path, trace_secrets: set[str]):
    """``make_site("linkedin", faults={"captcha"}, **account_state)`` -> a running Site.

    ``signed_in=True`` starts it from a kept session, made once per replica account by a
    dry run in a home of its own, for tests of what happens after signing in.
    ``own_home="name"`` runs it in a home of that name instead of the test's, for a test
    that makes more than one site of one account and wants nothing kept between them.
    """

    def make(platform: str, faults: set[str] | None = None, password: str = "s3cret-Pa55",
             username: str | None = None, signed_in: bool = False, own_home: str = "",
             **state) -> Site:
        username = username or f"person-{platform}@example.com"
        trace_secrets.update((password, state.get("totp_secret", "")))

        def new_site(site_home: Home) -> Site:
            sandbox = replica_servers.fresh(platform)
            sandbox.replicas[platform].add_account(username, password, **state)
            return Site(platform, sandbox, site_home, username, password, shared_browser,
                        state.get("totp_secret", ""), context_watcher)

        site_home = Home.resolve(tmp_path / own_home).ensure() if own_home else home
        if signed_in:
            key = (platform, username, json.dumps(state, sort_keys=True, default=str))
            if key not in replica_servers.sessions:
                scratch = new_site(Home.resolve(tmp_path / "sign-in").ensure())
                scratch.run(dry_run=True)
                replica_servers.sessions[key] = scratch.keep()
            site = new_site(site_home)
            site.resume(replica_servers.sessions[key])
        else:
            site = new_site(site_home)
        if faults:
            site.replica.set_faults(set(faults))
        return site

    return make


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "fault" in metafunc.fixturenames and metafunc.cls is not None:
        single = getattr(metafunc.cls, "single_faults", None)
        faults = single() if single else sorted(getattr(metafunc.cls, "faults", {}))
        metafunc.parametrize("fault", faults)

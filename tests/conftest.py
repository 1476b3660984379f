"""Shared fixtures: a home per test, replica sites, and running a flow against them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from optout_bot import registry
from optout_bot.accounts import Credentials
from optout_bot.home import Home
from optout_bot.outcomes import PlatformResult
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sandbox import Sandbox
from optout_bot.sandbox.base import Replica
from optout_bot.sites import parse_origin

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home.resolve(tmp_path / "home").ensure()


class SharedBrowser:
    """One Chromium for the whole test session, driven from its own event-loop thread.

    Every platform's hosts are mapped at launch to a TLS front; a test points the front of
    its platform at the replica it started (tests in one process run one at a time).
    """

    def __init__(self) -> None:
        import threading

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.call(self._start())

    def call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=300)

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        from optout_bot.browser import find_browser, launch_options
        from optout_bot.sites import SiteOverrides

        flows = registry.load().flows
        placeholder = parse_origin("http://127.0.0.1:9")
        self.overrides = await SiteOverrides({name: placeholder for name in flows},
                                             {name: f.hosts for name, f in flows.items()}).start()
        self.playwright = await async_playwright().start()
        self.browser = await self.playwright.chromium.launch(
            **launch_options(find_browser(), False, self.overrides.chromium_args()))

    async def _stop(self) -> None:
        await self.browser.close()
        await self.playwright.stop()
        await self.overrides.close()

    def point(self, platform: str, origin: str) -> None:
        self.overrides.fronts[platform].origin = parse_origin(origin)

    def stop(self) -> None:
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture(scope="session")
def shared_browser():
    browser = SharedBrowser()
    yield browser
    browser.stop()


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
        run_options = RunOptions(dry_run=dry_run, sites={self.platform: parse_origin(self.origin)},
                                 credentials={self.platform: creds}, **options)
        self.shared.point(self.platform, self.origin)
        results = self.shared.call(run_flows([flow], self.home, run_options,
                                             browser=self.shared.browser,
                                             overrides=self.shared.overrides))
        assert len(results) == 1
        return results[0]


@pytest.fixture
def make_site(home: Home, shared_browser: SharedBrowser):
    """``make_site("linkedin", faults={"captcha"}, **account_state)`` -> a running Site."""
    started: list[Sandbox] = []

    def make(platform: str, faults: set[str] | None = None, password: str = "s3cret-Pa55",
             username: str | None = None, **state) -> Site:
        sandbox = Sandbox([platform]).start()
        started.append(sandbox)
        username = username or f"person-{platform}@example.com"
        sandbox.replicas[platform].add_account(username, password, **state)
        if faults:
            sandbox.replicas[platform].set_faults(set(faults))
        return Site(platform, sandbox, home, username, password, shared_browser,
                    state.get("totp_secret", ""))

    yield make
    for sandbox in started:
        sandbox.stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "fault" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("fault", sorted(getattr(metafunc.cls, "faults", {})))

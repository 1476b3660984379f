"""Every flow against its real site, with your own account: the check after a redesign.

Skipped unless ``pytest --live``. Each test is a dry run with the account's kept session
(``optout login P --browser``; the only way for a site signed in to by hand) or its stored
password (``optout login P``, or the ``OPTOUT_<P>_USERNAME``/``_PASSWORD`` environment
variables), in the home ``optout`` uses (``OPTOUT_HOME`` or the default). It passes when
every setting was found and its state read, whatever that state is. Only with
``--live-apply`` as well does it turn the settings off, and then every one must read back
off. A platform with no setting on its site (its rows are facts) is checked by reading
every policy page those facts rest on, as ``optout policies check`` does.

The runs launch the browser ``optout`` uses, not the plugin's: the plugin's is pointed at
the replicas. No Playwright trace is recorded: a trace of a real site holds the session
cookies and what was typed. The run's own evidence (screenshots, password fields masked)
is in the home.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from optout_bot.flows.deviantart import DEVIATION_ENV

from optout_bot import registry
from optout_bot.accounts import accounts_to_run, credentials_for
from optout_bot.declarations import FORM
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, State
from optout_bot.policywatch import PolicyFetchError, fetch_policy_texts
from optout_bot.runner import RunOptions, run_flows
from optout_bot.session_state import load_session

pytestmark = pytest.mark.live

FLOWS = registry.load().flows
#: outcomes that mean the setting was not found or not read
NOT_READ = {Outcome.UNKNOWN, Outcome.ERROR, Outcome.NEEDS_LOGIN}
#: a run at a real site may wait on slow pages and retries, but not forever
RUN_TIMEOUT_SECONDS = 600


def reads_the_site(flow: Flow) -> bool:
    """Whether a run reads a setting on the site (in a browser or by a public check)."""
    return any(flow.result_for(setting) is None for setting in flow.settings)


def has_account(home: Home, platform: str) -> bool:
    """Whether a kept session or a stored password exists for the platform."""
    for account in accounts_to_run(home, platform):
        creds = credentials_for(platform, account)
        name = account or (creds.username if creds else "default")
        if creds or load_session(home, platform, name):
            return True
    return False


@pytest.fixture(scope="module")
def live_home() -> Home:
    return Home.resolve().ensure()


def run_live(flow: Flow, home: Home, dry_run: bool, headed: bool) -> list[PlatformResult]:
    options = RunOptions(dry_run=dry_run, headed=headed, interactive=headed)
    return asyncio.run(asyncio.wait_for(run_flows([flow], home, options),
                                        RUN_TIMEOUT_SECONDS))


def unread(result: PlatformResult) -> list[str]:
    """The settings of a result that were not found or whose state was not read."""
    missing = []
    for setting in result.settings:
        if setting.outcome in NOT_READ:
            missing.append(f"{setting.id}: {setting.outcome} ({setting.detail})")
        elif setting.kind != FORM and setting.before is State.UNKNOWN and (
                setting.outcome not in (Outcome.UNAVAILABLE, Outcome.MANUAL)):
            missing.append(f"{setting.id}: its state was not read ({setting.detail})")
    return missing


def unread_policies(flow: Flow, headed: bool) -> list[str]:
    """The platform's watched policy pages that could not be read, and why."""
    options = RunOptions(headed=headed)
    texts = asyncio.run(asyncio.wait_for(
        fetch_policy_texts({flow.name: flow.policies}, options), RUN_TIMEOUT_SECONDS))
    return [f"{doc}: {text}" for doc, text in texts.get(flow.name, {}).items()
            if isinstance(text, PolicyFetchError) or not text.strip()]


@pytest.mark.parametrize("platform", sorted(FLOWS))
def test_every_setting_is_found_and_read(platform: str, live_home: Home,
                                         pytestconfig: pytest.Config) -> None:
    flow = FLOWS[platform]
    headed = pytestconfig.getoption("--headed")
    if not reads_the_site(flow):
        if not flow.policies:
            pytest.skip(f"{flow.title} has nothing on its site to read")
        missing = unread_policies(flow, headed)
        assert not missing, missing
        return
    if flow.needs_account and not has_account(live_home, platform):
        how = " --browser" if flow.sign_in.by_hand else ""
        pytest.skip(f"no account for {flow.title}: run 'optout login {platform}{how}' first")
    if platform == "deviantart" and not os.environ.get(DEVIATION_ENV):
        pytest.skip(f"set {DEVIATION_ENV} to the address of one of your deviations")
    apply = pytestconfig.getoption("--live-apply")
    results = run_live(flow, live_home, dry_run=not apply, headed=headed)
    assert results, f"nothing was run for {flow.title}"
    for result in results:
        assert result.settings, (result.account, result.error)
        assert not unread(result), (result.account, unread(result))
        if apply:
            still_on = [s.id for s in result.settings if s.outcome is Outcome.ON]
            assert not still_on, (result.account, still_on)

"""DeviantArt: a login-free read of a deviation page's ``noai``, no browser, no account."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from optout_bot.flows.deviantart import DEVIATION_ENV, read_noai

from optout_bot import registry
from optout_bot.options import RunOptions
from optout_bot.outcomes import Outcome, State, exit_code
from optout_bot.runner import run_flows
from optout_bot.sandbox.base import ReplicaServer
from optout_bot.sandbox.deviantart import DeviantArtReplica
from optout_bot.sites import parse_origin
from tests.flows.contract import NoBrowser, get, links

ARTIST = "ada@example.com"
PAGE = "https://www.deviantart.com/ada/art/First-Light-1001"


@pytest.fixture
def served() -> Iterator[tuple[DeviantArtReplica, ReplicaServer]]:
    replica = DeviantArtReplica()
    replica.add_account(ARTIST, "unused")
    server = ReplicaServer(replica).start()
    yield replica, server
    server.stop()


def check(home, served, monkeypatch, page: str | None = PAGE):
    """One run of the DeviantArt flow against the replica, without a browser."""
    if page is None:
        monkeypatch.delenv(DEVIATION_ENV, raising=False)
    else:
        monkeypatch.setenv(DEVIATION_ENV, page)
    flow = registry.load().flows["deviantart"]
    options = RunOptions(dry_run=False, credentials={},
                         sites={"deviantart": parse_origin(served[1].origin)})
    results = asyncio.run(run_flows([flow], home, options, browser=NoBrowser()))
    assert len(results) == 1 and len(results[0].settings) == 1
    return results[0]


def test_a_page_marked_noai_is_off_with_the_page_kept(home, served, monkeypatch):
    result = check(home, served, monkeypatch)
    setting = result.settings[0]
    assert setting.outcome is Outcome.OFF and exit_code([result]) == 0
    kept = json.loads(Path(setting.evidence[0]).read_text())
    assert kept["url"] == PAGE and kept["says"] == "off" and "noai" in kept["body"]


def test_an_opted_in_artist_is_on_with_what_to_do(home, served, monkeypatch):
    served[0].settings_of(ARTIST)["noai"] = True
    result = check(home, served, monkeypatch)
    setting = result.settings[0]
    assert setting.outcome is Outcome.ON and exit_code([result]) == 1
    assert "https://www.deviantart.com/settings/general" in setting.detail
    assert setting.evidence


@pytest.mark.parametrize("fault", ["rate_limit", "transient_error"])
def test_an_unreadable_page_is_unknown(home, served, monkeypatch, fault):
    served[0].set_faults({fault})
    setting = check(home, served, monkeypatch).settings[0]
    assert setting.outcome is Outcome.UNKNOWN and "HTTP" in setting.detail


def test_an_unknown_page_is_never_off(home, served, monkeypatch):
    setting = check(home, served, monkeypatch,
                    "https://www.deviantart.com/nobody/art/Gone-1").settings[0]
    assert setting.outcome is Outcome.UNKNOWN and "HTTP 404" in setting.detail


@pytest.mark.parametrize("page", [None, "https://example.com/ada/art/x-1",
                                  "https://www.deviantart.com/ada"])
def test_without_a_deviation_named_it_says_what_to_give(home, served, monkeypatch, page):
    setting = check(home, served, monkeypatch, page).settings[0]
    assert setting.outcome is Outcome.MANUAL and DEVIATION_ENV in setting.detail
    assert not setting.evidence


def test_noai_reader():
    assert read_noai('<html><head><meta name="robots" content="noai, noimageai">') is State.OFF
    assert read_noai('<html><head><meta name="ROBOTS" content="NoAI">') is State.OFF
    assert read_noai('<html><head><meta name="robots" content="noimageai">') is State.ON
    assert read_noai("<html><head><title>Art</title></head></html>") is State.ON
    assert read_noai('{"error": "not html"}') is State.UNKNOWN


def test_replica_serves_every_linked_page(served):
    for url in links(registry.load().flows["deviantart"]):
        if url.endswith("/settings/general"):
            continue  # behind DeviantArt's sign-in; the flow only names it
        assert get(served[1], url)[0] == 200, url

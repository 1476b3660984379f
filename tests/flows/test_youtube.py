"""YouTube: the by-hand switch contract on an account whose two channels opted in, a new
channel found off by a read, one row per channel, and the second read-back through
YouTube's public API for each channel."""

import json
from pathlib import Path

import pytest
from optout_bot.flows.youtube import API_KEY_ENV, VIDEO_ENV, read_trainability, video_id

from optout_bot.outcomes import State
from optout_bot.sandbox.youtube import SETTING, YouTubeReplica, key_of, video_of
from tests.flows.by_hand import ByHandSwitchContract
from tests.flows.contract import assert_never_false_done, outcomes

KEY = "AIza-test-key-kept-secret"


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(API_KEY_ENV, KEY)


def channels(site) -> list[str]:
    return [c for c, _ in site.replica.accounts[site.username]["channels"]]


def public_check(setting) -> dict:
    found = [p for p in setting.evidence if p.endswith("-public.json")]
    assert len(found) == 1, setting.evidence
    return json.loads(Path(found[0]).read_text())


class TestYouTube(ByHandSwitchContract):
    platform = "youtube"
    faults = {
        "cookie_banner": "turned_off",
        "interstitial": "turned_off",
        "slow_render": "turned_off",
        "save_not_persisted": "error",
        "session_expired": "needs_login",
        "rate_limit": "error",
        "transient_error": "turned_off",
        "layout_variant": "turned_off",
        "language": "unknown",
        # the API still says "permitted": within YouTube's 7 days it is said, not an error
        "api_lag": "turned_off",
    }

    @pytest.fixture(autouse=True)
    def opted_in(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A channel that opted in (the contract turns it off), unless a test says not."""
        monkeypatch.setattr(YouTubeReplica, "settings_defaults", lambda self: {SETTING: True})

    def test_a_new_channel_is_off_after_a_read(self, make_site):
        site = make_site(self.platform, opted_in=False, channels=["Ada"])
        result = site.run(dry_run=True)
        assert outcomes(result) == {key_of(channels(site)[0]): "off"}
        assert result.settings[0].before is State.OFF
        assert result.settings[0].label.endswith("(Ada)")

    def test_each_channel_is_its_own_row_with_its_own_public_check(self, make_site):
        site = make_site(self.platform, channels=["Ada", "Ada Music", "Ada Live"])
        first, second, third = channels(site)
        site.replica.settings_of(site.username)[key_of(second)] = False
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == {key_of(first): "turned_off", key_of(second): "off",
                                    key_of(third): "turned_off"}
        for setting, channel in zip(result.settings, (first, second, third), strict=True):
            assert f"/channel/{channel}/settings" in setting.url
            kept = public_check(setting)
            assert kept["says"] == "off" and f"id={video_of(channel)}" in kept["url"]

    def test_an_account_without_a_channel_has_nothing_to_switch(self, make_site):
        site = make_site(self.platform, channels=[])
        result = site.run(dry_run=False)
        assert outcomes(result) == {SETTING: "unavailable"}
        assert "no YouTube channel" in result.settings[0].detail

    def test_without_a_channel_list_the_channel_studio_opens_is_read(self, make_site,
                                                                     monkeypatch):
        monkeypatch.setattr(YouTubeReplica, "channel_switcher",
                            lambda self, request, user: self.not_found(request, user))
        site = make_site(self.platform)
        monkeypatch.setenv(VIDEO_ENV, video_of(channels(site)[0]))
        result = site.run(dry_run=False)
        assert outcomes(result) == {SETTING: "turned_off"}
        assert public_check(result.settings[0])["says"] == "off"

    def test_the_public_api_agrees_and_is_kept_without_the_key(self, make_site):
        site = make_site(self.platform, channels=["Ada"])
        result = site.run(dry_run=False)
        setting = result.settings[0]
        assert outcomes(result) == {key_of(channels(site)[0]): "turned_off"}
        kept = public_check(setting)
        assert kept["says"] == "off" and json.loads(kept["body"])["permitted"] == []
        assert kept["url"].startswith("https://www.googleapis.com/youtube/v3/videoTrainability")
        assert KEY not in json.dumps(kept) and "key=********" in kept["url"]
        assert "public check agrees" in setting.detail

    def test_a_lagging_api_is_said_not_hidden(self, make_site):
        site = make_site(self.platform, faults={"api_lag"}, channels=["Ada"])
        setting = site.run(dry_run=False).settings[0]
        assert public_check(setting)["says"] == "on"
        assert "up to 7 days" in setting.detail

    def test_without_a_key_the_check_is_skipped_and_said(self, make_site, monkeypatch):
        monkeypatch.delenv(API_KEY_ENV)
        site = make_site(self.platform, channels=["Ada"])
        setting = site.run(dry_run=False).settings[0]
        assert outcomes_of(setting) == "turned_off"
        assert "skipped" in setting.detail and API_KEY_ENV in setting.detail
        assert not [p for p in setting.evidence if p.endswith("-public.json")]


def outcomes_of(setting) -> str:
    return setting.outcome.value


@pytest.mark.parametrize(("value", "found"), [
    ("dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3", "dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ("https://www.youtube.com/@someone", None),
    ("", None),
])
def test_video_ids(value, found):
    assert video_id(value) == found


def test_trainability_reader():
    assert read_trainability('{"videoId": "a", "permitted": []}') is State.OFF
    assert read_trainability('{"videoId": "a", "permitted": ["all"]}') is State.ON
    assert read_trainability('{"error": {"code": 403}}') is State.UNKNOWN
    assert read_trainability("<html>") is State.UNKNOWN

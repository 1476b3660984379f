"""The second, login-free read-back: reading public signals, judging, keeping, reporting."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from optout_bot.home import Home
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.public_check import (
    PublicCheck,
    PublicReading,
    judge,
    keep,
    request_for,
    robots_disallow,
    shown_url,
)
from optout_bot.receipts import verify
from optout_bot.report import build_context
from optout_bot.sandbox.wordpress import AI_BOTS
from optout_bot.sites import parse_origin
from optout_bot.store import Store
from tests.test_store import fake_result

BOTS = ("GPTBot", "CCBot", "ClaudeBot")
BLOCKED = "User-agent: *\nDisallow: /wp-admin/\n\n" + "".join(
    f"User-agent: {bot}\nDisallow: /\n\n" for bot in AI_BOTS)
ROBOTS = PublicCheck("the robots.txt of ada.example", "https://ada.example/robots.txt",
                     robots_disallow(BOTS))
WEEK = PublicCheck("YouTube's public API", "https://www.googleapis.com/youtube/v3/"
                   "videoTrainability?id=abc&key=SECRET-KEY", lambda text: State.ON,
                   delay=datetime.timedelta(days=7), hidden=("key",))


def reading(state: State) -> PublicReading:
    return PublicReading("x", "https://x", "2026-12-01T09:00:00+00:00", 200, state)


def result(outcome: Outcome) -> SettingResult:
    return SettingResult("s", "Setting", "https://x", "switch", outcome=outcome,
                         detail="Read back.")


def test_robots_txt_that_turns_every_ai_crawler_away_says_off():
    read = robots_disallow(BOTS)
    assert read(BLOCKED) is State.OFF
    assert read("User-agent: *\nDisallow: /\n") is State.OFF  # the whole site is closed
    assert read("User-agent: GPTBot\nDisallow: /\n") is State.ON  # CCBot may crawl
    assert read("User-agent: *\nDisallow: /wp-admin/\n") is State.ON
    assert read("") is State.ON
    assert read("<!doctype html><html><p>Not found</p></html>") is State.UNKNOWN


def test_an_api_key_never_reaches_the_evidence(tmp_path: Path):
    assert "SECRET-KEY" not in shown_url(WEEK)
    assert "key=********" in shown_url(WEEK)
    kept = PublicReading(WEEK.name, shown_url(WEEK), "2026-12-01T09:00:00+00:00", 200,
                         State.OFF, body="{}")
    path = Path(keep(kept, tmp_path, "third-party-training:UC1"))
    assert "SECRET-KEY" not in path.read_text()
    assert path.stat().st_mode & 0o077 == 0


def test_an_override_sends_the_request_to_the_origin_with_the_real_host():
    request = request_for("https://ada.example/robots.txt?x=1",
                          parse_origin("http://127.0.0.1:8123"))
    assert request.full_url == "http://127.0.0.1:8123/robots.txt?x=1"
    assert request.get_header("Host") == "ada.example"
    assert request_for(ROBOTS.url, None).full_url == ROBOTS.url


def test_agreement_keeps_the_outcome_and_says_so():
    found = result(Outcome.TURNED_OFF)
    judge(found, ROBOTS, reading(State.OFF))
    assert found.outcome is Outcome.TURNED_OFF and "public check agrees" in found.detail


def test_disagreement_without_a_delay_is_an_error():
    for outcome in (Outcome.OFF, Outcome.TURNED_OFF):
        found = result(outcome)
        judge(found, ROBOTS, reading(State.ON))
        assert found.outcome is Outcome.ERROR and "still says" in found.detail


def test_disagreement_within_the_stated_delay_is_only_said():
    found = result(Outcome.TURNED_OFF)
    judge(found, WEEK, reading(State.ON))
    assert found.outcome is Outcome.TURNED_OFF and "up to 7 days" in found.detail
    found = result(Outcome.OFF)  # when it was turned off is not known: not held to it
    judge(found, WEEK, reading(State.ON))
    assert found.outcome is Outcome.OFF


def test_disagreement_after_the_stated_delay_is_an_error():
    found = result(Outcome.OFF)
    eight_days_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=8)
    judge(found, WEEK, reading(State.ON), changed_at=eight_days_ago)
    assert found.outcome is Outcome.ERROR


def test_a_public_signal_never_makes_anything_off():
    for outcome in (Outcome.ON, Outcome.UNKNOWN, Outcome.ERROR, Outcome.MANUAL):
        found = result(outcome)
        judge(found, ROBOTS, reading(State.OFF))
        assert found.outcome is outcome and found.detail == "Read back."


def test_unreadable_signal_changes_nothing_and_says_why():
    found = result(Outcome.TURNED_OFF)
    unread = reading(State.UNKNOWN)
    unread.problem = "the address answered HTTP 503"
    judge(found, ROBOTS, unread)
    assert found.outcome is Outcome.TURNED_OFF and "HTTP 503" in found.detail


def test_report_shows_the_public_check_and_the_history_hashes_it(tmp_path: Path):
    home = Home(tmp_path / "home").ensure()
    with Store.open(home) as store:
        run_id = store.begin_run("apply", False, "0.1.0")
        platform = fake_result(home, run_id, "wordpress")
        kept = PublicReading(ROBOTS.name, ROBOTS.url, "2026-12-01T09:00:00+00:00", 200,
                             State.OFF, body=BLOCKED)
        folder = home.evidence_dir(run_id, "wordpress", "me@example.com")
        platform.settings[0].evidence.append(keep(kept, folder, platform.settings[0].id))
        store.record_platform(run_id, platform)
        store.finish_run(run_id, 0)
        row = build_context(store)["platforms"][0]["settings"][0]["rows"][0]
        assert row["public_checks"] == [{
            "name": ROBOTS.name, "url": ROBOTS.url, "fetched_at": "2026-12-01 09:00 UTC",
            "says": "your data is kept out", "problem": "", "body": BLOCKED}]
        assert verify(store).ok
        path = Path(platform.settings[0].evidence[-1])
        path.write_text(json.dumps({**kept.to_json(), "says": "on"}))
        assert not verify(store).ok, "a changed public check must fail the verification"

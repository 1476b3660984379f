"""A request (an objection form) sent once stays proven: later runs that only note it was
already sent point at the form and confirmation screenshots, and prune never removes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from optout_bot.cli import cli
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.report import build_context
from optout_bot.store import Store
from tests.test_store import cli_home, tiny_png

SENT_AT = "2026-01-10T09:00:00+00:00"
AGAIN_AT = "2026-11-20T09:00:00+00:00"


def objection(home: Home, run_id: str, when: str, with_proof: bool) -> PlatformResult:
    evidence = []
    if with_proof:
        folder = home.evidence_dir(run_id, "facebook", "me@example.com")
        for name in ("ai-objection-1-form.png", "ai-objection-2-confirmation.png"):
            (folder / name).write_bytes(tiny_png())
            evidence.append(str(folder / name))
    detail = "Objection sent." if with_proof else "Already sent on an earlier run."
    setting = SettingResult("ai-objection", "Object to AI training", "https://facebook.com/x",
                            "form", before=State.ON, after=State.UNKNOWN,
                            outcome=Outcome.REQUESTED, detail=detail, evidence=evidence,
                            started_at=when, finished_at=when)
    result = PlatformResult("facebook", "me@example.com", False, settings=[setting],
                            flow_version="1", started_at=when, finished_at=when)
    result.summarise()
    return result


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    return cli_home(tmp_path, monkeypatch)


@pytest.fixture
def runs(home: Home) -> dict[str, str]:
    ids = {}
    with Store.open(home) as store:
        for name, when, proof in (("sent", SENT_AT, True), ("again", AGAIN_AT, False)):
            ids[name] = store.begin_run("apply", False, "0.1.0")
            store.record_platform(ids[name], objection(home, ids[name], when, proof))
            store.finish_run(ids[name], 0)
    return ids


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    return result.return_value, result.output


def test_status_points_a_request_at_the_run_that_sent_it(home: Home, runs: dict) -> None:
    code, output = invoke("status", "--json")
    [state] = json.loads(output)["settings"]
    assert state["run_id"] == runs["again"] and state["outcome"] == "requested"
    assert state["evidence_run_id"] == runs["sent"]
    assert [Path(p).name for p in state["evidence"]] == ["ai-objection-1-form.png",
                                                         "ai-objection-2-confirmation.png"]
    code, output = invoke("status", "--details")  # evidence files are listed with --details
    assert f"evidence/{runs['sent']}/facebook" in output and "none" not in output


def test_the_report_shows_the_proof_of_a_request(home: Home, runs: dict) -> None:
    with Store.open(home) as store:
        [platform] = build_context(store)["platforms"]
    [setting] = platform["settings"]
    newest = setting["rows"][0]
    assert newest["run_id"] == runs["again"]
    assert all(shot.uri and shot.uri.startswith("data:image/png") for shot in newest["shots"])


def test_prune_keeps_the_proof_and_says_why(home: Home, runs: dict) -> None:
    code, output = invoke("prune", "--keep-days", "0")
    assert code == 0
    assert "No evidence older than 0 days to remove." in output
    assert "2 files that prove an objection form was sent" in output
    assert len(list(home.root.joinpath("evidence", runs["sent"]).rglob("*.png"))) == 2
    code, output = invoke("prune", "--keep-days", "0", "--json")
    assert json.loads(output)["kept"] == {"request": 2, "newest": 0}


def test_a_run_result_points_at_the_proof_it_rests_on(home: Home, runs: dict) -> None:
    from optout_bot.commands.run import Recorder

    recorder = Recorder(home, "apply", False)
    result = objection(home, recorder.run_id, AGAIN_AT, with_proof=False)
    recorder.record(result)
    recorder.finish(0)
    assert [Path(p).name for p in result.settings[0].evidence] == [
        "ai-objection-1-form.png", "ai-objection-2-confirmation.png"]

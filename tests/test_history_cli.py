"""``optout status | history | prune`` as a person sees them: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from optout_bot.cli import cli, main
from optout_bot.home import Home
from optout_bot.store import Store
from tests.test_store import cli_home, record_three_runs


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    return cli_home(tmp_path, monkeypatch)


@pytest.fixture
def runs(home: Home) -> dict[str, str]:
    return record_three_runs(home)


def invoke(*args: str) -> tuple[int, str]:
    """Run a command; its exit code is what it returns (as ``main`` would exit with)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    return result.return_value, result.output


def exit_code(*args: str) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return stopped.value.code


def test_status_on_a_new_home_says_nothing_was_checked(home: Home) -> None:
    code, output = invoke("status")
    assert code == 0
    assert output == "Nothing has been checked yet. Run 'optout check' to read your settings.\n"


def test_status_at_120_columns_is_one_line_per_setting(home: Home, runs: dict,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, output = invoke("status")
    assert code == 0
    assert output.splitlines()[:4] == [
        "Platform  Account         Setting                      State  Result"
        "                  Read back (UTC)",
        "LinkedIn  me@example.com  Use my data for ai-training  off    turned off"
        "              2026-11-20 09:00",
        "LinkedIn  me@example.com  Use my data for sharing      off    off"
        "                     2026-01-10 09:00",
        "X         me@example.com  Use my data for grok         on     ON - data used (check)"
        "  2026-11-21 09:00",
    ]
    assert output.splitlines()[4:7] == [
        "", "To do:", "  X: 1 setting still on. Run 'optout apply x' to turn it off."]
    assert " ".join(output.splitlines()[8:]) == (
        f"Evidence files are in {home.root} (which file is whose: 'optout status --details').")


def test_status_at_80_columns_puts_the_account_above_its_settings(
        home: Home, runs: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, output = invoke("status")
    assert output.splitlines()[:6] == [
        "   Setting                      State  Result                  Read back (UTC)",
        "LinkedIn: me@example.com",
        "   Use my data for ai-training  off    turned off              2026-11-20 09:00",
        "   Use my data for sharing      off    off                     2026-01-10 09:00",
        "X: me@example.com",
        "   Use my data for grok         on     ON - data used (check)  2026-11-21 09:00",
    ]
    assert all(len(line) <= 80 for line in output.splitlines()[:6])


def test_status_details_name_the_run_and_the_evidence(home: Home, runs: dict,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, output = invoke("status", "--details")
    details = output.split("Details:\n", 1)[1].splitlines()
    assert details[0] == "  LinkedIn: Use my data for ai-training"
    assert details[1] == f"    read back by run {runs['again']}"
    assert details[2] == (f"    evidence: evidence/{runs['again']}/linkedin/me@example.com/"
                          "ai-training-2-after.png (+1 more)")
    assert details[4] == f"    read back by run {runs['first']}"
    assert details[-1] == f"Evidence files are in {home.root}."


def test_status_json_lists_absolute_evidence_paths(home: Home, runs: dict) -> None:
    code, output = invoke("status", "--json")
    document = json.loads(output)
    assert code == 0 and document["home"] == str(home.root)
    assert [(s["platform"], s["setting_id"], s["state"]) for s in document["settings"]] == [
        ("linkedin", "ai-training", "off"), ("linkedin", "sharing", "off"), ("x", "grok", "on")]
    for setting in document["settings"]:
        assert len(setting["evidence"]) == 2
        assert all(Path(p).is_file() for p in setting["evidence"])


def test_history_lists_runs_newest_first_and_names_the_regression(
        home: Home, runs: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, output = invoke("history")
    assert code == 0
    titles = [line for line in output.splitlines() if line.startswith("Run ")]
    assert [t.split()[1].rstrip(":") for t in titles] == [runs["x"], runs["again"],
                                                          runs["first"]]
    assert "optout check (check only)" in titles[0]
    assert "exit code 0" in titles[1]
    again = output.split(titles[1] + "\n", 1)[1].split("\n\n", 1)[0]
    assert again == (
        "Platform  Account         Setting                      Before -> after  Result\n"
        "LinkedIn  me@example.com  Use my data for ai-training  on -> off        turned off\n"
        "  REGRESSION: LinkedIn, Use my data for ai-training (ai-training): back on; it was "
        "off on 2026-01-10 09:00 UTC, turned\n"
        "    off again")


def test_history_at_80_columns_fits(home: Home, runs: dict,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, output = invoke("history")
    assert all(len(line) <= 80 for line in output.splitlines() if not line.startswith("Run "))
    first = output.split("\n\n")[-1].splitlines()
    assert first[1:] == [
        "   Setting                      Before -> after  Result",
        "LinkedIn: me@example.com",
        "   Use my data for ai-training  on -> off        turned off",
        "   Use my data for sharing      off -> off       off",
    ]


def test_history_of_one_platform(home: Home, runs: dict) -> None:
    code, output = invoke("history", "x", "--json")
    document = json.loads(output)
    assert [run["id"] for run in document["runs"]] == [runs["x"]]
    code, output = invoke("history", "tumblr")
    assert output == "No runs have checked tumblr yet.\n"


def test_history_json_marks_the_regression(home: Home, runs: dict) -> None:
    document = json.loads(invoke("history", "linkedin", "--json")[1])
    newest = document["runs"][0]["platforms"][0]["settings"][0]
    assert newest["regression"]["was_off_run_id"] == runs["first"]
    assert newest["receipt"] == 3 and len(newest["receipt_sha256"]) == 64


def test_a_run_that_did_not_finish_says_so(home: Home) -> None:
    with Store.open(home) as store:
        store.begin_run("apply", False, "0.1.0")
    assert "did not finish" in invoke("history")[1]


def test_verify_passes_on_untouched_history(home: Home, runs: dict) -> None:
    code, output = invoke("history", "--verify")
    assert code == 0
    assert output == ("All 4 receipts and 8 evidence files are as recorded; nothing was "
                      "altered or removed.\n")
    assert exit_code("history", "--verify") == 0


def test_verify_names_an_edited_evidence_file_and_exits_1(home: Home, runs: dict) -> None:
    path = next(home.root.joinpath("evidence", runs["again"]).rglob("*after.png"))
    path.write_bytes(path.read_bytes() + b"edited")
    code, output = invoke("history", "--verify")
    assert code == 1
    relative = path.relative_to(home.root).as_posix()
    assert f"Evidence {relative} (linkedin / me@example.com / ai-training, run " \
        f"{runs['again']}) was altered." in output
    assert exit_code("history", "--verify") == 1


def test_verify_names_a_deleted_receipt_file(home: Home, runs: dict) -> None:
    receipt = sorted(home.root.joinpath("receipts").glob("*.json"))[1]
    receipt.unlink()
    code, output = invoke("history", "--verify", "--json")
    document = json.loads(output)
    assert code == 1 and not document["ok"]
    [problem] = document["problems"]
    assert problem["kind"] == "removed" and problem["path"] == f"receipts/{receipt.name}"


def test_prune_keeps_receipts_and_verify_calls_it_pruned(home: Home, runs: dict) -> None:
    code, output = invoke("prune", "--keep-days", "30", "--dry-run")
    assert output.startswith("Would remove 2 evidence files")
    first_run = home.root / "evidence" / runs["first"]
    assert len(list(first_run.rglob("*.png"))) == 4
    code, output = invoke("prune", "--keep-days", "30")
    assert code == 0 and output.startswith("Removed 2 evidence files")
    assert "receipts and hashes are kept" in output
    # only the superseded ai-training screenshots go; 'sharing' is still the newest record
    assert sorted(p.name for p in first_run.rglob("*.png")) == ["sharing-1-before.png",
                                                                "sharing-2-after.png"]
    assert len(list(home.root.joinpath("receipts").glob("*.json"))) == 4
    code, output = invoke("history", "--verify")
    assert code == 0
    assert "2 evidence files were removed on purpose by 'optout prune'" in output
    assert invoke("prune", "--keep-days", "30")[1].startswith(
        "No evidence older than 30 days to remove.\n")


def test_prune_needs_a_number_of_days(home: Home) -> None:
    assert exit_code("prune") == 2
    assert exit_code("prune", "--keep-days", "-1") == 2


def test_status_when_the_database_is_not_a_database(home: Home, capsys) -> None:
    home.db_path.write_bytes(b"garbage" * 200)
    assert exit_code("status") == 3
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Move it aside" in error


def test_files_in_the_home_are_private(home: Home, runs: dict) -> None:
    for path in home.root.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path
    assert os.stat(home.root).st_mode & 0o777 == 0o700

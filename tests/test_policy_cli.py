"""``optout policies diff`` and ``log``: output, JSON shape and exit codes."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from optout_bot.cli import cli, main
from optout_bot.home import Home
from optout_bot.policy import PolicyDoc
from optout_bot.policyarchive import PolicyArchive

OLD = "We collect your profile data.\n\nWe show you relevant jobs.\n"
NEW_AI = OLD + "\nWe use your posts to train artificial intelligence models.\n"
NEW_PLAIN = OLD + "\nWe keep logs for a year.\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (("old", OLD), ("ai", NEW_AI), ("plain", NEW_PLAIN)):
        path = tmp_path / f"{name}.md"
        path.write_text(text)
        paths[name] = str(path)
    return paths


def exit_code(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_diff_json_flags_ai_change_and_quotes_passages(files: dict[str, str]) -> None:
    document = json.loads(invoke("policies", "diff", files["old"], files["ai"], "--json"))
    assert document["ai_relevant"] is True and document["changed"] is True
    assert document["old"] == files["old"] and document["new"] == files["ai"]
    assert document["terms"] == ["artificial intelligence", "training models"]
    assert document["passages"] == [{
        "kind": "added", "text": "We use your posts to train artificial intelligence models.",
        "terms": ["artificial intelligence", "training models"], "ai_relevant": True,
    }]


def test_json_is_accepted_before_the_subcommand(files: dict[str, str]) -> None:
    document = json.loads(invoke("--json", "policies", "diff", files["old"], files["plain"]))
    assert document["ai_relevant"] is False and document["changed"] is True
    assert [p["kind"] for p in document["passages"]] == ["added"]


def test_diff_text_quotes_ai_passages_and_counts_others(files: dict[str, str]) -> None:
    output = invoke("policies", "diff", files["old"], files["ai"])
    assert output.splitlines() == [
        "AI-relevant change (artificial intelligence, training models): "
        "1 sentence(s) added, 0 removed.",
        '  Added [artificial intelligence, training models]: '
        '"We use your posts to train artificial intelligence models."',
    ]
    plain = invoke("policies", "diff", files["old"], files["plain"])
    assert plain.splitlines() == [
        "Changed, nothing about AI training: 1 sentence(s) added, 0 removed.",
        "1 other changed sentence(s) say nothing about AI training (show them with --all).",
    ]
    assert '  Added: "We keep logs for a year."' in invoke(
        "policies", "diff", "--all", files["old"], files["plain"])


@pytest.mark.parametrize("new,code", [("ai", 1), ("plain", 0), ("old", 0)])
def test_diff_exit_code_says_whether_ai_changed(files: dict[str, str], new: str, code: int,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_code(["policies", "diff", files["old"], files[new]], capsys)[0] == code


def test_diff_missing_file_is_one_line_usage_error(files: dict[str, str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "nope.md")
    code, out, err = exit_code(["policies", "diff", files["old"], missing], capsys)
    assert code == 2 and out == ""
    assert err == f"Error: There is no file {missing}.\n"
    code, _out, err = exit_code(["policies", "diff", str(tmp_path), files["old"]], capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "folder" in err


def test_log_without_versions_says_how_to_get_them(tmp_path: Path) -> None:
    output = invoke("--home", str(tmp_path / "home"), "policies", "log", "linkedin")
    assert output == ("No policy versions of linkedin are saved yet. "
                      "Save them with: optout policies check\n")


def test_log_lists_versions_and_quotes_ai_changes(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    archive = PolicyArchive(Home(home))
    doc = PolicyDoc("privacy", "Privacy Policy", "https://www.linkedin.com/legal/privacy-policy")
    start = datetime(2024, 9, 1, 8, 30, tzinfo=UTC)
    archive.record("linkedin", doc, OLD, start)
    archive.record("linkedin", doc, NEW_PLAIN, start + timedelta(days=1))
    archive.record("linkedin", doc, NEW_PLAIN + NEW_AI, start + timedelta(days=2))
    code, out, _err = exit_code(["--home", str(home), "policies", "log", "LinkedIn"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "2024-09-01 08:30 UTC  Privacy Policy: first saved version.",
        "2024-09-02 08:30 UTC  Privacy Policy: changed, nothing about AI training: "
        "1 sentence(s) added, 0 removed.",
        "2024-09-03 08:30 UTC  Privacy Policy: AI-relevant change (artificial intelligence, "
        "training models): 1 sentence(s) added, 0 removed.",
        '  Added [artificial intelligence, training models]: '
        '"We use your posts to train artificial intelligence models."',
    ]
    document = json.loads(invoke("policies", "log", "linkedin", "--json", "--home", str(home)))
    assert document["platform"] == "linkedin"
    assert [v["change"] and v["change"]["ai_relevant"] for v in document["versions"]] == [
        None, False, True]


def test_log_refuses_a_bad_platform_name(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = exit_code(["--home", str(tmp_path), "policies", "log", "../etc"], capsys)
    assert code == 2 and len(err.splitlines()) == 1 and "Unknown platform '../etc'" in err


# --- replay ----------------------------------------------------------------------------------

HISTORY = Path(os.environ.get("OPTOUT_POLICY_HISTORY")
               or Path(__file__).resolve().parents[1] / ".." / "shared" / "policy-history")


@pytest.fixture
def assembled(tmp_path: Path) -> Path:
    """Real X privacy versions as plain dated files: a broken capture, then a flip."""
    source = HISTORY / "X" / "Privacy-Policy"
    if not source.is_dir():
        pytest.skip("the recorded policy history (shared/policy-history beside the project) "
                    "is absent")
    old = next(source.glob("2024-07-25*.md")).read_text(encoding="utf-8")
    new = next(source.glob("2024-10-17*.md")).read_text(encoding="utf-8")
    folder = tmp_path / "x-privacy"
    folder.mkdir()
    for name, text in (("2024-07-25.md", old), ("2024-08-01.md", old[:300]),
                       ("2024-10-17.md", new), ("2024-10-18.md", old), ("2024-10-19.md", new)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_replay_says_what_the_watch_would_do(assembled: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = exit_code(["policies", "replay", str(assembled)], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (f"{assembled.parent.name}/x-privacy: 5 version(s): 2 stored, "
                        "0 unchanged, 1 broken capture(s) rejected, 2 return(s) to an "
                        "earlier version; 1 flagged as about AI training.")
    assert lines[1] == "  2024-07-25 00:00  2024-07-25.md: first version, stored."
    assert lines[2].startswith("  2024-08-01 00:00  2024-08-01.md: rejected as a broken "
                               "capture (the page came back nearly empty: ")
    assert lines[3].startswith("  2024-10-17 00:00  2024-10-17.md: stored; AI-RELEVANT (")
    assert lines[4].startswith('    Added [artificial intelligence, generative AI, training '
                               'models, opt-out]: "If you do not opt out')
    assert lines[5:] == [
        "  2024-10-18 00:00  2024-10-18.md: reads the same as 2024-07-25.md: a return to an "
        "earlier version, not news.",
        "  2024-10-19 00:00  2024-10-19.md: reads the same as 2024-10-17.md: a return to an "
        "earlier version, not news.",
    ]


def test_replay_json_lists_every_version(assembled: Path) -> None:
    document = json.loads(invoke("--json", "policies", "replay", str(assembled)))
    assert document["folder"] == str(assembled)
    (replayed,) = document["documents"]
    assert replayed["counts"] == {"versions": 5, "stored": 2, "unchanged": 0, "broken": 1,
                                  "returns": 2, "flagged": 1}
    versions = replayed["versions"]
    assert [v["status"] for v in versions] == ["first", "broken", "changed", "returned",
                                               "returned"]
    assert [v["ai_relevant"] for v in versions] == [False, False, True, False, False]
    assert versions[1]["reason"].startswith("the page came back nearly empty")
    assert versions[3]["returned_to"] == "2024-07-25.md"
    assert versions[2]["change"]["ai_relevant"] is True and versions[0]["change"] is None
    assert versions[0]["date"] == "2024-07-25T00:00:00Z"


def test_replay_reads_an_open_terms_archive_export(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    service = tmp_path / "Example" / "Privacy-Policy"
    service.mkdir(parents=True)
    (service / "a.md").write_text(OLD)
    (service / "b.md").write_text(NEW_AI)
    (service / "index.tsv").write_text("b.md\t2024-02-01T0930\tRecord new changes\n"
                                       "a.md\t2024-01-01T0930\tStart tracking\n")
    document = json.loads(invoke("--json", "policies", "replay", str(tmp_path)))
    (replayed,) = document["documents"]
    assert replayed["document"] == "Example/Privacy-Policy"
    assert [(v["file"], v["date"], v["status"], v["note"]) for v in replayed["versions"]] == [
        ("a.md", "2024-01-01T09:30:00Z", "first", "Start tracking"),
        ("b.md", "2024-02-01T09:30:00Z", "changed", "Record new changes"),
    ]
    (service / "index.tsv").write_text("c.md\t2024-03-01\tlisted, but not there\n")
    code, out, err = exit_code(["policies", "replay", str(service)], capsys)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "c.md" in err


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_replay_without_versions_is_a_one_line_usage_error(
        make: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "history"
    if make == "empty":
        folder.mkdir()
        (folder / "notes.pdf").write_bytes(b"%PDF")
    code, out, err = exit_code(["policies", "replay", str(folder)], capsys)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert str(folder) in err

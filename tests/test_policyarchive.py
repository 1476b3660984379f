"""The policy archive: versions on disk, private files, and what counts as a new version."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from optout_bot.errors import OptoutError, UsageError
from optout_bot.home import Home
from optout_bot.policy import PolicyDoc
from optout_bot.policyarchive import CHANGED, FIRST, UNCHANGED, PolicyArchive

DOC = PolicyDoc(id="privacy", title="Privacy Policy", url="https://www.example.com/privacy",
                selector="main")
V1 = "# Privacy\n\nWe collect your profile data. We show you relevant jobs."
V1_REFORMATTED = ("Privacy\n=======\n\nWe collect your **profile** data.\n"
                  "We show you [relevant jobs](https://e.com/jobs?utm_source=x).")
V2_PLAIN = V1 + " We keep your data for two years."
V2_AI = V1 + " We may use your posts to train generative AI models."
T0 = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def archive(tmp_path: Path) -> PolicyArchive:
    return PolicyArchive(Home(tmp_path / "home"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_first_version_is_stored_privately(archive: PolicyArchive) -> None:
    result = archive.record("linkedin", DOC, V1, T0)
    assert result.status == FIRST and result.change is None and not result.ai_relevant
    folder = archive.home.root / "policies" / "linkedin" / "privacy"
    assert result.version.path.parent == folder
    assert re.fullmatch(r"20250101T120000Z-[0-9a-f]{12}\.txt", result.version.path.name)
    assert result.version.text() == V1
    assert mode(result.version.path) == 0o600
    assert mode(folder / "index.json") == 0o600
    assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_unchanged_or_reformatted_text_records_nothing_new(archive: PolicyArchive) -> None:
    archive.record("linkedin", DOC, V1, T0)
    again = archive.record("linkedin", DOC, V1, T0 + timedelta(days=1))
    reformatted = archive.record("linkedin", DOC, V1_REFORMATTED, T0 + timedelta(days=2))
    assert again.status == UNCHANGED and reformatted.status == UNCHANGED
    assert reformatted.version.fetched_at == T0
    assert len(archive.versions("linkedin")) == 1
    folder = archive.home.root / "policies" / "linkedin" / "privacy"
    assert len(list(folder.glob("*.txt"))) == 1
    index = json.loads((folder / "index.json").read_text())
    assert index["last_checked"] == "2025-01-03T12:00:00Z"


def test_changed_text_is_a_new_version_with_its_change(archive: PolicyArchive) -> None:
    archive.record("linkedin", DOC, V1, T0)
    plain = archive.record("linkedin", DOC, V2_PLAIN, T0 + timedelta(days=1))
    assert plain.status == CHANGED and plain.change is not None
    assert plain.change.changed and not plain.ai_relevant
    ai = archive.record("linkedin", DOC, V2_AI, T0 + timedelta(days=2))
    assert ai.status == CHANGED and ai.ai_relevant
    assert [v.fetched_at.day for v in archive.versions("linkedin", "privacy")] == [1, 2, 3]
    assert archive.latest("linkedin", "privacy") == ai.version
    stored = ai.version.change
    assert stored is not None and stored["ai_relevant"] and stored["terms"]
    assert [p["text"] for p in stored["passages"]] == [
        "We may use your posts to train generative AI models."]
    assert stored["passages"][0]["kind"] == "added"


def test_changes_since_lists_only_later_ai_relevant_changes(archive: PolicyArchive) -> None:
    archive.record("x", DOC, V1, T0)
    archive.record("x", DOC, V2_PLAIN, T0 + timedelta(days=1))
    archive.record("x", DOC, V2_AI, T0 + timedelta(days=3))
    terms = PolicyDoc(id="terms", title="Terms of Service", url="https://www.example.com/tos")
    archive.record("x", terms, "You own your posts.", T0)
    archive.record("x", terms, "You own your posts. We use machine learning on them.",
                   T0 + timedelta(days=5))
    found = archive.changes_since("x", T0)
    assert [(v.doc_id, v.fetched_at.day) for v in found] == [("privacy", 4), ("terms", 6)]
    assert [v.doc_id for v in archive.changes_since("x", T0 + timedelta(days=4))] == ["terms"]
    assert archive.changes_since("x", T0 + timedelta(days=6)) == []
    naive = datetime(2025, 1, 5)
    assert [v.doc_id for v in archive.changes_since("x", naive)] == ["terms"]
    assert archive.changes_since("linkedin", T0) == []


def test_a_change_within_the_same_second_is_still_later(archive: PolicyArchive) -> None:
    first = archive.record("x", DOC, V1, T0 + timedelta(microseconds=100_000)).version
    archive.record("x", DOC, V2_AI, T0 + timedelta(microseconds=700_000))
    (stored_first, stored_change) = archive.versions("x", "privacy")
    assert stored_first.fetched_at == first.fetched_at
    assert archive.changes_since("x", stored_first.fetched_at) == [stored_change]
    # a settings read in that second, kept in whole seconds, is before the change
    assert archive.changes_since("x", T0) == [stored_change]


def test_versions_of_all_documents_are_in_time_order(archive: PolicyArchive) -> None:
    terms = PolicyDoc(id="terms", title="Terms", url="https://www.example.com/tos")
    archive.record("reddit", DOC, V1, T0 + timedelta(hours=2))
    archive.record("reddit", terms, "Be nice.", T0)
    assert [v.doc_id for v in archive.versions("reddit")] == ["terms", "privacy"]
    assert archive.versions("reddit", "nothing") == [] and archive.versions("tumblr") == []
    assert archive.latest("tumblr", "privacy") is None
    assert archive.platforms() == ["reddit"]


def test_version_json_describes_the_version(archive: PolicyArchive) -> None:
    version = archive.record("linkedin", DOC, V1, T0).version
    document = version.to_json()
    assert document["platform"] == "linkedin" and document["doc"] == "privacy"
    assert document["title"] == "Privacy Policy"
    assert document["fetched_at"] == "2025-01-01T12:00:00Z"
    assert document["change"] is None and len(document["sha256"]) == 64


@pytest.mark.parametrize("platform,doc_id", [("../etc", "privacy"), ("x", "a/b"), ("", "p"),
                                             ("LinkedIn", "privacy")])
def test_unsafe_names_are_refused(archive: PolicyArchive, platform: str, doc_id: str) -> None:
    with pytest.raises(UsageError):
        archive.record(platform, PolicyDoc(doc_id, "T", "https://e.com"), V1, T0)


def test_damaged_index_is_one_clear_error(archive: PolicyArchive) -> None:
    archive.record("linkedin", DOC, V1, T0)
    (archive.home.root / "policies" / "linkedin" / "privacy" / "index.json").write_text("{")
    with pytest.raises(OptoutError, match="policy archive"):
        archive.versions("linkedin")

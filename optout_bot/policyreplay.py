"""Replay a recorded policy history through the archive that ``policies check`` uses.

A history is a folder of versions of one document: either an Open Terms Archive style
export (version files and an ``index.tsv`` of file, date and note) or plain text, Markdown
or HTML files whose names start with their date (``2024-09-19...``; otherwise their
modification time orders them). A service folder (one folder per document) or a folder
of services replays every document in it. Each version goes, oldest first, into a
throwaway ``PolicyArchive``, exactly as a fetched page would, so the result says which
versions the watch would store, reject as broken captures, recognise as returns, or flag.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from optout_bot.errors import UsageError
from optout_bot.home import Home
from optout_bot.policy import PolicyChange, PolicyDoc
from optout_bot.policyarchive import BROKEN, CHANGED, FIRST, RETURNED, UNCHANGED, PolicyArchive

INDEX_TSV = "index.tsv"
VERSION_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
#: notes an Open Terms Archive export gives a re-extraction of an unchanged page
REEXTRACTION_NOTES = ("Apply technical or declaration upgrade", "Refilter")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T_ ](\d{2}):?(\d{2})(?::?(\d{2}))?)?")
_DOC = PolicyDoc(id="document", title="Policy", url="about:blank")


@dataclass
class ReplayedVersion:
    """What the watch did with one version; ``change`` is against the current stored one."""

    document: str
    file: str
    date: datetime
    note: str
    status: str
    change: PolicyChange = field(default_factory=lambda: PolicyChange(False, False))
    reason: str = ""  # why a broken capture was rejected
    returned_to: str = ""  # the file of the earlier version a return reads as

    @property
    def ai_relevant(self) -> bool:
        return self.change.ai_relevant

    @property
    def stored(self) -> bool:
        return self.status in (FIRST, CHANGED)

    @property
    def reextraction(self) -> bool:
        return self.note.startswith(REEXTRACTION_NOTES)

    def to_json(self) -> dict:
        return {"file": self.file, "date": self.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "note": self.note or None, "status": self.status,
                "ai_relevant": self.ai_relevant, "reason": self.reason or None,
                "returned_to": self.returned_to or None,
                "change": self.change.to_json() if self.change.changed else None}


@dataclass
class ReplayedDocument:
    name: str  # "LinkedIn/Privacy-Policy"
    versions: list[ReplayedVersion]

    def counts(self) -> dict[str, int]:
        statuses = [v.status for v in self.versions]
        return {"versions": len(statuses),
                "stored": statuses.count(FIRST) + statuses.count(CHANGED),
                "unchanged": statuses.count(UNCHANGED),
                "broken": statuses.count(BROKEN),
                "returns": statuses.count(RETURNED),
                "flagged": sum(v.ai_relevant for v in self.versions)}

    def flagged(self) -> list[ReplayedVersion]:
        return [v for v in self.versions if v.ai_relevant]

    def to_json(self) -> dict:
        return {"document": self.name, "counts": self.counts(),
                "versions": [v.to_json() for v in self.versions]}


def document_folders(path: Path) -> list[Path]:
    """The document folders in ``path``: itself, its sub-folders, or theirs."""
    if not path.is_dir():
        raise UsageError(f"There is no folder {path}.")
    if _is_document(path):
        return [path]
    for depth in ("*", "*/*"):
        found = sorted(p for p in path.glob(depth) if p.is_dir() and _is_document(p))
        if found:
            return found
    raise UsageError(f"{path} holds no policy versions: give a folder of dated .md, .txt "
                     "or .html files, or one with an index.tsv.")


def replay_history(path: Path) -> list[ReplayedDocument]:
    """Every document in ``path`` replayed through a fresh archive, oldest version first."""
    return [replay_document(folder, _name(path, folder)) for folder in document_folders(path)]


def replay_document(folder: Path, name: str | None = None) -> ReplayedDocument:
    """One document's versions, in date order, through a fresh ``PolicyArchive``."""
    name = name or folder.name
    results: list[ReplayedVersion] = []
    with tempfile.TemporaryDirectory(prefix="optout-replay-") as scratch:
        archive = PolicyArchive(Home(Path(scratch)))
        source_of: dict[str, str] = {}  # archive file -> the history's file
        for file, when, note in _versions(folder):
            text = _read(folder / file)
            record = archive.record("replay", _DOC, text, when)
            if record.status in (FIRST, CHANGED):
                source_of[record.version.path.name] = file
            result = ReplayedVersion(name, file, when, note, record.status, reason=record.reason)
            if record.change is not None:
                result.change = record.change
            if record.status == RETURNED:
                result.returned_to = source_of.get(record.version.path.name, "")
            results.append(result)
    return ReplayedDocument(name, results)


def _is_document(folder: Path) -> bool:
    try:
        return (folder / INDEX_TSV).is_file() or any(
            p.suffix.lower() in VERSION_SUFFIXES and _DATE.match(p.name)
            for p in folder.iterdir())
    except OSError:  # a folder we may not read is no history
        return False


def _versions(folder: Path) -> list[tuple[str, datetime, str]]:
    """(file, date, note) of every version, oldest first."""
    index = folder / INDEX_TSV
    found: list[tuple[str, datetime, str]] = []
    if index.is_file():
        for number, line in enumerate(_read(index).splitlines(), start=1):
            if not line.strip():
                continue
            file, date, note = (line.split("\t", 2) + ["", ""])[:3]
            when = _parse_date(date) or _parse_date(file)
            if when is None:
                raise UsageError(f"Line {number} of {index} has no date a person can read as "
                                 "one (expected YYYY-MM-DD or YYYY-MM-DDTHHMM).")
            found.append((file, when, note))
    else:
        for path in folder.iterdir():
            if path.is_file() and path.suffix.lower() in VERSION_SUFFIXES:
                when = _parse_date(path.name) or datetime.fromtimestamp(os.path.getmtime(path), UTC)
                found.append((path.name, when, ""))
    return sorted(found, key=lambda v: (v[1], v[0]))


def _parse_date(text: str) -> datetime | None:
    match = _DATE.search(text)
    if match is None:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]
    except ValueError:
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError(f"{path} is listed but there is no such file.") from None
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _name(root: Path, folder: Path) -> str:
    """The document's name: its service and document folders when there are both."""
    relative = folder.relative_to(root) if folder != root else Path()
    parts = relative.parts or (folder.parent.name, folder.name)
    return "/".join(parts[-2:]) if len(parts) > 1 else f"{root.name}/{parts[0]}"

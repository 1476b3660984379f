"""Every version of every watched policy document, kept under the optout home.

``policies/<platform>/<doc id>/`` holds one text file per version, named by the UTC time
it was fetched and a short sha256 of its text, and ``index.json`` describing them. A new
version is stored only when the wording changed (see ``policy.diff_texts``); fetching an
unchanged page just notes when it was last checked. Two kinds of capture are not new
versions either: a broken one (nearly empty, see ``policy.broken_capture``) is noted in
the index and the next capture is compared with the last good version; one that reads
the same as an earlier stored version is a return to it (a page served in two versions
by different servers), and that version becomes the current one again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from optout_bot.errors import OptoutError, UsageError
from optout_bot.home import Home, write_private
from optout_bot.policy import PolicyChange, PolicyDoc, broken_capture, diff_texts, normalise

INDEX = "index.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

FIRST, UNCHANGED, CHANGED = "first", "unchanged", "changed"
BROKEN, RETURNED = "broken", "returned"
#: how many rejected broken captures the index remembers
REJECTED_KEPT = 50
#: a sentence that vanished and comes back is a return, not news, when one of this many
#: versions stored before the current one had it (sections that drop out of a capture)
RETURN_LOOKBACK = 3


@dataclass(frozen=True)
class PolicyVersion:
    """One stored version; ``change`` describes it against the version before (None: first)."""

    platform: str
    doc_id: str
    title: str
    fetched_at: datetime
    path: Path
    sha256: str
    change: dict | None

    @property
    def ai_relevant(self) -> bool:
        return bool(self.change and self.change.get("ai_relevant"))

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def to_json(self) -> dict:
        return {
            "platform": self.platform,
            "doc": self.doc_id,
            "title": self.title,
            "fetched_at": _iso(self.fetched_at),
            "file": self.path.name,
            "sha256": self.sha256,
            "change": self.change,
        }


@dataclass(frozen=True)
class RecordResult:
    """What ``PolicyArchive.record`` did.

    ``status``: "first", "unchanged", "changed", "broken" (not stored; ``reason`` says
    why, ``version`` is the last good one) or "returned" (``version`` is the earlier
    version the page reads as again).
    """

    status: str
    version: PolicyVersion
    change: PolicyChange | None = None
    reason: str = ""

    @property
    def ai_relevant(self) -> bool:
        return bool(self.change and self.change.ai_relevant)


class PolicyArchive:
    def __init__(self, home: Home):
        self.home = home

    def record(self, platform: str, doc: PolicyDoc, text: str,
               fetched_at: datetime | None = None) -> RecordResult:
        """Store ``text`` as the newest version of ``doc`` unless its wording is unchanged."""
        when = _utc(fetched_at or datetime.now(UTC))
        folder = self._folder(platform, doc.id)
        index = self._read_index(folder)
        index["doc"] = {"id": doc.id, "title": doc.title, "url": doc.url,
                        "selector": doc.selector}
        latest = self._latest_in(platform, folder, index)
        change: PolicyChange | None = None
        index["last_checked"] = _iso(when)
        if latest is not None:
            previous = latest.text()
            reason = broken_capture(previous, text)
            if reason:
                rejected = index.setdefault("rejected", [])
                rejected.append({"fetched_at": _iso(when), "sha256": _digest(text),
                                 "reason": reason})
                del rejected[:-REJECTED_KEPT]
                self._write_index(folder, index)
                return RecordResult(BROKEN, latest, reason=reason)
            wording = _digest(normalise(text))
            if wording != self._wording(folder, index, latest.path.name):
                returned_to = self._stored_with(folder, index, wording)
                if returned_to is not None:
                    index["current"] = returned_to["file"]
                    self._write_index(folder, index)
                    return RecordResult(RETURNED, self._version(platform, folder, index,
                                                                returned_to))
                change = diff_texts(previous, text,
                                    earlier=self._before(folder, index, latest.path.name))
            if change is None or not change.changed:
                self._write_index(folder, index)
                return RecordResult(UNCHANGED, latest)
        digest = _digest(text)
        path = folder / f"{when:%Y%m%dT%H%M%SZ}-{digest[:12]}.txt"
        write_private(path, text)
        entry = {"file": path.name, "fetched_at": _iso(when), "sha256": digest,
                 "wording": _digest(normalise(text)),
                 "change": _change_summary(change) if change else None}
        index.setdefault("versions", []).append(entry)
        index["current"] = path.name
        self._write_index(folder, index)
        version = self._version(platform, folder, index, entry)
        return RecordResult(CHANGED if change else FIRST, version, change)

    def versions(self, platform: str, doc_id: str | None = None) -> list[PolicyVersion]:
        """Stored versions, oldest first (of one document, or of all the platform's)."""
        found: list[PolicyVersion] = []
        for folder in self._doc_folders(platform, doc_id):
            index = self._read_index(folder)
            found.extend(self._version(platform, folder, index, entry)
                         for entry in index.get("versions", []))
        return sorted(found, key=lambda v: (v.fetched_at, v.doc_id))

    def latest(self, platform: str, doc_id: str) -> PolicyVersion | None:
        folder = self._folder(platform, doc_id, create=False)
        if not folder.is_dir():
            return None
        return self._latest_in(platform, folder, self._read_index(folder))

    def changes_since(self, platform: str, when: datetime) -> list[PolicyVersion]:
        """AI-relevant changes recorded after ``when``, oldest first."""
        since = _utc(when)
        return [v for v in self.versions(platform) if v.ai_relevant and v.fetched_at > since]

    def platforms(self) -> list[str]:
        root = self.home.root / "policies"
        return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []

    def _folder(self, platform: str, doc_id: str, create: bool = True) -> Path:
        parts = ("policies", _checked(platform, "platform"), _checked(doc_id, "document"))
        return self.home.dir(*parts) if create else self.home.root.joinpath(*parts)

    def _doc_folders(self, platform: str, doc_id: str | None) -> list[Path]:
        if doc_id is not None:
            folder = self._folder(platform, doc_id, create=False)
            return [folder] if folder.is_dir() else []
        root = self.home.root / "policies" / _checked(platform, "platform")
        return sorted(p for p in root.iterdir() if (p / INDEX).is_file()) if root.is_dir() else []

    def _latest_in(self, platform: str, folder: Path, index: dict) -> PolicyVersion | None:
        """The version the page showed last: the newest, or the one it returned to."""
        entries = index.get("versions", [])
        current = [e for e in entries if e["file"] == index.get("current")]
        entry = current[-1] if current else (entries[-1] if entries else None)
        return self._version(platform, folder, index, entry) if entry else None

    @staticmethod
    def _wording(folder: Path, index: dict, file: str) -> str:
        """The digest of a stored version's normalised text (kept in the index once known)."""
        entry = next(e for e in index["versions"] if e["file"] == file)
        if "wording" not in entry:
            entry["wording"] = _digest(normalise((folder / file).read_text(encoding="utf-8")))
        return entry["wording"]

    def _stored_with(self, folder: Path, index: dict, wording: str) -> dict | None:
        for entry in index.get("versions", []):
            if self._wording(folder, index, entry["file"]) == wording:
                return entry
        return None

    @staticmethod
    def _before(folder: Path, index: dict, file: str) -> tuple[str, ...]:
        """The texts of the ``RETURN_LOOKBACK`` versions stored before ``file``."""
        files = [e["file"] for e in index.get("versions", [])]
        position = files.index(file)
        return tuple((folder / name).read_text(encoding="utf-8")
                     for name in files[max(0, position - RETURN_LOOKBACK):position])

    @staticmethod
    def _version(platform: str, folder: Path, index: dict, entry: dict) -> PolicyVersion:
        doc = index.get("doc", {})
        return PolicyVersion(
            platform=platform,
            doc_id=folder.name,
            title=doc.get("title", folder.name),
            fetched_at=datetime.fromisoformat(entry["fetched_at"]),
            path=folder / entry["file"],
            sha256=entry["sha256"],
            change=entry.get("change"),
        )

    @staticmethod
    def _read_index(folder: Path) -> dict:
        path = folder / INDEX
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"versions": []}
        except (OSError, ValueError) as exc:
            raise OptoutError(f"Cannot read the policy archive list {path}: {exc}") from None
        if not isinstance(index, dict) or not isinstance(index.get("versions", []), list):
            raise OptoutError(f"The policy archive list {path} is damaged; move it away to "
                              "start that document's history afresh.")
        return index

    @staticmethod
    def _write_index(folder: Path, index: dict) -> None:
        # write beside, then rename: a crash never leaves half an index
        temporary = folder / f".{INDEX}.tmp"
        write_private(temporary, json.dumps(index, indent=2, ensure_ascii=False) + "\n")
        os.replace(temporary, folder / INDEX)


def _change_summary(change: PolicyChange) -> dict:
    """What the index keeps of a change: counts, terms and the AI-relevant passages."""
    summary = change.to_json()
    summary["passages"] = [asdict(p) for p in change.ai_passages()]
    return summary


def _checked(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise UsageError(f"{name!r} is not a valid {what} name: use lower-case letters, "
                         "digits, '-' or '_'.")
    return name


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _iso(when: datetime) -> str:
    # to the microsecond: a change fetched within the second of the last read (or of the
    # version before it) is still later than it; entries in whole seconds still parse
    return _utc(when).isoformat().replace("+00:00", "Z")  # no fraction when it is whole

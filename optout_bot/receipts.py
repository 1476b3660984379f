"""Receipts: one JSON document per setting result, chained by hash, and their verification.

A receipt holds what was found and done, the sha256 of every evidence file and the sha256
of the receipt before it (``prev_receipt_sha256``), so that altering or removing any
receipt or evidence file breaks something ``verify`` can point at. The chain is global,
in the order receipts were recorded. Receipts are stored twice: in the database and as a
file under ``receipts/``; the file is the copy a person can keep or send.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from optout_bot.home import Home

#: the fields of a receipt that must match the database record of its setting
RECORD_FIELDS = ("run_id", "platform", "account", "setting_id", "label", "url", "kind",
                 "before", "after", "outcome", "detail", "started_at", "finished_at",
                 "flow_version", "tool_version")


def canonical(document: dict[str, Any]) -> bytes:
    """The exact bytes a receipt is hashed and written as."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass
class Finding:
    """One thing ``verify`` found: a problem (``kind`` altered/removed/...) or a pruned file."""

    kind: str
    message: str
    receipt: int | None = None
    path: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Verification:
    receipts: int = 0
    evidence: int = 0
    problems: list[Finding] = field(default_factory=list)
    pruned: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict:
        return {"ok": self.ok, "receipts": self.receipts, "evidence_files": self.evidence,
                "problems": [p.to_json() for p in self.problems],
                "pruned": [p.to_json() for p in self.pruned]}


class ReceiptHistory(Protocol):
    """What ``verify`` reads of the history database (``optout_bot.store.Store``)."""

    home: Home

    def receipt_rows(self) -> list[Any]: ...

    def evidence_rows(self, setting_result_id: int) -> list[Any]: ...

    def last_issued_receipt(self) -> int: ...

    def settings_without_receipt(self) -> list[Any]: ...


def verify(store: ReceiptHistory) -> Verification:
    """Recompute every hash and link; say what was altered or removed, and where."""
    report = Verification()
    root = store.home.root
    rows = store.receipt_rows()
    report.receipts = len(rows)
    known_files: set[str] = set()
    previous_sha: str | None = None
    previous_seq = 0
    for row in rows:
        seq, where = row["seq"], _where(row)
        known_files.add(row["path"])
        if seq != previous_seq + 1:
            missing = f"{previous_seq + 1}" if seq == previous_seq + 2 else \
                f"{previous_seq + 1} to {seq - 1}"
            report.problems.append(Finding(
                "removed", f"Receipt {missing} was removed from the history database.", seq))
        body_bytes = row["body"].encode("utf-8")
        if sha256_bytes(body_bytes) != row["sha256"]:
            report.problems.append(Finding(
                "altered", f"Receipt {seq} ({where}) was altered in the history database.", seq))
        try:
            body = json.loads(row["body"])
        except ValueError:
            body = {}
        if body.get("prev_receipt_sha256") != previous_sha and seq == previous_seq + 1:
            report.problems.append(Finding(
                "chain", f"Receipt {seq} ({where}) does not follow receipt {previous_seq}: "
                "a receipt before it was altered or replaced.", seq))
        previous_sha, previous_seq = row["sha256"], seq
        _check_receipt_file(report, root / row["path"], row, where, body_bytes)
        evidence = store.evidence_rows(row["setting_result_id"])
        _check_record(report, row, body, evidence, where)
        _check_evidence(report, root, row, body, evidence, where)
    last_issued = store.last_issued_receipt()
    if last_issued > previous_seq:
        report.problems.append(Finding(
            "removed", f"The newest receipts ({previous_seq + 1} to {last_issued}) were "
            "removed from the history database.", last_issued))
    for setting in store.settings_without_receipt():
        report.problems.append(Finding(
            "removed", f"The receipt of {_where(setting)} was removed from the history "
            "database."))
    receipts_dir = root / "receipts"
    if receipts_dir.is_dir():
        for path in sorted(receipts_dir.rglob("*.json")):
            relative = path.relative_to(root).as_posix()
            if relative not in known_files and ".pending" not in path.parts:
                report.problems.append(Finding(
                    "removed", f"The receipt file {relative} has no record in the history "
                    "database: its record was removed.", path=relative))
    return report


def _where(row: Any) -> str:
    return f"{row['platform']} / {row['account'] or 'default account'} / {row['setting_id']}, " \
        f"run {row['run_id']}"


def _check_receipt_file(report: Verification, path: Path, row: Any, where: str,
                        body_bytes: bytes) -> None:
    relative = row["path"]
    try:
        on_disk = path.read_bytes()
    except FileNotFoundError:
        report.problems.append(Finding(
            "removed", f"The receipt file {relative} ({where}) was removed.", row["seq"],
            relative))
        return
    except OSError as exc:
        report.problems.append(Finding(
            "unreadable", f"The receipt file {relative} cannot be read ({exc.strerror}).",
            row["seq"], relative))
        return
    if on_disk != body_bytes:
        report.problems.append(Finding(
            "altered", f"The receipt file {relative} ({where}) was altered.", row["seq"],
            relative))


def _check_record(report: Verification, row: Any, body: dict, evidence: list[Any],
                  where: str) -> None:
    differs = [name for name in RECORD_FIELDS if str(body.get(name, "")) != str(row[name] or "")]
    recorded = [{"path": e["path"], "sha256": e["sha256"]} for e in evidence]
    if recorded != body.get("evidence", []):
        differs.append("evidence")
    if differs:
        report.problems.append(Finding(
            "altered", f"The history database record of {where} no longer matches its "
            f"receipt {row['seq']} ({', '.join(differs)} changed).", row["seq"]))


def _check_evidence(report: Verification, root: Path, row: Any, body: dict,
                    evidence: list[Any], where: str) -> None:
    pruned = {e["path"]: e["pruned_at"] for e in evidence}
    for item in body.get("evidence", []):
        report.evidence += 1
        relative, recorded = item.get("path", ""), item.get("sha256")
        path = Path(relative) if Path(relative).is_absolute() else root / relative
        if recorded is None:
            continue  # the file was already missing when it was recorded; the receipt says so
        if not path.exists():
            if pruned.get(relative):
                report.pruned.append(Finding(
                    "pruned", f"Evidence {relative} ({where}) was removed by 'optout prune' "
                    f"on {pruned[relative][:10]}; its receipt and hash are kept.", row["seq"],
                    relative))
            else:
                report.problems.append(Finding(
                    "removed", f"Evidence {relative} ({where}) was removed.", row["seq"],
                    relative))
            continue
        if sha256_file(path) != recorded:
            report.problems.append(Finding(
                "altered", f"Evidence {relative} ({where}) was altered.", row["seq"], relative))


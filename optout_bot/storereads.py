"""Reading the history: the last known state of each setting, runs, regressions, evidence.

``StoreReads`` is the read side of ``optout_bot.store.Store`` (which adds opening, writing
and receipts): every query a status, history, report, prune or recheck needs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from optout_bot.home import Home
from optout_bot.outcomes import Outcome, State


@dataclass
class LatestState:
    """The newest record of one setting of one account."""

    platform: str
    account: str
    setting_id: str
    label: str
    state: State  # after, or before when after is unknown
    outcome: Outcome
    detail: str
    read_at: datetime
    run_id: str
    dry_run: bool
    evidence: list[str] = field(default_factory=list)  # absolute paths still kept
    evidence_pruned: int = 0
    #: the run whose evidence this record rests on: its own, or for a request already
    #: sent, the run that sent it and kept the proof
    evidence_run_id: str | None = None

    def to_json(self) -> dict:
        return {"platform": self.platform, "account": self.account,
                "setting_id": self.setting_id, "label": self.label, "state": self.state.value,
                "outcome": self.outcome.value, "detail": self.detail,
                "read_at": iso(self.read_at), "run_id": self.run_id, "dry_run": self.dry_run,
                "evidence": self.evidence, "evidence_pruned": self.evidence_pruned,
                "evidence_run_id": self.evidence_run_id}


@dataclass
class Regression:
    """A setting read on in ``run_id`` whose previous known state was off."""

    platform: str
    account: str
    setting_id: str
    label: str
    run_id: str
    found_on_at: datetime
    was_off_at: datetime
    was_off_run_id: str
    turned_off_again: bool

    def to_json(self) -> dict:
        return {"platform": self.platform, "account": self.account,
                "setting_id": self.setting_id, "label": self.label, "run_id": self.run_id,
                "found_on_at": iso(self.found_on_at), "was_off_at": iso(self.was_off_at),
                "was_off_run_id": self.was_off_run_id,
                "turned_off_again": self.turned_off_again}


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_time(text: str | None) -> datetime | None:
    """An ISO time as an aware UTC datetime (times without a zone are taken as UTC)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def shown_state(before: str, after: str) -> State:
    """The state a record stands for: after, or before when after is unknown."""
    return State(after) if after != State.UNKNOWN.value else State(before)


def _regression(row: sqlite3.Row, previous: sqlite3.Row | None) -> Regression | None:
    if previous is None or shown_state(previous["before"], previous["after"]) is not State.OFF:
        return None
    if State.ON.value not in (row["before"], row["after"]):
        return None
    return Regression(platform=row["platform"], account=row["account"],
                      setting_id=row["setting_id"], label=row["label"], run_id=row["run_id"],
                      found_on_at=parse_time(row["read_at"]),
                      was_off_at=parse_time(previous["read_at"]),
                      was_off_run_id=previous["run_id"],
                      turned_off_again=row["after"] == State.OFF.value)


_NEWEST_EVIDENCE = (
    "SELECT e2.path FROM evidence e2 WHERE e2.setting_result_id IN "
    "(SELECT MAX(id) FROM setting_results GROUP BY platform, account, setting_id)")


_REQUEST_EVIDENCE = (
    "SELECT e3.path FROM evidence e3 JOIN setting_results s3 ON s3.id = e3.setting_result_id "
    "WHERE s3.outcome = 'requested'")


class StoreReads:
    """The queries of the history database (``_db``, under ``home``)."""

    home: Home
    _db: sqlite3.Connection

    # ------------------------------------------------------------------ reading
    def latest_states(self, platform: str | None = None) -> list[LatestState]:
        """The newest record of every (platform, account, setting), in the order first seen."""
        rows = self._db.execute(
            "SELECT s.* FROM setting_results s JOIN (SELECT MAX(id) AS id, MIN(id) AS first "
            "FROM setting_results GROUP BY platform, account, setting_id) newest "
            "ON s.id = newest.id " + ("WHERE s.platform = ? " if platform else "")
            + "ORDER BY s.platform, s.account, newest.first", (platform,) if platform else ()
        ).fetchall()
        states = []
        for row in rows:
            evidence, evidence_run = self.evidence_resting_on(row)
            states.append(LatestState(
                platform=row["platform"], account=row["account"], setting_id=row["setting_id"],
                label=row["label"], state=shown_state(row["before"], row["after"]),
                outcome=Outcome(row["outcome"]), detail=row["detail"],
                read_at=parse_time(row["read_at"]), run_id=row["run_id"],
                dry_run=bool(row["dry_run"]),
                evidence=[str(self.absolute(e["path"])) for e in evidence if not e["pruned_at"]],
                evidence_pruned=sum(1 for e in evidence if e["pruned_at"]),
                evidence_run_id=evidence_run))
        return states

    def evidence_resting_on(self, row: sqlite3.Row) -> tuple[list[sqlite3.Row], str | None]:
        """The evidence a setting record rests on, and the run that took it.

        A record's own evidence; a request recorded without any (the form was sent on an
        earlier run, so nothing was looked at again) rests on the newest earlier request
        of the same setting that has evidence: the form and confirmation then sent."""
        own = self.evidence_rows(row["id"])
        if own or row["outcome"] != Outcome.REQUESTED.value:
            return own, row["run_id"] if own else None
        proof = self._db.execute(
            "SELECT s.id, s.run_id FROM setting_results s WHERE s.platform = ? "
            "AND s.account = ? AND s.setting_id = ? AND s.outcome = ? AND s.id < ? "
            "AND EXISTS (SELECT 1 FROM evidence e WHERE e.setting_result_id = s.id) "
            "ORDER BY s.id DESC LIMIT 1",
            (row["platform"], row["account"], row["setting_id"], Outcome.REQUESTED.value,
             row["id"])).fetchone()
        if proof is None:
            return [], None
        return self.evidence_rows(proof["id"]), proof["run_id"]

    def request_proof(self, platform: str, account: str, setting_id: str) -> list[str]:
        """Absolute paths of the evidence the newest record of a request rests on."""
        row = self._db.execute(
            "SELECT * FROM setting_results WHERE platform = ? AND account = ? "
            "AND setting_id = ? ORDER BY id DESC LIMIT 1",
            (platform, account, setting_id)).fetchone()
        if row is None:
            return []
        evidence, _run = self.evidence_resting_on(row)
        return [str(self.absolute(e["path"])) for e in evidence if not e["pruned_at"]]

    def last_read_back(self, platform: str) -> datetime | None:
        """When any setting of ``platform`` was last read (its state known)."""
        row = self._db.execute(
            "SELECT MAX(read_at) FROM setting_results WHERE platform = ? "
            "AND (before != 'unknown' OR after != 'unknown')", (platform,)).fetchone()
        return parse_time(row[0])

    def regressions(self, run_id: str | None = None) -> list[Regression]:
        """Settings read on (in ``run_id``, or in any run) whose previous known state was off."""
        found = []
        for row, previous in self._with_previous_known():
            if run_id is not None and row["run_id"] != run_id:
                continue
            regression = _regression(row, previous)
            if regression:
                found.append(regression)
        return found

    def _with_previous_known(self) -> Iterator[tuple[sqlite3.Row, sqlite3.Row | None]]:
        """Every setting record in order, with the last record before it that knew a state."""
        last_known: dict[tuple[str, str, str], sqlite3.Row] = {}
        for row in self._db.execute("SELECT * FROM setting_results ORDER BY id"):
            key = (row["platform"], row["account"], row["setting_id"])
            yield row, last_known.get(key)
            if shown_state(row["before"], row["after"]) is not State.UNKNOWN:
                last_known[key] = row

    def runs(self, platform: str | None = None, limit: int | None = None) -> list[dict]:
        """Runs newest first, each with its platform results and setting records."""
        query = "SELECT * FROM runs"
        args: list[Any] = []
        if platform:
            query += " WHERE id IN (SELECT run_id FROM platform_results WHERE platform = ?)"
            args.append(platform)
        query += " ORDER BY started_at DESC, rowid DESC"
        if limit:
            query += " LIMIT ?"
            args.append(limit)
        runs = [dict(row) for row in self._db.execute(query, args)]
        regressions = {(r.run_id, r.platform, r.account, r.setting_id): r
                       for r in self.regressions()}
        for run in runs:
            run["dry_run"] = bool(run["dry_run"])
            run["platforms"] = []
            for p in self._db.execute(
                    "SELECT * FROM platform_results WHERE run_id = ?"
                    + (" AND platform = ?" if platform else "") + " ORDER BY id",
                    [run["id"]] + ([platform] if platform else [])):
                entry = {k: p[k] for k in ("platform", "account", "outcome", "error",
                                           "flow_version", "started_at", "finished_at")}
                entry["settings"] = []
                for s in self._db.execute("SELECT s.*, r.seq, r.sha256 AS receipt_sha256 "
                                          "FROM setting_results s LEFT JOIN receipts r "
                                          "ON r.setting_result_id = s.id "
                                          "WHERE platform_result_id = ? ORDER BY s.id",
                                          (p["id"],)):
                    regression = regressions.get((run["id"], s["platform"], s["account"],
                                                  s["setting_id"]))
                    entry["settings"].append({
                        "setting_id": s["setting_id"], "label": s["label"],
                        "before": s["before"], "after": s["after"], "outcome": s["outcome"],
                        "detail": s["detail"], "read_at": s["read_at"], "receipt": s["seq"],
                        "receipt_sha256": s["receipt_sha256"],
                        "regression": regression.to_json() if regression else None})
                run["platforms"].append(entry)
        return runs

    def setting_records(self) -> list[dict]:
        """Every setting record in order, with receipt, evidence and regression marks."""
        records = []
        for row, previous in self._with_previous_known():
            record = dict(row)
            receipt = self._db.execute("SELECT seq, sha256 FROM receipts "
                                       "WHERE setting_result_id = ?", (row["id"],)).fetchone()
            record["receipt"] = receipt["seq"] if receipt else None
            record["receipt_sha256"] = receipt["sha256"] if receipt else None
            evidence, evidence_run = self.evidence_resting_on(row)
            record["evidence"] = [dict(e) for e in evidence]
            record["evidence_run_id"] = evidence_run
            record["regression"] = _regression(row, previous)
            record["previous_state"] = (shown_state(previous["before"], previous["after"]).value
                                        if previous else None)
            records.append(record)
        return records

    def evidence_rows(self, setting_result_id: int) -> list[sqlite3.Row]:
        return self._db.execute("SELECT * FROM evidence WHERE setting_result_id = ? ORDER BY id",
                                (setting_result_id,)).fetchall()

    # ------------------------------------------------------------------ for verify
    def receipt_rows(self) -> list[sqlite3.Row]:
        return self._db.execute(
            "SELECT r.*, s.run_id, s.platform, s.account, s.setting_id, s.label, s.url, s.kind, "
            "s.before, s.after, s.outcome, s.detail, s.started_at, s.finished_at, "
            "s.flow_version, s.tool_version FROM receipts r LEFT JOIN setting_results s "
            "ON s.id = r.setting_result_id ORDER BY r.seq").fetchall()

    def last_issued_receipt(self) -> int:
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'receipts'"
                               ).fetchone()
        return row[0] if row else 0

    def settings_without_receipt(self) -> list[sqlite3.Row]:
        return self._db.execute(
            "SELECT * FROM setting_results WHERE id NOT IN "
            "(SELECT setting_result_id FROM receipts) ORDER BY id").fetchall()

    # ------------------------------------------------------------------ pruning
    def prunable_evidence(self, before: datetime) -> list[str]:
        """Evidence paths of records read before ``before``, except what must stay (see
        ``kept_evidence``)."""
        return [row["path"] for row in self._db.execute(
            "SELECT DISTINCT e.path FROM evidence e JOIN setting_results s "
            "ON s.id = e.setting_result_id WHERE e.pruned_at IS NULL AND s.read_at < ? "
            f"AND e.path NOT IN ({_NEWEST_EVIDENCE}) AND e.path NOT IN ({_REQUEST_EVIDENCE}) "
            "ORDER BY e.path", (iso(before),))]

    def kept_evidence(self, before: datetime) -> dict[str, int]:
        """How many old (read before ``before``) unpruned evidence files stay, and why:
        ``newest``: the newest evidence of a setting; ``request``: the proof that a request
        (an objection form) was sent, which no later run can take again."""
        def count(query: str) -> int:
            return self._db.execute(
                "SELECT COUNT(DISTINCT e.path) FROM evidence e JOIN setting_results s "
                "ON s.id = e.setting_result_id WHERE e.pruned_at IS NULL AND s.read_at < ? "
                f"AND {query}", (iso(before),)).fetchone()[0]

        return {"request": count(f"e.path IN ({_REQUEST_EVIDENCE})"),
                "newest": count(f"e.path IN ({_NEWEST_EVIDENCE}) "
                                f"AND e.path NOT IN ({_REQUEST_EVIDENCE})")}

    def integrity_check(self) -> str:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]

"""The history database: runs, setting results, evidence files and receipts.

One SQLite file under the home (WAL, owner-only). Everything one platform result brings
is written in one transaction, so a run killed at any moment leaves either the whole
record or none of it. Receipt files are written to ``receipts/.pending/`` inside that
transaction and moved into place after it commits; ``Store.open`` finishes or discards
whatever a killed run left there.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from optout_bot.errors import OptoutError
from optout_bot.home import Home, safe_name, write_private
from optout_bot.locks import RunLock, run_is_gone
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.receipts import canonical, sha256_bytes, sha256_file

#: MIGRATIONS[n] takes the database from schema version n to n + 1
MIGRATIONS: list[str] = [
    """
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        dry_run INTEGER NOT NULL,
        tool_version TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        exit_code INTEGER
    );
    CREATE TABLE platform_results (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id),
        platform TEXT NOT NULL,
        account TEXT NOT NULL,
        dry_run INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error TEXT,
        flow_version TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        stats TEXT NOT NULL
    );
    CREATE TABLE setting_results (
        id INTEGER PRIMARY KEY,
        platform_result_id INTEGER NOT NULL REFERENCES platform_results(id),
        run_id TEXT NOT NULL REFERENCES runs(id),
        platform TEXT NOT NULL,
        account TEXT NOT NULL,
        setting_id TEXT NOT NULL,
        label TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        read_at TEXT NOT NULL,
        dry_run INTEGER NOT NULL,
        flow_version TEXT NOT NULL,
        tool_version TEXT NOT NULL
    );
    CREATE INDEX setting_results_by_setting
        ON setting_results (platform, account, setting_id, id);
    CREATE INDEX setting_results_by_run ON setting_results (run_id);
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        setting_result_id INTEGER NOT NULL REFERENCES setting_results(id),
        path TEXT NOT NULL,
        sha256 TEXT,
        size INTEGER,
        pruned_at TEXT
    );
    CREATE INDEX evidence_by_setting ON evidence (setting_result_id);
    CREATE TABLE receipts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        setting_result_id INTEGER NOT NULL UNIQUE REFERENCES setting_results(id),
        path TEXT NOT NULL,
        body TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        prev_sha256 TEXT
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
#: the exit code recorded for a run found killed (as a shell reports SIGKILL); Ctrl-C and
#: SIGTERM record their own, 130 and 143
EXIT_KILLED = 137
INTERRUPTED_EXITS = (130, 143, EXIT_KILLED)
BUSY_TIMEOUT_MS = 15000


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


class Store:
    def __init__(self, home: Home, connection: sqlite3.Connection):
        self.home = home
        self._db = connection
        self._lock = threading.RLock()
        self._run_locks: dict[str, RunLock] = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, home: Home, read_only: bool = False) -> Store:
        """Open (creating or migrating) the history database of ``home``.

        ``read_only``: open it without writing anything (a home archived read-only can still
        be shown and verified); also chosen by itself when the home cannot be written."""
        if read_only or not _writable(home):
            return cls._open_read_only(home)
        home.dir()
        path = home.db_path
        if path.is_file() and path.stat().st_size == 0:
            print(f"Warning: the history database {path} was empty (0 bytes, probably cut "
                  "short by a crash); a new, empty history starts there.", file=sys.stderr)
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000,
                                         isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            store = cls(home, connection)
            store._migrate()
            store._finish_pending_receipts()
        except sqlite3.DatabaseError as exc:
            raise OptoutError(f"The history database {path} cannot be used ({exc}). Move it "
                              "aside to start a new history.") from None
        for suffix in ("", "-wal", "-shm"):
            sidecar = Path(f"{path}{suffix}")
            if sidecar.exists():
                sidecar.chmod(0o600)
        return store

    @classmethod
    def _open_read_only(cls, home: Home) -> Store:
        path = home.db_path
        if not path.is_file() or path.stat().st_size == 0:
            raise OptoutError(f"There is no history in {home.root}, and it cannot be written "
                              "to start one.")
        try:
            # immutable: no lock or -shm file is made, which a read-only folder refuses
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1",
                                         uri=True, isolation_level=None,
                                         check_same_thread=False)
            connection.row_factory = sqlite3.Row
            store = cls(home, connection)
            version = store.schema_version()
        except sqlite3.DatabaseError as exc:
            raise OptoutError(f"The history database {path} cannot be used ({exc}).") from None
        if version != SCHEMA_VERSION:
            connection.close()
            raise OptoutError(f"The history database {path} is from another version of "
                              "optout-bot and this home cannot be written to update it; "
                              "open it once where it can be written.")
        return store

    def close(self) -> None:
        with self._lock:
            self._db.close()
        for lock in self._run_locks.values():
            lock.release()
        self._run_locks.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise OptoutError("The history database was written by a newer optout-bot; "
                              "update optout-bot to read it.")
        while version < SCHEMA_VERSION:
            with self._transaction() as db:
                # another process may have migrated while we waited for the lock
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _pending_dir(self) -> Path:
        return self.home.root / "receipts" / ".pending"

    def _finish_pending_receipts(self) -> None:
        """Move receipt files of committed records into place; drop those never committed."""
        pending = self._pending_dir()
        if not pending.is_dir() or not any(pending.iterdir()):
            return
        # under the write lock no other process is between writing and committing
        with self._transaction() as db:
            for path in pending.iterdir():
                relative = f"receipts/{path.name}"
                row = db.execute("SELECT 1 FROM receipts WHERE path = ?", (relative,)).fetchone()
                if row is None:
                    path.unlink(missing_ok=True)
                elif not (self.home.root / relative).exists():
                    os.replace(path, self.home.root / relative)
                else:
                    path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ writing
    def begin_run(self, command: str, dry_run: bool, tool_version: str,
                  run_id: str | None = None) -> str:
        """Record the start of a run; returns its id (e.g. ``20261123T164501Z-ab12``)."""
        started = utc_now()
        chosen = run_id
        self.mark_interrupted_runs()
        with self._transaction() as db:
            while True:
                run_id = chosen or (started.strftime("%Y%m%dT%H%M%SZ") + "-"
                                    + secrets.token_hex(2))
                if not db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone():
                    break
                if chosen:
                    raise OptoutError(f"A run with the id {run_id} is already recorded.",
                                      expected=False)
            # held from before the run is recorded until after it is finished
            self._run_locks[run_id] = RunLock(self.home, run_id).hold()
            db.execute("INSERT INTO runs (id, command, dry_run, tool_version, started_at) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (run_id, command, int(dry_run), tool_version, iso(started)))
        return run_id

    def finish_run(self, run_id: str, exit_code: int) -> None:
        with self._transaction() as db:
            db.execute("UPDATE runs SET finished_at = ?, exit_code = ? WHERE id = ?",
                       (iso(utc_now()), exit_code, run_id))
        lock = self._run_locks.pop(run_id, None)
        if lock is not None:
            lock.release()

    def mark_interrupted_runs(self) -> list[str]:
        """Runs recorded as started whose process is gone: marked interrupted (exit code
        ``EXIT_KILLED``), so history stops showing them as still going."""
        unfinished = [row["id"] for row in self._db.execute(
            "SELECT id FROM runs WHERE finished_at IS NULL")]
        gone = [run_id for run_id in unfinished
                if run_id not in self._run_locks and run_is_gone(self.home, run_id)]
        if gone:
            with self._transaction() as db:
                db.executemany("UPDATE runs SET finished_at = ?, exit_code = ? "
                               "WHERE id = ? AND finished_at IS NULL",
                               [(iso(utc_now()), EXIT_KILLED, run_id) for run_id in gone])
        return gone

    def record_platform(self, run_id: str, result: PlatformResult) -> None:
        """Record a platform result, its settings, evidence and receipts, all or nothing."""
        hashes = {path: (sha256_file(Path(path)), _size(Path(path)))
                  for setting in result.settings for path in setting.evidence}
        moves: list[Path] = []
        try:
            with self._transaction() as db:
                self._record_platform(db, run_id, result, hashes, moves)
        except BaseException:
            for pending in moves:
                pending.unlink(missing_ok=True)
            raise
        for pending in moves:
            target = self.home.root / "receipts" / pending.name
            try:
                os.replace(pending, target)
            except FileNotFoundError:
                pass  # another process finished the move for us

    def _record_platform(self, db: sqlite3.Connection, run_id: str, result: PlatformResult,
                         hashes: dict[str, tuple[str | None, int | None]],
                         moves: list[Path]) -> None:
        run = db.execute("SELECT tool_version FROM runs WHERE id = ?", (run_id,)).fetchone()
        if run is None:
            raise OptoutError(f"No run {run_id} was begun; cannot record its results.",
                              expected=False)
        recorded_at = iso(utc_now())
        platform_row = db.execute(
            "INSERT INTO platform_results (run_id, platform, account, dry_run, outcome, "
            "error, flow_version, started_at, finished_at, stats) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, result.platform, result.account or "", int(result.dry_run),
             result.outcome.value, result.error, result.flow_version, result.started_at,
             result.finished_at, json.dumps(result.stats, default=str)),
        ).lastrowid
        for setting in result.settings:
            moves.append(self._record_setting(db, run_id, run["tool_version"], result,
                                              platform_row, setting, hashes, recorded_at))

    def _record_setting(self, db: sqlite3.Connection, run_id: str, tool_version: str,
                        result: PlatformResult, platform_row: int, setting: SettingResult,
                        hashes: dict[str, tuple[str | None, int | None]],
                        recorded_at: str) -> Path:
        read_at = iso(parse_time(setting.finished_at) or parse_time(setting.started_at)
                      or parse_time(result.finished_at) or parse_time(recorded_at))
        record = {
            "run_id": run_id, "platform": result.platform, "account": result.account or "",
            "setting_id": setting.id, "label": setting.label, "url": setting.url,
            "kind": setting.kind, "before": setting.before.value, "after": setting.after.value,
            "outcome": setting.outcome.value, "detail": setting.detail,
            "started_at": setting.started_at, "finished_at": setting.finished_at,
            "dry_run": result.dry_run, "flow_version": result.flow_version,
            "tool_version": tool_version,
        }
        columns = {**record, "read_at": read_at, "dry_run": int(result.dry_run),
                   "platform_result_id": platform_row}
        setting_row = db.execute(
            f"INSERT INTO setting_results ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})", tuple(columns.values())).lastrowid
        evidence = []
        for path in setting.evidence:
            digest, size = hashes[path]
            relative = self.relative(path)
            db.execute("INSERT INTO evidence (setting_result_id, path, sha256, size) "
                       "VALUES (?, ?, ?, ?)", (setting_row, relative, digest, size))
            evidence.append({"path": relative, "sha256": digest})
        previous = db.execute("SELECT sha256 FROM receipts ORDER BY seq DESC LIMIT 1").fetchone()
        prev_sha = previous["sha256"] if previous else None
        seq = db.execute("INSERT INTO receipts (setting_result_id, path, body, sha256) "
                         "VALUES (?, '', '', '')", (setting_row,)).lastrowid
        body = canonical({"receipt": seq, **record, "recorded_at": recorded_at,
                          "evidence": evidence, "prev_receipt_sha256": prev_sha})
        name = (f"{seq:08d}-{safe_name(result.platform)}-{safe_name(result.account or '')}-"
                f"{safe_name(setting.id)}.json")
        db.execute("UPDATE receipts SET path = ?, body = ?, sha256 = ?, prev_sha256 = ? "
                   "WHERE seq = ?",
                   (f"receipts/{name}", body.decode("utf-8"), sha256_bytes(body), prev_sha, seq))
        pending = self.home.dir("receipts", ".pending") / name
        write_private(pending, body)
        return pending

    def relative(self, path: str | Path) -> str:
        """A path under the home as stored: relative to the home, with forward slashes."""
        absolute = Path(path).absolute()
        try:
            return absolute.relative_to(self.home.root).as_posix()
        except ValueError:
            return str(absolute)

    def absolute(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self.home.root / path

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

    def mark_pruned(self, paths: list[str]) -> None:
        with self._transaction() as db:
            now = iso(utc_now())
            db.executemany("UPDATE evidence SET pruned_at = ? WHERE path = ? "
                           "AND pruned_at IS NULL", [(now, path) for path in paths])

    def integrity_check(self) -> str:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock first, rolls back on any error."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        try:
            self.store._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.store._lock.release()
            raise
        return self.store._db

    def __exit__(self, exc_type: type[BaseException] | None, *_rest: object) -> None:
        try:
            self.store._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store._lock.release()


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


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _writable(home: Home) -> bool:
    """Whether the home (and its database, when there is one) can be written."""
    if not home.root.exists():
        return True
    if not os.access(home.root, os.W_OK):
        return False
    return not home.db_path.exists() or os.access(home.db_path, os.W_OK)


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None

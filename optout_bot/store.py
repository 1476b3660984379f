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
from pathlib import Path
from typing import Self

from optout_bot.errors import OptoutError
from optout_bot.home import Home, safe_name, write_private
from optout_bot.locks import RunLock, run_is_gone
from optout_bot.outcomes import PlatformResult, SettingResult
from optout_bot.receipts import canonical, sha256_bytes, sha256_file
from optout_bot.storereads import (
    LatestState,
    Regression,
    StoreReads,
    iso,
    parse_time,
    shown_state,
    utc_now,
)
from optout_bot.storeschema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["EXIT_KILLED", "INTERRUPTED_EXITS", "SCHEMA_VERSION", "LatestState", "Regression",
           "Store", "iso", "parse_time", "shown_state", "utc_now"]

#: the exit code recorded for a run found killed (as a shell reports SIGKILL); Ctrl-C and
#: SIGTERM record their own, 130 and 143
EXIT_KILLED = 137
INTERRUPTED_EXITS = (130, 143, EXIT_KILLED)
BUSY_TIMEOUT_MS = 15000


class Store(StoreReads):
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
        # Under the write lock no other process is between writing and committing; a writer
        # that has committed moves its own files after the lock, so one may be gone by now.
        with self._transaction() as db:
            for path in pending.iterdir():
                relative = f"receipts/{path.name}"
                row = db.execute("SELECT 1 FROM receipts WHERE path = ?", (relative,)).fetchone()
                if row is None:
                    path.unlink(missing_ok=True)
                elif not (self.home.root / relative).exists():
                    try:
                        os.replace(path, self.home.root / relative)
                    except FileNotFoundError:
                        pass  # its writer finished the move at the same moment
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

    def mark_pruned(self, paths: list[str]) -> None:
        with self._transaction() as db:
            now = iso(utc_now())
            db.executemany("UPDATE evidence SET pruned_at = ? WHERE path = ? "
                           "AND pruned_at IS NULL", [(now, path) for path in paths])


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

"""The history database's schema, as the migrations that build it."""

from __future__ import annotations

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

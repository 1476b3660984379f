"""The history database and receipts: what is recorded, what verify finds, and kill safety."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from optout_bot.errors import OptoutError
from optout_bot.home import Home
from optout_bot.outcomes import Outcome, PlatformResult, SettingResult, State
from optout_bot.receipts import verify
from optout_bot.store import SCHEMA_VERSION, Store


def tiny_png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real, valid PNG of one colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def fake_result(home: Home, run_id: str, platform: str = "linkedin",
                states: dict[str, tuple[State, State]] | None = None,
                account: str = "me@example.com", when: str = "2026-11-23T16:45:00+00:00",
                dry_run: bool = False) -> PlatformResult:
    """A platform result whose settings have real before/after screenshots under the home."""
    states = states or {"ai-training": (State.ON, State.OFF)}
    folder = home.evidence_dir(run_id, platform, account)
    settings = []
    for number, (setting_id, (before, after)) in enumerate(states.items()):
        evidence = []
        for step, state in (("1-before", before), ("2-after", after)):
            path = folder / f"{setting_id}-{step}.png"
            colour = (30, 160, 30) if state is State.OFF else (200, 30, 30)
            path.write_bytes(tiny_png(8 + number, 6, colour))
            evidence.append(str(path))
        if after is State.OFF:
            outcome = Outcome.OFF if before is State.OFF else Outcome.TURNED_OFF
        elif after is State.ON:
            outcome = Outcome.ON
        else:
            outcome = Outcome.ERROR
        settings.append(SettingResult(
            setting_id, f"Use my data for {setting_id}", f"https://{platform}.example/settings",
            "switch", before=before, after=after, outcome=outcome, detail=f"{outcome.value}.",
            evidence=evidence, started_at=when, finished_at=when))
    result = PlatformResult(platform, account, dry_run, settings=settings, flow_version="3",
                            started_at=when, finished_at=when)
    result.summarise()
    return result


def record(store: Store, platform: str = "linkedin", when: str = "2026-11-23T16:45:00+00:00",
           dry_run: bool = False, **states: tuple[State, State]) -> str:
    run_id = store.begin_run("check" if dry_run else "apply", dry_run, "0.1.0")
    store.record_platform(run_id, fake_result(store.home, run_id, platform,
                                              {k.replace("_", "-"): v for k, v in states.items()}
                                              or None, when=when, dry_run=dry_run))
    store.finish_run(run_id, 0)
    return run_id


def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A fresh home that the command line finds (through ``OPTOUT_HOME``)."""
    home = Home(tmp_path / "optout-home").ensure()
    monkeypatch.setenv("OPTOUT_HOME", str(home.root))
    return home


def record_three_runs(home: Home) -> dict[str, str]:
    """Three runs: turned off, found back on (and turned off again), and X found on."""
    with Store.open(home) as store:
        return {
            "first": record(store, when="2026-01-10T09:00:00+00:00",
                            ai_training=(State.ON, State.OFF), sharing=(State.OFF, State.OFF)),
            "again": record(store, when="2026-11-20T09:00:00+00:00",
                            ai_training=(State.ON, State.OFF)),
            "x": record(store, platform="x", when="2026-11-21T09:00:00+00:00", dry_run=True,
                        grok=(State.ON, State.ON)),
        }


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "optout-home").ensure()


@pytest.fixture
def store(home: Home):
    with Store.open(home) as opened:
        yield opened


def problems(store: Store) -> list[str]:
    return [p.message for p in verify(store).problems]


# ---------------------------------------------------------------------- recording
def test_open_creates_private_wal_database(home: Home, store: Store) -> None:
    record(store)
    mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert store.schema_version() == SCHEMA_VERSION
    for path in [home.db_path, *home.root.joinpath("receipts").iterdir()]:
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_latest_states_show_the_newest_record_with_its_evidence(home: Home, store: Store) -> None:
    first = record(store, when="2026-11-20T10:00:00+00:00",
                   ai_training=(State.ON, State.OFF), sharing=(State.OFF, State.OFF))
    second = record(store, when="2026-11-23T10:00:00+00:00", ai_training=(State.OFF, State.OFF))
    states = {s.setting_id: s for s in store.latest_states()}
    assert set(states) == {"ai-training", "sharing"}
    training = states["ai-training"]
    assert (training.state, training.outcome, training.run_id) == (State.OFF, Outcome.OFF, second)
    assert training.read_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert states["sharing"].run_id == first
    assert [Path(p).name for p in training.evidence] == ["ai-training-1-before.png",
                                                         "ai-training-2-after.png"]
    assert all(Path(p).is_absolute() and Path(p).exists() for p in training.evidence)
    stored = store._db.execute("SELECT path FROM evidence LIMIT 1").fetchone()[0]
    assert stored.startswith("evidence/") and not stored.startswith("/")


def test_state_falls_back_to_before_when_after_is_unknown(store: Store) -> None:
    record(store, ai_training=(State.ON, State.UNKNOWN))
    [state] = store.latest_states()
    assert (state.state, state.outcome) == (State.ON, Outcome.ERROR)


def test_last_read_back_is_the_newest_read_of_the_platform(store: Store) -> None:
    assert store.last_read_back("linkedin") is None
    record(store, when="2026-11-20T10:00:00+00:00")
    record(store, when="2026-11-22T08:30:00+00:00")
    record(store, platform="x", when="2026-11-25T08:30:00+00:00")
    record(store, when="2026-11-24T08:30:00+00:00", ai_training=(State.UNKNOWN, State.UNKNOWN))
    assert store.last_read_back("linkedin") == datetime(2026, 11, 22, 8, 30, tzinfo=UTC)


def test_a_setting_back_on_after_off_is_a_regression(store: Store) -> None:
    off = record(store, when="2026-11-20T10:00:00+00:00", ai_training=(State.ON, State.OFF))
    unknown = record(store, when="2026-11-21T10:00:00+00:00",
                     ai_training=(State.UNKNOWN, State.UNKNOWN))
    back = record(store, when="2026-11-22T10:00:00+00:00", ai_training=(State.ON, State.OFF))
    assert store.regressions(off) == [] and store.regressions(unknown) == []
    [regression] = store.regressions(back)
    assert (regression.setting_id, regression.was_off_run_id) == ("ai-training", off)
    assert regression.turned_off_again
    assert regression.was_off_at == datetime(2026, 11, 20, 10, tzinfo=UTC)


def test_a_failed_record_leaves_nothing_behind(home: Home, store: Store) -> None:
    run_id = store.begin_run("apply", False, "0.1.0")
    result = fake_result(home, run_id)
    result.settings.append(SettingResult("broken", "Broken", "u", "switch"))
    result.settings[-1].outcome = "not an outcome"  # fails half way through the transaction
    with pytest.raises(AttributeError):
        store.record_platform(run_id, result)
    for table in ("platform_results", "setting_results", "evidence", "receipts"):
        assert store._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert not list(home.root.joinpath("receipts").rglob("*.json"))
    store.record_platform(run_id, fake_result(home, run_id))
    assert verify(store).ok


def test_recording_for_an_unknown_run_is_refused(home: Home, store: Store) -> None:
    with pytest.raises(OptoutError):
        store.record_platform("nope", fake_result(home, "nope"))


# ---------------------------------------------------------------------- schema
def test_reopening_keeps_history_and_version(home: Home) -> None:
    with Store.open(home) as store:
        record(store)
    with Store.open(home) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert len(store.latest_states()) == 1


def test_a_database_from_a_newer_version_is_refused_in_one_line(home: Home) -> None:
    with Store.open(home):
        pass
    with sqlite3.connect(home.db_path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OptoutError, match="newer optout-bot"):
        Store.open(home)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(home: Home) -> None:
    home.db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(OptoutError, match="cannot be used"):
        Store.open(home)


# ---------------------------------------------------------------------- receipts
def test_receipts_form_a_chain_and_hold_evidence_hashes(home: Home, store: Store) -> None:
    record(store, ai_training=(State.ON, State.OFF), sharing=(State.OFF, State.OFF))
    record(store, platform="x")
    files = sorted(home.root.joinpath("receipts").glob("*.json"))
    assert [f.name[:8] for f in files] == ["00000001", "00000002", "00000003"]
    receipts = [json.loads(f.read_text()) for f in files]
    assert receipts[0]["prev_receipt_sha256"] is None
    for earlier, later in zip(files, receipts[1:], strict=False):
        assert later["prev_receipt_sha256"] == hashlib.sha256(earlier.read_bytes()).hexdigest()
    first = receipts[0]
    assert {k: first[k] for k in ("platform", "setting_id", "before", "after", "outcome")} == {
        "platform": "linkedin", "setting_id": "ai-training", "before": "on", "after": "off",
        "outcome": "turned_off"}
    assert first["tool_version"] == "0.1.0" and first["flow_version"] == "3"
    evidence = first["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(
        home.root.joinpath(evidence["path"]).read_bytes()).hexdigest()
    assert verify(store).ok


def test_verify_names_an_altered_evidence_file(home: Home, store: Store) -> None:
    record(store)
    [state] = store.latest_states()
    Path(state.evidence[1]).write_bytes(tiny_png(rgb=(0, 0, 0)))
    [message] = problems(store)
    assert "ai-training-2-after.png" in message and "altered" in message


def test_verify_names_a_removed_evidence_file(store: Store) -> None:
    record(store)
    [state] = store.latest_states()
    Path(state.evidence[0]).unlink()
    [message] = problems(store)
    assert "ai-training-1-before.png" in message and "removed" in message


def test_verify_names_an_altered_or_removed_receipt_file(home: Home, store: Store) -> None:
    record(store)
    record(store)
    first, second = sorted(home.root.joinpath("receipts").glob("*.json"))
    first.write_text(first.read_text().replace('"after":"off"', '"after":"on"'))
    second.unlink()
    found = problems(store)
    assert any(first.name in m and "altered" in m for m in found)
    assert any(second.name in m and "removed" in m for m in found)


def test_verify_names_a_receipt_removed_from_the_database(home: Home, store: Store) -> None:
    for _ in range(3):
        record(store)
    with sqlite3.connect(home.db_path) as db:
        db.execute("DELETE FROM receipts WHERE seq = 2")
    found = problems(store)
    assert any("Receipt 2 was removed" in m for m in found)
    assert any("00000002" in m and "no record" in m for m in found)


def test_verify_notices_removed_newest_receipts(home: Home, store: Store) -> None:
    record(store)
    record(store)
    with sqlite3.connect(home.db_path) as db:
        db.execute("DELETE FROM receipts WHERE seq = 2")
        db.execute("DELETE FROM setting_results WHERE id = 2")
    home.root.joinpath("receipts").glob("00000002*").__next__().unlink()
    assert any("newest receipts (2 to 2)" in m for m in problems(store))


def test_verify_names_a_database_record_changed_after_the_fact(home: Home, store: Store) -> None:
    record(store, ai_training=(State.ON, State.ON))
    with sqlite3.connect(home.db_path) as db:
        db.execute("UPDATE setting_results SET after = 'off', outcome = 'turned_off'")
    [message] = problems(store)
    assert "no longer matches its receipt 1" in message and "after, outcome" in message


def test_verify_names_a_rewritten_receipt_that_breaks_the_chain(home: Home, store: Store) -> None:
    record(store)
    record(store)
    with sqlite3.connect(home.db_path) as db:
        body = db.execute("SELECT body FROM receipts WHERE seq = 1").fetchone()[0]
        forged = body.replace('"detail":"turned_off."', '"detail":"forged"')
        db.execute("UPDATE receipts SET body = ?, sha256 = ? WHERE seq = 1",
                   (forged, hashlib.sha256(forged.encode()).hexdigest()))
    assert any("Receipt 2" in m and "does not follow receipt 1" in m for m in problems(store))


# ---------------------------------------------------------------------- pruning
def test_pruned_evidence_is_reported_as_pruned_not_as_tampering(home: Home, store: Store) -> None:
    record(store, when="2026-01-01T00:00:00+00:00")
    record(store, when="2026-11-01T00:00:00+00:00")
    old = store.prunable_evidence(datetime(2026, 6, 1, tzinfo=UTC))
    assert len(old) == 2 and all("evidence/" in p for p in old)
    for path in old:
        store.absolute(path).unlink()
    store.mark_pruned(old)
    result = verify(store)
    assert result.ok and len(result.pruned) == 2
    assert "optout prune" in result.pruned[0].message


def test_the_newest_evidence_of_a_setting_is_never_prunable(store: Store) -> None:
    record(store, when="2026-01-01T00:00:00+00:00")
    assert store.prunable_evidence(datetime(2027, 1, 1, tzinfo=UTC)) == []


# ---------------------------------------------------------------------- kill safety
WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path[:0] = [sys.argv[2], sys.argv[3]]
    from optout_bot.home import Home
    from optout_bot.outcomes import State
    from optout_bot.store import Store
    from test_store import fake_result
    home = Home(Path(sys.argv[1]))
    store = Store.open(home)
    n = 0
    while True:
        run_id = store.begin_run("apply", False, "0.1.0")
        store.record_platform(run_id, fake_result(home, run_id, states={
            f"s{i}": (State.ON, State.OFF) for i in range(5)}))
        store.finish_run(run_id, 0)
        n += 1
        print(n, flush=True)
""")


def start_writer(home: Home) -> subprocess.Popen:
    repo = str(Path(__file__).resolve().parents[1])
    tests = str(Path(__file__).resolve().parent)
    return subprocess.Popen([sys.executable, "-c", WRITER, str(home.root), repo, tests],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_runs(writer: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 20
    written = 0
    while written < count and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            break
        written = int(line)
    assert written >= count, writer.stderr.read()


def test_a_run_killed_mid_write_leaves_a_sound_database(home: Home) -> None:
    writer = start_writer(home)
    try:
        wait_for_runs(writer, 15)
        time.sleep(0.013)  # land somewhere inside a write, not between runs
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    with sqlite3.connect(home.db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = db.execute("SELECT COUNT(*) FROM setting_results").fetchone()[0]
    assert counts % 5 == 0  # whole platform records only
    with Store.open(home) as store:
        assert not list(home.root.joinpath("receipts", ".pending").glob("*"))
        run_id = record(store, when=datetime.now(UTC).isoformat())
        latest = {s.setting_id: s.run_id for s in store.latest_states()}
        assert latest["ai-training"] == run_id
        assert store.integrity_check() == "ok"
        assert problems(store) == []


def test_processes_writing_at_once_keep_one_unbroken_chain(home: Home) -> None:
    writers = [start_writer(home) for _ in range(2)]
    try:
        for writer in writers:
            wait_for_runs(writer, 10)
    finally:
        for writer in writers:
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
    with Store.open(home) as store:
        result = verify(store)
        assert result.ok, [p.message for p in result.problems]
        assert result.receipts >= 100


def test_a_chosen_run_id_is_kept_and_never_reused(store: Store) -> None:
    assert store.begin_run("apply", False, "0.1.0", run_id="20261123T164501Z-ab12") == \
        "20261123T164501Z-ab12"
    with pytest.raises(OptoutError):
        store.begin_run("apply", False, "0.1.0", run_id="20261123T164501Z-ab12")


def test_a_receipt_left_pending_by_a_killed_run_is_finished_or_dropped(home: Home) -> None:
    with Store.open(home) as store:
        record(store)
    receipts = home.root / "receipts"
    [committed] = receipts.glob("*.json")
    pending = receipts / ".pending"
    committed.rename(pending / committed.name)  # killed between commit and move
    (pending / "00000099-linkedin-x-y.json").write_text("{}")  # killed before commit
    with Store.open(home) as store:
        assert committed.exists()
        assert not list(pending.iterdir())
        assert verify(store).ok


def test_times_without_a_zone_or_with_z_are_read_as_utc(store: Store) -> None:
    record(store, when="2026-11-20T10:00:00Z")
    assert store.last_read_back("linkedin") == datetime(2026, 11, 20, 10, tzinfo=UTC)
    record(store, when=(datetime(2026, 11, 21, 10) - timedelta(hours=1)).isoformat())
    assert store.last_read_back("linkedin") == datetime(2026, 11, 21, 9, tzinfo=UTC)

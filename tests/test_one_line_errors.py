"""Trouble a person can cause or meet ends in one line and the right exit code: 2 for
usage, 3 for the rest, never a traceback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from optout_bot.home import Home
from optout_bot.store import Store
from tests.test_cli import run_main
from tests.test_store import record


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {"OPTOUT_HOME": str(tmp_path / "home"), "OPTOUT_SITES": ""}


@pytest.mark.parametrize("where", ["option", "environment"])
def test_bytes_that_are_not_text_in_a_site_override(env, where):
    bad = os.fsdecode(b"x=http://127.0.0.1:1\xff")
    if where == "option":
        code, _, err = run_main(["check", "x", "--site", bad], env=env)
    else:
        code, _, err = run_main(["check", "x"], env={**env, "OPTOUT_SITES": bad})
    assert code == 2
    assert "not text (UTF-8)" in one_line(err)


def test_prune_with_an_absurd_number_of_days(env):
    code, _, err = run_main(["prune", "--keep-days", "99999999999"], env=env)
    assert code == 2 and "Traceback" not in err and "36500" in err


@pytest.mark.parametrize("args", [["status", "foo"], ["history", "foo"], ["demo", "foo"],
                                  ["policies", "log", "foo"]])
def test_an_unknown_platform_is_a_usage_error(env, args):
    code, _, err = run_main(args, env=env)
    assert code == 2
    assert "Unknown platform 'foo'" in one_line(err)


def test_policies_diff_of_binary_files(env, tmp_path):
    old, new = tmp_path / "old.png", tmp_path / "new.png"
    old.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    new.write_text("Policy text.")
    code, _, err = run_main(["policies", "diff", str(old), str(new)], env=env)
    assert code == 2
    assert "is not a text file" in one_line(err)


def test_login_without_a_terminal(env):
    code, out, err = run_main(["login", "x"], env=env)
    assert code == 2
    line = one_line(err)
    assert "OPTOUT_X_PASSWORD" in line and "GetPassWarning" not in out + err


def test_a_folder_of_the_home_that_cannot_be_written(env, monkeypatch):
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        if "evidence" in self.parts:
            raise PermissionError(13, "Permission denied")
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    home = Home.resolve(env["OPTOUT_HOME"]).ensure()
    from optout_bot.errors import OptoutError

    with pytest.raises(OptoutError, match="Cannot write to the folder .*evidence.*"
                       "Permission denied"):
        home.evidence_dir("run", "x", "me")


def test_an_empty_history_database_is_reported(tmp_path, capsys):
    home = Home.resolve(tmp_path / "home").ensure()
    home.db_path.write_bytes(b"")
    with Store.open(home) as store:
        assert store.latest_states() == []
    err = capsys.readouterr().err
    assert str(home.db_path) in err and "was empty (0 bytes" in err


def test_a_read_only_home_can_be_shown_and_verified(tmp_path, monkeypatch):
    home = Home.resolve(tmp_path / "home").ensure()
    with Store.open(home) as store:
        record(store)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in home.root.rglob("*"))
    writable = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (
        False if mode & os.W_OK and str(path).startswith(str(home.root))
        else writable(path, mode, **kw)))
    monkeypatch.setattr(sqlite3, "connect", _read_only_connect(sqlite3.connect))
    env = {"OPTOUT_HOME": str(home.root)}
    for args in (["status"], ["history"], ["history", "--verify"]):
        code, out, err = run_main(args, env=env)
        assert code == 0, (args, err)
    code, out, err = run_main(["report", "--out", str(tmp_path / "report.html")], env=env)
    assert code == 0, err
    assert (tmp_path / "report.html").is_file()
    assert sorted((p.name, p.stat().st_mtime_ns) for p in home.root.rglob("*")) == before


def _read_only_connect(connect):
    """sqlite3.connect that insists on read-only, as a read-only file system would."""
    def only_read(database, *args, **kwargs):
        assert kwargs.get("uri") and "mode=ro" in str(database), database
        return connect(database, *args, **kwargs)

    return only_read

"""The tool's own state never breaks it: files are replaced atomically, and a session file
that cannot be read means signed out, for that platform only."""

from __future__ import annotations

import os
import stat

import pytest

from optout_bot.home import Home, write_private
from optout_bot.session_state import load_session_state


def test_a_crash_while_writing_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    write_private(path, '{"cookies": []}')

    def power_cut(_fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        write_private(path, '{"cookies": [1, 2, 3]}')
    assert path.read_text() == '{"cookies": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left


def test_written_files_are_private_and_existing_folders_keep_their_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    write_private(shared / "report.html", "<html></html>")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "report.html").stat().st_mode) == 0o600
    write_private(tmp_path / "new" / "inside.txt", "x")
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def test_an_open_home_is_made_private_all_the_way_down(tmp_path, capsys):
    home = Home.resolve(tmp_path / "home").ensure()
    evidence = home.dir("evidence", "run-1")
    (evidence / "shot.png").write_bytes(b"png")
    for path in (home.root, home.root / "evidence", evidence):
        path.chmod(0o777)
    (evidence / "shot.png").chmod(0o666)
    Home.resolve(tmp_path / "home").ensure()
    for path in (home.root, home.root / "evidence", evidence):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert stat.S_IMODE((evidence / "shot.png").stat().st_mode) == 0o600
    assert "could be read by other users" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b'{"cookies": [{"name": "a"',
                                     b"[]", b'{"cookies": "no"}', b'{"cookies": [{"name": "a"}]}'])
def test_an_unreadable_session_is_signed_out_with_a_warning(tmp_path, capsys, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert load_session_state(path) is None
    err = capsys.readouterr().err
    assert str(path) in err and len(err.strip().splitlines()) == 1


def test_a_readable_session_is_used(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"cookies": [], "origins": []}')
    assert load_session_state(path) == str(path)
    assert load_session_state(tmp_path / "missing.json") is None


@pytest.mark.parametrize("content", [b"", b"{not json"])
def test_a_run_with_a_corrupt_session_signs_in_afresh(make_site, home, content):
    site = make_site("linkedin")
    state = home.profile_dir("linkedin", site.username) / "state.json"
    state.write_bytes(content)
    result = site.run()
    assert result.outcome.value == "on", result
    assert result.stats["logins"] == 1
    assert load_session_state(state) == str(state)  # replaced by the new session


def test_report_out_leaves_the_folder_it_writes_into_alone(tmp_path, monkeypatch):
    from tests.test_cli import run_main

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    env = {"OPTOUT_HOME": str(tmp_path / "home")}
    code, _, err = run_main(["report", "--out", str(shared / "report.html")], env=env)
    assert code == 0, err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "report.html").stat().st_mode) == 0o600
    (shared / "taken").mkdir()
    code, _, err = run_main(["report", "--out", str(shared / "taken")], env=env)
    assert code in (2, 3) and "Traceback" not in err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777

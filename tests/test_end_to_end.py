"""The whole tool through its CLI, as a person runs it: env credentials, --site, JSON.

Also the secrets rule: a canary password appears in no file under the home (browser
profiles aside, which the browser owns), not in the history database, stdout or stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optout_bot.sandbox import Sandbox
from tests.test_cli import run_main

CANARY = "Canary-Pa55word-7f3e9c"


@pytest.fixture
def linkedin_x(cli_browser):
    with Sandbox(["linkedin", "x"]) as box:
        for name in ("linkedin", "x"):
            box.replicas[name].add_account(f"canary-{name}@example.com", CANARY)
        yield box


def env_for(box: Sandbox, home: Path) -> dict:
    env = {"OPTOUT_HOME": str(home),
           "OPTOUT_SITES": ",".join(f"{n}={o}" for n, o in box.sites.items())}
    for name in ("linkedin", "x"):
        env[f"OPTOUT_{name.upper()}_USERNAME"] = f"canary-{name}@example.com"
        env[f"OPTOUT_{name.upper()}_PASSWORD"] = CANARY
    return env


def test_check_then_apply_through_the_cli(linkedin_x, tmp_path):
    env = env_for(linkedin_x, tmp_path / "home")
    before = {n: dict(r.settings_of(f"canary-{n}@example.com"))
              for n, r in linkedin_x.replicas.items()}

    code, out, err = run_main(["--json", "check", "linkedin", "x"], env=env)
    assert code == 1, err  # settings are on: attention
    doc = json.loads(out)
    assert {r["platform"] for r in doc["results"]} == {"linkedin", "x"}
    for result in doc["results"]:
        assert result["dry_run"] is True
        assert all(s["outcome"] == "on" and s["before"] == "on" for s in result["settings"])
        assert set(result["settings"][0]) >= {"id", "label", "url", "kind", "before", "after",
                                              "outcome", "detail", "evidence"}
    assert before == {n: dict(r.settings_of(f"canary-{n}@example.com"))
                      for n, r in linkedin_x.replicas.items()}

    code, out, err = run_main(["apply", "linkedin", "x", "--json"], env=env)
    assert code == 0, err
    doc = json.loads(out)
    for result in doc["results"]:
        assert all(s["outcome"] == "turned_off" for s in result["settings"]), result
        for setting in result["settings"]:
            assert all(Path(p).is_file() for p in setting["evidence"])
    for name, replica in linkedin_x.replicas.items():
        assert not any(replica.settings_of(f"canary-{name}@example.com").values())

    code, out, err = run_main(["check", "linkedin", "x"], env=env)
    assert code == 0 and "Nothing left to do" in out
    assert_no_canary(tmp_path / "home", out + err)


def test_wrong_password_is_needs_login_without_echoing_it(linkedin_x, tmp_path):
    env = env_for(linkedin_x, tmp_path / "home")
    env["OPTOUT_LINKEDIN_PASSWORD"] = CANARY + "-wrong"
    code, out, err = run_main(["--json", "apply", "linkedin"], env=env)
    assert code == 1
    settings = json.loads(out)["results"][0]["settings"]
    assert {s["outcome"] for s in settings} == {"needs_login"}
    assert "optout login linkedin" in settings[0]["detail"]
    assert_no_canary(tmp_path / "home", out + err)


def assert_no_canary(home: Path, printed: str) -> None:
    assert CANARY not in printed
    checked = 0
    for path in home.rglob("*"):
        if path.is_dir():
            assert path.stat().st_mode & 0o077 == 0, f"{path} is not private"
            continue
        if "profiles" in path.relative_to(home).parts:
            continue
        assert path.stat().st_mode & 0o077 == 0, f"{path} is not private"
        assert CANARY.encode() not in path.read_bytes(), f"the password leaked into {path}"
        checked += 1
    assert checked > 5


def test_no_platform_leaks_the_password(tmp_path, cli_browser):
    """Every flow that signs in, in one run, with the canary as password."""
    from optout_bot import registry

    names = [f.name for f in registry.load().flows.values() if f.needs_account]
    with Sandbox(names) as box:
        env = {"OPTOUT_HOME": str(tmp_path / "home"),
               "OPTOUT_SITES": ",".join(f"{n}={o}" for n, o in box.sites.items())}
        for name in names:
            box.replicas[name].add_account(f"canary-{name}@example.com", CANARY)
            env[f"OPTOUT_{name.upper()}_USERNAME"] = f"canary-{name}@example.com"
            env[f"OPTOUT_{name.upper()}_PASSWORD"] = CANARY
        code, out, err = run_main(["apply", *names, "--json"], env=env)
    results = json.loads(out)["results"]
    assert {r["platform"] for r in results} == set(names)
    assert code in (0, 1), err
    assert_no_canary(tmp_path / "home", out + err)

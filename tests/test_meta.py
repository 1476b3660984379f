"""Every flow comes with its replica and its tests; every flow file loads on its own."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import optout_bot.flows as flows

from optout_bot import registry
from optout_bot.sandbox import replica_classes, replica_names

REPO = Path(__file__).resolve().parents[1]


def flow_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(flows.__path__)
                  if not m.name.startswith("_"))


def test_every_flow_loads():
    reg = registry.load(refresh=True)
    assert reg.broken == {}
    assert sorted(reg.flows) == flow_modules()


def test_every_flow_has_a_replica_and_tests():
    replicas = replica_names()
    for name in flow_modules():
        assert name in replicas, f"flows/{name}.py has no replica optout_bot/sandbox/{name}.py"
        assert (REPO / "tests" / "flows" / f"test_{name}.py").is_file(), (
            f"flows/{name}.py has no tests/flows/test_{name}.py")


def test_replicas_match_their_flows():
    reg = registry.load()
    for name, cls in replica_classes().items():
        assert cls.platform == name
        assert name in reg.flows, f"replica {name} has no flow"


def test_flows_target_real_sites():
    for flow in registry.load().flows.values():
        # settings with nothing to drive may point at another site's page (a link to read)
        urls = [s.url for s in flow.settings if s.kind != "none" and not s.app_only]
        urls += [p.url for p in flow.policies]
        urls += [flow.login_url] if flow.login_url else []
        for url in urls:
            assert url.startswith("https://"), url
            host = url.split("/")[2]
            assert host in flow.hosts, f"{flow.name}: {host} is not in its hosts"
            assert "127.0.0.1" not in url and "localhost" not in url


def test_a_broken_flow_does_not_stop_the_others(tmp_path, monkeypatch):
    broken = tmp_path / "flows"
    broken.mkdir()
    for module in Path(flows.__file__).parent.glob("*.py"):
        (broken / module.name).write_text(module.read_text())
    (broken / "zz_broken.py").write_text("raise RuntimeError('bad flow file')\n")
    monkeypatch.setattr(flows, "__path__", [str(broken)])
    reg = registry.load(refresh=True)
    try:
        assert "zz_broken" in reg.broken and "RuntimeError" in reg.broken["zz_broken"]
        assert "linkedin" in reg.flows
    finally:
        monkeypatch.undo()
        registry.load(refresh=True)


def test_flows_install_under_the_project_namespace():
    """``pip install .`` must not put a top-level ``flows`` package into site-packages
    (another distribution may own that name): the folder installs as optout_bot.flows,
    and every package of the engine is listed so none is left out of a wheel."""
    import tomllib

    setup = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setup["package-dir"] == {"optout_bot.flows": "flows"}
    packages = set(setup["packages"])
    assert not any(p == "flows" or p.startswith("flows.") for p in packages)
    on_disk = {".".join(init.parent.relative_to(REPO).parts)
               for init in (REPO / "optout_bot").rglob("__init__.py")}
    assert on_disk | {"optout_bot.flows"} == packages
    assert flows.__name__ == "optout_bot.flows"


def test_every_flow_declares_how_to_tell_it_is_signed_in():
    """The engine decides sign-in from declarations alone, so none may be missing."""
    for flow in registry.load().flows.values():
        problems = flow.declaration_problems()
        assert not problems, (f"flows/{flow.name}.py does not declare "
                              + "; nor ".join(problems) + " (see the Flow contract)")


def test_a_flow_without_sign_in_declarations_is_named():
    from optout_bot.flow import Flow, Setting, SignIn

    setting = Setting("s", "A switch", "https://example.com/settings")
    bare = Flow(name="bare", login_url="https://example.com/login", settings=(setting,))
    assert bare.declaration_problems() == [
        "how to tell it is signed in (session cookies, signed-in pages or landmarks)",
        "how to tell a login page (login paths or password_form)"]
    declared = Flow(name="declared", login_url="https://example.com/", settings=(setting,),
                    sign_in=SignIn(cookies=("sid",), login_paths=("/",)))
    assert declared.declaration_problems() == []
    no_account = Flow(name="none", settings=(setting,))
    assert no_account.declaration_problems() == []

"""Every flow and its replica agree on the real site's facts; the replica kit holds together.

A replica states the real site's hosts, session cookie and policy pages as its own facts
(it does not import them from the flow), so these checks catch a flow and a replica that
drifted apart: a flow would pass its tests against a replica that is wrong about the site.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import optout_bot.sandbox as sandbox
from optout_bot import registry
from optout_bot.flow import Flow
from optout_bot.sandbox import kit, replica_classes
from optout_bot.sandbox.base import Replica, Request, Response
from optout_bot.sandbox.kit import STANDARD_FAULTS, SiteReplica, SwitchReplica, route
from optout_bot.sandbox.linkedin import LinkedInReplica

FLOWS = registry.load().flows
REPLICAS = replica_classes()


def signed_in_cookies(replica: Replica) -> set[str]:
    """The cookies the replica sets when a session starts."""
    replica.add_account("agreement@example.com", "a password")
    response = Response()
    if isinstance(replica, SiteReplica):
        replica.sign_in(response, "agreement@example.com")
    else:
        replica.start_session(response, "agreement@example.com")
    return {value.split("=", 1)[0] for name, value in response.headers if name == "Set-Cookie"}


def serves(replica: Replica, url: str) -> int:
    parts = urlsplit(url)
    request = Request("GET", parts.path, {}, {"host": parts.netloc}, {})
    return replica.dispatch(request).status


def disagreements(flow: Flow, replica_class: type[Replica]) -> list[str]:
    """What the flow and the replica say differently about the real site, as sentences."""
    found = []
    name = f"{flow.name}: flows/{flow.name}.py and sandbox/{flow.name}.py"
    only_flow = sorted(set(flow.hosts) - set(replica_class.hosts))
    only_replica = sorted(set(replica_class.hosts) - set(flow.hosts))
    if only_flow or only_replica:
        found.append(f"{name} disagree on hosts: only the flow has {only_flow or 'none'}, "
                     f"only the replica has {only_replica or 'none'}")
    if flow.session_cookies:
        replica = replica_class()
        cookies = signed_in_cookies(replica)
        if replica.session_cookie not in flow.session_cookies or not cookies & set(
                flow.session_cookies):
            found.append(f"{name} disagree on the session cookie: the replica signs in with "
                         f"{replica.session_cookie!r}, the flow looks for "
                         f"{', '.join(flow.session_cookies)}")
    replica = replica_class()
    for doc in flow.policies:
        status = serves(replica, doc.url)
        if status != 200:
            found.append(f"{name} disagree on the policy page {doc.id!r}: the replica answers "
                         f"{doc.url} with HTTP {status}")
    return found


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_flow_and_replica_agree(name):
    assert name in REPLICAS, f"flows/{name}.py has no replica"
    assert disagreements(FLOWS[name], REPLICAS[name]) == []


def test_a_replica_with_another_cookie_fails_the_agreement_check():
    class WrongCookie(LinkedInReplica):
        session_cookie = "li_session"

    found = disagreements(FLOWS["linkedin"], WrongCookie)
    assert found == ["linkedin: flows/linkedin.py and sandbox/linkedin.py disagree on the "
                     "session cookie: the replica signs in with 'li_session', the flow looks "
                     "for li_at"]


def test_a_replica_with_other_hosts_or_no_policy_page_fails_the_agreement_check():
    class WrongSite(LinkedInReplica):
        hosts = ("www.linkedin.com", "lnkd.in")
        policy_pages = LinkedInReplica.policy_pages[:1]

    found = disagreements(FLOWS["linkedin"], WrongSite)
    assert any("only the flow has ['linkedin.com'], only the replica has ['lnkd.in']" in f
               for f in found), found
    assert any("policy page 'terms'" in f and "user-agreement" in f for f in found), found


def test_every_switch_replica_offers_the_standard_faults():
    for name, cls in REPLICAS.items():
        if issubclass(cls, SwitchReplica):
            assert set(STANDARD_FAULTS) <= set(cls.FAULTS), name


def test_a_switch_replica_missing_standard_faults_is_refused_when_defined():
    with pytest.raises(TypeError) as refused:
        class Partial(SwitchReplica):  # noqa: F841 - defining it is the test
            FAULTS = ("cookie_banner", "rate_limit")
    message = str(refused.value)
    assert "Partial does not offer the standard faults" in message
    assert "interstitial, slow_render" in message and "cookie_banner," not in message


def test_a_route_to_a_missing_handler_is_refused_when_defined():
    with pytest.raises(TypeError, match="routes /x to show_x, which it does not have"):
        class Broken(SwitchReplica):  # noqa: F841 - defining it is the test
            routes = (route("show_x", "/x"),)


def test_every_declared_fault_is_handled_somewhere():
    """A fault a replica offers must be read by its code (or the kit's), not just listed."""
    graph = sandbox_imports()
    for name, cls in REPLICAS.items():
        modules, todo = set(), [cls.__module__]
        while todo:
            if (module := todo.pop()) not in modules:
                modules.add(module)
                todo.extend(graph[module])
        source = "".join(inspect.getsource(sys.modules[m]) for m in modules)
        unread = [f for f in cls.FAULTS if not re.search(rf'fault\(\s*"{f}"', source)]
        assert unread == [], f"{name} offers faults its code never reads: {unread}"


def test_route_patterns():
    row = route("page", "/blog/{blog}", "/blog/{blog}/*", method="GET")
    assert row.match("GET", "/blog/ada") == {"blog": "ada"}
    assert row.match("GET", "/blog/ada/drafts") == {"blog": "ada"}
    assert row.match("POST", "/blog/ada") is None
    assert row.match("GET", "/blog") is None
    assert route("save", "/api/*", method="POST").match("POST", "/api/a/b") == {}


def sandbox_imports() -> dict[str, set[str]]:
    """Module -> the sandbox modules it imports, anywhere in it (functions included)."""
    folder = Path(sandbox.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        module = "optout_bot.sandbox" + ("" if path.stem == "__init__" else f".{path.stem}")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[module] = {m for m in found if m.startswith("optout_bot.sandbox.")}
    return {m: {d for d in deps if d in graph} for m, deps in graph.items()}


def test_the_sandbox_has_no_import_circle():
    graph = sandbox_imports()
    graph.pop("optout_bot.sandbox")  # the package loads replicas by name, none imports it

    def circle_from(start: str, path: list[str]) -> list[str] | None:
        for dep in sorted(graph[path[-1]]):
            if dep == start:
                return [*path, dep]
            if dep not in path and (found := circle_from(start, [*path, dep])):
                return found
        return None

    for module in sorted(graph):
        circle = circle_from(module, [module])
        assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_the_kit_is_the_only_kit():
    """Every replica is built on the kit's SiteReplica (switch sites on SwitchReplica)."""
    for name, cls in REPLICAS.items():
        assert issubclass(cls, kit.SiteReplica), name
    for name in ("linkedin", "x", "tumblr", "wordpress"):
        assert issubclass(REPLICAS[name], SwitchReplica), name


def test_a_replica_is_its_site_facts():
    """The kit carries the behaviour, so a replica stays small: LinkedIn's, the largest
    switch site, at most 220 lines (its texts and markup live in ``sandbox/sites/``)."""
    lines = len(Path(inspect.getfile(LinkedInReplica)).read_text().splitlines())
    assert lines <= 220, f"sandbox/linkedin.py has {lines} lines; move behaviour to the kit"

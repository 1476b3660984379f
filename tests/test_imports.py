"""The engine's shape: no module imports itself back through others, none is too long.

The import graph is read from the source with ``ast``: every ``import`` counts, those
inside functions and under ``if TYPE_CHECKING:`` too, since a circle hidden there is still
a circle a reader has to untangle. ``flows/`` is read as ``optout_bot.flows``.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "optout_bot"
FLOWS = REPO / "flows"
#: the longest an engine module may be and still be read in one sitting
MAX_ENGINE_LINES = 450


def module_files() -> dict[str, Path]:
    """Every module of optout_bot and of the flows, by its dotted name."""
    found: dict[str, Path] = {}
    for root, prefix in ((PACKAGE, ("optout_bot",)), (FLOWS, ("optout_bot", "flows"))):
        for path in root.rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(prefix + parts)] = path
    return found


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from a import b`` imports a, and a.b when b is a module
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    files = module_files()
    known = set(files)
    return {name: imported_modules(name, path, known) for name, path in files.items()}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path that ends where it starts, or None."""
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        path.append(start)
        on_path.add(start)
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            child = todo.pop(0)
            if child in on_path:
                return path[path.index(child):] + [child]
            if child in done:
                continue
            stack.append((child, sorted(graph.get(child, ()))))
            path.append(child)
            on_path.add(child)
    return None


def test_the_graph_is_read_from_the_source():
    graph = import_graph()
    assert "optout_bot.steps" in graph["optout_bot.flow"] or "optout_bot.flow" in graph[
        "optout_bot.steps"]
    assert "optout_bot.flow" in graph["optout_bot.flows.linkedin"]


def test_find_circle_names_the_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_circle(graph) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def test_no_import_circles():
    circle = find_circle(import_graph())
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def engine_modules() -> dict[str, Path]:
    """The engine: every module of optout_bot and of the flows; the sandbox's replicas are
    test fixtures, not the engine."""
    return {name: path for name, path in sorted(module_files().items())
            if not name.startswith("optout_bot.sandbox")}


def test_the_engine_is_every_module_but_the_sandbox():
    engine = engine_modules()
    for part in ("runner", "navigator", "settings_page", "sequence", "evidence", "flow",
                 "steps", "signin", "flows.x", "store", "bench", "cli"):
        assert f"optout_bot.{part}" in engine
    assert not any(name.startswith("optout_bot.sandbox") for name in engine)


def test_no_engine_module_is_too_long():
    long = {name: n for name, path in engine_modules().items()
            if (n := len(path.read_text().splitlines())) > MAX_ENGINE_LINES}
    assert not long, f"modules over {MAX_ENGINE_LINES} lines: {long}"

"""The house: layers that only look down, no circles between modules, and every write of the
GUI and the command line through ``jukidesk/actions``.

    base < storage < core < reports | exchange | demo < actions < gui | cli < main

Every ``import`` counts, at module level or inside a function: a function-level import
hides a circle from Python, not from this test.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "jukidesk"

# Layer of each top-level part of the package; a module may import its own layer's modules
# (except the siblings listed in SEPARATE) and any lower layer.
LAYERS = {
    "jukidesk": 0,  # the package itself (its __version__)
    "base": 0,
    "storage": 1,
    "core": 2,
    "reports": 3,
    "exchange": 3,
    "demo": 3,
    "actions": 4,
    "gui": 5,
    "cli": 5,
    "__main__": 6,
    "main": 6,
}
SEPARATE = {frozenset({"reports", "exchange"}), frozenset({"reports", "demo"}), frozenset({"exchange", "demo"}), frozenset({"gui", "cli"})}
GENERATED = ("gui/forms", "storage/migrations")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if any(part in relative.as_posix() for part in GENERATED):
            continue
        name = ".".join(relative.parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = module.split(".")
            if MODULES[module].name != "__init__.py":
                parts = parts[:-1]
            parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join(parts + ([base] if base else []))
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
    found = []
    for name in names:
        if not name.startswith("jukidesk"):
            continue
        while name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES and name != module:
            found.append(name)
    return found


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges[module].update(_imported(module, node))
    return edges


GRAPH = _graph()


def part(module: str) -> str:
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else pieces[0]


def test_every_part_has_a_layer():
    assert {part(m) for m in MODULES} <= set(LAYERS), "a new folder in jukidesk/ needs its place in LAYERS"


def test_layers_only_look_down():
    upward = []
    for module, targets in sorted(GRAPH.items()):
        for target in sorted(targets):
            a, b = part(module), part(target)
            if LAYERS[b] > LAYERS[a] or (a != b and frozenset({a, b}) in SEPARATE):
                upward.append(f"{module} -> {target}")
    assert upward == []


def _circles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(MODULES):
        if module not in index:
            visit(module)
    return circles


def test_no_circles_between_modules():
    assert _circles() == []


def test_the_checks_see_an_upward_arrow_and_a_circle(monkeypatch):
    # The test itself works: a storage module importing the GUI and a two-module circle are found.
    monkeypatch.setitem(GRAPH, "jukidesk.storage.models", GRAPH["jukidesk.storage.models"] | {"jukidesk.gui.app"})
    monkeypatch.setitem(GRAPH, "jukidesk.base.fiscal", GRAPH["jukidesk.base.fiscal"] | {"jukidesk.base.errors"})
    monkeypatch.setitem(GRAPH, "jukidesk.base.errors", GRAPH["jukidesk.base.errors"] | {"jukidesk.base.fiscal"})
    with pytest.raises(AssertionError):
        test_layers_only_look_down()
    assert ["jukidesk.base.errors", "jukidesk.base.fiscal"] in _circles()


# -- every write through an action ---------------------------------------------------------

# Names that write or take backups; the front doors reach them only through an action.
WRITING_CALLS = {"transaction", "commit", "backup_file", "restore_backup", "begin"}


def writes_outside_actions(paths) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
                if name in WRITING_CALLS:
                    where = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path.name
                    found.append(f"{where}:{node.lineno} {name}()")
    return found


@pytest.mark.parametrize("door", ["gui", "cli"])
def test_front_doors_write_only_through_actions(door):
    paths = [p for m, p in MODULES.items() if part(m) == door]
    assert writes_outside_actions(paths) == []


def test_the_write_check_sees_a_transaction(tmp_path):
    sample = tmp_path / "tab.py"
    sample.write_text("def save(db):\n    with db.transaction() as s:\n        pass\n", encoding="utf-8")
    assert writes_outside_actions([sample]) == ["tab.py:2 transaction()"]


def test_core_and_exchange_take_no_backups():
    # Backups are taken by actions before their transaction, through the storage adapter.
    paths = [p for m, p in MODULES.items() if part(m) in {"core", "exchange", "reports", "demo"}]
    assert [line for line in writes_outside_actions(paths) if "backup" in line] == []

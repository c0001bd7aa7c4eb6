"""The packages' import layers, read from the source with ast (nothing is imported).

bot.text is a leaf: general text services that import nothing else of bot.
bot.crisis does not import bot.nlu, and bot.nlu's modules other than the Rasa
components (which load the crisis model into the pipeline) form no import
cycle with bot.crisis, counting imports inside functions too.
"""
from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"

# Rasa components: config.yml and the trained model name their module paths.
COMPONENTS = {
    "bot.nlu.sudachi_tokenizer",
    "bot.nlu.chive_featurizer",
    "bot.nlu.concern_scorer",
    "bot.nlu.crisis_model",
    "bot.nlu.crisis_flagger",
    "bot.nlu.person_facts_extractor",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> Dict[str, Path]:
    return {_module_name(path): path for path in sorted(BOT.rglob("*.py"))}


MODULES = _modules()


def _resolve(name: str) -> str:
    """The module ``name`` is, or the longest enclosing module of it (bot.nlu.chive.X → bot.nlu.chive)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def _imports(module: str) -> Iterator[str]:
    """Every bot module ``module`` imports, at the top or inside a function."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name == "bot" or name.startswith("bot."):
                found = _resolve(name)
                if found and found != module:
                    yield found


def _graph(skip: Set[str] = frozenset()) -> Dict[str, Set[str]]:
    return {m: {i for i in _imports(m) if i not in skip} for m in MODULES if m not in skip}


def _in(package: str, module: str) -> bool:
    return module == package or module.startswith(package + ".")


def _cycles(graph: Dict[str, Set[str]]) -> List[Set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[Set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_source_is_found():
    assert "bot.text.sudachi" in MODULES and "bot.crisis.detector" in MODULES
    assert COMPONENTS <= set(MODULES), "a Rasa component moved: config.yml and trained models name it"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in("bot.text", m)))
def test_bot_text_imports_nothing_else_of_bot(module):
    outside = sorted(i for i in _imports(module) if not _in("bot.text", i))
    assert outside == [], f"{module} imports {outside}: bot.text is a leaf"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in("bot.crisis", m)))
def test_bot_crisis_does_not_import_bot_nlu(module):
    nlu = sorted(i for i in _imports(module) if _in("bot.nlu", i))
    assert nlu == [], f"{module} imports {nlu}"


def test_no_cycle_between_bot_nlu_and_bot_crisis():
    for component in _cycles(_graph(skip=COMPONENTS)):
        crisis = sorted(m for m in component if _in("bot.crisis", m))
        nlu = sorted(m for m in component if _in("bot.nlu", m))
        assert not (crisis and nlu), f"import cycle through {sorted(component)}"


def test_the_cycle_check_sees_a_cycle():
    graph = {"bot.nlu.a": {"bot.crisis.b"}, "bot.crisis.b": {"bot.x"}, "bot.x": {"bot.nlu.a"}, "bot.y": set()}
    assert _cycles(graph) == [{"bot.nlu.a", "bot.crisis.b", "bot.x"}]


# Modules kept only so that old configuration still loads (endpoints.yml files,
# crontabs name them): each re-exports from the package that owns the code now.
RE_EXPORTS = {"bot.stores.masking", "bot.retention"}


def _package(module: str) -> str:
    """bot.X for every module of bot/X/ or bot/X.py."""
    return ".".join(module.split(".")[:2])


def _package_graph() -> Dict[str, Set[str]]:
    graph: Dict[str, Set[str]] = {}
    for module in MODULES:
        if module in RE_EXPORTS:
            continue
        edges = graph.setdefault(_package(module), set())
        edges.update(_package(i) for i in _imports(module) if _package(i) != _package(module))
    return graph


def test_no_import_cycle_between_the_packages_of_bot():
    cycles = [sorted(c) for c in _cycles(_package_graph())]
    assert cycles == [], f"packages that import each other: {cycles}"


def test_the_re_exports_only_re_export():
    for module in RE_EXPORTS:
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
        assert defined == [], f"{module} defines code: it should only re-export"

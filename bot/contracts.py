"""Checks that every part using the concern ids agrees with data/services/concerns.yml.

The concern ids are declared once, in concerns.yml. The domain, the rules, the
NLU files, the English data, the keyword baseline, the taxonomy page and the
catalogue each repeat them (Rasa and readers need them spelt out there), so a
concern added or renamed in one place and not the others would leave a concern
that is never trained, never routed or never served. ``check(root)`` lists each
disagreement as ``<file>: <id>: <what is wrong>``; an empty list means they agree.
Used by tests/test_contracts.py and ``python -m bot catalogue check``. It also
checks the files that name crisis kinds (data/crisis/kinds.yml) and that no
loader checks.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Set

import yaml

from bot.concerns import MULTI_INTENT_SEPARATOR

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONCERNS_FILE = Path("data/services/concerns.yml")
SHOW_WINDOWS = "action_show_windows"
# A row of the taxonomy table of docs/concerns.md: | `dv` | ...
_TAXONOMY_ROW = re.compile(r"^\| `([a-z_]+)` \|", flags=re.MULTILINE)
CRISIS_SECTION = "## What counts as a crisis"


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def concern_ids(root: Path) -> List[str]:
    """The concern ids of ``root``/data/services/concerns.yml, in its order."""
    return [entry["id"] for entry in _load(Path(root) / CONCERNS_FILE)["concerns"]]


def intents_without_concern(root: Path) -> List[str]:
    """Intents that reach the windows without naming a concern (concerns.yml)."""
    return list(_load(Path(root) / CONCERNS_FILE).get("window_intents_without_concern") or [])


def multi_intent_problem(intent: str, known: Iterable[str]) -> str | None:
    """What is wrong with a multi-intent name, or None (parts known, alphabetical, no repeats)."""
    parts, known = intent.split(MULTI_INTENT_SEPARATOR), set(known)
    unknown = [part for part in parts if part not in known]
    if unknown:
        return f"names unknown concern(s) {', '.join(unknown)}"
    if parts != sorted(set(parts)):
        return "parts are not in alphabetical order (or repeat): " + MULTI_INTENT_SEPARATOR.join(sorted(set(parts)))
    return None


def _nlu_intents(path: Path) -> List[str]:
    data = _load(path) or {}
    return [block["intent"] for block in data.get("nlu") or [] if isinstance(block, dict) and "intent" in block]


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root))


def _check_domain(root: Path, ids: List[str]) -> List[str]:
    intents = [i for i in _load(root / "domain.yml").get("intents") or [] if isinstance(i, str)]
    problems = [f"domain.yml: {c}: concern id is not an intent" for c in ids if c not in intents]
    for intent in intents:
        if MULTI_INTENT_SEPARATOR in intent:
            problem = multi_intent_problem(intent, ids)
            if problem:
                problems.append(f"domain.yml: {intent}: {problem}")
    return problems


def _routed_to_windows(root: Path) -> Dict[str, str]:
    """The map intent -> rules file, for every intent a rule sends to action_show_windows."""
    routed: Dict[str, str] = {}
    for path in sorted((root / "data" / "rules").glob("*.yml")):
        for rule in (_load(path) or {}).get("rules") or []:
            steps = rule.get("steps") or []
            if not any(step.get("action") == SHOW_WINDOWS for step in steps):
                continue
            for step in steps:
                names = [step["intent"]] if "intent" in step else [o["intent"] for o in step.get("or") or []]
                for name in names:
                    routed.setdefault(name, _relative(path, root))
    return routed


def _check_rules(root: Path, ids: List[str]) -> List[str]:
    domain_intents = _load(root / "domain.yml").get("intents") or []
    concern_intents = [i for i in domain_intents if i in ids or MULTI_INTENT_SEPARATOR in str(i)]
    routed = _routed_to_windows(root)
    problems = [f"data/rules: {i}: concern intent is not routed to {SHOW_WINDOWS}"
                for i in concern_intents if i not in routed]
    allowed = set(ids) | set(intents_without_concern(root))
    for intent, file in routed.items():
        if MULTI_INTENT_SEPARATOR in intent:
            problem = multi_intent_problem(intent, ids)
        else:
            problem = None if intent in allowed else (
                "routed to the windows but neither a concern id nor one of "
                "window_intents_without_concern (concerns.yml)")
        if problem:
            problems.append(f"{file}: {intent}: {problem}")
    return problems


def _check_nlu(root: Path, ids: List[str]) -> List[str]:
    nlu = root / "data" / "nlu"
    problems = []
    for concern in ids:
        path = nlu / f"{concern}.yml"
        if not path.is_file():
            problems.append(f"data/nlu/{concern}.yml: {concern}: no training file for the concern")
        elif set(_nlu_intents(path)) != {concern}:
            problems.append(f"data/nlu/{concern}.yml: {concern}: the file holds other intents than its concern")
    allowed = set(ids) | set(intents_without_concern(root))
    for path in sorted(nlu.glob("*.yml")):
        # A file holding one intent named after it is a concern's file.
        if path.stem not in allowed and set(_nlu_intents(path)) == {path.stem}:
            problems.append(f"{_relative(path, root)}: {path.stem}: concern file for an id not in concerns.yml")
    for path in sorted(nlu.rglob("*.yml")):
        for intent in sorted(set(_nlu_intents(path))):
            if MULTI_INTENT_SEPARATOR in intent:
                problem = multi_intent_problem(intent, ids)
                if problem:
                    problems.append(f"{_relative(path, root)}: {intent}: {problem}")
    return problems


def _check_english(root: Path, ids: List[str]) -> List[str]:
    trained: Set[str] = set()
    for path in sorted((root / "data" / "nlu" / "english").glob("*.yml")):
        trained |= set(_nlu_intents(path))
    return [f"data/nlu/english: {c}: no English examples" for c in ids if c not in trained]


def _check_keyword_baseline(root: Path, ids: List[str]) -> List[str]:
    file = "benchmarks/keyword_baseline.yml"
    keywords = _load(root / file).get("keywords") or {}
    problems = [f"{file}: {c}: no keywords for the concern" for c in ids if c not in keywords]
    allowed = set(ids) | set(intents_without_concern(root))
    problems += [f"{file}: {k}: not a concern id" for k in keywords if k not in allowed]
    return problems


def _check_taxonomy(root: Path, ids: List[str]) -> List[str]:
    file = "docs/concerns.md"
    in_doc = _TAXONOMY_ROW.findall((root / file).read_text(encoding="utf-8"))
    problems = [f"{file}: {c}: missing from the taxonomy table" for c in ids if c not in in_doc]
    problems += [f"{file}: {c}: in the taxonomy table but not in concerns.yml" for c in in_doc if c not in ids]
    if not problems and in_doc != ids:
        problems.append(f"{file}: {in_doc[0]}: the table's order differs from concerns.yml's")
    return problems


def _check_catalogue(root: Path, ids: List[str]) -> List[str]:
    # windows.yml, jigyo.yml and routing.yml are checked against concerns.yml by
    # the catalogue's own checker (every concern served, every id known).
    from bot.catalogue import check_directory

    return check_directory(root / "data" / "services")


def _check_hotlines(root: Path, ids: List[str]) -> List[str]:
    by_concern = (_load(root / "data" / "hotlines.yml") or {}).get("by_concern") or {}
    return [f"data/hotlines.yml: {c}: by_concern names no concern id" for c in by_concern if c not in ids]


def _check_crisis_kinds(root: Path, ids: List[str]) -> List[str]:
    # The crisis data files check their own kinds when read (bot/crisis/rules.py,
    # routes.py, model.py); these two files name kinds no loader checks.
    from bot.crisis.kinds import kinds, unknown

    declared = root / "data" / "crisis" / "kinds.yml"
    memo = (_load(root / "data" / "memo.yml") or {}).get("offer_only_when_asked") or {}
    tiers = (_load(root / "data" / "crisis" / "model_combination.yml") or {}).get("tiers") or {}
    named = [("data/memo.yml", kind) for kind in memo.get("crisis_kinds") or []]
    named += [("data/crisis/model_combination.yml", kind) for kind in tiers.get("model_possible_only") or []]
    problems = [f"{file}: {kind}: not a crisis kind of data/crisis/kinds.yml"
                for file, kind in named if unknown([kind], declared)]
    return problems + _check_crisis_doc(root, kinds(declared))


def _check_crisis_doc(root: Path, declared: Sequence[str]) -> List[str]:
    file = "docs/crisis.md"
    text = (root / file).read_text(encoding="utf-8")
    # The kinds' table is the first table of the section "What counts as a crisis".
    section = text.split(CRISIS_SECTION, 1)[-1].split("\n## ", 1)[0]
    in_doc = _TAXONOMY_ROW.findall(section)
    return ([f"{file}: {k}: missing from the kinds' table" for k in declared if k not in in_doc]
            + [f"{file}: {k}: in the kinds' table but not in data/crisis/kinds.yml"
               for k in in_doc if k not in declared])


CHECKS = (
    _check_domain, _check_rules, _check_nlu, _check_english, _check_keyword_baseline,
    _check_taxonomy, _check_catalogue, _check_hotlines, _check_crisis_kinds,
)


def check(root: Path) -> List[str]:
    """Every disagreement with concerns.yml under the project directory ``root``."""
    root = Path(root)
    ids = concern_ids(root)
    return [problem for one_check in CHECKS for problem in one_check(root, ids)]

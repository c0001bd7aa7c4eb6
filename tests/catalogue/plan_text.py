"""Reads the plan's ■主な事業 tables straight from docs/plan/chapter5.txt.

Independent of the catalogue's YAML on purpose: the tests compare the two. The
PDF text puts each table row's 担当課 at the end of a line (or alone on a line,
one per line when a row has several); a row ends where a department is
followed by text again. Department cells are the tokens ending in 課 or 館,
plus 子ども家庭支援センター, which the PDF breaks as 子ども家庭支援セ / ンター.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Tuple

PLAN = Path(__file__).resolve().parents[2] / "docs" / "plan" / "chapter5.txt"
_DIGITS = str.maketrans("１２３４５６７８９", "123456789")
_GOAL = re.compile(r"^基本目標([１-６])\s")
_MEASURE = re.compile(r"^（([１-９])）")
_DEPARTMENT = re.compile(r"^\S+(課|館)$")


def _is_department(token: str) -> bool:
    return bool(_DEPARTMENT.match(token)) or token == "子ども家庭支援センター"


def table_tokens() -> Dict[Tuple[int, int], List[str]]:
    """(基本目標, 施策) -> the whitespace-separated tokens of its ■主な事業 table."""
    tables: Dict[Tuple[int, int], List[str]] = {}
    goal = measure = None
    current = None
    lines = PLAN.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        text = line.strip()
        found = _GOAL.match(text)
        if found and number > 31:  # the first page lists the six goals as a table of contents
            goal, current = int(found.group(1).translate(_DIGITS)), None
            continue
        found = _MEASURE.match(text)
        if found and goal:
            measure, current = int(found.group(1).translate(_DIGITS)), None
            continue
        if text == "■主な事業":
            current = tables.setdefault((goal, measure), [])
            continue
        if current is not None:
            for token in text.split():
                if token == "ンター" and current and current[-1].endswith("子ども家庭支援セ"):
                    current[-1] += token
                else:
                    current.append(token)
    return tables


def row_counts() -> Dict[Tuple[int, int], int]:
    """Rows per 施策: the number of department runs followed by text or the table's end."""
    counts = {}
    for key, tokens in table_tokens().items():
        flags = [_is_department(t) for t in tokens]
        counts[key] = sum(
            1 for i, flag in enumerate(flags) if flag and (i + 1 == len(flags) or not flags[i + 1])
        )
    return counts


def department_names() -> set:
    """Every department named in the tables."""
    return {t for tokens in table_tokens().values() for t in tokens if _is_department(t)}


def flat_text() -> str:
    """The plan with line breaks, spaces and * marks removed (names wrap across lines)."""
    return re.sub(r"[\s*]", "", PLAN.read_text(encoding="utf-8"))

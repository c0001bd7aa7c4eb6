"""Residents' reports of wrong window information (bot/stores/reports.py) with staff decisions.

The reports stay as ``python -m bot reports`` lists them; a decision ("fixed"
or "not a problem") is kept beside them in ``staff_report_decisions``, with
who decided and when, so that the console shows the open ones first.
"""
from __future__ import annotations

import time
from typing import Any, Dict, List

import sqlalchemy as sa

from bot.staff import tables
from bot.stores.reports import ReportStore

DECISIONS = ("fixed", "not_a_problem")


def listed(engine: Any) -> List[Dict[str, Any]]:
    """Every report, newest first, with its decision (None while open)."""
    tables.create(engine)
    found = ReportStore(engine).list()
    d = tables.report_decisions
    with engine.connect() as db:
        decided = {r.report_id: r for r in db.execute(sa.select(d))}
    out = []
    for report in found:
        decision = decided.get(report.id)
        out.append({
            "id": report.id, "window_id": report.window_id, "reason": report.reason,
            "note": report.note, "channel": report.channel, "reported_on": report.reported_on.isoformat(),
            "decision": decision.decision if decision else None,
            "decided_by": decision.who if decision else None,
        })
    return out


def decide(engine: Any, report_id: int, decision: str, who: str) -> bool:
    """Records a decision on one report; False when there is no such report."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if report_id not in {r.id for r in ReportStore(engine).list()}:
        return False
    d = tables.report_decisions
    with engine.begin() as db:
        db.execute(d.delete().where(d.c.report_id == report_id))
        db.execute(d.insert().values(report_id=report_id, decision=decision, who=who, at=time.time()))
    return True

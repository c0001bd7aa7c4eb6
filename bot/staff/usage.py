"""What residents ask about, counted per day at the turn: the console's Overview.

``record`` is called once per save of a conversation by the SQL conversation
store (bot/privacy/store.py) with the events written in that save (already
masked). It adds one to daily counters in ``staff_daily_counts`` and puts a
message the navigator could not place into the review queue. The counters
hold no text and no sender, so they outlive the 30-day conversation retention;
each event is written once, so each turn is counted once, on any replica.

Counted per day (the city's day, Asia/Tokyo), metric and key:

==================  ============================  ===============================
metric              key                           one for each …
==================  ============================  ===============================
messages            channel (rest, socketio, …)   message of a resident
results             ``all``                       answer with windows or a crisis
concern             concern id                    concern of an answer
several_concerns    ``all``                       answer with two or more concerns
crisis              crisis kind                   answer with the emergency block
fallback            ``all``                       message the model fell back on
out_of_scope        ``all``                       message outside the city's support
language            ja, easy_ja, en               answer, by the language it was given in
==================  ============================  ===============================

Staff's own turns are not counted and never queued: the console's Try view
(channel ``staff``) and the shell (`make shell`, sender ids ``staff-shell-…``;
every staff sender id starts with ``staff-``).
"""
from __future__ import annotations

import datetime
import logging
import time
from collections import defaultdict
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.navigator_result import is_payload
from bot.privacy import store
from bot.staff import tables

logger = logging.getLogger(__name__)

CITY_TZ = ZoneInfo("Asia/Tokyo")
STAFF_CHANNEL = "staff"
STAFF_SENDER_PREFIX = "staff-"
# Below this many, a count is shown as 「5未満」 (0 is shown: it tells of nobody).
SHOW_FROM = 5
UNDER = "5未満"
# A message goes to review when the model fell back on it, or when its first
# concern scored below this: the combined score of bot/concerns.py (its line is
# 0.45), or DIET's confidence when the payload has no scores.
REVIEW_BELOW_SCORE = 0.6
FALLBACK_INTENT = "nlu_fallback"


def city_day(timestamp: Optional[float]) -> datetime.date:
    """The date in 西東京市 of a UNIX time (now when None)."""
    moment = datetime.datetime.fromtimestamp(timestamp if timestamp else time.time(), CITY_TZ)
    return moment.date()


def _result_of(event: Any) -> Optional[Mapping[str, Any]]:
    custom = (getattr(event, "data", None) or {}).get("custom")
    return custom if is_payload(custom) else None


def turns(events: Iterable[Any]) -> List[Tuple[Any, Optional[Mapping[str, Any]]]]:
    """(user message, its navigator.result or None) for each resident message among ``events``."""
    from rasa.shared.core.events import BotUttered, UserUttered

    found: List[list] = []
    for event in events:
        if isinstance(event, UserUttered):
            found.append([event, None])
        elif isinstance(event, BotUttered) and found and found[-1][1] is None:
            found[-1][1] = _result_of(event)
    return [(user, result) for user, result in found]


def counts_of(user: Any, result: Optional[Mapping[str, Any]]) -> List[Tuple[str, str]]:
    """The (metric, key) pairs one resident message adds one to."""
    intent = (user.intent or {}).get("name")
    pairs = [("messages", str(user.input_channel or "unknown")[:80])]
    if intent == FALLBACK_INTENT and not (result and result.get("concerns")):
        pairs.append(("fallback", "all"))
    if intent == "out_of_scope":
        pairs.append(("out_of_scope", "all"))
    if result and (result.get("concerns") or result.get("crisis")):
        concerns = [str(c) for c in result.get("concerns") or []]
        pairs.append(("results", "all"))
        pairs += [("concern", c) for c in concerns]
        if len(concerns) > 1:
            pairs.append(("several_concerns", "all"))
        if result.get("crisis"):
            pairs.append(("crisis", str(result.get("crisis_kind") or "unknown")))
        lang = "en" if result.get("lang") == "en" else ("easy_ja" if result.get("easy_japanese") else "ja")
        pairs.append(("language", lang))
    return pairs


def concern_score(user: Any, result: Optional[Mapping[str, Any]]) -> Optional[float]:
    """The score of the turn's first concern (None without one), else DIET's confidence."""
    intent = user.intent or {}
    concerns = (result or {}).get("concerns") or []
    scores = (result or {}).get("concern_scores") or {}
    if concerns and isinstance(scores, Mapping) and scores.get(concerns[0]) is not None:
        return float(scores[concerns[0]])
    confidence = intent.get("confidence")
    return float(confidence) if confidence is not None else None


def review_reason(user: Any, result: Optional[Mapping[str, Any]]) -> Optional[str]:
    """``fallback`` or ``low_score`` when the message belongs in the review queue, else None."""
    text = user.text or ""
    if not text.strip() or text.startswith("/"):  # a button's payload: nothing a resident wrote
        return None
    if (user.intent or {}).get("name") == FALLBACK_INTENT:
        return "fallback"
    if result and result.get("concerns") and not result.get("crisis"):
        score = concern_score(user, result)
        if score is not None and score < REVIEW_BELOW_SCORE:
            return "low_score"
    return None


def _add(db: Any, day: datetime.date, metric: str, key: str, by: int) -> None:
    t = tables.daily_counts
    name = db.dialect.name
    if name in ("sqlite", "postgresql"):
        if name == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        statement = insert(t).values(day=day, metric=metric, key=key, count=by)
        db.execute(statement.on_conflict_do_update(
            index_elements=[t.c.day, t.c.metric, t.c.key], set_={"count": t.c.count + by}))
        return
    done = db.execute(t.update().where((t.c.day == day) & (t.c.metric == metric) & (t.c.key == key))
                      .values(count=t.c.count + by)).rowcount
    if not done:
        db.execute(t.insert().values(day=day, metric=metric, key=key, count=by))


def record(engine: Any, sender_id: str, events: Iterable[Any]) -> None:
    """Counts the resident messages among ``events`` (one save's new, masked events).

    Never raises: a failure is logged (its type only) and the conversation goes on.
    """
    try:
        pending: Dict[Tuple[datetime.date, str, str], int] = defaultdict(int)
        queued = []
        if str(sender_id).startswith(STAFF_SENDER_PREFIX):
            return
        for user, result in turns(events):
            if user.input_channel == STAFF_CHANNEL:
                continue
            day = city_day(user.timestamp)
            for metric, key in counts_of(user, result):
                pending[(day, metric, key)] += 1
            reason = review_reason(user, result)
            if reason:
                intent = user.intent or {}
                queued.append(dict(
                    sender_id=sender_id, text=user.text, reason=reason, intent=intent.get("name"),
                    score=concern_score(user, result), lang=(result or {}).get("lang"),
                    created_at=user.timestamp or time.time()))
        if not pending:
            return
        tables.create(engine)
        with engine.begin() as db:
            for (day, metric, key), by in sorted(pending.items()):
                _add(db, day, metric, key, by)
            if queued:
                db.execute(tables.review_queue.insert(), queued)
    except Exception as error:  # noqa: BLE001 - counting must never cost a resident their answer
        logger.error("the staff console's counts were not written: %s", type(error).__name__)


# -- reading -------------------------------------------------------------------
def shown(count: int) -> Any:
    """A count as staff may see it: 「5未満」 for 1–4."""
    return UNDER if 0 < count < SHOW_FROM else count


def rows(engine: Any, first: datetime.date, last: datetime.date) -> List[Tuple[datetime.date, str, str, int]]:
    """The raw daily counters between two dates (inclusive)."""
    tables.create(engine)
    t = tables.daily_counts
    with engine.connect() as db:
        found = db.execute(sa.select(t.c.day, t.c.metric, t.c.key, t.c.count)
                           .where((t.c.day >= first) & (t.c.day <= last)))
        return [(r.day, r.metric, r.key, int(r.count)) for r in found]


def week_of(day: datetime.date) -> str:
    """The ISO week of a date, e.g. 2026-W49."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def overview(engine: Any, days: int = 28, today: Optional[datetime.date] = None) -> Dict[str, Any]:
    """The Overview's numbers for the last ``days`` days, counts below 5 as 「5未満」.

    ``{"days": [...], "weeks": [...], "metrics": {metric: {"total": {key: n},
    "daily": {key: [n per day]}, "weekly": {key: [n per week]}}}, "rates": {...}}``
    """
    today = today or city_day(None)
    first = today - datetime.timedelta(days=days - 1)
    day_list = [first + datetime.timedelta(days=i) for i in range(days)]
    weeks = sorted({week_of(d) for d in day_list})
    raw: Dict[str, Dict[str, Dict[datetime.date, int]]] = defaultdict(lambda: defaultdict(dict))
    for day, metric, key, count in rows(engine, first, today):
        raw[metric][key][day] = count
    metrics: Dict[str, Any] = {}
    totals: Dict[str, int] = {}
    for metric in ("messages", "results", "concern", "several_concerns", "crisis", "fallback",
                   "out_of_scope", "language"):
        keys = raw.get(metric, {})
        entry: Dict[str, Any] = {"total": {}, "daily": {}, "weekly": {}}
        for key in sorted(keys, key=lambda k: (-sum(keys[k].values()), k)):
            per_day = [keys[key].get(d, 0) for d in day_list]
            per_week = [sum(n for d, n in zip(day_list, per_day) if week_of(d) == w) for w in weeks]
            entry["total"][key] = shown(sum(per_day))
            entry["daily"][key] = [shown(n) for n in per_day]
            entry["weekly"][key] = [shown(n) for n in per_week]
        all_days = [sum(keys[k].get(d, 0) for k in keys) for d in day_list]
        entry["total_all"] = shown(sum(all_days))
        entry["daily_all"] = [shown(n) for n in all_days]
        entry["weekly_all"] = [shown(sum(n for d, n in zip(day_list, all_days) if week_of(d) == w)) for w in weeks]
        metrics[metric] = entry
        totals[metric] = sum(sum(v.values()) for v in keys.values())
    messages, results = totals["messages"], totals["results"]

    def rate(part: str, whole: int) -> Any:
        count = totals[part]
        if 0 < count < SHOW_FROM:
            return UNDER
        return round(100.0 * count / whole, 1) if whole else 0.0

    return {
        "first": first.isoformat(), "last": today.isoformat(),
        "days": [d.isoformat() for d in day_list], "weeks": weeks,
        "metrics": metrics,
        "rates": {
            "fallback": rate("fallback", messages),
            "out_of_scope": rate("out_of_scope", messages),
            "several_concerns": rate("several_concerns", results),
        },
        "totals": {"messages": shown(messages), "results": shown(results)},
    }


def csv_text(data: Mapping[str, Any]) -> str:
    """The Overview as CSV: one line per metric, key and day (counts below 5 as 「5未満」)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["day", "metric", "key", "count"])
    for metric, entry in data["metrics"].items():
        for key, per_day in entry["daily"].items():
            for day, count in zip(data["days"], per_day):
                if count != 0:
                    writer.writerow([day, metric, key, count])
    for name, value in data["rates"].items():
        writer.writerow([f"{data['first']}..{data['last']}", "rate_percent", name, value])
    return out.getvalue()


# The conversation store tells of every stored turn; the counts are kept from there.
store.after_stored(record)

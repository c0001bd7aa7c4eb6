"""The review queue: messages the navigator could not place, labelled by staff for the next training.

A message the model fell back on, or whose best concern it held with little
confidence, is queued at the turn (bot/staff/usage.py) with its text masked as
the conversation store keeps it. Staff label it with a concern, or "not a
concern" (the ``out_of_scope`` intent); the example is appended to
``<reviewed_dir>/<intent>.yml`` (default data/nlu/reviewed/, a Rasa NLU file
that `make train` reads with the rest of data/nlu) and leaves the queue.

An item goes when its conversation goes: when the conversation is no longer
in the store (deleted by ``python -m bot retention`` or by the quick exit), or
when it is older than the retention (``RETENTION_DAYS``), whichever is first.

An example equal to a sentence of an evaluation set (tests/nlu, tests/crisis)
is refused here, and `make test` refuses it in data/nlu/reviewed
(tests/staff/test_reviewed_data.py), so that no test sentence leaks into training.
"""
from __future__ import annotations

import fcntl
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional

import sqlalchemy as sa
import yaml

from bot.settings import PROJECT_ROOT
from bot.staff import tables

RETENTION_DAYS = 30  # as bot/retention.py's default and docs/deployment.md
NOT_A_CONCERN = "not_a_concern"
NOT_A_CONCERN_INTENT = "out_of_scope"
EVALUATION_DIRS = (PROJECT_ROOT / "tests" / "nlu", PROJECT_ROOT / "tests" / "crisis")
HEADER = ("# Examples labelled by city staff in the console's Review (docs/staff.md).\n"
          "# Texts are masked as in the conversation store. Read by `make train` with data/nlu.\n")


class ReviewError(ValueError):
    """A label cannot be applied; the message says why (in English, for the page)."""


@dataclass(frozen=True)
class Item:
    """One message waiting for a label."""

    id: int
    text: str
    reason: str
    intent: Optional[str]
    score: Optional[float]
    lang: Optional[str]
    created_at: float


def key(text: str) -> str:
    """The comparison key of tests/nlu/test_independence.py: width, case, spaces, punctuation ignored."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\W_]+", "", folded)


def _texts(data: Any) -> Iterator[str]:
    """The sentences of a YAML document: NLU examples and every ``text`` (crisis cases)."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == "examples" and isinstance(value, str):
                for line in value.splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        yield re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:])
            elif name == "text" and isinstance(value, str):
                yield value
            elif name in ("crisis", "calm") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
                yield from _texts([v for v in value if not isinstance(v, str)])
            else:
                yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)


def sentences_in(paths: Iterable[Path]) -> Iterator[str]:
    """Every sentence of the YAML files ``paths``."""
    for path in paths:
        try:
            yield from _texts(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError):
            continue


@lru_cache(maxsize=4)
def evaluation_keys(dirs: tuple = EVALUATION_DIRS) -> FrozenSet[str]:
    """The keys of every sentence of the evaluation sets (read once)."""
    paths = [p for d in dirs for p in sorted(Path(d).rglob("*.yml"))]
    return frozenset(k for k in (key(t) for t in sentences_in(paths)) if k)


def one_line(text: str) -> str:
    """A masked message as one NLU example: one line, no entity markup."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return text.replace("[", "［").replace("]", "］")


def append_example(directory: Path, intent: str, text: str) -> Path:
    """Appends one example to ``directory``/``intent``.yml (created when missing); a repeat is kept once."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{intent}.yml"
    with open(directory / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        examples: List[str] = []
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in data.get("nlu") or []:
                examples += [t for t in _texts(block)]
        if text not in examples:
            examples.append(text)
        body = "".join(f"    - {e}\n" for e in examples)
        path.write_text(f'{HEADER}version: "3.1"\nnlu:\n- intent: {intent}\n  examples: |\n{body}',
                        encoding="utf-8")
    return path


class ReviewQueue:
    """The queue in the shared SQL store, and where labelled examples go."""

    def __init__(self, engine: Any, reviewed_dir: Path, concerns: Iterable[str],
                 clock: Any = time.time, retention_days: float = RETENTION_DAYS,
                 evaluation: Optional[FrozenSet[str]] = None) -> None:
        self.engine = engine
        self.reviewed_dir = Path(reviewed_dir)
        self.concerns = tuple(concerns)
        self.clock = clock
        self.retention_days = retention_days
        self._evaluation = evaluation
        tables.create(engine)

    @property
    def evaluation(self) -> FrozenSet[str]:
        """The keys of the evaluation sets' sentences, read on first use."""
        if self._evaluation is None:
            self._evaluation = evaluation_keys()
        return self._evaluation

    def expire(self) -> int:
        """Deletes the items whose conversation is gone or older than the retention; returns how many."""
        from rasa.core.tracker_store import SQLTrackerStore

        events = SQLTrackerStore.SQLEvent.__table__
        q = tables.review_queue
        cutoff = self.clock() - self.retention_days * 86400
        with self.engine.begin() as db:
            gone = db.execute(q.delete().where(q.c.created_at < cutoff)).rowcount
            if sa.inspect(db).has_table(events.name):
                alive = sa.select(events.c.sender_id).where(events.c.sender_id == q.c.sender_id).exists()
                gone += db.execute(q.delete().where(~alive)).rowcount
            else:  # no conversation at all is stored
                gone += db.execute(q.delete()).rowcount
        return int(gone or 0)

    def items(self, limit: int = 100) -> List[Item]:
        """The waiting items, oldest first (expired ones deleted first)."""
        self.expire()
        q = tables.review_queue
        with self.engine.connect() as db:
            rows = db.execute(sa.select(q.c.id, q.c.text, q.c.reason, q.c.intent, q.c.score, q.c.lang, q.c.created_at)
                              .order_by(q.c.id).limit(limit))
            return [Item(**dict(r._mapping)) for r in rows]

    def label(self, item_id: int, label: str) -> Dict[str, Any]:
        """Writes the item as an example of ``label`` and removes it; ReviewError when it cannot."""
        if label != NOT_A_CONCERN and label not in self.concerns:
            raise ReviewError("the label must be a concern id or not_a_concern")
        self.expire()
        q = tables.review_queue
        with self.engine.connect() as db:
            row = db.execute(sa.select(q.c.text).where(q.c.id == item_id)).first()
        if row is None:
            raise ReviewError("no such item (labelled by someone else, or expired)")
        text = one_line(row[0])
        intent = NOT_A_CONCERN_INTENT if label == NOT_A_CONCERN else label
        written: Optional[Path] = None
        if key(text) in self.evaluation:
            outcome = "refused_test_sentence"  # never written: it would leak a test sentence into training
        elif not key(text):
            outcome = "empty"
        else:
            written = append_example(self.reviewed_dir, intent, text)
            outcome = "written"
        with self.engine.begin() as db:
            db.execute(q.delete().where(q.c.id == item_id))
        return {"outcome": outcome, "intent": intent, "file": written.name if written else None}

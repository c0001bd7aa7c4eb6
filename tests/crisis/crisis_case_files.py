"""Loading of crisis case files (dev set and independent sets share the shape)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from bot.crisis import detect

HERE = Path(__file__).resolve().parent
MAX_FALSE_ALARM_RATE = 0.05


def evaluate(path: Path) -> Tuple[List[str], List[str], int, int]:
    """(missed crisis descriptions, flagged calm texts, n crisis, n calm) of one case file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    crisis, calm = data.get("crisis") or [], data.get("calm") or []
    missed = []
    for case in crisis:
        signal = detect(case["text"])
        if signal is None or signal.kind != case["kind"]:
            got: Optional[str] = signal.kind if signal else None
            missed.append(f"{case['text']!r}: expected {case['kind']}, got {got}")
    flagged = []
    for case in calm:
        # Calm cases are {text: ...} or, in some files, the text itself.
        text = case["text"] if isinstance(case, dict) else str(case)
        signal = detect(text)
        if signal is not None:
            flagged.append(f"{text!r} → {signal.kind} ({signal.matched})")
    return missed, flagged, len(crisis), len(calm)

"""The keyword-matching FAQ baseline, parsed into the shape Rasa's NLU returns.

It lets the benchmark score a city FAQ bot with the very code that scores the
navigator (bot.evaluation): each keyword hit becomes a ranked intent.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Mapping

import yaml

KEYWORDS_FILE = Path(__file__).with_name("keyword_baseline.yml")


def load(path: Path = KEYWORDS_FILE) -> Dict[str, List[str]]:
    """Keywords per concern id."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["keywords"]


def parse(text: str, keywords: Mapping[str, List[str]]) -> Dict:
    """A Rasa-like parse: every concern with a keyword hit, the most hits first."""
    hits = {
        concern: sum(1 for word in words if word.lower() in text.lower())
        for concern, words in keywords.items()
    }
    ranked = sorted((c for c, n in hits.items() if n), key=lambda c: -hits[c])
    if not ranked:
        return {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.0}, "intent_ranking": []}
    # Equal confidence for every hit: an FAQ bot answers for each keyword it finds.
    ranking = [{"name": c, "confidence": 1.0} for c in ranked]
    return {"text": text, "intent": ranking[0], "intent_ranking": ranking}

"""One verdict on a message's danger, from the patterns, the crisis model and the concern.

Two tiers:

- ``crisis``: the full emergency block first. Set by a pattern that fires
  (data/crisis/patterns.yml), by the crisis model when it is sure
  (``crisis_at``), or by the model less sure together with the context: a
  concern near a crisis (DV, abuse, mental health) or an urgency cue (今,
  助けて, 限界) in the message.
- ``possible``: the ordinary answer, and at its end one calm line with
  numbers that answer 24 hours. Set when the model sees some risk
  (``possible_at``), when the old model-plus-cue rule fires without the model
  agreeing, or when a pattern fired in a sentence a guard calls past or
  calm (an attempt ten years ago): such a message is never left with
  nothing, and never given the full block for a word alone.

A message of greetings and thanks alone (data/crisis/pleasantries.yml) is
never alarmed on by the model alone: at most the calm line.

Neither the model's confidence nor a pattern alone is trusted for the
calm side: a pattern firing while the model sees almost no risk is kept as
a crisis unless ``pattern_needs_model`` says otherwise (tuned on the
development sets, docs/crisis.md). The thresholds are data
(data/crisis/model_combination.yml, ``tiers:``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, Mapping, Optional, Sequence

from bot.crisis.detector import CrisisDetector, CrisisSignal
from bot.crisis.model import CrisisScores
from bot.crisis.pleasantries import Pleasantries
from bot.crisis.pleasantries import default as default_pleasantries
from bot.text.blank import is_empty

# A pattern names one of three kinds; the model may say which kind of that
# family it is (a wish to die or self-harm done, violence or sexual violence …).
FAMILY = {
    "suicide": ("suicide", "self_harm", "carer_fear"),
    "violence_now": ("violence_now", "sexual_violence", "carer_fear"),
    "child_danger": ("child_danger", "fear_of_harming_child"),
}


@dataclass(frozen=True)
class Tiers:
    """Thresholds on the crisis model's probability (model_combination.yml ``tiers:``)."""

    crisis_at: float = 0.85
    crisis_with_context_at: float = 0.6
    context_at: float = 0.5
    possible_at: float = 0.3
    # Below this, a pattern hit is only `possible` (None: a pattern is always a crisis).
    pattern_needs_model: Optional[float] = None
    context_intents: Sequence[str] = ("dv", "abuse", "mental_health")
    # Kinds the model makes a crisis only with an urgency or fear cue in the
    # message: a tired carer's words look like a carer's fear.
    model_possible_only: Sequence[str] = ("carer_fear",)
    # ... unless the model is this sure (None: never): a carer who says where
    # they will go tonight with the one they care for names no fear and no cue.
    model_possible_only_unless: Optional[float] = None

    @classmethod
    def from_dict(cls, data: Optional[Mapping[str, Any]]) -> "Tiers":
        """Reads the ``tiers:`` mapping; missing keys keep the defaults."""
        data = dict(data or {})
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for key in ("context_intents", "model_possible_only"):
            if key in known:
                known[key] = tuple(known[key])
        return cls(**known)


@dataclass(frozen=True)
class CrisisAssessment:
    """What a turn knows of a crisis: never the text, only ids and numbers."""

    tier: str  # crisis | possible
    kind: str  # one of data/crisis/kinds.yml
    source: str  # "pattern:<trigger id>", "model", "model+context:<what>", "guarded:<trigger id>", "rule:<id>"
    probability: float = 0.0  # the model's, 0 when there is no model
    writer: Optional[str] = None
    victim: Optional[str] = None
    attacker: Optional[str] = None

    def as_dict(self) -> Dict[str, Any]:
        """JSON-ready."""
        data = asdict(self)
        data["probability"] = round(self.probability, 4)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Optional["CrisisAssessment"]:
        """The inverse of ``as_dict`` (None for anything else)."""
        if not isinstance(data, Mapping) or data.get("tier") not in ("crisis", "possible") or not data.get("kind"):
            return None
        return cls(
            tier=data["tier"],
            kind=str(data["kind"]),
            source=str(data.get("source") or ""),
            probability=float(data.get("probability") or 0.0),
            writer=data.get("writer"),
            victim=data.get("victim"),
            attacker=data.get("attacker"),
        )


def _context(ranking: Sequence[Mapping], concern_scores: Mapping[str, float], tiers: Tiers) -> Optional[str]:
    """The concern near a crisis that the message carries, if any."""
    for ranked in ranking or ():
        if (ranked.get("confidence") or 0.0) < tiers.context_at:
            continue
        for part in str(ranked.get("name") or "").split("+"):
            if part in tiers.context_intents:
                return part
    for intent in tiers.context_intents:
        if (concern_scores or {}).get(intent, 0.0) >= tiers.context_at:
            return intent
    return None


def _refined(kind: str, scores: Optional[CrisisScores]) -> str:
    if scores is None or not scores.kinds:
        return kind
    family = FAMILY.get(kind, (kind,))
    best = max(family, key=lambda k: scores.kinds.get(k, 0.0))
    # The pattern's own kind stands unless the model clearly prefers another of the family.
    return best if scores.kinds.get(best, 0.0) > 1.5 * scores.kinds.get(kind, 0.0) else kind


class CrisisAssessor:
    """Combines the patterns' detector, the model's scores and the concern context."""

    def __init__(self, detector: CrisisDetector, tiers: Optional[Tiers] = None,
                 pleasantries: Optional[Pleasantries] = None) -> None:
        self.detector = detector
        self.tiers = tiers or Tiers()
        self.pleasantries = pleasantries or default_pleasantries()

    def assess(
        self,
        text: str,
        ranking: Sequence[Mapping] = (),
        scores: Optional[CrisisScores] = None,
        concern_scores: Optional[Mapping[str, float]] = None,
    ) -> Optional[CrisisAssessment]:
        """The crisis tier of ``text``, or None when nothing points to danger."""
        if is_empty(text):
            return None
        tiers = self.tiers
        probability = scores.probability if scores else 0.0
        roles = {
            "writer": scores.writer if scores else None,
            "victim": scores.victim if scores else None,
            "attacker": scores.attacker if scores else None,
        }

        found = self.detector.examine(text)

        def verdict(tier: str, kind: str, source: str) -> CrisisAssessment:
            if tier == "crisis" and found.calm_context:
                # A past, resolved story or a bereavement: a calm line, not the alarm.
                tier, source = "possible", f"{source}|{found.calm_context}"
            return CrisisAssessment(tier=tier, kind=kind, source=source, probability=probability, **roles)

        if found.signal is not None:
            signal: CrisisSignal = found.signal
            kind = _refined(signal.kind, scores)
            weak = tiers.pattern_needs_model is not None and scores is not None
            if weak and probability < tiers.pattern_needs_model:
                return verdict("possible", kind, f"pattern-weak:{signal.matched}")
            return verdict("crisis", kind, f"pattern:{signal.matched}")

        model_kind = scores.kind if scores and scores.kind else None
        if model_kind and self.pleasantries.only(text):
            # Greetings and thanks alone look like a farewell note to the model:
            # at most the calm line, and only when the model is sure.
            if probability >= tiers.crisis_at:
                return verdict("possible", model_kind, "model|pleasantries")
            return None
        context = _context(ranking, concern_scores or {}, tiers)
        combined = self.detector.model_signal(found, ranking) if ranking else None
        # A tired carer's words look like a carer's fear: for those kinds the model
        # alone is not enough, the message must also say the fear or the limit (a cue).
        cue_needed = model_kind in tiers.model_possible_only and not (
            tiers.model_possible_only_unless is not None and probability >= tiers.model_possible_only_unless
            and found.guarded is None
        )
        if model_kind and probability >= tiers.crisis_at and not cue_needed:
            return verdict("crisis", model_kind, "model")
        # A death word a guard explained (a training, a drama) is not context for the model.
        if model_kind and probability >= tiers.crisis_with_context_at and found.guarded is None:
            if context and not cue_needed:
                return verdict("crisis", model_kind, f"model+concern:{context}")
            if combined is not None or found.urgent:
                return verdict("crisis", model_kind, "model+cue")
        if combined is not None:
            kind = _refined(combined.kind, scores)
            tier = "crisis" if scores is None else "possible"
            return verdict(tier, kind, f"rule:{combined.matched}")
        if model_kind and probability >= tiers.possible_at:
            return verdict("possible", model_kind, "model")
        if found.guarded is not None:
            return verdict("possible", _refined(found.guarded.kind, scores),
                           f"guarded:{found.guarded.matched}")
        return None

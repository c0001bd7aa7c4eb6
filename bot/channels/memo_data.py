"""The 相談メモ's fixed data (data/memo.yml + the catalogue's labels), for the page and LINE.

The web page builds the memo itself, in the browser, from the results it
already holds; it only needs the texts and questions, which it fetches once
when it loads, as ``/chat/memo.json`` (``page_data``). That request carries
nothing the resident wrote, and none is made while the memo is being made.

やさしい日本語 texts are written in data/memo.yml without readings; the
readings are added here with bot/furigana.py, as the navigator adds them to
its own texts, so staff never type a reading by hand.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import yaml

from bot import settings

MEMO_FILE = settings.DEFAULTS.memo_file
SERVICES_DIR = settings.DEFAULTS.services_dir
LANGS = ("ja", "easy", "en")


class MemoDataError(ValueError):
    """data/memo.yml is incomplete; the message names what is missing."""


def _readings(text: str) -> str:
    # Imported here: Sudachi loads its dictionary on first use only.
    from bot.furigana import with_readings

    return with_readings(text)


def load(path: Path = MEMO_FILE) -> Dict[str, Any]:
    """data/memo.yml, checked: every text and every question list in the three languages."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    texts = data.get("texts") or {}
    keys = set((texts.get("ja") or {}).keys())
    for lang in LANGS:
        missing = keys - set((texts.get(lang) or {}).keys())
        if missing:
            raise MemoDataError(f"{path.name}: texts.{lang} lacks {sorted(missing)}")
    questions = data.get("questions") or {}
    if "default" not in questions:
        raise MemoDataError(f"{path.name}: questions.default is missing")
    for concern, by_lang in questions.items():
        for lang in LANGS:
            if not isinstance((by_lang or {}).get(lang), list) or not by_lang[lang]:
                raise MemoDataError(f"{path.name}: questions.{concern}.{lang} must be a non-empty list")
    return data


def _catalogue_labels(services: Path) -> Dict[str, Any]:
    concerns = yaml.safe_load((services / "concerns.yml").read_text(encoding="utf-8"))["concerns"]
    departments = yaml.safe_load((services / "departments.yml").read_text(encoding="utf-8"))["departments"]
    return {
        "concerns": {c["id"]: {"ja": c["ja"], "en": c["en"]} for c in concerns},
        "departments": {d["name"]: d["name_en"] for d in departments},
    }


def page_data(path: Path = MEMO_FILE, services: Path = SERVICES_DIR) -> Dict[str, Any]:
    """What the page needs to build a memo, for every conversation alike (no resident text)."""
    data = load(path)
    labels = _catalogue_labels(services)
    texts = {lang: dict(data["texts"][lang]) for lang in LANGS}
    texts["easy"] = {key: _readings(str(value)) for key, value in texts["easy"].items()}
    questions = {
        concern: {
            "ja": list(by_lang["ja"]),
            "easy": [_readings(q) for q in by_lang["easy"]],
            "en": list(by_lang["en"]),
        }
        for concern, by_lang in data["questions"].items()
    }
    concerns = {
        cid: {"ja": label["ja"], "easy": _readings(label["ja"]), "en": label["en"]}
        for cid, label in labels["concerns"].items()
    }
    return {
        "offer_only_when_asked": data.get("offer_only_when_asked") or {},
        "texts": texts,
        "questions": questions,
        "concerns": concerns,
        "departments": labels["departments"],
    }


@lru_cache(maxsize=1)
def cached() -> Dict[str, Any]:
    """``page_data()`` of the catalogue served (NAVIGATOR_SERVICES_DIR), built once per process."""
    return page_data(services=settings.load().services_dir)


@lru_cache(maxsize=1)
def line_settings() -> Dict[str, Any]:
    """data/memo.yml's `line` (the LINE triggers and postback), read once per process."""
    return dict(load().get("line") or {})


def page_json() -> bytes:
    """The bytes of /chat/memo.json."""
    return json.dumps(cached(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def view_of(result: Mapping[str, Any]) -> str:
    """The memo's language for a ``navigator.result``: "en", "easy" or "ja"."""
    if result.get("lang") == "en":
        return "en"
    return "easy" if result.get("easy_japanese") else "ja"


def only_when_asked(results: List[Mapping[str, Any]], data: Mapping[str, Any]) -> bool:
    """True when a result of the conversation is about a concern the memo is not offered for."""
    rule = data.get("offer_only_when_asked") or {}
    concerns = set(rule.get("concerns") or [])
    kinds = set(rule.get("crisis_kinds") or [])
    for result in results:
        if concerns & set(result.get("concerns") or []):
            return True
        if result.get("crisis_kind") in kinds:
            return True
    return False


def questions_for(concerns: List[str], view: str, data: Mapping[str, Any],
                  limit: Optional[int] = None) -> List[str]:
    """The questions of the concerns (each once), the default ones when none has its own."""
    questions = data["questions"]
    out: List[str] = []
    for concern in concerns or []:
        for question in (questions.get(concern) or {}).get(view) or []:
            if question not in out:
                out.append(question)
    if not out:
        out = list(questions["default"][view])
    return out[:limit] if limit else out

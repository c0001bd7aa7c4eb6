"""A stand-in navigator for the report's browser test: real channels, the real navigator's answer,
conversations (and reports) in an SQLite conversation store.

Like tests/web/fake_navigator.py (whose app it reuses), but the one recorded
turn is made at start by the real navigator on the real catalogue and domain
(so the cards carry today's 情報確認日 and report labels), and the agent keeps
conversations in a ``MaskingSQLTrackerStore`` on ``--db``, wrapped as Rasa's
Agent wraps it, so that ``POST /chat/report`` stores into that database.

    .venv/bin/python tests/web/report_server.py --port 5098 --db /tmp/x/conversations.db
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402

from bot.assembly import default_navigator  # noqa: E402
from bot.privacy.store import MaskingSQLTrackerStore  # noqa: E402
from tests.web import fake_navigator  # noqa: E402

WORRY = "夫に毎日怒鳴られています"


def navigator_turn() -> Dict[str, Any]:
    """The real navigator's messages for a DV worry, as Rasa sends them to a channel."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    parse = {"text": WORRY, "intent": {"name": "dv", "confidence": 0.95},
             "intent_ranking": [{"name": "dv", "confidence": 0.95}], "entities": []}
    reply = default_navigator().answer(parse, {"lang": "ja"}, domain)
    messages: List[Dict[str, Any]] = []
    for sent in reply.messages:
        messages.append({"custom": sent["json_message"]} if "json_message" in sent else dict(sent))
    return {"match": None, "messages": messages}


def build_app(db: Path) -> Any:
    app = fake_navigator.build_app()
    agent = app.ctx.agent
    agent.turns = [navigator_turn()]
    agent.tracker_store = FailSafeTrackerStore(AwaitableTrackerStore(
        MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))))
    return app


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    app = build_app(args.db)
    app.run(host="127.0.0.1", port=args.port, access_log=False, debug=False, workers=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""bot/privacy/store.py: the database never holds a resident's phone, mail or address."""
import asyncio
import json
import sqlite3

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.store import MaskingSQLTrackerStore

SECRET = "夫に殴られています。090-1234-5678、taro@example.jp、西東京市南町5丁目6番13号です"


def user(text):
    return UserUttered(
        text,
        intent={"name": "dv", "confidence": 0.9},
        entities=[{"entity": "phone", "value": "090-1234-5678", "start": 10, "end": 23}],
        parse_data={"intent": {"name": "dv", "confidence": 0.9}, "text": text,
                    "entities": [{"entity": "phone", "value": "090-1234-5678"}],
                    "intent_ranking": [{"name": "dv", "confidence": 0.9}]},
    )


def test_user_text_is_masked_in_the_database_and_only_there(tmp_path):
    db = tmp_path / "conversations.db"
    store = MaskingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events("resident-1", [
        ActionExecuted("action_listen"), user(SECRET),
        BotUttered("よりそいホットライン 0120-279-338 へ"),
    ])
    asyncio.run(store.save(tracker))

    # the classifier and the actions saw (and still see) the original words
    assert tracker.latest_message.text == SECRET

    rows = sqlite3.connect(db).execute("select type_name, data from events").fetchall()
    raw = "\n".join(data for _, data in rows)
    stored = "\n".join(json.dumps(json.loads(data), ensure_ascii=False) for _, data in rows)
    assert "090-1234-5678" not in raw and "taro@" not in raw
    for secret in ("090-1234-5678", "taro@example.jp", "南町5丁目", "6番13号"):
        assert secret not in stored
    assert "［電話番号］" in stored and "［メールアドレス］" in stored and "［住所］" in stored
    assert "夫に殴られています" in stored  # the worry itself is kept
    assert "0120-279-338" in stored  # the bot's reply is stored as sent

    again = asyncio.run(store.retrieve("resident-1"))
    message = again.latest_message
    assert message.text == "夫に殴られています。［電話番号］、［メールアドレス］、［住所］です"
    assert message.parse_data["text"] == message.text
    assert message.intent["name"] == "dv"


def test_later_saves_append_only_the_new_events_masked(tmp_path):
    store = MaskingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    tracker = DialogueStateTracker.from_events("r2", [ActionExecuted("action_listen"), user("a 03-1234-5678")])
    asyncio.run(store.save(tracker))
    tracker.update(BotUttered("ok"))
    tracker.update(user("b 080-1111-2222"))
    asyncio.run(store.save(tracker))
    texts = [e.text for e in asyncio.run(store.retrieve("r2")).events if isinstance(e, UserUttered)]
    assert texts == ["a ［電話番号］", "b ［電話番号］"]
    count = sqlite3.connect(tmp_path / "c.db").execute("select count(*) from events").fetchone()[0]
    assert count == 4  # nothing written twice


def test_an_event_broker_would_get_masked_events_too(tmp_path):
    class Broker:
        def __init__(self):
            self.published = []

        def publish(self, body):
            self.published.append(body)

    broker = Broker()
    store = MaskingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "b.db"),
                                   event_broker=broker)
    tracker = DialogueStateTracker.from_events("r3", [ActionExecuted("action_listen"), user(SECRET)])
    asyncio.run(store.save(tracker))
    published = json.dumps(broker.published, ensure_ascii=False)
    assert "090-1234-5678" not in published and "［電話番号］" in published

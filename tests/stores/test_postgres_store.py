"""The several-replicas stores without a model: MaskingSQLTrackerStore on a private
PostgreSQL, the Redis lock store, the start-time check and retention against them."""
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.lock_store import LockStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.stores.check import check_stores
from bot.stores.config import StoreConfig
from tests.support import stores

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def private_stores(tmp_path_factory):
    reason = stores.missing_reason()
    if reason:
        pytest.skip(reason)
    postgres, redis_server = stores.PrivatePostgres(), stores.PrivateRedis()
    try:
        postgres.start()
        redis_server.start()
        endpoints = tmp_path_factory.mktemp("pg") / "endpoints.yml"
        endpoints.write_text(
            "tracker_store:\n  type: bot.privacy.store.MaskingSQLTrackerStore\n  dialect: postgresql\n"
            f"  url: 127.0.0.1\n  port: {postgres.port}\n  db: navigator\n  username: navigator\n"
            f"lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: {redis_server.port}\n  db: 1\n"
            "  key_prefix: navigator\n", encoding="utf-8")
        yield postgres, redis_server, endpoints
    finally:
        postgres.stop()
        redis_server.stop()


def test_the_check_opens_both_stores(private_stores):
    postgres, redis_server, endpoints = private_stores
    assert check_stores(endpoints) == [
        f"postgresql://…@127.0.0.1:{postgres.port}/navigator",
        f"redis://127.0.0.1:{redis_server.port}/1",
    ]


def test_masked_conversations_in_postgresql_and_a_redis_lock(private_stores):
    postgres, _, endpoints = private_stores
    config = StoreConfig.read(endpoints)
    store_class = config.store_class()
    store = store_class(domain=Domain.empty(), host=config.url, **config.kwargs)
    old = time.time() - 40 * 86400  # 40 days ago: retention deletes it below
    tracker = DialogueStateTracker.from_events("pg-1", [
        ActionExecuted("action_listen", timestamp=old),
        UserUttered("連絡は080-1111-2222へ", intent={"name": "general"}, timestamp=old),
    ])
    asyncio.run(store.save(tracker))
    with sa.create_engine(postgres.url).connect() as connection:
        data = connection.execute(sa.text("select data from events where type_name='user'")).scalar()
    assert json.loads(data)["text"] == "連絡は［電話番号］へ"

    lock_store = LockStore.create(read_endpoint_config(str(endpoints), "lock_store"))
    assert type(lock_store).__name__ == "RedisLockStore"

    async def take_lock():
        async with lock_store.lock("pg-1"):
            return lock_store.get_lock("pg-1") is not None

    assert asyncio.run(take_lock())


def test_retention_on_postgresql(private_stores):
    postgres, _, endpoints = private_stores
    done = subprocess.run([sys.executable, "-m", "bot.retention", "--days", "30", "--endpoints", str(endpoints)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("deleted 1 conversations (2 events)")
    assert f"postgresql://…@127.0.0.1:{postgres.port}/navigator" in done.stdout

"""Two Rasa servers sharing PostgreSQL (conversations) and Redis (locks), as behind a load balancer.

The turns of one conversation alternate between the servers: the age question
asked by server A is answered on server B, which must know the concern.
"""
import json
import shutil

import pytest
import sqlalchemy as sa

from tests.support import stores
from tests.support.conversation import AGE_ELEMENTARY_JUNIOR, SCHOOL, asks_age, window_names
from tests.support.navigator import Navigator, model_missing_reason, new_workdir

ENDPOINTS = """\
action_endpoint:
  url: "http://127.0.0.1:5055/webhook"
tracker_store:
  type: bot.privacy.store.MaskingSQLTrackerStore
  dialect: postgresql
  url: 127.0.0.1
  port: {pg_port}
  db: navigator
  username: navigator
lock_store:
  type: redis
  url: 127.0.0.1
  port: {redis_port}
  db: 1
  key_prefix: navigator
"""


@pytest.fixture(scope="module")
def replicas(navigator):
    reason = model_missing_reason() or stores.missing_reason()
    if reason:
        pytest.skip(reason)
    postgres, redis_server = stores.PrivatePostgres(), stores.PrivateRedis()
    workdir = new_workdir()
    servers = []
    try:
        postgres.start()
        redis_server.start()
        from rasa.core.tracker_store import SQLTrackerStore

        engine = sa.create_engine(postgres.url)  # tables first: no race between the two
        SQLTrackerStore.Base.metadata.create_all(engine)
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(ENDPOINTS.format(pg_port=postgres.port, redis_port=redis_server.port),
                             encoding="utf-8")
        for name in ("a", "b"):  # one action server (the shared navigator's) serves both
            sub = workdir / name
            sub.mkdir()
            servers.append(Navigator(workdir=sub, endpoints=endpoints, no_actions=True,
                                     action_port=navigator.action_port))
        for server in servers:
            server.start(wait=False)
        for server in servers:
            server.wait_ready()
        yield servers[0], servers[1], engine
    finally:
        for server in servers:
            server.stop()
        postgres.stop()
        redis_server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def test_one_conversation_alternating_between_two_servers(replicas):
    a, b, _ = replicas
    status, reply = a.say("replica-1", SCHOOL)
    assert status == 200 and asks_age(reply), reply
    status, reply = b.say("replica-1", AGE_ELEMENTARY_JUNIOR)
    assert status == 200, reply
    names = window_names(reply)
    assert any("ニコモ" in name for name in names), (names, reply)


def test_the_shared_database_holds_masked_text_only(replicas):
    a, b, engine = replicas
    a.say("replica-2", "子どもが学校に行けません。連絡先は090-1234-5678です")
    b.say("replica-2", AGE_ELEMENTARY_JUNIOR)
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            "select data from events where sender_id = 'replica-2' and type_name = 'user' order by id")).fetchall()
    texts = [json.loads(row[0])["text"] for row in rows]
    assert len(texts) == 2
    assert texts[0] == "子どもが学校に行けません。連絡先は［電話番号］です"
    assert "090-1234-5678" not in "".join(row[0] for row in rows)

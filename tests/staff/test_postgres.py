"""The console's state on a private PostgreSQL shared by two "replicas" (two engines), as in production."""
import datetime
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import BotUttered, UserUttered

from bot.staff import usage
from bot.staff.auth import MAX_FAILURES, StaffAuth
from bot.staff.review import ReviewQueue
from tests.support import stores

PASSWORD = "a long enough secret"


@pytest.fixture(scope="module")
def engines():
    if stores.postgres_bin() is None:
        pytest.skip("PostgreSQL binaries not installed (scripts/install-test-deps installs them)")
    postgres = stores.PrivatePostgres()
    try:
        postgres.start()
        one, two = sa.create_engine(postgres.url), sa.create_engine(postgres.url)
        yield one, two
        one.dispose()
        two.dispose()
    finally:
        postgres.stop()


def test_sessions_lockout_counts_and_queue_are_shared(engines, tmp_path):
    one, two = engines
    a, b = StaffAuth(one), StaffAuth(two)
    a.add("sato", PASSWORD)
    assert b.session(a.login("sato", PASSWORD, "10.0.0.1").token).name == "sato"
    for _ in range(MAX_FAILURES):
        b.login("sato", "wrong password!", "10.0.0.2")
    assert a.login("sato", PASSWORD, "10.0.0.3").locked

    now = time.time()
    result = {"type": "navigator.result", "lang": "ja", "concerns": ["dv"], "crisis": False}
    for engine, sender in ((one, "r1"), (two, "r2"), (one, "r3")):
        usage.record(engine, sender, [UserUttered("夫が怖い", intent={"name": "dv", "confidence": 0.9},
                                                  input_channel="rest", timestamp=now),
                                      BotUttered(data={"custom": result}, timestamp=now)])
    usage.record(two, "r4", [UserUttered("ぴよ", intent={"name": "nlu_fallback", "confidence": 0.1},
                                         input_channel="rest", timestamp=now)])
    today = usage.city_day(now)
    counts = {(m, k): n for d, m, k, n in usage.rows(one, today, today)}
    assert counts[("concern", "dv")] == 3 and counts[("messages", "rest")] == 4
    data = usage.overview(two, 7, today=today)
    assert data["metrics"]["concern"]["total"]["dv"] == "5未満"
    queue = ReviewQueue(one, tmp_path, ["dv"], evaluation=frozenset(), retention_days=30)
    assert [i.text for i in queue.items()] == []  # no conversation of r4 in the store: gone with it
    assert datetime.date.today() - today < datetime.timedelta(days=2)

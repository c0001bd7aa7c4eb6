"""bot/staff/auth.py: accounts, sessions, idle timeout, lockout and audit, all in the SQL store."""
import pytest
import sqlalchemy as sa

from bot.staff import auth as staff_auth
from bot.staff import tables
from bot.staff.auth import AccountError, StaffAuth

PASSWORD = "a long enough secret"


@pytest.fixture
def auth(engine, clock):
    made = StaffAuth(engine, clock=clock)
    made.add("sato", PASSWORD)
    return made


def test_login_gives_a_session_with_a_csrf_token(auth):
    result = auth.login("sato", PASSWORD, "10.0.0.1")
    assert result.ok
    session = auth.session(result.token)
    assert session.name == "sato" and len(session.csrf) >= 32
    assert auth.csrf_ok(session, session.csrf)
    assert not auth.csrf_ok(session, None) and not auth.csrf_ok(session, "x" * 43)


def test_the_store_keeps_neither_the_password_nor_the_token(auth, engine):
    token = auth.login("sato", PASSWORD, "10.0.0.1").token
    with engine.connect() as db:
        dumped = repr([list(db.execute(sa.select(t))) for t in tables.metadata.sorted_tables])
    assert PASSWORD not in dumped and token not in dumped


def test_a_session_ends_after_the_idle_timeout_and_is_renewed_by_use(auth, clock):
    token = auth.login("sato", PASSWORD, "10.0.0.1").token
    clock.now += staff_auth.IDLE_SECONDS - 10
    assert auth.session(token) is not None  # renewed here
    clock.now += staff_auth.IDLE_SECONDS - 10
    assert auth.session(token) is not None
    clock.now += staff_auth.IDLE_SECONDS + 1
    assert auth.session(token) is None


def test_a_session_ends_at_its_maximum_age_even_when_used(auth, clock):
    token = auth.login("sato", PASSWORD, "10.0.0.1").token
    for _ in range(int(staff_auth.MAX_SECONDS / 600) + 1):
        clock.now += 600
        auth.session(token)
    assert auth.session(token) is None


def test_repeated_failures_lock_the_name_even_for_the_right_password(auth, clock):
    for _ in range(staff_auth.MAX_FAILURES - 1):
        result = auth.login("sato", "wrong password!", "10.0.0.1")
        assert not result.ok and not result.locked
    assert auth.login("sato", "wrong password!", "10.0.0.1").locked
    assert auth.login("sato", PASSWORD, "10.0.0.2").locked
    clock.now += staff_auth.LOCK_SECONDS + 1
    assert auth.login("sato", PASSWORD, "10.0.0.2").ok


def test_one_address_guessing_many_names_is_locked(auth):
    for i in range(staff_auth.MAX_ADDRESS_FAILURES):
        auth.login(f"name{i}", "wrong password!", "10.9.9.9")
    assert auth.login("sato", PASSWORD, "10.9.9.9").locked
    assert auth.login("sato", PASSWORD, "10.0.0.1").ok


def test_a_lockout_is_shared_by_replicas_on_the_same_store(engine, clock):
    one, two = StaffAuth(engine, clock=clock), StaffAuth(engine, clock=clock)
    one.add("sato", PASSWORD)
    for _ in range(staff_auth.MAX_FAILURES):
        one.login("sato", "wrong password!", "10.0.0.1")
    assert two.login("sato", PASSWORD, "10.0.0.3").locked
    token = StaffAuth(engine, clock=clock)
    assert token.session("nothing") is None


def test_a_session_made_on_one_replica_is_valid_on_another(engine, clock):
    one, two = StaffAuth(engine, clock=clock), StaffAuth(engine, clock=clock)
    one.add("sato", PASSWORD)
    assert two.session(one.login("sato", PASSWORD, "10.0.0.1").token).name == "sato"


def test_removing_an_account_or_changing_its_password_ends_its_sessions(auth):
    token = auth.login("sato", PASSWORD, "10.0.0.1").token
    auth.add("sato", "another long secret")
    assert auth.session(token) is None
    token = auth.login("sato", "another long secret", "10.0.0.1").token
    assert auth.remove("sato") and auth.session(token) is None
    assert not auth.remove("sato")


@pytest.mark.parametrize("name", ["", "A", "sato san", "<script>", "x" * 40])
def test_account_names_are_plain(engine, clock, name):
    with pytest.raises(AccountError):
        StaffAuth(engine, clock=clock).add(name, PASSWORD)


def test_the_audit_log_says_who_did_what_and_never_a_password(auth):
    auth.login("sato", "wrong password!", "10.0.0.1")
    session = auth.session(auth.login("sato", PASSWORD, "10.0.0.1").token)
    auth.audit("sato", "review_written", "3:dv")
    auth.logout(session)
    log = auth.audit_log()
    assert [line["action"] for line in log] == ["logout", "review_written", "login", "login_failed"]
    assert all(line["who"] == "sato" for line in log)
    assert "wrong password!" not in repr(log) and PASSWORD not in repr(log)

"""bot/staff/passwords.py: scrypt with a salt per hash, constant-time checks."""
import pytest

from bot.staff import passwords


def test_a_password_verifies_against_its_hash_and_nothing_else():
    stored = passwords.hash_password("correct horse battery")
    assert passwords.verify("correct horse battery", stored)
    assert not passwords.verify("correct horse batterY", stored)
    assert "correct horse" not in stored and stored.startswith("scrypt$16384$8$1$")


def test_each_hash_has_its_own_salt():
    assert passwords.hash_password("same password here") != passwords.hash_password("same password here")


@pytest.mark.parametrize("stored", ["", "plain", "md5$x$y$z$a$b", "scrypt$16384$8$1$!!$!!", "scrypt$a$b$c$d$e"])
def test_a_malformed_hash_never_verifies(stored):
    assert passwords.verify("anything at all", stored) is False


@pytest.mark.parametrize("password, refused", [("short", True), (" leading space1", True), ("twelve chars", False)])
def test_new_passwords_are_long_enough(password, refused):
    assert bool(passwords.problem(password)) is refused

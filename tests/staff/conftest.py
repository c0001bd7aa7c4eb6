"""Fixtures of the staff console's tests: an SQLite engine in tmp_path, a clock to move."""
from __future__ import annotations

import pytest
import sqlalchemy as sa


class Clock:
    """A settable clock (seconds)."""

    def __init__(self, now: float = 1_780_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(tmp_path):
    """A fresh SQLite database, as the conversation store's."""
    created = sa.create_engine(f"sqlite:///{tmp_path / 'conversations.db'}")
    yield created
    created.dispose()


@pytest.fixture
def clock():
    return Clock()

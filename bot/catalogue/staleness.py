"""Which records are overdue for a new check: windows of the catalogue and hotlines.

A window or a hotline carries ``checked`` (the date it was last read against
the plan or its source) and ``checked_by`` (a role). A record checked more
than ``days`` ago, or never, is overdue.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Iterable, List, Optional


@dataclass(frozen=True)
class Overdue:
    """One record due for a check."""

    file: str
    id: str
    checked: Optional[datetime.date]
    checked_by: Optional[str]
    days: Optional[int]  # days since the check; None when never checked

    def line(self) -> str:
        """One line of the report: file, id, when and by whom it was checked."""
        when = f"checked {self.checked} ({self.days} days ago)" if self.checked else "never checked"
        by = f" by {self.checked_by}" if self.checked_by else ""
        return f"{self.file}: {self.id}: {when}{by}"


def overdue(records: Iterable[tuple], days: int, today: datetime.date) -> List[Overdue]:
    """``records`` are (file, id, checked, checked_by); the overdue ones, oldest first."""
    found = []
    for file, ident, checked, checked_by in records:
        age = (today - checked).days if checked else None
        if age is None or age > days:
            found.append(Overdue(file, ident, checked, checked_by, age))
    return sorted(found, key=lambda o: (o.checked or datetime.date.min, o.file, o.id))

"""When a hotline answers: the `open` schedules of data/hotlines.yml, read against Tokyo time.

A schedule is derived only from the hours the source table gives:

* ``always``  -- 24時間;
* ``unknown`` -- the hours vary, are the centre's own, or are not given;
* a list of periods, each ``{days: daily|weekdays, from: "HH:MM", to: "HH:MM"}`` or
  ``{monthday: 1-31, from: "HH:MM", to: "HH:MM"}``. ``weekdays`` are Monday to Friday
  that are not Japanese public holidays. A period starts on a day that matches and
  ends ``to`` after that day's midnight, so ``to`` past 24:00 runs into the next
  morning (``{monthday: 10, from: "08:00", to: "32:00"}`` is 8時 on the 10th to 8時
  on the 11th). ``from`` is included, ``to`` is not.

A reply puts the lines that are open now first (``order_by_status``) and marks a
closed one with when it opens (``status_text``); an unknown schedule is never
called open. ``now()`` is Tokyo time, or the fixed time of ``NAVIGATOR_FIXED_TIME``
for a demo or a screenshot.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Callable, Iterable, List, Optional, Tuple, TypeVar
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
FIXED_TIME_VARIABLE = "NAVIGATOR_FIXED_TIME"
SEARCH_DAYS = 14  # how far ahead the next opening is looked for

ALWAYS = "always"
UNKNOWN = "unknown"
DAYS = ("daily", "weekdays")

_TIME = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

T = TypeVar("T")


class HoursError(ValueError):
    """An `open` schedule (or NAVIGATOR_FIXED_TIME) is malformed; the message says where."""


@dataclass(frozen=True)
class Period:
    """One opening: on each matching day from ``start`` to ``end`` minutes after its midnight."""

    start: int  # minutes after midnight, 0 <= start < 24*60
    end: int  # minutes after midnight, start < end <= 48*60
    days: Optional[str] = None  # "daily" or "weekdays"
    monthday: Optional[int] = None  # 1-31

    def starts_on(self, day: date) -> bool:
        """Whether this period begins on ``day``."""
        if self.monthday is not None:
            return day.day == self.monthday
        if self.days == "weekdays":
            return day.weekday() < 5 and not is_holiday(day)
        return True


@dataclass(frozen=True)
class Schedule:
    """A hotline's opening hours: ``always``, ``unknown`` or ``periods``."""

    kind: str
    periods: Tuple[Period, ...] = ()


@dataclass(frozen=True)
class OpenStatus:
    """Whether a line answers at a given time.

    ``is_open`` is None when the hours are not known. ``opens_at`` is the next
    opening (Tokyo time) when the line is closed and opens within 14 days.
    """

    is_open: Optional[bool]
    opens_at: Optional[datetime] = None


# --- reading a schedule ----------------------------------------------------------------------


def _minutes(where: str, key: str, raw: Any, limit: int) -> int:
    if not isinstance(raw, str):
        # Unquoted 10:00 is a base-60 integer in YAML 1.1: ask for the quoted form.
        raise HoursError(f"{where}: {key!r} must be a quoted time \"HH:MM\", not {raw!r}")
    match = _TIME.match(raw.strip())
    if not match:
        raise HoursError(f"{where}: {key!r} must be a time \"HH:MM\", not {raw!r}")
    value = int(match.group(1)) * 60 + int(match.group(2))
    if value > limit:
        raise HoursError(f"{where}: {key!r} {raw!r} is past {limit // 60}:00")
    return value


def _period(where: str, raw: Any) -> Period:
    if not isinstance(raw, dict):
        raise HoursError(f"{where}: a period must be a mapping with days or monthday, from, to")
    unknown = set(raw) - {"days", "monthday", "from", "to"}
    if unknown:
        raise HoursError(f"{where}: unknown key(s) {sorted(map(str, unknown))}")
    if ("days" in raw) == ("monthday" in raw):
        raise HoursError(f"{where}: a period needs exactly one of 'days' and 'monthday'")
    days = raw.get("days")
    monthday = raw.get("monthday")
    if "days" in raw and days not in DAYS:
        raise HoursError(f"{where}: days must be one of {', '.join(DAYS)}, not {days!r}")
    if "monthday" in raw and (type(monthday) is not int or not 1 <= monthday <= 31):
        raise HoursError(f"{where}: monthday must be a day of the month 1-31, not {monthday!r}")
    for key in ("from", "to"):
        if key not in raw:
            raise HoursError(f"{where}: a period needs {key!r}")
    start = _minutes(where, "from", raw["from"], 24 * 60 - 1)
    end = _minutes(where, "to", raw["to"], 48 * 60)
    if end <= start:
        raise HoursError(f"{where}: 'to' {raw['to']!r} is not after 'from' {raw['from']!r}"
                         " (write a time past 24:00 for the next morning, e.g. \"32:00\")")
    return Period(start=start, end=end, days=days, monthday=monthday)


def parse(raw: Any, where: str = "open") -> Schedule:
    """Reads an `open` value; ``where`` (file and hotline id) starts any error message."""
    if raw in (ALWAYS, UNKNOWN):
        return Schedule(kind=raw)
    if isinstance(raw, list) and raw:
        return Schedule(kind="periods", periods=tuple(
            _period(f"{where}[{index}]", item) for index, item in enumerate(raw)))
    raise HoursError(f"{where}: expected 'always', 'unknown' or a list of periods, not {raw!r}")


# --- time ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _japan_holidays():
    import holidays  # the PyPI package; imported on first use

    return holidays.country_holidays("JP")


def is_holiday(day: date) -> bool:
    """Whether ``day`` is a Japanese public holiday (祝日・振替休日・国民の休日)."""
    return day in _japan_holidays()


def to_tokyo(when: datetime) -> datetime:
    """``when`` in Tokyo time; a naive time is taken as Tokyo time already."""
    if when.tzinfo is None:
        return when.replace(tzinfo=TOKYO)
    return when.astimezone(TOKYO)


def now() -> datetime:
    """The current Tokyo time, or the time of NAVIGATOR_FIXED_TIME (ISO 8601; naive = Tokyo)."""
    fixed = os.environ.get(FIXED_TIME_VARIABLE, "").strip()
    if not fixed:
        return datetime.now(TOKYO)
    try:
        return to_tokyo(datetime.fromisoformat(fixed))
    except ValueError:
        raise HoursError(f"{FIXED_TIME_VARIABLE}: not an ISO 8601 time: {fixed!r}") from None


# --- status ----------------------------------------------------------------------------------


def _spans(schedule: Schedule, day: date) -> Iterable[Tuple[datetime, datetime]]:
    midnight = datetime.combine(day, time(0), tzinfo=TOKYO)
    for period in schedule.periods:
        if period.starts_on(day):
            yield (midnight + timedelta(minutes=period.start),
                   midnight + timedelta(minutes=period.end))


def status(schedule: Schedule, when: datetime) -> OpenStatus:
    """Whether a line with ``schedule`` is open at ``when``, and if not, when it next opens."""
    if schedule.kind == ALWAYS:
        return OpenStatus(is_open=True)
    if schedule.kind != "periods":
        return OpenStatus(is_open=None)
    when = to_tokyo(when)
    today = when.date()
    # A period ends at most 48 hours after its day's midnight: yesterday's may still run.
    for day in (today - timedelta(days=1), today):
        if any(start <= when < end for start, end in _spans(schedule, day)):
            return OpenStatus(is_open=True)
    starts = [start for offset in range(SEARCH_DAYS + 1)
              for start, _ in _spans(schedule, today + timedelta(days=offset)) if start > when]
    return OpenStatus(is_open=False, opens_at=min(starts) if starts else None)


def order_by_status(items: Iterable[T], when: datetime,
                    schedule_of: Callable[[T], Schedule]) -> List[T]:
    """``items`` open now first, then those of unknown hours, then the closed (stable)."""
    rank = {True: 0, None: 1, False: 2}
    return sorted(items, key=lambda item: rank[status(schedule_of(item), when).is_open])


def status_text(status: OpenStatus, lang: str, when: datetime) -> str:
    """'' when open or unknown; when closed, the mark and when the line opens.

    ja: 「今は受付時間外（16時から）」, 「（明日8時30分から）」, 「（12月7日（月）8時30分から）」;
    en: "closed now (opens 16:00)", "(opens tomorrow 08:30)", "(opens Mon 7 Dec 08:30)".
    """
    if status.is_open is not False:
        return ""
    english = lang == "en"
    if status.opens_at is None:
        return "closed now" if english else "今は受付時間外"
    opens = to_tokyo(status.opens_at)
    days_ahead = (opens.date() - to_tokyo(when).date()).days
    if english:
        clock = f"{opens:%H:%M}"
        if days_ahead == 0:
            return f"closed now (opens {clock})"
        if days_ahead == 1:
            return f"closed now (opens tomorrow {clock})"
        day = f"{_WEEKDAYS_EN[opens.weekday()]} {opens.day} {_MONTHS_EN[opens.month - 1]}"
        return f"closed now (opens {day} {clock})"
    clock = f"{opens.hour}時{opens.minute}分" if opens.minute else f"{opens.hour}時"
    if days_ahead == 0:
        return f"今は受付時間外（{clock}から）"
    if days_ahead == 1:
        return f"今は受付時間外（明日{clock}から）"
    day = f"{opens.month}月{opens.day}日（{_WEEKDAYS_JA[opens.weekday()]}）"
    return f"今は受付時間外（{day}{clock}から）"

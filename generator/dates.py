"""Dates as editors write them: a year, a month or a day, and periods between them.

"2026" means the whole of 2026; as a deadline it falls due at its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from typing import Literal

_PARTIAL = re.compile(r"(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2}))?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    start: dt.date
    end: dt.date
    precision: Literal["year", "month", "day"]
    text: str

    def __str__(self) -> str:
        return self.text

    def label(self) -> str:
        """How the book prints it: "2026", "September 2025", "27 September 2024"."""
        month = _MONTHS[self.start.month - 1]
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{month} {self.start.year}"
        return f"{self.start.day} {month} {self.start.year}"


@dataclass(frozen=True)
class Period:
    """A span of time, written "2023", "2024-01/2024-06", or "../2024-09" when
    only its end is known (a source's "once")."""

    start: PartialDate | None  # None: an unknown time before `end`
    end: PartialDate
    text: str

    @property
    def first_day(self) -> dt.date:
        return self.start.start if self.start else dt.date.min

    def label(self) -> str:
        if self.start is None:
            return f"at some time before {self.end.label()}"
        if self.start == self.end:
            return self.start.label()
        return f"{self.start.label()} – {self.end.label()}"


@functools.lru_cache(maxsize=4096)  # a book repeats its dates; a PartialDate never changes
def parse_date(text: str) -> PartialDate:
    """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; ValueError says what is wrong."""
    match = _PARTIAL.fullmatch(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["year"])
    if match["month"] is None:
        return PartialDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month:02d}")
    last_day = calendar.monthrange(year, month)[1]
    if match["day"] is None:
        return PartialDate(dt.date(year, month, 1), dt.date(year, month, last_day), "month", text)
    day = int(match["day"])
    if not 1 <= day <= last_day:
        raise ValueError(f"'{text}' has no day {day:02d} ({calendar.month_name[month]} {year} has {last_day} days)")
    when = dt.date(year, month, day)
    return PartialDate(when, when, "day", text)


def parse_period(text: str) -> Period:
    """Parse "2023", "START/END" (each a partial date), or "../END"."""
    start_text, _, end_text = text.partition("/")
    if start_text == ".." and end_text:
        return Period(None, parse_date(end_text), text)
    start = parse_date(start_text)
    end = parse_date(end_text) if end_text else start
    if end.end < start.start:
        raise ValueError(f"period '{text}' ends before it starts")
    return Period(start, end, text)


def as_of_from_environment(value: str | None, epoch: str | None, today: dt.date) -> dt.date:
    """The book's "as of" date: an explicit value, else SOURCE_DATE_EPOCH, else today."""
    if value:
        parsed = parse_date(value)
        if parsed.precision != "day":
            raise ValueError(f"'{value}' is not a full date; write YYYY-MM-DD, e.g. {today.isoformat()}")
        return parsed.start
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970-01-01; "
                             "unset it or pass --as-of YYYY-MM-DD") from None
    return today


def book_as_of(value: str | None) -> dt.date:
    """The "as of" date of a build: `value`, else SOURCE_DATE_EPOCH, else today.

    The one place that reads SOURCE_DATE_EPOCH; everything after it gets the
    date as an argument.
    """
    return as_of_from_environment(value, os.environ.get("SOURCE_DATE_EPOCH"), dt.date.today())

"""What the book derives from its claims: key figures, latest news, timeline, speakers.

`derive` selects, orders and words what the claims say, each on its own terms;
`analysis` weighs claims against each other and the "as of" date (disagreements,
projections due). Plain functions over the linked model, so each can be tested
on its own and templates only display the result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates import PartialDate
from .model import Book, ClaimView
from .schema import Figure
from .urls import unique_id


def format_value(claim: ClaimView) -> str:
    """'about 2,500', 'more than 170', '8 million': the number with its qualifier (the unit goes after it)."""
    figure = claim.figure
    number = _number(figure.value)
    return f"{figure.qualifier} {number}" if figure.qualifier else number


def _number(value: float) -> str:
    """2500 -> '2,500'; 8000000 -> '8 million' (as articles write large round numbers)."""
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1_000_000:g} million"
    return f"{value:,}"


def describe_figure(figure: Figure, unit: str, outlets: Sequence[str] = (), *, number: str = "",
                    say_as_of: bool = False, when: str = "") -> str:
    """A figure in one line of text: 'about 2,500 troops (2024-09-27, ABC News, Politico)'.

    `number` replaces the plain number (charts word it as `format_value` does);
    `say_as_of` writes a level's date as 'as of 2024-09-27'; `when` replaces the
    date as written (charts, read aloud, say 'as of 27 September 2024').
    """
    number = number or f"{figure.qualifier + ' ' if figure.qualifier else ''}{figure.value:,}"
    when = when or ("as of " if say_as_of and figure.as_of else "") + (figure.as_of or figure.period)
    return f"{number} {unit} ({', '.join([when, *outlets])})"


def key_figures(book: Book) -> list[ClaimView]:
    """The latest figure of each key metric (book.key_metrics, in that order;
    if none are named, of every metric, latest first)."""
    latest: dict[str, ClaimView] = {}
    for claim in book.claims.values():
        if claim.figure is None:
            continue
        current = latest.get(claim.figure.metric)
        if current is None or claim.figure_time.end > current.figure_time.end:
            latest[claim.figure.metric] = claim
    if book.info.key_metrics:
        return [latest[m] for m in book.info.key_metrics if m in latest]
    return sorted(latest.values(), key=lambda c: (-c.figure_time.end.toordinal(), c.order))


def latest_developments(book: Book, count: int = 6) -> list[ClaimView]:
    """The most recently dated claims up to the book's "as of" date.

    Ranked by the earliest day each date allows: "2024" (any day of 2024) never
    ranks above 27 September 2024, since it may well be earlier; a known day
    ranks above a month or year that starts on it.
    """
    dated = [c for c in book.claims.values() if c.date and c.date.start <= book.as_of]
    precision = {"day": 0, "month": 1, "year": 2}
    # On the same day, the best corroborated first: what several outlets report is the day's news.
    dated.sort(key=lambda c: (-c.date.start.toordinal(), precision[c.date.precision], -len(c.outlets), c.order))
    return dated[:count]


@dataclass
class TimelineEntry:
    when: PartialDate
    claim: ClaimView
    is_deadline: bool
    also: list[ClaimView] = field(default_factory=list)  # linked claims that state the same deadline


@dataclass
class TimelineYear:
    year: int
    entries: list[TimelineEntry]  # dated to the day or the month, in order
    undated: list[TimelineEntry]  # known only to the year: "2024, date not given"


def timeline(book: Book) -> list[TimelineYear]:
    """Dated claims and deadlines in chronological order, by year.

    A date known only to its year is not placed before 1 January or after
    31 December: it goes in the year's "date not given" group. A deadline
    stated by several linked claims appears once.
    """
    entries = [TimelineEntry(claim.date, claim, False) for claim in book.claims.values() if claim.date]
    entries += _deadlines(book)
    entries.sort(key=lambda e: (e.when.start, e.when.end, e.is_deadline, e.claim.order))
    years: dict[int, TimelineYear] = {}
    for entry in entries:
        year = years.setdefault(entry.when.start.year, TimelineYear(entry.when.start.year, [], []))
        (year.undated if entry.when.precision == "year" else year.entries).append(entry)
    return [years[y] for y in sorted(years)]


def _deadlines(book: Book) -> list[TimelineEntry]:
    """One entry per deadline: linked claims with the same `due` share one."""
    entries: list[TimelineEntry] = []
    for claim in sorted((c for c in book.claims.values() if c.due), key=lambda c: c.order):
        linked = {r.other.id for r in claim.relations}
        same = next((e for e in entries if e.when == claim.due and (e.claim.id in linked
                     or any(c.id in linked for c in e.also))), None)
        if same:
            same.also.append(claim)
        else:
            entries.append(TimelineEntry(claim.due, claim, True))
    return entries


@dataclass
class SpeakerView:
    name: str
    roles: list[str]
    claims: list[ClaimView]
    anchor: str = ""  # unique on the speakers page; set by speakers()


def _speaker_anchor(name: str, taken: set[str]) -> str:
    base = "speaker-" + "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())
    anchor = unique_id(base, taken)  # "O'Brien" and "O Brien" must not share an id
    taken.add(anchor)
    return anchor


def speakers(book: Book) -> list[SpeakerView]:
    """Everyone quoted or paraphrased, with what they said; most statements first."""
    grouped: dict[str, list[ClaimView]] = defaultdict(list)
    for claim in book.claims.values():
        if claim.speaker:
            grouped[claim.speaker.name].append(claim)
    views = []
    for name, claims in grouped.items():
        roles = sorted({c.speaker.role for c in claims if c.speaker.role})
        views.append(SpeakerView(name, roles, sorted(claims, key=_chronological)))
    views.sort(key=lambda v: (-len(v.claims), v.name.lower()))
    taken: set[str] = set()
    for view in views:
        view.anchor = _speaker_anchor(view.name, taken)
    return views


def _chronological(claim: ClaimView) -> tuple:
    return (claim.date.start if claim.date else dt.date.max, claim.order)

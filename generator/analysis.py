"""What the sources add up to: disagreements between them, and overdue projections.

`analysis` weighs claims against each other and the "as of" date; `derive`
selects, orders and words what the claims say, each on its own terms (key
figures, timeline, speakers). Derived, never typed by hand. Plain functions
over the linked model:
- `figure_conflicts`: figures for the same metric, place and time that differ
  in value or in the period they cover;
- `disagreements`: those conflicts plus claims the editors linked with
  `contradicts` or `qualifies`;
- `projection_status`: whether a claim's `due` date is upcoming, past due, or
  settled by a later claim that `updates` or `supersedes` it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .derive import describe_figure
from .model import Book, ClaimView, derived_once

DisagreementKind = Literal["figures differ", "periods differ", "contradicts", "qualifies"]
ProjectionState = Literal["upcoming", "past due", "settled"]

LINKED_DISAGREEMENTS = ("contradicts", "qualifies")
SETTLING_RELATIONS = ("updates", "supersedes")


@dataclass(frozen=True)
class Disagreement:
    first: ClaimView
    second: ClaimView
    kind: DisagreementKind  # two figures that differ, or how the editors linked two claims
    note: str
    explained: bool  # the editors linked the two claims

    @property
    def anchor(self) -> str:
        return f"{self.first.id}--{self.second.id}"


def _linked(a: ClaimView, b: ClaimView) -> bool:
    return any(r.other is b for r in a.relations)


@derived_once
def figure_conflicts(book: Book) -> list[Disagreement]:
    """Figures of one metric and place whose times overlap but whose numbers or periods differ."""
    groups: dict[tuple, list[ClaimView]] = {}
    for claim in book.claims.values():
        if claim.figure is not None:
            groups.setdefault((claim.figure.metric, claim.figure.place), []).append(claim)
    conflicts = []
    for claims in groups.values():
        # Sorted by start, each figure is compared only with those that begin
        # before it ends: a long series costs what its overlaps cost, not n².
        timed = sorted(claims, key=lambda c: (c.figure_time.start, c.figure_time.end, c.order))
        for index, a in enumerate(timed):
            for later in range(index + 1, len(timed)):
                b = timed[later]
                if b.figure_time.start > a.figure_time.end:
                    break
                first, second = (a, b) if a.order < b.order else (b, a)
                conflict = _compare(first, second)
                if conflict:
                    conflicts.append(conflict)
    return sorted(conflicts, key=lambda d: (d.first.order, d.second.order))


def _compare(a: ClaimView, b: ClaimView) -> Disagreement | None:
    """a and b overlap in time; a Disagreement if their numbers or periods differ."""
    # "some 2,500" and "about 2,500" say the same: only the numbers are compared.
    same_value = a.figure.value == b.figure.value
    same_time = a.figure_time.text == b.figure_time.text
    if same_value and same_time:
        return None
    kind = "periods differ" if same_value else "figures differ"
    note = " against ".join(describe_figure(c.figure, c.metric.unit, c.outlets, say_as_of=True) for c in (a, b))
    return Disagreement(a, b, kind, note, _linked(a, b))


@derived_once
def disagreements(book: Book) -> list[Disagreement]:
    """Every disagreement: linked by the editors, or found between figures."""
    found = {}
    for claim in book.claims.values():
        for relation in claim.claim.relations:
            if relation.type in LINKED_DISAGREEMENTS:
                other = book.claims[relation.claim]
                found[frozenset((claim.id, other.id))] = Disagreement(claim, other, relation.type, relation.note or "", True)
    for conflict in figure_conflicts(book):
        found.setdefault(frozenset((conflict.first.id, conflict.second.id)), conflict)
    return sorted(found.values(), key=lambda d: (d.first.order, d.second.order))


@dataclass(frozen=True)
class ProjectionStatus:
    claim: ClaimView
    state: ProjectionState

    @property
    def needs_follow_up(self) -> bool:
        return self.state == "past due"


def projection_status(claim: ClaimView, as_of: dt.date) -> ProjectionStatus:
    """Upcoming until its due date has passed; then past due unless a later claim settles it."""
    if any(r.inverse and r.type in SETTLING_RELATIONS and _is_later(r.other, claim) for r in claim.relations):
        return ProjectionStatus(claim, "settled")
    if claim.due.end >= as_of:
        return ProjectionStatus(claim, "upcoming")
    return ProjectionStatus(claim, "past due")


def statuses(book: Book) -> dict[str, ProjectionStatus]:
    """Each projection's status, by claim id."""
    return {status.claim.id: status for status in projections(book)}


def follow_ups(book: Book) -> list[ProjectionStatus]:
    """Projections past due with no later claim settling them, soonest due first."""
    return [status for status in projections(book) if status.needs_follow_up]


def _is_later(other: ClaimView, claim: ClaimView) -> bool:
    return other.date is not None and (claim.date is None or other.date.start > claim.date.end)


@derived_once
def projections(book: Book) -> list[ProjectionStatus]:
    """Every claim with a due date, soonest due first."""
    dated = [c for c in book.claims.values() if c.due]
    dated.sort(key=lambda c: (c.due.end, c.order))
    return [projection_status(c, book.as_of) for c in dated]

"""What the sources add up to: disagreements between them, and overdue projections.

`analysis` weighs claims against each other and the "as of" date; `derive`
selects, orders and words what the claims say, each on its own terms (key
figures, timeline, speakers). Derived, never typed by hand. Plain functions
over the linked model:
- `figure_conflicts`: figures for the same metric, place and time that differ
  in value or in the period they cover;
- `disagreements`: those conflicts plus claims the editors linked with
  `contradicts` or `qualifies`, pair by pair;
- `disputes`: the same, joined into groups: every claim connected to another
  by a disagreement is one position in one dispute, shown once;
- `projection_status`: whether a claim's `due` date is upcoming, due soon,
  past due, or settled by a later claim that `settles` it; and whether an
  open-ended statement has gone unrevisited for too long.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .derive import describe_figure
from .model import Book, ClaimView, derived_once

DisagreementKind = Literal["figures differ", "periods differ", "contradicts", "qualifies"]
ProjectionState = Literal["upcoming", "due soon", "past due", "settled", "open", "not revisited"]
FOLLOW_UP_STATES = ("past due", "not revisited")

LINKED_DISAGREEMENTS = ("contradicts", "qualifies")
SETTLING_RELATIONS = ("settles",)


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
class Dispute:
    """One question, several positions: declared by the editors, or claims joined by disagreements."""

    positions: tuple[ClaimView, ...]  # in the editors' order, or the book's
    links: tuple[Disagreement, ...]  # how they relate, pair by pair
    question: str = ""  # the editors' question; empty for a group found from the links alone
    id: str = ""
    # The links whose old pair anchors ("a--b") this dispute carries: each anchor once on the
    # page, in the first dispute that holds the pair (two disputes may hold the same pair).
    anchored: tuple[Disagreement, ...] = ()

    @property
    def anchor(self) -> str:
        return f"dispute-{self.id or self.positions[0].id}"

    @property
    def outlets(self) -> list[str]:
        return sorted({outlet for claim in self.positions for outlet in claim.outlets})

    def number(self, claim: ClaimView) -> int:
        """The claim's position, counted from 1, as the page numbers them."""
        return self.positions.index(claim) + 1


@derived_once
def disputes(book: Book) -> list[Dispute]:
    """The editors' disputes, in their order; then every disagreement no dispute covers,
    joined into groups of connected claims. Each is shown once."""
    links = disagreements(book)
    declared = []
    for decl in book.declared_disputes:
        members = set(decl.claims)
        inside = tuple(d for d in links if {d.first.id, d.second.id} <= members)
        declared.append(Dispute(tuple(book.claims[c] for c in decl.claims), inside, decl.question, decl.id))
    covered = {id(link) for dispute in declared for link in dispute.links}
    found = declared + _connected([d for d in links if id(d) not in covered])
    anchored: set[int] = set()
    for index, dispute in enumerate(found):
        own = tuple(link for link in dispute.links if id(link) not in anchored)
        anchored.update(id(link) for link in own)
        found[index] = dataclasses.replace(dispute, anchored=own)
    return found


def _connected(links: list[Disagreement]) -> list[Dispute]:
    """Disagreements joined into groups: claims linked directly or through each other."""
    parent: dict[str, str] = {}

    def root(cid: str) -> str:
        while parent.setdefault(cid, cid) != cid:
            parent[cid] = parent[parent[cid]]
            cid = parent[cid]
        return cid
    for link in links:
        parent[root(link.first.id)] = root(link.second.id)
    groups: dict[str, list[Disagreement]] = {}
    for link in links:
        groups.setdefault(root(link.first.id), []).append(link)
    found = []
    for group in groups.values():
        claims = {c.id: c for link in group for c in (link.first, link.second)}
        found.append(Dispute(tuple(sorted(claims.values(), key=lambda c: c.order)), tuple(group)))
    return sorted(found, key=lambda d: d.positions[0].order)


@dataclass(frozen=True)
class ProjectionStatus:
    claim: ClaimView
    state: ProjectionState
    settled_by: ClaimView | None = None

    @property
    def needs_follow_up(self) -> bool:
        return self.state in FOLLOW_UP_STATES

    @property
    def label(self) -> str:
        """'due September 2025: past due', 'open-ended since 27 September 2024: not revisited'."""
        if self.claim.due:
            when = f"due {self.claim.due.label()}"
        else:
            when = "open-ended" + (f", said {self.claim.date.label()}" if self.claim.date else "")
        return f"{when}: {self.state}"


def projection_status(claim: ClaimView, book: Book) -> ProjectionStatus:
    """Where a projection stands on the book's "as of" date.

    A deadline is upcoming, then due soon (within book.follow_up.due_soon_days),
    then past due; an open-ended statement is open until it is older than
    book.follow_up.revisit_after_months, then not revisited. Either is settled
    once a later claim `settles` it.
    """
    settings, as_of = book.info.follow_up, book.as_of
    settling = [r.other for r in claim.relations if r.inverse and r.type in SETTLING_RELATIONS and _is_later(r.other, claim)]
    if settling:
        return ProjectionStatus(claim, "settled", settling[0])
    if claim.due:
        if claim.due.end < as_of:
            return ProjectionStatus(claim, "past due")
        soon = (claim.due.end - as_of).days <= settings.due_soon_days
        return ProjectionStatus(claim, "due soon" if soon else "upcoming")
    said = claim.date.end if claim.date else dt.date.min
    months = (as_of.year - said.year) * 12 + as_of.month - said.month - (as_of.day < said.day)
    return ProjectionStatus(claim, "not revisited" if months >= settings.revisit_after_months else "open")


def statuses(book: Book) -> dict[str, ProjectionStatus]:
    """Each projection's status, by claim id."""
    return {status.claim.id: status for status in projections(book)}


def follow_ups(book: Book) -> list[ProjectionStatus]:
    """Projections past due, and open-ended statements not revisited, that no later claim settles."""
    return [status for status in projections(book) if status.needs_follow_up]


def coming_due(book: Book) -> list[ProjectionStatus]:
    """Projections due within book.follow_up.due_soon_days of the "as of" date."""
    return [status for status in projections(book) if status.state == "due soon"]


def _is_later(other: ClaimView, claim: ClaimView) -> bool:
    return other.date is not None and (claim.date is None or other.date.start > claim.date.end)


@derived_once
def projections(book: Book) -> list[ProjectionStatus]:
    """Every claim with a due date (soonest due first), then every open-ended statement (oldest first)."""
    dated = sorted((c for c in book.claims.values() if c.due), key=lambda c: (c.due.end, c.order))
    open_ended = sorted((c for c in book.claims.values() if c.claim.open_ended and not c.due),
                        key=lambda c: (c.date.end if c.date else dt.date.min, c.order))
    return [projection_status(c, book) for c in [*dated, *open_ended]]

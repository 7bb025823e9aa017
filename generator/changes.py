"""What changed between two versions of the book, computed (never guessed).

One comparison serves `briefing diff` (a branch against `main`) and the
"What changed" page and feed (each edition against the one before):
claims added, changed (old and new side by side), removed; quotes
re-anchored; figures changed; relations added and removed; follow-ups
settled, reopened, newly due or past due (each version judged as of its own
date); disagreements opened and resolved; key figures; articles added and
removed. Plain functions over two `Snapshot`s, whichever way their books
were read (checked, or leniently from an old edition).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import analysis, derive
from .model import Book, ClaimView


@dataclass
class Snapshot:
    """One version of the book: its claims (linked into a Book) and its articles' titles."""

    book: Book
    articles: dict[str, str]  # article id -> title


@dataclass(frozen=True)
class ClaimChange:
    before: ClaimView
    after: ClaimView
    fields: tuple[str, ...]  # the claim's fields that differ, in the schema's order


@dataclass(frozen=True)
class Reanchored:
    claim: ClaimView
    article: str
    before: str  # the old quote
    after: str


@dataclass(frozen=True)
class FollowUp:
    """A projection whose standing changed: its status now, and the state it had before."""

    status: analysis.ProjectionStatus
    was: str  # the earlier state, or 'not a projection'


@dataclass(frozen=True)
class KeyFigure:
    metric: str  # its title
    before: ClaimView | None
    after: ClaimView | None


@dataclass
class Changes:
    """Everything that differs between an older and a newer version of the book."""

    added: list[ClaimView] = field(default_factory=list)
    removed: list[ClaimView] = field(default_factory=list)  # as they were
    changed: list[ClaimChange] = field(default_factory=list)
    reanchored: list[Reanchored] = field(default_factory=list)
    relations_added: list[tuple[str, str, str]] = field(default_factory=list)  # (claim, type, other claim)
    relations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    disagreements_opened: list[analysis.Disagreement] = field(default_factory=list)
    disagreements_resolved: list[analysis.Disagreement] = field(default_factory=list)  # as they were
    settled: list[FollowUp] = field(default_factory=list)
    reopened: list[FollowUp] = field(default_factory=list)
    newly_due: list[FollowUp] = field(default_factory=list)
    newly_past_due: list[FollowUp] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)
    articles_added: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    articles_removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def figures(self) -> list[ClaimChange]:
        return [change for change in self.changed if "figure" in change.fields]

    @property
    def moved(self) -> list[ClaimChange]:
        return [change for change in self.changed if "topic" in change.fields]

    @property
    def empty(self) -> bool:
        return not any(value for value in vars(self).values())

    def summary(self) -> str:
        """'claims: 2 added, 1 changed, 1 withdrawn; articles: 1 added', or that nothing changed."""
        claims = [f"{len(items)} {word}" for items, word in
                  ((self.added, "added"), (self.changed, "changed"), (self.removed, "withdrawn")) if items]
        articles = [f"{len(items)} {word}" for items, word in
                    ((self.articles_added, "added"), (self.articles_removed, "removed")) if items]
        parts = [f"{name}: {', '.join(items)}" for name, items in (("claims", claims), ("articles", articles)) if items]
        return "; ".join(parts) or "no claim or article added, changed or removed"


def compare(old: Snapshot, new: Snapshot) -> Changes:
    """What changed from `old` to `new`."""
    before, after = old.book.claims, new.book.claims
    changes = Changes(
        added=[claim for cid, claim in after.items() if cid not in before],
        removed=[claim for cid, claim in before.items() if cid not in after],
        changed=[change for cid, claim in after.items() if cid in before
                 for change in [_claim_change(before[cid], claim)] if change],
        articles_added=sorted((aid, title) for aid, title in new.articles.items() if aid not in old.articles),
        articles_removed=sorted((aid, title) for aid, title in old.articles.items() if aid not in new.articles))
    changes.reanchored = [moved for change in changes.changed for moved in _reanchored(change)]
    links = [{(c.id, r.type, r.claim) for c in book.claims.values() for r in c.claim.relations}
             for book in (old.book, new.book)]
    changes.relations_added, changes.relations_removed = sorted(links[1] - links[0]), sorted(links[0] - links[1])
    _disagreements(old.book, new.book, changes)
    _follow_ups(old.book, new.book, changes)
    changes.key_figures = _key_figures(old.book, new.book)
    return changes


def _claim_change(before: ClaimView, after: ClaimView) -> ClaimChange | None:
    fields = tuple(name for name in type(after.claim).model_fields
                   if getattr(before.claim, name, None) != getattr(after.claim, name, None))
    return ClaimChange(before, after, fields) if fields else None


def _reanchored(change: ClaimChange) -> list[Reanchored]:
    return [Reanchored(change.after, new.article, old.quote, new.quote)
            for old, new in zip(change.before.claim.sources, change.after.claim.sources)
            if old.article == new.article and old.quote != new.quote]


def _disagreements(old: Book, new: Book, changes: Changes) -> None:
    pairs = [{frozenset((d.first.id, d.second.id)): d for d in analysis.disagreements(book)} for book in (old, new)]
    changes.disagreements_opened = [d for key, d in pairs[1].items() if key not in pairs[0]]
    changes.disagreements_resolved = [d for key, d in pairs[0].items() if key not in pairs[1]]


def _follow_ups(old: Book, new: Book, changes: Changes) -> None:
    """Projections whose state moved, each book judged as of its own date."""
    was = {cid: status.state for cid, status in analysis.statuses(old).items()}
    now = analysis.statuses(new)

    def moved(to_state: str, from_states: tuple[str, ...] | None) -> list[FollowUp]:
        return [FollowUp(status, was.get(cid, "not a projection")) for cid, status in now.items()
                if status.state == to_state and was.get(cid) != to_state
                and (from_states is None or was.get(cid) in from_states)]
    changes.settled = moved("settled", None)
    changes.reopened = [FollowUp(now[cid], state) for cid, state in was.items()
                        if state == "settled" and cid in now and now[cid].state != "settled"]
    changes.newly_due = moved("due soon", ("upcoming",))
    changes.newly_past_due = moved("past due", ("upcoming", "due soon"))


def _key_figures(old: Book, new: Book) -> list[KeyFigure]:
    keys = [{claim.figure.metric: claim for claim in derive.key_figures(book)} for book in (old, new)]
    found = []
    for metric in dict.fromkeys([*keys[0], *keys[1]]):
        before, after = keys[0].get(metric), keys[1].get(metric)
        if before is None or after is None or before.id != after.id or before.figure != after.figure:
            title = new.metrics[metric].title if metric in new.metrics else metric
            found.append(KeyFigure(title, before, after))
    return found

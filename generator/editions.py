"""Stage 3b, editions: what each edition changed, and where every claim that ever was now leads.

From the history (history.py) and the book being built: each edition's
claims.yaml is read leniently (snapshot.py) and compared with the edition
before it (changes.py), each judged as of its own date; the result is the
log the "What changed" page, the feed, the PDF appendix and the claim badges
show. Every claim id the history knows keeps an anchor: a claim of the book
lives on its topic page; a withdrawn or vanished one has a notice on the page
it last lived on (or its `topic:` under `withdrawn:`); a claim that moved
leaves a stub on each topic page it lived on before. An article that was
removed leaves a notice page at its old address. Plain data, no rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import urls
from .changes import Changes, Snapshot, compare
from .history import ArticleStub, Edition, History
from .load import LoadedProject
from .model import Book
from .problems import Problem
from .schema import Withdrawal
from .snapshot import book_from_data, lenient_book, read_claims


@dataclass(frozen=True)
class EditionEntry:
    """One edition on the "What changed" page: what it changed since the one before."""

    edition: Edition
    changes: Changes | None  # None for an edition whose claims.yaml cannot be read
    compared_with: Edition | None  # the edition before it that could be read (None: the first edition)
    claims: int  # how many claims the edition has
    articles: int
    edited: tuple[str, ...] = ()  # what else it changed, in words: 'the archived text or details of 2 articles'

    @property
    def anchor(self) -> str:
        return urls.edition_anchor(self.edition.number)

    @property
    def readable(self) -> bool:
        return self.changes is not None

    @property
    def first(self) -> bool:
        """The first readable edition: compared with an empty book, its changes are the whole book."""
        return self.readable and self.compared_with is None


@dataclass(frozen=True)
class Since:
    """Everything that changed from an edition to the latest one, in one comparison."""

    edition: Edition
    changes: Changes
    next_edition: Edition  # the first edition after it: where its changes start on the page


@dataclass(frozen=True)
class Badge:
    """On a claim: the edition that added it and the last one that changed it, with the anchors of those entries."""

    added: int
    added_anchor: str
    changed: int | None = None
    changed_anchor: str = ""


@dataclass(frozen=True)
class Notice:
    """What a withdrawn or vanished claim's anchor shows: when, why, where its content went, what it said."""

    claim_id: str
    page: str  # the page the anchor lives on
    text: str  # as it last read in the history ('' if the history never had it)
    withdrawal: Withdrawal | None  # None: it left the book without a record
    removed_in: int | None  # the edition that removed it (None: not in an edition yet, or before history)
    see_page: str = ""  # where `see:` leads, when it names a claim ('' when it is a sentence, or absent)
    see_text: str = ""  # that claim's text, or the sentence
    kind: str = "notice"


@dataclass(frozen=True)
class Stub:
    """A claim's anchor on a topic page it no longer lives on, pointing to where it is now."""

    claim_id: str
    page: str
    target: str  # the page of its anchor now
    text: str
    kind: str = "stub"


@dataclass(frozen=True)
class ArticleNotice:
    """The page left at a removed article's address."""

    id: str
    stub: ArticleStub
    last_edition: int  # the last edition that had it
    removed_in: int | None  # None: removed since the latest edition, not yet committed

    @property
    def page(self) -> str:
        return urls.article_page(self.id)


_UNKNOWN = {"no-git": "not built from a git repository", "shallow": "built from a shallow clone",
            "no-editions": "no content committed yet", "available": ""}


@dataclass
class EditionLog:
    """The book's editions as the pages show them, newest first."""

    history: History
    entries: list[EditionEntry] = field(default_factory=list)
    since: list[Since] = field(default_factory=list)
    badges: dict[str, Badge] = field(default_factory=dict)
    homes: dict[str, str] = field(default_factory=dict)  # claim id -> the page its anchor is on now
    notices: dict[str, list[Notice | Stub]] = field(default_factory=dict)  # page -> notices and stubs on it
    removed_articles: list[ArticleNotice] = field(default_factory=list)
    site_url: str = ""  # the published address (mkdocs.yml's site_url), for the feed; '' if none

    withdrawals: dict[str, Withdrawal] = field(default_factory=dict)  # as claims.yaml records them, by id

    @property
    def latest(self) -> Edition | None:
        return self.history.latest

    @property
    def label(self) -> str:
        """'Edition 12 (6 December 2026, commit abc1234)', or why no edition can be named."""
        latest = self.latest
        if latest is None:
            return f"Edition not known: {_UNKNOWN[self.history.status]}"
        day = f"{latest.as_of.day} {latest.as_of:%B %Y}"
        return (f"Edition {latest.number} ({day}, commit {latest.short})"
                + (", with changes not yet committed" if self.uncommitted else ""))

    def as_data(self) -> dict | None:
        """The edition as claims.json states it (None when history is not available)."""
        latest = self.latest
        if latest is None:
            return None
        return {"number": latest.number, "commit": latest.commit, "date": latest.date.isoformat(),
                "as_of": latest.as_of.isoformat(), "uncommitted_changes": self.uncommitted}

    @property
    def uncommitted(self) -> bool:
        return self.history.uncommitted


def edition_log(history: History, book: Book, site_url: str = "") -> EditionLog:
    """The log of `history` for `book` (the book being built, whose claims the links lead to)."""
    snapshots = [_snapshot(edition) for edition in history.editions]
    log = EditionLog(history, _entries(history.editions, snapshots), site_url=site_url,
                     withdrawals={w.id: w for w in book.withdrawn})
    log.since = _since(history.editions, snapshots)
    log.badges = _badges(log.entries, book)
    lived = _whereabouts(history.editions, snapshots)
    log.homes = {claim_id: claim.page for claim_id, claim in book.claims.items()}
    notices = _notices(book, lived)
    log.homes.update((notice.claim_id, notice.page) for notice in notices)
    for notice in notices:
        log.notices.setdefault(notice.page, []).append(_with_see(notice, log.homes, book, lived))
    for stub in _stubs(book, lived, log.homes):
        log.notices.setdefault(stub.page, []).append(stub)
    log.removed_articles = _removed_articles(history, book)
    return log


# An edition is a commit, and what it held never changes: a long-running preview
# reads each one once, not on every edit (parsing them all costs about a second).
_SNAPSHOTS: dict[str, Snapshot | None] = {}


def _snapshot(edition: Edition) -> Snapshot | None:
    """An edition's book, read leniently as of its own date; None if its claims.yaml cannot be read at all."""
    if edition.commit not in _SNAPSHOTS:
        _SNAPSHOTS[edition.commit] = _read_snapshot(edition)
    return _SNAPSHOTS[edition.commit]


def _read_snapshot(edition: Edition) -> Snapshot | None:
    data = read_claims(edition.claims_text)
    if data is None:
        return None
    return Snapshot(book_from_data(data, edition.as_of), {aid: a.title for aid, a in edition.articles.items()})


def _entries(editions: list[Edition], snapshots: list[Snapshot | None]) -> list[EditionEntry]:
    """Each edition compared with the last readable edition before it; newest first."""
    entries, previous = [], None
    for index, (edition, snapshot) in enumerate(zip(editions, snapshots)):
        if snapshot is None:
            entries.append(EditionEntry(edition, None, previous[0] if previous else None, 0, len(edition.articles)))
            continue
        changes = compare(previous[1] if previous else Snapshot(book_from_data({}, edition.as_of), {}), snapshot)
        edited = _edited(editions[index - 1], edition, changes) if index else ()
        entries.append(EditionEntry(edition, changes, previous[0] if previous else None,
                                    len(snapshot.book.claims), len(edition.articles), edited))
        previous = (edition, snapshot)
    return entries[::-1]


def _edited(before: Edition, after: Edition, changes: Changes) -> tuple[str, ...]:
    """What an edition changed besides its claims and its list of articles, in words."""
    articles = [aid for aid, stub in after.articles.items()
                if aid in before.articles and before.articles[aid].blob != stub.blob]
    said = [f"the archived text or details of {len(articles)} article{'s' if len(articles) > 1 else ''}"] if articles else []
    if changes.empty and before.claims_text != after.claims_text:
        said.append("the topics, metrics or settings in claims.yaml")
    return tuple(said)


def _since(editions: list[Edition], snapshots: list[Snapshot | None]) -> list[Since]:
    """For each readable edition before the latest readable one: everything changed since, newest first."""
    readable = [(edition, snapshot) for edition, snapshot in zip(editions, snapshots) if snapshot is not None]
    if len(readable) < 2:
        return []
    latest = readable[-1][1]
    return [Since(edition, compare(snapshot, latest), readable[index + 1][0])
            for index, (edition, snapshot) in enumerate(readable[:-1])][::-1]


def _badges(entries: list[EditionEntry], book: Book) -> dict[str, Badge]:
    """For each claim of `book` the history knows: the edition that added it, the last that changed it."""
    added: dict[str, tuple[int, str]] = {}
    changed: dict[str, tuple[int, str]] = {}
    for entry in reversed(entries):  # oldest first
        if entry.changes is None:
            continue
        number = entry.edition.number
        for claim in entry.changes.added:  # the first edition's page lists no claims: its badges lead to it
            added[claim.id] = (number, urls.edition_anchor(number) if entry.first
                               else urls.change_anchor(number, "added", claim.id))
            changed.pop(claim.id, None)
        changed.update((c.after.id, (number, urls.change_anchor(number, "changed", c.after.id)))
                       for c in entry.changes.changed)
    return {cid: Badge(*added[cid], *changed.get(cid, (None, ""))) for cid in book.claims if cid in added}


@dataclass
class _Lived:
    """What the history says of one claim id: the topics it lived on (in order), its last text, when it left."""

    topics: list[str] = field(default_factory=list)
    text: str = ""
    removed_in: int | None = None


def _whereabouts(editions: list[Edition], snapshots: list[Snapshot | None]) -> dict[str, _Lived]:
    lived: dict[str, _Lived] = {}
    present: set[str] = set()
    for edition, snapshot in zip(editions, snapshots):
        if snapshot is None:
            continue
        for claim_id, claim in snapshot.book.claims.items():
            record = lived.setdefault(claim_id, _Lived())
            if not record.topics or record.topics[-1] != claim.topic.id:
                record.topics.append(claim.topic.id)
            record.text, record.removed_in = claim.text, None
        for claim_id in present - set(snapshot.book.claims):
            lived[claim_id].removed_in = edition.number
        present = set(snapshot.book.claims)
    return lived


def _notices(book: Book, lived: dict[str, _Lived]) -> list[Notice]:
    """A notice for every claim the history or `withdrawn:` knows that is not in the book now."""
    topics = {topic.id for topic in book.topics}
    withdrawals = {w.id: w for w in book.withdrawn}
    notices = []
    for claim_id in sorted((lived.keys() | withdrawals.keys()) - book.claims.keys()):
        record, withdrawal = lived.get(claim_id, _Lived()), withdrawals.get(claim_id)
        topic = (withdrawal.topic if withdrawal and withdrawal.topic else None) or (record.topics or [""])[-1]
        page = urls.topic_page(topic) if topic in topics else urls.CHANGES
        notices.append(Notice(claim_id, page, record.text, withdrawal, record.removed_in))
    return notices


def _with_see(notice: Notice, homes: dict[str, str], book: Book, lived: dict[str, _Lived]) -> Notice:
    """The notice with where its `see:` leads: a claim (its page and text), or the sentence as written."""
    see = notice.withdrawal.see if notice.withdrawal else None
    if see is None:
        return notice
    if see not in homes:
        return replace(notice, see_text=see)
    text = book.claims[see].text if see in book.claims else lived.get(see, _Lived()).text or see
    return replace(notice, see_page=homes[see], see_text=text)


def _stubs(book: Book, lived: dict[str, _Lived], homes: dict[str, str]) -> list[Stub]:
    """A stub on every topic page a claim lived on before, where the topic is still in the book."""
    topics = {topic.id for topic in book.topics}
    stubs = []
    for claim_id, record in sorted(lived.items()):
        for topic in dict.fromkeys(record.topics):
            page = urls.topic_page(topic)
            if topic in topics and page != homes[claim_id]:
                stubs.append(Stub(claim_id, page, homes[claim_id], record.text))
    return stubs


def _removed_articles(history: History, book: Book) -> list[ArticleNotice]:
    """A notice page for every article an edition had that the book no longer has."""
    last: dict[str, tuple[Edition, ArticleStub]] = {}
    for edition in history.editions:
        last.update((aid, (edition, stub)) for aid, stub in edition.articles.items())
    notices = []
    for aid in sorted(last.keys() - book.articles.keys()):
        edition, stub = last[aid]
        removed_in = next((e.number for e in history.editions if e.number > edition.number), None)
        notices.append(ArticleNotice(aid, stub, edition.number, removed_in))
    return notices


def edition_warnings(project: LoadedProject, history: History) -> list[Problem]:
    """Claims of the previous edition that left the book without a record under `withdrawn:`.

    The previous edition is the latest one when the content differs from it (a change not yet
    committed), else the one before it (the latest commit is the change being checked).
    """
    editions = history.editions if history.uncommitted else history.editions[:-1]
    if not editions or editions[-1].claims_text is None:
        return []
    previous = lenient_book(editions[-1].claims_text, editions[-1].as_of)
    return disappeared(project, {cid: claim.topic.id for cid, claim in previous.claims.items()}, editions[-1].number)


def disappeared(project: LoadedProject, previous: dict[str, str], edition: int) -> list[Problem]:
    """A warning for each claim of edition `edition` ({id: topic}) that is gone without a record."""
    if not isinstance(project.claims_doc.data, dict):
        return []  # claims.yaml cannot be read: its own problem says why
    present = {r.claim.id for r in project.claims} | project.unloaded["claims"]
    present |= {r.withdrawal.id for r in project.withdrawn} | project.unloaded["withdrawn"]
    key = "withdrawn" if "withdrawn" in project.claims_doc.data else "claims"
    where = project.claims_doc.where((key,))
    return [Problem(
        where, "claim-disappeared",
        f"claim '{claim_id}' of edition {edition} is no longer in claims.yaml and is not recorded under 'withdrawn:'",
        f"links to it would lead nowhere: record it, e.g. withdrawn: [{{id: {claim_id}, date: \"YYYY-MM-DD\", "
        "reason: ..., see: <the claim that carries its content>}]; or, if it was renamed, keep its old id",
        severity="warning")
        for claim_id in sorted(previous) if claim_id not in present]

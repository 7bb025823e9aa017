"""Stage 3, model: link the checked records into the book that gets rendered.

Claims are joined to their topic, their articles (with the verified span of
each quote) and the claims they relate to, and know their corroboration. Dates
and the time each figure held are parsed here, once, and kept on the claim. What
pages derive from this linked book lives beside it, in plain Python: derive.py
(key figures, timeline, speakers), analysis.py (disagreements, projections) and
passages.py (highlighted passages); templates only lay it out. What both the
site and the PDF show is computed once per book (`derived_once`).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .check import CheckResult
from .dates import PartialDate, parse_date, parse_period
from .load import LoadedProject
from .schema import ArticleMeta, BookInfo, Claim, Dispute, Figure, Inferred, Metric, Topic, Withdrawal
from .textmatch import FoldedSpan
from .urls import article_page, claim_anchor, quote_anchor, topic_page

if TYPE_CHECKING:  # editions.py reads the model; the Book only carries what it made
    from .editions import EditionLog


@dataclass(repr=False)
class Article:
    """An archived article, with what it states and what the editors inferred kept apart."""

    id: str
    meta: ArticleMeta
    body: str
    published: PartialDate  # the date the page carries
    citations: list[Citation] = field(default_factory=list)
    reported: PartialDate = field(init=False)  # the date of the report it carries (a repost's original)

    def __post_init__(self) -> None:
        self.reported = parse_date(self.meta.reported) if self.meta.reported else self.published

    @property
    def page(self) -> str:
        return article_page(self.id)

    @property
    def inferred(self) -> Inferred:
        return self.meta.inferred or Inferred()

    @property
    def outlet_label(self) -> str:
        """The outlet as the book prints it: marked when no text in the archive names it."""
        return self.meta.outlet + (" (attributed)" if self.inferred.outlet else "")

    @property
    def date_label(self) -> str:
        """The report's date, marked when inferred, with the page's date where it differs."""
        inferred = self.inferred.reported if self.meta.reported else self.inferred.published
        label = self.reported.label() + (" (date inferred)" if inferred else "")
        if self.reported != self.published:
            label += f"; page dated {self.published.label()}"
        return label

    @property
    def cited_as(self) -> str:
        """'The Washington Times (attributed), 27 September 2024 (date inferred)'."""
        return f"{self.outlet_label}, {self.date_label}"

    def __repr__(self) -> str:  # the model has cycles: keep reprs short
        return f"Article({self.id!r})"


@dataclass(repr=False)
class Citation:
    """One source of one claim: a quote, verified at `span` of the article body."""

    claim: ClaimView
    article: Article
    quote: str
    found: FoldedSpan | None  # where check found the quote in the folded article (None once `span` is known)
    number: int  # 1-based position among the claim's sources

    @functools.cached_property
    def span(self) -> tuple[int, int]:
        """The quote's [start, end) in the article body."""
        span = self.found.original()
        # The folded article is only needed to find this span: let it go (at 10,000
        # claims the folded texts of 2,000 articles hold 25 MB through to the renderer).
        self.found = None
        return span

    @property
    def anchor(self) -> str:
        return quote_anchor(self.claim.id, self.number)

    @property
    def passage(self) -> str:
        """The quoted passage in the article's own characters."""
        return self.article.body[self.span[0]:self.span[1]]

    def __repr__(self) -> str:
        return f"Citation({self.claim.id!r}, {self.number})"


RelationType = Literal["contradicts", "qualifies", "updates", "supersedes", "settles"]

_INVERSE_LABELS = {"contradicts": "contradicted by", "qualifies": "qualified by",
                   "updates": "updated by", "supersedes": "superseded by", "settles": "settled by"}


@dataclass(repr=False)
class RelationView:
    type: RelationType
    other: ClaimView
    note: str | None
    inverse: bool = False  # True when shown on the claim the relation points at

    @property
    def label(self) -> str:
        return _INVERSE_LABELS[self.type] if self.inverse else self.type

    def __repr__(self) -> str:
        return f"RelationView({self.label!r}, {self.other.id!r})"


@dataclass(frozen=True)
class FigureTime:
    """When a figure held: the date of a level (`as_of`) or the period of a count."""

    start: dt.date  # dt.date.min for a period whose start is unknown ("../2024-09")
    end: dt.date
    text: str  # as the editors wrote it: "2024-09-27", "2024-01/2024-06"
    label: str  # as the book prints it: "as of 27 September 2024", "January 2024 – June 2024"


def parse_figure_time(figure: Figure) -> FigureTime:
    if figure.as_of:
        when = parse_date(figure.as_of)
        return FigureTime(when.start, when.end, figure.as_of, f"as of {when.label()}")
    period = parse_period(figure.period)
    return FigureTime(period.first_day, period.end.end, figure.period, period.label())


@dataclass(repr=False)
class ClaimView:
    claim: Claim
    topic: Topic
    citations: list[Citation] = field(default_factory=list)
    relations: list[RelationView] = field(default_factory=list)
    order: int = 0  # position in claims.yaml, to keep editors' order stable
    # Parsed from the claim once, when the view is made:
    date: PartialDate | None = field(init=False, default=None)
    due: PartialDate | None = field(init=False, default=None)
    figure_time: FigureTime | None = field(init=False, default=None)  # for a claim with a figure
    metric: Metric | None = field(init=False, default=None)  # its figure's metric, set when the book is linked

    id = property(lambda self: self.claim.id)
    text = property(lambda self: self.claim.text)
    speaker = property(lambda self: self.claim.speaker)
    figure = property(lambda self: self.claim.figure)

    def __post_init__(self) -> None:
        self.date = parse_date(self.claim.date) if self.claim.date else None
        self.due = parse_date(self.claim.due) if self.claim.due else None
        self.figure_time = parse_figure_time(self.claim.figure) if self.claim.figure else None

    @property
    def page(self) -> str:
        return topic_page(self.topic.id)

    @property
    def anchor(self) -> str:
        return claim_anchor(self.id)

    def __repr__(self) -> str:
        return f"ClaimView({self.id!r})"

    @property
    def outlets(self) -> list[str]:
        """The distinct outlets that back this claim (its corroboration).

        An attributed outlet is never merged with the outlet it is guessed to be:
        an inference does not make two articles one source.
        """
        return sorted({c.article.outlet_label for c in self.citations})


@dataclass(repr=False)
class TopicView:
    topic: Topic
    claims: list[ClaimView] = field(default_factory=list)

    id = property(lambda self: self.topic.id)
    title = property(lambda self: self.topic.title)
    summary = property(lambda self: self.topic.summary)

    @property
    def reviewed(self) -> dt.date | None:
        """When the hand-written summary was last checked against the claims."""
        return parse_date(self.topic.reviewed).start if self.topic.reviewed else None

    @property
    def page(self) -> str:
        return topic_page(self.id)

    def __repr__(self) -> str:
        return f"TopicView({self.id!r})"


@dataclass
class Book:
    """The whole book, linked, as the renderer and the PDF see it."""

    info: BookInfo
    as_of: dt.date
    topics: list[TopicView]
    claims: dict[str, ClaimView]
    articles: dict[str, Article]
    metrics: dict[str, Metric] = field(default_factory=dict)  # id -> declared metric
    declared_disputes: list[Dispute] = field(default_factory=list)  # as claims.yaml lists them
    withdrawn: list[Withdrawal] = field(default_factory=list)  # claims taken out, as claims.yaml records them
    editions: EditionLog | None = None  # the book's editions and what each changed (editions.py), when built
    # What analysis and charts derive from the book, computed once per book
    # (the site and the PDF both show it); see derived_once.
    derived: dict = field(default_factory=dict, repr=False)

    def metric_title(self, metric: str) -> str:
        return self.metrics[metric].title

    @property
    def sources_through(self) -> dt.date | None:
        """The date of the newest report the book rests on (not of the newest page)."""
        return max((a.reported.end for a in self.articles.values()), default=None)


def derived_once(function):
    """Compute `function(book, ...)` once per book and keep the result on the book.

    Arguments after the book may only say how to compute the result (a cache to
    draw from), never what it is: the first call's are the ones used.
    """
    @functools.wraps(function)
    def cached(book: Book, *how, **how_named):
        if function.__name__ not in book.derived:
            book.derived[function.__name__] = function(book, *how, **how_named)
        return book.derived[function.__name__]
    return cached


def build_model(project: LoadedProject, checked: CheckResult, as_of: dt.date) -> Book:
    """Link a project that checked without errors into a Book."""
    articles = {
        # Quote spans index the NFC form the matcher folds, so the model keeps that form.
        aid: Article(aid, record.meta, unicodedata.normalize("NFC", record.body), parse_date(record.meta.published))
        for aid, record in sorted(project.articles.items())
    }
    topics = {r.topic.id: TopicView(r.topic) for r in project.topics}
    claims: dict[str, ClaimView] = {}
    for order, record in enumerate(project.claims):
        view = ClaimView(record.claim, topics[record.claim.topic].topic, order=order)
        for index, source in enumerate(record.claim.sources):
            article = articles[source.article]
            citation = Citation(view, article, source.quote, checked.spans[(view.id, index)], index + 1)
            view.citations.append(citation)
            article.citations.append(citation)
        claims[view.id] = view
        topics[view.topic.id].claims.append(view)
    link_relations(claims)
    for view in claims.values():
        if view.figure:
            view.metric = project.metrics[view.figure.metric]
    return Book(project.book, as_of, list(topics.values()), claims, articles, dict(project.metrics),
                [dispute for _, dispute in project.disputes], [record.withdrawal for record in project.withdrawn])


def link_relations(claims: dict[str, ClaimView]) -> None:
    """Relations are typed once, on one claim; the book shows them on both."""
    for view in list(claims.values()):
        for relation in view.claim.relations:
            other = claims[relation.claim]
            view.relations.append(RelationView(relation.type, other, relation.note))
            other.relations.append(RelationView(relation.type, view, relation.note, inverse=True))

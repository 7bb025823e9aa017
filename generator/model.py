"""Stage 3, model: link the checked records into the book that gets rendered.

Claims are joined to their topic, their articles (with the verified span of
each quote) and the claims they relate to, and know their corroboration. What
pages derive from this linked book lives beside it, in plain Python: derive.py
(key figures, timeline, speakers), analysis.py (disagreements, projections) and
passages.py (highlighted passages); templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from .check import CheckResult
from .dates import PartialDate, parse_date
from .load import LoadedProject
from .problems import Location
from .schema import ArticleMeta, BookInfo, Claim, Topic
from .urls import article_page, claim_anchor, quote_anchor, topic_page


@dataclass(repr=False)
class Article:
    id: str
    meta: ArticleMeta
    body: str
    published: PartialDate
    citations: list[Citation] = field(default_factory=list)

    @property
    def page(self) -> str:
        return article_page(self.id)

    def __repr__(self) -> str:  # the model has cycles: keep reprs short
        return f"Article({self.id!r})"


@dataclass(repr=False)
class Citation:
    """One source of one claim: a quote, verified at `span` of the article body."""

    claim: ClaimView
    article: Article
    quote: str
    span: tuple[int, int]
    number: int  # 1-based position among the claim's sources

    @property
    def anchor(self) -> str:
        return quote_anchor(self.claim.id, self.number)

    @property
    def passage(self) -> str:
        """The quoted passage in the article's own characters."""
        return self.article.body[self.span[0]:self.span[1]]

    def __repr__(self) -> str:
        return f"Citation({self.claim.id!r}, {self.number})"


_INVERSE_LABELS = {"contradicts": "contradicted by", "qualifies": "qualified by",
                   "updates": "updated by", "supersedes": "superseded by"}


@dataclass(repr=False)
class RelationView:
    type: str
    other: ClaimView
    note: str | None
    inverse: bool = False  # True when shown on the claim the relation points at

    @property
    def label(self) -> str:
        return _INVERSE_LABELS[self.type] if self.inverse else self.type

    def __repr__(self) -> str:
        return f"RelationView({self.label!r}, {self.other.id!r})"


@dataclass(repr=False)
class ClaimView:
    claim: Claim
    topic: Topic
    citations: list[Citation] = field(default_factory=list)
    relations: list[RelationView] = field(default_factory=list)
    order: int = 0  # position in claims.yaml, to keep editors' order stable
    location: Location | None = None  # where the claim is written, for warnings

    id = property(lambda self: self.claim.id)
    text = property(lambda self: self.claim.text)
    speaker = property(lambda self: self.claim.speaker)
    figure = property(lambda self: self.claim.figure)

    @property
    def date(self) -> PartialDate | None:
        return parse_date(self.claim.date) if self.claim.date else None

    @property
    def due(self) -> PartialDate | None:
        return parse_date(self.claim.due) if self.claim.due else None

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
        """The distinct outlets that back this claim (its corroboration)."""
        return sorted({c.article.meta.outlet for c in self.citations})


@dataclass(repr=False)
class TopicView:
    topic: Topic
    claims: list[ClaimView] = field(default_factory=list)

    id = property(lambda self: self.topic.id)
    title = property(lambda self: self.topic.title)
    summary = property(lambda self: self.topic.summary)

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
    metrics: dict[str, str] = field(default_factory=dict)  # id -> title
    # What analysis and charts derive from the book, computed once per book
    # (the site and the PDF both show it); see analysis.derived_once.
    derived: dict = field(default_factory=dict, repr=False)

    def metric_title(self, metric: str) -> str:
        return self.metrics.get(metric) or metric.replace("-", " ").capitalize()


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
        view = ClaimView(record.claim, topics[record.claim.topic].topic, order=order,
                         location=project.claim_location(record, "figure" if record.claim.figure else "id"))
        for index, source in enumerate(record.claim.sources):
            article = articles[source.article]
            citation = Citation(view, article, source.quote, checked.spans[(view.id, index)], index + 1)
            view.citations.append(citation)
            article.citations.append(citation)
        claims[view.id] = view
        topics[view.topic.id].claims.append(view)
    _link_relations(claims)
    metrics = {m.id: m.title for m in project.metrics.values()}
    return Book(project.book, as_of, list(topics.values()), claims, articles, metrics)


def _link_relations(claims: dict[str, ClaimView]) -> None:
    # Relations are typed once, on one claim; the book shows them on both.
    for view in list(claims.values()):
        for relation in view.claim.relations:
            other = claims[relation.claim]
            view.relations.append(RelationView(relation.type, other, relation.note))
            other.relations.append(RelationView(relation.type, view, relation.note, inverse=True))

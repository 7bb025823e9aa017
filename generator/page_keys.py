"""What each generated page is rendered from, as text to hash (the render cache's keys).

A page's key must change whenever its bytes could: it holds what the shipped
templates read for that page, never less. Four kinds of page:

- an article page: the article (front matter and body) and, for each quote
  of it, the citing claim's id, text and topic;
- a topic page: each of its claims with everything its card, its row of the
  figures table and its JSON-LD show (the claim as written, its sources, the
  claims it relates to, its follow-up status and edition badge), its charts'
  plans, and the notices of withdrawn or moved claims left on the page;
- the timeline, or one year of it: each of its entries with its claims as
  any page shows them (a timeline's index: its years and their counts);
- every other page and download (home, sources, data, changes, feed...):
  the whole book, since each lists claims from every topic.

Every key also holds what every page may show of the book as a whole: the
"as of" date, the book's settings, topics and metrics, and the site's address.
A template edited to read more than this must add it here (nothing checks it:
tests/test_rendercache.py compares warm and cold renders after several kinds of edit).
"""

from __future__ import annotations

import hashlib
import json

from .analysis import ProjectionStatus
from .charts import Chart
from .editions import EditionLog
from .model import Article, Book, ClaimView, TopicView


def _dump(value) -> str:
    """Compact JSON (the C encoder): the cheapest faithful text of plain data."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


class PageKeys:
    """The inputs of each page of `book`, worked out once per render."""

    def __init__(self, book: Book, statuses: dict[str, ProjectionStatus], editions: EditionLog):
        self.book, self.statuses, self.editions = book, statuses, editions
        self.badges = editions.badges
        self.articles = {aid: _article_digest(article) for aid, article in book.articles.items()}
        self.claims = {cid: self._claim(claim) for cid, claim in book.claims.items()}
        self.book_wide = _dump(_book_wide(book, editions))
        self._whole_book: str | None = None

    def article(self, article: Article) -> str:
        """An article page: the article and who quotes it where."""
        quotes = [(c.number, c.span, c.claim.id, c.claim.text, c.claim.topic.id) for c in article.citations]
        return _dump([self.book_wide, article.id, self.articles[article.id], quotes])

    def topic(self, topic: TopicView, charts: list[Chart], notices: list) -> str:
        """A topic page: its claims in full, its follow-ups, its charts and its notices."""
        follow = [cid for cid, status in self.statuses.items() if status.claim.topic.id == topic.id]
        drawn = [(chart.id, chart.title, chart.key, chart.description, chart.plan_text) for chart in charts]
        return _dump([self.book_wide, topic.id, [self.claims[c.id] for c in topic.claims], follow, drawn,
                      repr(notices)])

    def timeline(self, years: list) -> str:
        """Timeline entries (the whole timeline or one year): each entry's date and kind, and its claims as
        any page shows them (a deadline's badge is the claim's status)."""
        entries = [(year.year, [(repr(e.when), e.is_deadline, self.claims[e.claim.id], [self.claims[o.id] for o in e.also])
                                for e in year.entries + year.undated]) for year in years]
        return _dump([self.book_wide, "timeline", entries])

    def timeline_index(self, parts: list) -> str:
        """A split timeline's index: its years, their pages and counts."""
        return _dump([self.book_wide, "timeline index", [(p.year, p.page, p.count) for p in parts]])

    def whole_book(self) -> str:
        """Any other page: every claim and article, the disputes, the withdrawals and the history of
        editions (hashed once: a dozen pages share it)."""
        if self._whole_book is None:
            book = self.book
            self._whole_book = _digest([
                self.book_wide, list(self.claims.values()), list(self.articles.items()),
                [d.model_dump_json() for d in book.declared_disputes], [w.model_dump_json() for w in book.withdrawn],
                _history(self.editions.history)])
        return self._whole_book

    def _claim(self, claim: ClaimView) -> list:
        """A claim as any page shows it: as written, its sources, its relations, status and badge."""
        sources = [(c.article.id, self.articles[c.article.id], c.span) for c in claim.citations]
        relations = [(r.label, r.other.id, r.other.text, r.other.topic.id, r.note) for r in claim.relations]
        status = self.statuses.get(claim.id)
        return [claim.claim.model_dump_json(), claim.topic.id, claim.order, sources, relations,
                _status(status) if status else None, repr(self.badges.get(claim.id))]


def _digest(value) -> str:
    return hashlib.sha256(_dump(value).encode("utf-8")).hexdigest()


def _article_digest(article: Article) -> str:
    """A hash of the article's front matter and body (passages are cut from it); short, as every quote repeats it."""
    return hashlib.sha256(article.meta.model_dump_json().encode("utf-8") + b"\0" + article.body.encode("utf-8")).hexdigest()


def _status(status: ProjectionStatus) -> tuple:
    settled_by = status.settled_by
    return status.state, status.label, (settled_by.id, settled_by.topic.id) if settled_by else None


def _book_wide(book: Book, editions: EditionLog) -> list:
    return [book.as_of.isoformat(), book.info.model_dump_json(),
            [(t.id, t.title, t.summary, t.topic.reviewed) for t in book.topics],
            {mid: metric.model_dump_json() for mid, metric in book.metrics.items()}, editions.site_url]


def _history(history) -> list:
    """The editions as git recorded them: a commit's content never changes, so its id stands for it."""
    return [history.status, history.uncommitted, [(e.number, e.commit, e.date.isoformat()) for e in history.editions]]

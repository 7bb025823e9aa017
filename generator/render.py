"""Stage 4, render: turn the Book into Markdown pages with Jinja templates.

Text from YAML and articles is data, never markup. Templates are rendered
with autoescaping, so `{{ x }}` is HTML-escaped wherever it lands; the `md`
filter additionally escapes Markdown syntax for the few places (headings)
where Markdown, not HTML, surrounds the text. Page titles, which the theme
inserts without escaping, are escaped before they leave this module.
"""

from __future__ import annotations

import functools
import html
import json
import re
import uuid
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import analysis, charts, derive, downloads, urls
from .editions import EditionLog, edition_log
from .history import History
from .model import Book
from .page_keys import PageKeys
from .passages import article_blocks
from .problems import BriefingError
from .rendercache import RenderCache, templates_digest

# The characters Python-Markdown (with the tables extension) reads as syntax
# and accepts a backslash escape for.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_escape(text: str) -> Markup:
    """Escape text for a Markdown context (a heading): it prints as written.

    Syntax characters get a backslash; `<` and `&` then become entities, so
    neither raw HTML nor an autolink can start. Newlines are folded so the
    text stays on its line.
    """
    one_line = " ".join(str(text).split())
    return Markup(html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", one_line), quote=False))


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,  # every {{ value }} is HTML-escaped unless marked safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.globals["urls"] = urls  # where pages and anchors live, for every template (the PDF's too)
    env.filters["value"] = derive.format_value
    # Templates print `claim.figure_time.label`; the filter stays for templates copied by older `briefing init`s.
    env.filters["figure_when"] = attrgetter("figure_time.label")
    env.filters["plural"] = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")
    env.filters["day"] = lambda date: f"{date.day} {date:%B %Y}" if date else "no date"
    return env


@functools.lru_cache(maxsize=4)
def _environment_for(templates_dir: Path, digest: str) -> jinja2.Environment:
    """One environment per version of the templates (`digest`): a live preview compiles each template once,
    not on every edit, and an edited template gets a new environment."""
    return environment(templates_dir)


def page_title(title: str) -> str:
    """A title for front matter: the theme prints it unescaped, so escape it here."""
    return html.escape(" ".join(title.split()), quote=True)


def render_pages(book: Book, templates_dir: Path, cache: RenderCache | None = None) -> dict[str, str]:
    """Every generated page and download of the site: {path under docs/: text}.

    With a `cache`, a page whose inputs (page_keys) and templates are unchanged
    since it was last rendered is read back instead of rendered again.
    """
    templates = templates_digest(templates_dir)
    env = _environment_for(templates_dir, templates)
    cache = cache or RenderCache(None)
    editions = book.editions or edition_log(History("no-git"), book)
    shared = {"statuses": analysis.statuses(book), "editions": editions}
    keys = PageKeys(book, shared["statuses"], editions)

    def page(path: str, template: str, inputs: str, context) -> str:
        """`template` rendered for `path` with `context()`, or its text from the cache."""
        return cache.text("page", f"{templates}\0{path}\0{template}\0{inputs}",
                          lambda: _render(env, template, path, book, {**shared, **context()}))

    rendered = {}
    for path, (template, context) in _book_pages(book, editions).items():
        rendered[path] = page(path, template, keys.whole_book(), context)
    for path, (inputs, context) in timeline_pages(derive.timeline(book), keys).items():
        rendered[path] = page(path, "timeline.md.j2", inputs, context)
    for topic in book.topics:
        drawn = charts.book_charts(book, cache)[topic.id]
        inputs = keys.topic(topic, drawn, editions.notices.get(topic.page, []))
        rendered[topic.page] = page(topic.page, "topic.md.j2", inputs, lambda topic=topic, drawn=drawn: {
            "topic": topic, "charts": drawn, "json_ld": downloads.json_ld(topic.claims, topic.page)})
    for article in book.articles.values():
        rendered[article.page] = page(article.page, "article.md.j2", keys.article(article), lambda article=article: {
            "article": article, "blocks": article_blocks(article)})
    rendered[urls.CHANGES] = page(urls.CHANGES, "changes.md.j2", keys.whole_book(), dict)
    for notice in editions.removed_articles:
        rendered[notice.page] = page(notice.page, "removed-article.md.j2", keys.whole_book(),
                                     lambda notice=notice: {"notice": notice})
    for path, make in _downloads(env, book, editions).items():
        rendered[path] = cache.text("download", f"{templates}\0{path}\0{keys.whole_book()}", make)
    return rendered


def _book_pages(book: Book, editions: EditionLog) -> dict:
    """The pages that list the whole book: {path: (template, a function giving its context)}."""
    return {
        urls.HOME: ("home.md.j2", lambda: {
            "key_figures": derive.key_figures(book), "latest": derive.latest_developments(book),
            "follow_ups": analysis.follow_ups(book),
            "coming_due": analysis.coming_due(book), "dispute_count": len(analysis.disputes(book))}),
        urls.SPEAKERS: ("speakers.md.j2", lambda: {"speakers": derive.speakers(book)}),
        urls.SOURCES: ("sources.md.j2", dict),
        urls.DISAGREEMENTS: ("disagreements.md.j2", lambda: {"disputes": analysis.disputes(book)}),
        urls.DATA: ("data.md.j2", lambda: {"figures": [c for c in book.claims.values() if c.figure]}),
    }


# A timeline with more entries than this is split into one page per year, under an index (timeline.md): a page of
# 10,000 entries is 5 MB, too long to read, and a live preview would re-parse all of it on every edit; a year is
# what a reader looks up. The book of this repository (some 150 entries) stays one page.
TIMELINE_PAGE_ENTRIES = 1000


@dataclass(frozen=True)
class TimelinePart:
    """One year's page of a split timeline, as its index lists it."""
    year: int
    page: str
    count: int


def timeline_parts(years: list) -> list[TimelinePart]:
    """The year pages of the timeline, or none when it fits on one page."""
    if sum(len(year.entries) + len(year.undated) for year in years) <= TIMELINE_PAGE_ENTRIES:
        return []
    return [TimelinePart(y.year, urls.timeline_year_page(y.year), len(y.entries) + len(y.undated)) for y in years]


def timeline_pages(years: list, keys: PageKeys) -> dict:
    """The timeline's pages: {path: (the page's inputs, a function giving its context)}."""
    parts = timeline_parts(years)
    if not parts:
        return {urls.TIMELINE: (keys.timeline(years), lambda: {"years": years, "parts": [], "year": None})}
    pages = {urls.TIMELINE: (keys.timeline_index(parts), lambda: {"years": [], "parts": parts, "year": None})}
    for part, year in zip(parts, years):
        pages[part.page] = (keys.timeline([year]), lambda year=year: {"years": [year], "parts": [], "year": year.year})
    return pages


def _downloads(env: jinja2.Environment, book: Book, editions: EditionLog) -> dict:
    """The downloads and the feed: {path: a function giving its text}."""
    return {
        urls.CLAIMS_JSON: lambda: downloads.claims_json(book),
        urls.CLAIMS_CSV: lambda: downloads.claims_csv(book),
        urls.FIGURES_CSV: lambda: downloads.figures_csv(book),
        urls.FEED: lambda: render_feed(env, book, editions),
    }


# Characters XML 1.0 does not allow even as references: dropped from the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_feed(env: jinja2.Environment, book: Book, editions: EditionLog) -> str:
    """The Atom feed: one entry per edition, newest first, with what it changed.

    Links are relative to the feed (at the site's root), or absolute when mkdocs.yml
    names a `site_url`. Ids are stable: the feed's is its address (or a UUID made
    from the book's title), each entry's a UUID made from the feed's id and the
    edition's commit. Dates are the commits' dates, so the same history gives the same bytes.
    """
    base = editions.site_url.rstrip("/") + "/" if editions.site_url else ""
    feed_id = base + urls.FEED if base else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefing:' + book.info.title)}"
    latest = editions.latest
    text = render_template(env, "feed.xml.j2", urls.FEED, {
        "book": book, "editions": editions, "feed_id": feed_id,
        "address": lambda page, anchor="": base + (page if page == urls.FEED else urls.href(urls.FEED, page, anchor)),
        "entry_id": lambda edition: f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{feed_id}#{edition.commit}')}",
        "updated": latest.date.isoformat() if latest else f"{book.as_of.isoformat()}T00:00:00+00:00"})
    return _NOT_XML.sub("", text)


def _render(env: jinja2.Environment, template: str, path: str, book: Book, context: dict) -> str:
    return render_template(env, template, path, {
        "book": book, "page": path, "link": partial(urls.href, path), "urls": urls, "title": page_title,
        "json": lambda value: Markup(json.dumps(value, ensure_ascii=True)), **context})


def render_template(env: jinja2.Environment, template: str, target: str, context: dict) -> str:
    """Render `template` for `target` (a page, the PDF); a template error becomes a BriefingError.

    A syntax error names the template file and line; any other error names
    the template and what was being rendered.
    """
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise BriefingError(f"templates/{error.name}:{error.lineno}: template error: {error.message}") from error
    except jinja2.TemplateError as error:
        raise BriefingError(f"templates/{template}: template error while rendering {target}: {error}") from error


def error_page(heading: str, listing: str) -> str:
    """A page that lists content problems in the live preview (text, escaped: it holds the editor's YAML)."""
    return (f"# Content errors\n\n<p class=\"preview-error-summary\"><strong>{html.escape(heading)}</strong></p>\n\n"
            f"<pre class=\"preview-errors\">{html.escape(listing)}</pre>\n")


def navigation(book: Book) -> list:
    """The site's navigation, in the book's reading order (titles escaped)."""
    return [
        {"Home": urls.HOME},
        {"Topics": [{page_title(t.title): t.page} for t in book.topics]},
        {"Timeline": _timeline_navigation(book)},
        {"Where sources disagree": urls.DISAGREEMENTS},
        {"Speakers": urls.SPEAKERS},
        {"Sources": urls.SOURCES},
        {"Data": urls.DATA},
        {"What changed": urls.CHANGES},
        {"Method": "method.md"},
    ]


def _timeline_navigation(book: Book):
    """The timeline's page, or a section with its index and its years when it is split."""
    parts = timeline_parts(derive.timeline(book))
    if not parts:
        return urls.TIMELINE
    return [{"All years": urls.TIMELINE}] + [{str(part.year): part.page} for part in parts]

"""Stage 6, pdf: the offline book, printed from the same model and charts as the site.

A print HTML of our own (templates/print/) with a print stylesheet, rendered
by WeasyPrint: `target-counter` gives page numbers in the contents and notes,
headings become PDF bookmarks, `string-set` gives running headers. The PDF is
tagged (PDF/UA-1: a structure tree, the language, the title shown, each chart
a figure whose alternative text is the one the site gives). Charts are SVG
images written into the page as data: URLs, so their ids stay their own;
nothing else is fetched, neither from disk nor from the network.
"""

from __future__ import annotations

import base64
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import markdown
from markupsafe import Markup

from . import __version__, analysis, charts, derive
from .model import Book, Citation
from .passages import Block, article_blocks
from .render import environment, render_template

PRINT_TEMPLATE = "print/book.html.j2"
PRINT_STYLESHEET = "print/print.css"
# Tagged for screen readers and reflow: WeasyPrint's PDF/UA-1 variant. None prints untagged (for timing the cost).
PDF_VARIANT = "pdf/ua-1"
# The hand-written pages the site gives that the book prints too, in order (content/pages/).
HAND_WRITTEN_PAGES = ("method.md",)


@dataclass
class Note:
    """A numbered citation in the PDF: claim text -> note -> source appendix."""

    number: int
    citation: Citation

    @property
    def target(self) -> str:
        return f"_src-{self.citation.anchor}"


def number_notes(book: Book) -> dict[tuple[str, int], Note]:
    """Number every citation through the book, chapter by chapter."""
    notes, number = {}, 0
    for topic in book.topics:
        for claim in topic.claims:
            for citation in claim.citations:
                number += 1
                notes[(claim.id, citation.number)] = Note(number, citation)
    return notes


def build_identity(root: Path) -> str:
    """'version 0.1.0, commit abc1234' when built from git, else the version alone."""
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"version {__version__}" + (f", commit {commit}" if commit else "")


@dataclass
class PrintChart:
    """A chart as the book prints it: the site's caption (title, how to read it), its wide drawing as an
    SVG image, and the site's text alternative for that image."""

    title: str
    key: str
    description: str
    src: str  # a data: URL


def print_charts(book: Book) -> dict[str, list[PrintChart]]:
    """Each topic's charts as images: standalone SVG documents, so their ids never meet the book's."""
    return {topic: [PrintChart(chart.title, chart.key, chart.description, svg_data_url(chart.svg)) for chart in topic_charts]
            for topic, topic_charts in charts.book_charts(book).items()}


def svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class PrintPage:
    """A hand-written page of the site (the method), as a chapter of the book."""

    id: str
    title: str
    html: Markup


def hand_written_pages(root: Path) -> list[PrintPage]:
    """content/pages/ as the site gives it, converted simply: the editors' Markdown, its first heading the title."""
    pages = []
    for name in HAND_WRITTEN_PAGES:
        path = root / "content" / "pages" / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            heading = re.search(r"^# +(.+?)\s*$", text, flags=re.M)
            title = heading[1] if heading else Path(name).stem.capitalize()
            pages.append(PrintPage(f"_page-{Path(name).stem}", title, Markup(markdown.markdown(text))))
    return pages


def article_texts(book: Book) -> dict[str, list[Block]]:
    """The archived text of every cited article, quoted passages marked; none if the book switches it off."""
    if not book.info.pdf.article_texts:
        return {}
    return {article.id: article_blocks(article) for article in book.articles.values() if article.citations}


def print_html(book: Book, root: Path) -> str:
    """The whole book as one HTML document for printing."""
    return render_template(environment(root / "templates"), PRINT_TEMPLATE, "the PDF", {
        "book": book, "identity": build_identity(root), "notes": number_notes(book),
        "charts": print_charts(book), "key_figures": derive.key_figures(book),
        "pages": hand_written_pages(root), "article_texts": article_texts(book),
        "timeline": derive.timeline(book), "speakers": derive.speakers(book),
        "disputes": analysis.disputes(book),
        "statuses": analysis.statuses(book),
        "follow_ups": analysis.follow_ups(book), "coming_due": analysis.coming_due(book),
    })


def write_pdf(book: Book, root: Path, target: Path, variant: str | None = PDF_VARIANT) -> None:
    """Render the print HTML to `target` with WeasyPrint (tagged unless `variant` is None), fetching nothing.

    WeasyPrint reports through the `weasyprint` logger; the CLI prints its warnings.
    """
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The stylesheet is read here and the charts are data: URLs, so the renderer
    # needs no other URL: file:, http: and every other protocol are refused.
    no_fetching = URLFetcher(allowed_protocols=("data",))
    stylesheet = CSS(string=(root / "templates" / PRINT_STYLESHEET).read_text(encoding="utf-8"), url_fetcher=no_fetching)
    html = HTML(string=print_html(book, root), url_fetcher=no_fetching)
    html.write_pdf(target, stylesheets=[stylesheet], pdf_variant=variant)

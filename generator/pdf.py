"""Stage 6, pdf: the offline book, printed from the same model and charts as the site.

A print HTML of our own (templates/print/) with a print stylesheet, rendered
by WeasyPrint in parts of bounded size (pdf_parts.py), which fills in the page
numbers of the contents and notes; headings become PDF bookmarks, `string-set`
gives running headers. The PDF is
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

from . import __version__, analysis, charts, derive, pdf_parts
from .model import Book, Citation
from .passages import Block, article_blocks
from .render import environment, render_template

PRINT_TEMPLATE = "print/book.html.j2"
PRINT_STYLESHEET = "print/print.css"
# Tagged for screen readers and reflow: WeasyPrint's PDF/UA-1 variant. None prints untagged (for timing the cost).
PDF_VARIANT = "pdf/ua-1"
# The hand-written pages the site gives that the book prints too, in order (content/pages/).
HAND_WRITTEN_PAGES = ("method.md",)
# Bytes of print HTML laid out at once (pdf_parts.py): about 60 pages. Smaller parts cost more layouts
# of their own; larger ones more memory, and WeasyPrint's cost per page grows with the document.
PART_BUDGET = 400_000
# Rounds of layout before giving up on page numbers that keep moving (two settle them: pdf_parts.py).
MAX_ROUNDS = 4


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

    The book is laid out in parts (pdf_parts.py says why) and the parts' pages are written as
    one PDF: one structure tree, outline and set of links, as if it had been laid out whole.
    WeasyPrint reports through the `weasyprint` logger; the CLI prints its warnings.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # The stylesheet is read here and the charts are data: URLs, so the renderer
    # needs no other URL: file:, http: and every other protocol are refused.
    no_fetching = URLFetcher(allowed_protocols=("data",))
    # One font configuration for every part: the PDF's fonts are shared by all its pages.
    fonts = FontConfiguration()
    # Parsed once, so a problem in it is reported once, not once per part.
    stylesheet = CSS(string=(root / "templates" / PRINT_STYLESHEET).read_text(encoding="utf-8"),
                     url_fetcher=no_fetching, font_config=fonts)

    def lay_out(html: str, first_page: int):
        start = CSS(string=f"@page :first {{ counter-reset: page {first_page}; }}", font_config=fonts)
        return HTML(string=html, url_fetcher=no_fetching).render(
            stylesheets=[stylesheet, start], font_config=fonts, pdf_variant=variant)

    documents = laid_out_parts(pdf_parts.cut(print_html(book, root), PART_BUDGET), lay_out)
    whole = documents[0].copy([page for document in documents for page in document.pages])
    remember_page_references()
    whole.write_pdf(target, pdf_variant=variant)


def laid_out_parts(parts: pdf_parts.Book, lay_out) -> list:
    """Each part laid out by `lay_out(html, first_page)`, its page references showing where their
    targets fell: a part is laid out again only when a number it shows or its first page changed.

    The first round lays out every part in order, and learns the page of every anchor; a part that
    had to print a placeholder (its target comes later: the contents, the notes) is laid out again
    in the second round, with the same pages since numbers are fixed-width; a third round finds
    nothing to do. A part's layout is kept only once it shows no placeholder.
    """
    numbers: dict[str, int] = {}
    shown: list = [None] * len(parts.parts)  # per part: (first page, numbers shown), document or page count
    for round_ in range(MAX_ROUNDS):
        changed, first_page = False, 1
        for index, part in enumerate(parts.parts):
            targets = [link.get("href", "")[1:] for link in part.references()]
            inputs = (first_page, tuple(numbers.get(name) for name in targets))
            placeholder = shown[index] is not None and isinstance(shown[index][1], int)
            if shown[index] is None or shown[index][0] != inputs or (placeholder and round_ > 0):
                document = lay_out(parts.document(part, numbers), first_page)
                numbers.update(anchor_pages(document, first_page))
                # After the first round every anchor has been seen: a number still missing has no target.
                final = None not in inputs[1] or round_ > 0
                shown[index] = (inputs, document if final else len(document.pages))
                changed = True
            kept = shown[index][1]
            first_page += kept if isinstance(kept, int) else len(kept.pages)
        if not changed:
            return [document for _, document in shown]
    raise RuntimeError(f"the PDF's page numbers did not settle in {MAX_ROUNDS} layouts of its parts")


def anchor_pages(document, first_page: int) -> dict[str, int]:
    """The page each anchor of a laid-out part starts on: an element over several pages is an
    anchor on each of them, and a link leads to the first."""
    pages: dict[str, int] = {}
    for offset, page in enumerate(document.pages):
        for name in page.anchors:
            pages.setdefault(name, first_page + offset)
    return pages


def remember_page_references() -> None:
    """Make pydyf's `PDF.page_references` remember what it made: the same references, made once.

    pydyf (0.13) rebuilds the tuple of every page's reference each time it is read, and
    WeasyPrint's tagging reads it for each structure element: time in pages x elements, which
    was most of writing a book of 2,000 pages. Pages are only ever added, so the references
    made so far stay right and only new pages' are added to them.
    """
    import pydyf

    if getattr(pydyf.PDF.page_references.fget, "remembers", False):
        return

    def page_references(pdf) -> list[bytes]:
        kids, made = pdf.pages["Kids"], pdf.__dict__.setdefault("_briefing_page_references", [])
        made.extend(f"{number} 0 R".encode("ascii") for number in kids[3 * len(made)::3])  # Kids: number, 0, R
        return made

    page_references.remembers = True
    pydyf.PDF.page_references = property(page_references)

"""Stage 6, pdf: the offline book, printed from the same model and charts as the site.

A print HTML of our own (templates/print/) with a print stylesheet, rendered
by WeasyPrint: `target-counter` gives page numbers in the contents and notes,
headings become PDF bookmarks, `string-set` gives running headers. Nothing is
fetched: only files inside the templates folder may be loaded.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import __version__, analysis, charts, derive
from .model import Book, Citation
from .render import environment, render_template

PRINT_TEMPLATE = "print/book.html.j2"
PRINT_STYLESHEET = "print/print.css"


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


def print_html(book: Book, root: Path) -> str:
    """The whole book as one HTML document for printing."""
    return render_template(environment(root / "templates"), PRINT_TEMPLATE, "the PDF", {
        "book": book, "identity": build_identity(root), "notes": number_notes(book),
        "charts": charts.book_charts(book),
        "timeline": derive.timeline(book), "speakers": derive.speakers(book),
        "disputes": analysis.disputes(book),
        "statuses": analysis.statuses(book),
        "follow_ups": analysis.follow_ups(book), "coming_due": analysis.coming_due(book),
    })


def write_pdf(book: Book, root: Path, target: Path) -> None:
    """Render the print HTML to `target` with WeasyPrint, fetching nothing at all."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The stylesheet is read here and the charts are inline SVG, so the
    # renderer needs no URL: every protocol is refused (file: and http: alike).
    no_fetching = URLFetcher(allowed_protocols=())
    stylesheet = CSS(string=(root / "templates" / PRINT_STYLESHEET).read_text(encoding="utf-8"), url_fetcher=no_fetching)
    html = HTML(string=print_html(book, root), url_fetcher=no_fetching)
    html.write_pdf(target, stylesheets=[stylesheet])

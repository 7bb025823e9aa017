"""`briefing build`: check, render, run MkDocs into a staging folder, publish.

The order matters: everything is read and checked before anything is
written, and site/ is replaced only once the new site is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from mkdocs.exceptions import Abort, MkDocsException

from .mkdocs_plugin import build_site
from .pdf import write_pdf
from .pipeline import checked_book
from .problems import BriefingError
from .write import publish, staging

SITE_DIR = "site"
PDF_NAME = "briefing-book.pdf"


def build_book(root: Path, as_of: dt.date) -> str:
    """Build site/ for the book as of `as_of`; returns a one-line report."""
    started = time.perf_counter()
    book, _ = checked_book(root, as_of)
    _pin_build_date(as_of)
    with staging(root) as work:
        try:
            build_site(root, book, work / "docs", work / "site")
        except (Abort, MkDocsException) as error:
            raise BriefingError(f"MkDocs failed: {error}; site/ was left as it was") from error
        write_pdf(book, root, work / "site" / PDF_NAME)
        publish(work / "site", root / SITE_DIR)
    seconds = time.perf_counter() - started
    return (f"built {SITE_DIR}/ as of {as_of.isoformat()}: {len(book.claims)} claims, "
            f"{len(book.topics)} topics, {len(book.articles)} articles in {seconds:.1f} s")


def _pin_build_date(as_of: dt.date) -> None:
    # MkDocs stamps the sitemap with SOURCE_DATE_EPOCH if set, else the clock;
    # pinning it to the "as of" date makes the same inputs give the same site.
    if "SOURCE_DATE_EPOCH" not in os.environ:
        midnight = dt.datetime.combine(as_of, dt.time(), dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))


def build_pdf(root: Path, as_of: dt.date, output: Path | None) -> str:
    """Build the PDF alone (default site/briefing-book.pdf), written atomically."""
    started = time.perf_counter()
    book, _ = checked_book(root, as_of)
    target = output or root / SITE_DIR / PDF_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then renamed: atomic, and on the same file system.
    temporary = target.with_name(f".{target.name}.partial")
    try:
        write_pdf(book, root, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    size = target.stat().st_size
    return f"wrote {target} ({size / 1024:.0f} KiB) as of {as_of.isoformat()} in {time.perf_counter() - started:.1f} s"

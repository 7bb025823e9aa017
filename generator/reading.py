"""Stage 1–3 as the commands read a project: load, check, model, and the book's warnings.

`briefing check`, `briefing diff` and the build all start here. Kept apart from
pipeline.py, which renders and prints, so that checking a book imports nothing
of the renderers, the charts or the PDF (matplotlib alone costs half a second).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import site_config
from .book_warnings import book_warnings
from .captures import verify_captures
from .check import CheckResult, check_project
from .editions import edition_log, edition_warnings
from .history import History, read_history
from .load import LoadedProject, load_project, paused_gc
from .model import Book, build_model
from .problems import ContentError, Problem


@dataclass
class BookReading:
    """What reading a project gives: its records, every problem, and the book if it checked."""

    project: LoadedProject
    checked: CheckResult
    book: Book | None
    history: History

    @property
    def claims(self) -> dict:
        """The claims as written, by id (also when the book did not check)."""
        return {r.claim.id: r.claim for r in self.project.claims}


def read_book(root: Path, as_of: dt.date) -> BookReading:
    """Load and check; link the book only if there are no errors (then add its warnings)."""
    with paused_gc():  # millions of small objects and no cycles to collect: see load.paused_gc
        return _read_book(root, as_of)


def _read_book(root: Path, as_of: dt.date) -> BookReading:
    project = load_project(root)
    checked = check_project(project)
    history = read_history(root)
    checked.problems.extend(edition_warnings(project, history))
    if checked.errors:
        return BookReading(project, checked, None, history)
    book = build_model(project, checked, as_of)
    checked.problems.extend(book_warnings(book, project))
    return BookReading(project, checked, book, history)


def check(root: Path, as_of: dt.date, captures: bool = False) -> CheckResult:
    """Every error and warning of the project at `root` (what `briefing check` prints).

    Captures changed since they were last verified are verified; with `captures`, all of them.
    """
    reading = read_book(root, as_of)
    reading.checked.problems += verify_captures(root, reading.project.articles.values(), everything=captures)
    reading.checked.problems.sort(key=Problem.sort_key)
    return reading.checked


def checked_book(root: Path, as_of: dt.date) -> Book:
    """The linked book, or ContentError listing every problem (captures changed since last verified included)."""
    reading = read_book(root, as_of)
    problems = reading.checked.problems + verify_captures(root, reading.project.articles.values())
    if reading.book is None or any(p.is_error for p in problems):
        raise ContentError(sorted(problems, key=Problem.sort_key))
    reading.book.editions = edition_log(reading.history, reading.book, site_url(root))
    return reading.book


def site_url(root: Path) -> str:
    """The address the site is published at (mkdocs.yml's `site_url`), or '' if it names none."""
    config = site_config.read_project_config(root) if (root / site_config.CONFIG_NAME).is_file() else {}
    value = config.get("site_url")
    return value if isinstance(value, str) else ""

"""The stages in order, for the commands and the MkDocs plugin to share.

load -> check -> model: `checked_book` reads and proves everything before
anything is written, and raises ContentError with every problem if the
content does not check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .check import CheckResult, check_project
from .load import LoadedProject, load_project
from .model import Book, build_model
from .analysis import figure_conflicts
from .problems import ContentError, Problem


def check(root: Path, as_of: dt.date) -> CheckResult:
    """Load and check the project at `root`: every error, and warnings about the book."""
    try:
        return checked_book(root, as_of)[1]
    except ContentError as error:
        return CheckResult(problems=error.problems)


def read_book(root: Path, as_of: dt.date) -> tuple[LoadedProject, CheckResult, Book | None]:
    """Load and check; link the book only if there are no errors (then add its warnings)."""
    project = load_project(root)
    checked = check_project(project)
    if checked.errors:
        return project, checked, None
    book = build_model(project, checked, as_of)
    checked.problems.extend(disagreement_warnings(book))
    return project, checked, book


def checked_book(root: Path, as_of: dt.date) -> tuple[Book, CheckResult]:
    """The linked book, or ContentError listing every problem."""
    _, checked, book = read_book(root, as_of)
    if book is None:
        raise ContentError(checked.problems)
    return book, checked


def disagreement_warnings(book: Book) -> list[Problem]:
    """A warning for each pair of figures that differ with no relation explaining it."""
    warnings = []
    for conflict in figure_conflicts(book):
        if not conflict.explained:
            warnings.append(Problem(
                conflict.second.location, "figure-disagreement",
                f"figure of '{conflict.second.id}' disagrees with '{conflict.first.id}' ({conflict.kind}): {conflict.note}",
                f"if both are right, link them: relations: [{{type: qualifies, claim: {conflict.first.id}}}]",
                severity="warning"))
    return warnings

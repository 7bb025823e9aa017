"""The stages in order, for the commands and the MkDocs plugin to share.

load -> check -> model: `checked_book` reads and proves everything before
anything is written, and raises ContentError with every problem if the
content does not check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .check import CheckResult, check_project
from .load import load_project
from .model import Book, build_model
from .problems import ContentError


def check(root: Path) -> CheckResult:
    """Load and check the project at `root`; the problems found, errors first."""
    return check_project(load_project(root))


def checked_book(root: Path, as_of: dt.date) -> tuple[Book, CheckResult]:
    """The linked book, or ContentError listing every problem."""
    project = load_project(root)
    checked = check_project(project)
    if checked.errors:
        raise ContentError(checked.problems)
    return build_model(project, checked, as_of), checked

"""Problems found in the content, and the small family of exceptions.

Every stage reports what is wrong as `Problem` records that point at a file,
line and column; nothing is raised for content errors until the CLI decides
what to do with the whole list.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]  # an error stops the build; a warning is only reported


@dataclass(frozen=True, order=True)
class Location:
    """Where a record came from: a path relative to the project, 1-based line/column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, with a hint for the person who fixes it."""

    location: Location
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple:
        return (self.location, self.code, self.message)

    def as_dict(self) -> dict:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class BriefingError(Exception):
    """Base of the errors the CLI turns into exit codes."""


class ContentError(BriefingError):
    """The content does not check; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in the content")


class UsageError(BriefingError):
    """The command was called wrongly (bad option, missing project)."""


def did_you_mean(name: str, choices: list[str], cutoff: float = 0.5) -> str:
    """'did you mean 'x'?' for the closest of `choices`, or '' if none is close."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


def relative(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    # Not resolved: a symlink is named where it sits, not where it points.
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()

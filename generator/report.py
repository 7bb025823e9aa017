"""Problem reporters: text for people, JSON for tools, GitHub annotations for CI."""

from __future__ import annotations

import json

from .problems import Problem


def format_text(problems: list[Problem]) -> str:
    """`path:line:col: error: message` then an indented hint, one problem each."""
    lines = []
    for problem in problems:
        lines.append(f"{problem.location}: {problem.severity}: {problem.message}")
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    return "\n".join(lines)


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error(s), {warnings} warning(s)"


def format_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the offending lines."""
    lines = []
    for p in problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        properties = f"file={_property(p.location.path)},line={p.location.line},col={p.location.column},title={_property(p.code)}"
        lines.append(f"::{p.severity} {properties}::{_data(message)}")  # GitHub's levels have our severities' names
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": format_text, "json": format_json, "github": format_github}

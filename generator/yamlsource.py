"""Read YAML into plain data while remembering where every value came from.

PyYAML on its own loses an editor's data in quiet ways: a duplicate key keeps
the last value, `no` becomes False, an unquoted 2024-09-27 becomes a date, and
aliases can expand to gigabytes. This module composes the node tree and builds
the data itself, deliberately:

- plain scalars become int or float when they look like numbers, True/False
  only for `true`/`false`, None for `null`, `~` or nothing; everything else
  (`no`, `on`, dates) stays a string;
- duplicate keys, aliases and non-string keys are reported as problems;
- every mapping key and list item records its Location, keyed by its KeyPath
  (e.g. ("claims", 3, "sources", 0, "quote")).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Location, Problem

try:  # libyaml's parser is much faster; the pure-Python one behaves the same.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")

KeyPath = tuple[str | int, ...]  # where a value sits in the data: keys and list indexes, from the top


@dataclass
class YamlDocument:
    """Plain data read from YAML, with the location of every key and item."""

    path: str
    data: Any
    marks: dict[KeyPath, Location] = field(default_factory=dict)

    def where(self, path: KeyPath) -> Location:
        """The location of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), Location(self.path))


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlDocument, list[Problem]]:
    """Parse `text` (the content of `path`) into a YamlDocument and its problems.

    `line_offset` shifts reported lines, for YAML embedded in a larger file
    (article front matter).
    """
    builder = _Builder(path, line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return YamlDocument(path, None), [builder.syntax_problem(error, text)]
    except yaml.YAMLError as error:
        return YamlDocument(path, None), [Problem(Location(path, 1 + line_offset), "yaml-syntax", str(error))]
    document = YamlDocument(path, None, builder.marks)
    if node is not None:
        builder.marks[()] = builder.location(node)
        document.data = builder.build(node, ())
    return document, builder.problems


class _Builder:
    """Turns a composed node tree into plain data, collecting marks and problems."""

    def __init__(self, path: str, line_offset: int):
        self.path = path
        self.line_offset = line_offset
        self.marks: dict[KeyPath, Location] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def location(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def syntax_problem(self, error: yaml.MarkedYAMLError, text: str) -> Problem:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + self.line_offset
        column = mark.column + 1 if mark else 1
        message = f"YAML syntax error: {error.problem or error.context}"
        hint = ("check indentation and quoting on this line or the one above; text containing ': ' or starting "
                "with a quote, '[' or '{' must be in double quotes (inside them, quote people with curly quotes “ ”)")
        tab_line = _tab_indented_line(text, mark.line if mark else 0)
        if tab_line is not None:
            message = f"line {tab_line + 1 + self.line_offset} is indented with a Tab"
            hint = "YAML indents with spaces only: replace the Tab with spaces"
        return Problem(Location(self.path, line, column), "yaml-syntax", message, hint)

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        if id(node) in self.seen:
            # An alias: the same node reached twice. Refused so that nested
            # aliases cannot expand exponentially.
            where = self.marks.get(path, self.location(node))
            self.problems.append(Problem(where, "yaml-alias", "YAML anchors and aliases are not allowed here", "write the value out in full"))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.build_sequence(node, path)
        return scalar_value(node)

    def build_mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = scalar_value(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            where = self.location(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(where, "yaml-alias", "YAML merge keys ('<<') are not allowed here", "write the fields out in full"))
                continue
            if not isinstance(key, str):
                self.problems.append(Problem(where, "yaml-key", f"a key must be a name, not {key!r}", "write the key as plain text"))
                continue
            if key in result:
                first = self.marks[path + (key,)]
                self.problems.append(Problem(where, "duplicate-key", f"duplicate key '{key}' (first at line {first.line})", "YAML keeps only one of the two values: merge them or remove one"))
                continue
            self.marks[path + (key,)] = where
            result[key] = self.build(value_node, path + (key,))
        return result

    def build_sequence(self, node: yaml.SequenceNode, path: KeyPath) -> list:
        items = []
        for index, item in enumerate(node.value):
            self.marks[path + (index,)] = self.location(item)
            items.append(self.build(item, path + (index,)))
        return items


def _tab_indented_line(text: str, error_line: int) -> int | None:
    """The line (0-based) at or just before the error that starts with a Tab, if any."""
    lines = text.split("\n")
    for index in (error_line, error_line - 1):
        if 0 <= index < len(lines) and lines[index].lstrip(" ").startswith("\t"):
            return index
    return None


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar, typed by the rules in the module docstring."""
    text = node.value
    if node.style not in (None, ""):  # quoted or block scalar: always a string
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text

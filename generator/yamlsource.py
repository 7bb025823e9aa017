"""Read YAML into plain data while remembering where every value came from.

PyYAML on its own loses an editor's data in quiet ways: a duplicate key keeps
the last value, `no` becomes False, an unquoted 2024-09-27 becomes a date, and
aliases can expand to gigabytes. This module composes the node tree and builds
the data itself, deliberately:

- plain scalars become int or float when they look like numbers, True/False
  only for `true`/`false`, None for `null`, `~` or nothing; everything else
  (`no`, `on`, dates) stays a string;
- duplicate keys, aliases and non-string keys are reported as problems;
- every mapping key and list item has a Location, found by its KeyPath
  (e.g. ("claims", 3, "sources", 0, "quote")).

A plain document is read by rapidyaml (yamlfast.py: twenty times faster,
and it steps aside whenever it could read anything differently). Otherwise a
clean document is built from PyYAML's node tree without locations. Either
way `where` finds a location only when a problem needs one. At the first
YAML problem (a duplicate key, an alias, a merge or non-text key) the
document is built again on the located path, which records every location
as it goes, so problems read exactly as they always did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Location, Problem
from .yamlfast import RymlLocator, as_location, parse_plain

try:  # libyaml's parser is much faster; the pure-Python one behaves the same.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_INT = re.compile(r"[-+]?[0-9]+")
_NUMBER_STARTS = frozenset("0123456789+-.")  # what _INT or _FLOAT can start with
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")

KeyPath = tuple[str | int, ...]  # where a value sits in the data: keys and list indexes, from the top


@dataclass
class YamlDocument:
    """Plain data read from YAML, with the location of every key and item."""

    path: str
    data: Any
    marks: dict[KeyPath, Location] = field(default_factory=dict)
    node: yaml.Node | None = None  # a clean document's tree: its locations are walked, not recorded
    line_offset: int = 0
    locator: RymlLocator | None = None  # a document rapidyaml read: its locations are found in its buffer
    text: str | None = None  # the text, for PyYAML to mark what no locator or node can

    def where(self, path: KeyPath) -> Location:
        """The location of `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        if self.locator is not None:
            found = self.locator.where(path)
            if found is not None:
                return as_location(self.path, found, self.line_offset)
        if self.node is None and self.text is not None:  # read by rapidyaml, or kept by a cache: PyYAML marks it
            self.node = yaml.compose(self.text, Loader=_Loader)
        if self.node is not None:
            return _walk(self.node, path, self.path, self.line_offset)
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
    plain = parse_plain(text)
    if plain is not None:
        return YamlDocument(path, plain[0], line_offset=line_offset, locator=plain[1], text=text), []
    builder = _Builder(path, line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
        if node is None:
            return YamlDocument(path, None), []
        try:
            return YamlDocument(path, _fast_build(node, set()), node=node, line_offset=line_offset), []
        except _NeedsLocations:
            pass
        document = YamlDocument(path, None, builder.marks)
        builder.marks[()] = builder.location(node)
        document.data = builder.build(node, ())
        return document, builder.problems
    except yaml.MarkedYAMLError as error:
        return YamlDocument(path, None), [builder.syntax_problem(error, text)]
    except yaml.YAMLError as error:
        return YamlDocument(path, None), [Problem(Location(path, 1 + line_offset), "yaml-syntax", str(error))]
    except RecursionError:  # thousands of levels: no book needs them, and both readers recurse
        return YamlDocument(path, None), [Problem(
            Location(path, 1 + line_offset), "yaml-syntax", "YAML nested too deeply to read",
            "a claim needs a few levels of indentation, not hundreds: check the file is the right one")]


class _NeedsLocations(Exception):
    """The fast path met a YAML problem: build again on the located path."""


_MERGE = "tag:yaml.org,2002:merge"


def _fast_build(node: yaml.Node, seen: set[int]) -> Any:
    """The data of a clean document, as _Builder.build makes it, without recording locations."""
    if id(node) in seen:
        raise _NeedsLocations  # an alias
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                raise _NeedsLocations
            key = scalar_value(key_node)
            if not isinstance(key, str) or key in result:
                raise _NeedsLocations
            result[key] = _fast_build(value_node, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_fast_build(item, seen) for item in node.value]
    return scalar_value(node)


def _walk(node: yaml.Node, path: KeyPath, file: str, line_offset: int) -> Location:
    """The location the located path records for `path` (or its closest ancestor), read off a clean tree."""
    mark = node.start_mark
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = _pair(node, part)
            if pair is None:
                break
            mark, node = pair[0].start_mark, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return Location(file, mark.line + 1 + line_offset, mark.column + 1)


def _pair(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key node, value node) of `key` in a clean mapping (its keys are unique text)."""
    for pair in node.value:
        if pair[0].value == key:
            return pair
    return None


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
            if key_node.tag == _MERGE:
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
    if text[0] not in _NUMBER_STARTS:  # most plain scalars are words: no need to try the patterns
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text

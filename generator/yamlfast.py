"""The fast way to read a plain YAML document: rapidyaml, then JSON.

PyYAML's C loader takes about 1.8 s on a 10,000-claim claims.yaml; rapidyaml
(the ryml C++ library) parses it in under 0.1 s, writes it out as JSON in as
much again, and the json module reads that back in C. This module is that
route, taken only when it gives exactly what yamlsource's rules give:

- the text has none of what the two parsers might read differently or what
  yamlsource must report (tabs, characters YAML does not allow, several
  documents, directives, anchors, aliases, tags, merge keys, complex keys);
- no JSON string could have been a plain scalar that yamlsource types
  (ryml writes plain `~`, `TRUE` and `007` as strings, and every key as a
  string: any such string sends the document back);
- every float is one yamlsource's pattern reads, and no mapping repeats a key.

Anything else returns None and yamlsource reads the document with PyYAML, as
it always did; so do parse errors (ryml's own message goes nowhere: stderr is
silenced while it parses, and PyYAML then writes the one the editor sees).

Locations are not recorded. `RymlLocator.where` finds one when a problem needs
it, from where the key or item sits in the parsed buffer, and hands the rare
shapes it does not read the way PyYAML marks them (flow collections, block
scalars, empty items) to PyYAML.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import functools
import itertools
import json
import os
import re
import threading
from typing import Any

import ryml

from .problems import Location

# What sends a document to PyYAML before ryml sees it (see the module docstring):
# characters YAML forbids (the complement of what PyYAML's reader allows, \t and
# \r aside), the line breaks only PyYAML knows (NEL, LS, PS: ryml reads them as
# text, so lines and data would differ), and constructs that start a line or a token.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_DOCUMENTS = re.compile(r"\n(?:---|\.\.\.)(?=[ \n]|$)|\n%")  # several documents, directives
# A quoted scalar that goes on over a line and ends as a key (PyYAML refuses
# multi-line keys); looked for only where a quote is followed by a colon.
_QUOTED_KEY = re.compile(r"[\"'] *:")
_MULTILINE_QUOTED_KEY = re.compile(r"[\"'][^\"'\n]*\n[^\"']*[\"'] *:")
# Anchors, aliases, tags, complex keys, merge keys (<<), and the characters that
# cannot start a plain scalar, which ryml takes as text where PyYAML stops.
_INDICATORS = re.compile(r"[&*!?<@`%,\]}|>]")


def _may_differ(text: str) -> bool:
    """Whether the text has anything ryml and yamlsource's PyYAML rules might read differently.

    Each search starts from a character that is rare in claims, so it runs at
    the speed of a substring search; an indicator only counts at the start of
    a token (`AT&T`, `wow!`, `why?` and `50%` in a quote are text).
    """
    if "\t" in text or "\\\n" in text or _FORBIDDEN.search(text) or _DOCUMENTS.search("\n" + text):
        return True  # tabs, escaped line breaks (the two fold blank lines after one apart), documents
    if _QUOTED_KEY.search(text) and _MULTILINE_QUOTED_KEY.search(text):
        return True
    for match in _INDICATORS.finditer(text):
        at, indicator = match.start(), match.group()
        if at and text[at - 1] not in " \n[]{},":
            continue  # inside a word
        following = text[at + 1:at + 2]
        if indicator in "&*!@`%,]}" or (indicator == "?" and following in ("", " ", "\n")) or (
                indicator == "<" and following == "<") or (indicator in "|>" and not _plain_block_header(text, at)):
            return True
    return False


def _plain_block_header(text: str, at: int) -> bool:
    """Whether the block scalar starting at `at` has a bare header (`|`, `>-`, `|+`): the two parsers part on the rest."""
    end = text.find("\n", at)
    return text[at + 1:end if end >= 0 else len(text)].rstrip(" ") in ("", "-", "+")


# JSON strings that a plain scalar could have become, where yamlsource types
# that scalar: ryml writes plain `~`, `TRUE` and `007` as strings (and every key
# as a string: keys are looked at as the JSON is read, in _unique_keys).
_TYPED_VALUE = re.compile(r'"(?:~|Null|NULL|True|TRUE|False|FALSE|0[0-9]+)"')
_TYPED_KEYS = frozenset(("", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"))
_NUMBER_STARTS = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


class _NotPlain(Exception):
    """The JSON holds something yamlsource reads another way."""


def parse_plain(text: str) -> tuple[Any, RymlLocator] | None:
    """(data, locator) for a plain mapping document, or None if PyYAML must read it."""
    if _may_differ(text):
        return None
    original = text.encode("utf-8")
    buffer = bytearray(original)
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_place(buffer)
            if not tree.is_map(tree.root_id()):
                return None
            emitted = ryml.emit_json(tree)
    except Exception:  # any parse or emit error: PyYAML reads it and says what is wrong  # noqa: BLE001
        return None
    if _TYPED_VALUE.search(emitted):
        return None
    try:
        data = json.loads(emitted, object_pairs_hook=_unique_keys, parse_float=_float, parse_constant=_refuse)
    except (ValueError, _NotPlain):
        return None
    return data, RymlLocator(tree, buffer, original)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _NotPlain  # a duplicate key, which yamlsource reports
    for key in mapping:
        if key in _TYPED_KEYS or (key[0] in _NUMBER_STARTS and (_INT.fullmatch(key) or _FLOAT.fullmatch(key))):
            raise _NotPlain  # a key yamlsource reads as a number, true/false or nothing, if it was plain
    return mapping


def _float(text: str) -> float:
    if not _FLOAT.fullmatch(text):
        raise _NotPlain  # e.g. 1e5, which yamlsource keeps as text
    return float(text)


def _refuse(text: str):
    raise _NotPlain


_STDERR = threading.Lock()  # one silencing at a time: two at once could restore the wrong descriptor


@contextlib.contextmanager
def _quiet_stderr():
    """Silence file descriptor 2 while ryml parses: it prints its errors there itself.

    The descriptor is the process's: another thread's output to stderr in the same
    fraction of a second (a live preview's log) is lost too.
    """
    with _STDERR:
        saved = os.dup(2)
        try:
            os.dup2(_devnull(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@functools.cache
def _devnull() -> int:
    return os.open(os.devnull, os.O_WRONLY)


class RymlLocator:
    """Where a key or item of a document read by ryml starts, as PyYAML marks it.

    `where(path)` returns (line, column), both from 0, or None for a shape it
    does not read (the caller asks PyYAML then).
    """

    def __init__(self, tree, buffer: bytearray, original: bytes):
        self.tree = tree
        self.buffer = buffer  # what ryml parsed in place: its scalars are views into it
        self.original = original  # the same bytes before ryml unescaped and folded scalars in place
        self.start = _address(memoryview(buffer))
        self.items: dict[int, list[int]] = {}  # a sequence's item nodes (ryml finds the nth by walking)
        self.lines: list[int] | None = None  # byte offset of each line start, made on the first call

    def where(self, path: tuple) -> tuple[int, int] | None:
        tree, node, key = self.tree, self.tree.root_id(), None  # `key`: the node whose key the path ends at
        for part in path:
            if tree.is_map(node) and isinstance(part, str):
                child = tree.find_child(node, part.encode("utf-8"))
                if child == ryml.NONE:
                    break
                node = key = child
            elif tree.is_seq(node) and isinstance(part, int) and 0 <= part < len(self._items(node)):
                node, key = self._items(node)[part], None
            else:
                break
        offset = self._scalar_start(tree.key(key), tree.is_key_quoted(key)) if key is not None else self._item_start(node)
        return None if offset is None else self._line_column(offset)

    def _items(self, node: int) -> list[int]:
        if node not in self.items:
            items, child = [], self.tree.first_child(node)
            while child != ryml.NONE:
                items.append(child)
                child = self.tree.next_sibling(child)
            self.items[node] = items
        return self.items[node]

    def _item_start(self, node: int) -> int | None:
        """Where PyYAML marks a block mapping (its first key) or a one-line scalar item (itself)."""
        tree = self.tree
        if tree.is_map(node) and not tree.is_flow(node) and tree.has_children(node):
            first = tree.first_child(node)
            return self._scalar_start(tree.key(first), tree.is_key_quoted(first))
        if tree.is_val(node) and not tree.is_container(node) and not tree.val_is_null(node) and not (
                tree.is_val_literal(node) or tree.is_val_folded(node)):
            return self._scalar_start(tree.val(node), tree.is_val_quoted(node))
        return None  # flow collections, block scalars, sequences of sequences, empty items

    def _scalar_start(self, scalar: memoryview, quoted: bool) -> int | None:
        if not len(scalar):
            return None
        offset = _address(scalar) - self.start
        if not 0 <= offset < len(self.buffer):
            return None  # a value ryml built elsewhere (it never should, read in place)
        return offset - 1 if quoted else offset  # PyYAML marks the opening quote

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self.lines is None:
            self.lines = [0, *itertools.accumulate(len(line) + 1 for line in self.original.split(b"\n"))]
        line = bisect.bisect_right(self.lines, offset) - 1
        column = len(self.original[self.lines[line]:offset].decode("utf-8", "replace"))  # in characters
        return line, column


class _Buffer(ctypes.Structure):
    """Python's Py_buffer, to read where a buffer's memory starts."""

    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.py_object), ("len", ctypes.c_ssize_t),
                ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
                ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p)]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_Buffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_Buffer)]


def _address(view: memoryview) -> int:
    """The memory address a buffer starts at (ryml's scalars are read-only views into the parsed buffer)."""
    buffer = _Buffer()
    _get_buffer(view, ctypes.byref(buffer), 0)
    try:
        return buffer.buf
    finally:
        _release_buffer(ctypes.byref(buffer))


def as_location(path: str, line_column: tuple[int, int], line_offset: int) -> Location:
    line, column = line_column
    return Location(path, line + 1 + line_offset, column + 1)

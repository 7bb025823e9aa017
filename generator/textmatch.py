"""Quote matching: fold typographic variants and whitespace, then find.

Folding maps curly quotes and apostrophes to straight ones, en and em dashes
to hyphens, and runs of whitespace (non-breaking spaces included) to one
space. Nothing else is folded: case, spelling and punctuation must match.
The folded text keeps a map back to the original, so a match can be shown
(and highlighted) in the article's own characters.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# The same variants ../shared/tools/verify_quotes.py folds, so the two agree.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-",
})

_FOLD_PAIRS = tuple((chr(code), to) for code, to in _FOLD.items())


def _fold_characters(text: str) -> str:
    """`text.translate(_FOLD)`, done as one str.replace per character: a dozen times faster on long text."""
    for variant, plain in _FOLD_PAIRS:
        text = text.replace(variant, plain)
    return text


# A shorter quote cannot identify a passage (the independent checker agrees).
MIN_QUOTE_LENGTH = 12


class FoldedText:
    """Folded text, and a map back to the original: folding maps characters one
    to one and each run of whitespace to one space, so folded and original
    offsets differ by a constant between the points (`folded_starts`, with
    `original_starts` beside them) where a run other than one plain space ended.

    The map is made on first use: `check` only asks whether a quote is there,
    and making the map costs as much as folding itself.
    """

    def __init__(self, text: str, original: str, starts: tuple[tuple[int, ...], tuple[int, ...]] | None = None):
        self.text = text
        self.original = original
        self._starts = starts

    @property
    def folded_starts(self) -> tuple[int, ...]:
        return self._map()[0]

    @property
    def original_starts(self) -> tuple[int, ...]:
        return self._map()[1]

    def _map(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._starts is None:
            self._starts = _whitespace_map(self.original)
        return self._starts

    def to_original(self, index: int) -> int:
        folded_starts, original_starts = self._map()
        run = bisect.bisect_right(folded_starts, index) - 1
        return original_starts[run] + (index - folded_starts[run])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that folded [start, end) came from."""
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True)
class FoldedSpan:
    """Where a quote was found in a folded article; its span in the original is worked out when asked."""

    article: FoldedText
    start: int
    end: int

    def original(self) -> tuple[int, int]:
        return self.article.span(self.start, self.end)


# Runs of whitespace that fold to something other than themselves: two or more
# characters, or one that is not a plain space. (`\s` and str.split() agree on
# what whitespace is; starting with `\s` lets the regex engine skip words fast.)
_IRREGULAR_SPACE = re.compile(r"\s(?:\s+|(?<=[^ ]))")


def fold(text: str) -> FoldedText:
    """Fold `text` for matching (str methods only); the map back is made when first needed."""
    text = unicodedata.normalize("NFC", text)
    return FoldedText(_fold_characters(" ".join(text.split())), text)


def _whitespace_map(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(folded_starts, original_starts) of NFC `text`: only the runs of whitespace
    that are not one plain space (line ends, paragraph breaks) are visited in Python."""
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    folded_starts, original_starts, removed = [0], [start], start
    for match in _IRREGULAR_SPACE.finditer(text, start, end):
        removed += match.end() - match.start() - 1
        folded_starts.append(match.end() - removed)
        original_starts.append(match.end())
    return tuple(folded_starts), tuple(original_starts)


def fold_plain(text: str) -> str:
    """Just the folded string, for comparisons that need no map back."""
    if text.isascii():  # already NFC, and none of the folded variants is ASCII
        return " ".join(text.split())
    return " ".join(_fold_characters(unicodedata.normalize("NFC", text)).split())


def find_quote(quote: str, article: FoldedText) -> tuple[int, int] | None:
    """The original span of `quote` in the article, or None if it is not there."""
    found = find_folded(quote, article)
    return found.original() if found else None


def find_folded(quote: str, article: FoldedText, needle: str | None = None) -> FoldedSpan | None:
    """Where `quote` is in the folded article, or None if it is not there (`needle`: the quote folded, if known)."""
    needle = fold_plain(quote) if needle is None else needle
    if not needle:
        return None
    start = article.text.find(needle)
    if start < 0:
        return None
    return FoldedSpan(article, start, start + len(needle))


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it neither starts nor ends inside a word."""
    while start < end and text[start].isspace():
        start += 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def closest_passage(quote: str, article: FoldedText, limit: int = 300) -> str:
    """The passage of the article that best resembles `quote`, for a hint."""
    needle = fold_plain(quote)
    if not needle or not article.text:
        return ""
    found = fuzz.partial_ratio_alignment(needle, article.text, processor=None)
    start, end = _word_bounds(article.text, found.dest_start, found.dest_end)
    passage = article.text[start:end]
    if len(passage) > limit:
        passage = passage[:limit].rstrip() + "…"
    return passage


def describe_difference(quote: str, passage: str) -> str:
    """The first words where a quote differs from the passage it resembles."""
    ours, theirs = fold_plain(quote).split(), fold_plain(passage.rstrip("…")).split()
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "insert" and (b1 == 0 or b2 == len(theirs))):
            continue  # extra words around the passage are context, not a difference
        if tag == "delete" and a2 == len(ours) and a1 == len(ours):
            continue
        yours = " ".join(ours[a1:a2]) or "nothing"
        article = " ".join(theirs[b1:b2]) or "nothing"
        return f"your quote has '{yours}' where the article has '{article}'"
    return ""

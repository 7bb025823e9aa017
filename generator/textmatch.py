"""Quote matching: fold typographic variants and whitespace, then find.

Folding maps curly quotes and apostrophes to straight ones, en and em dashes
to hyphens, and runs of whitespace (non-breaking spaces included) to one
space. Nothing else is folded: case, spelling and punctuation must match.
The folded text keeps a map back to the original, so a match can be shown
(and highlighted) in the article's own characters.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# The same variants ../shared/tools/verify_quotes.py folds, so the two agree.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-",
})

# A shorter quote cannot identify a passage (the independent checker agrees).
MIN_QUOTE_LENGTH = 12


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus, for each folded character, its offset in the original."""

    text: str
    offsets: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) that folded [start, end) came from."""
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> FoldedText:
    """Fold `text` for matching, remembering where each character came from."""
    text = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            offsets.append(index - 1)
            pending_space = False
        chars.append(char.translate(_FOLD))
        offsets.append(index)
    return FoldedText("".join(chars), tuple(offsets), text)


def fold_plain(text: str) -> str:
    """Just the folded string, for comparisons that need no map back."""
    return fold(text).text


def find_quote(quote: str, article: FoldedText) -> tuple[int, int] | None:
    """The original span of `quote` in the article, or None if it is not there."""
    needle = fold_plain(quote)
    if not needle:
        return None
    start = article.text.find(needle)
    if start < 0:
        return None
    return article.span(start, start + len(needle))


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

"""Split an article body into paragraphs and captions, with quoted passages marked.

Quotes may overlap (two claims citing the same words) and may run across a
paragraph break, so the body is cut at every quote boundary and each piece
knows which citations cover it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

from .articletext import CAPTION_CLOSE, CAPTION_OPEN, caption_text_span
from .model import Article, Citation

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_EXACT_WORDS = 8  # a passage of more words is linked by its first and last words (textStart,textEnd)
_END_WORDS = 4


@dataclass
class Piece:
    text: str
    citations: tuple[Citation, ...] = ()  # the quotes this text is part of
    opens: list[Citation] = field(default_factory=list)  # quotes starting here (anchor targets)
    closes: list[Citation] = field(default_factory=list)  # quotes ending here (links back)
    originals: dict[str, str] = field(default_factory=dict)  # quote anchor -> the passage on the original page


@dataclass
class Block:
    kind: Literal["paragraph", "caption"]
    pieces: list[Piece]


def article_blocks(article: Article) -> list[Block]:
    """The body as blocks of pieces, each piece marked with the quotes covering it."""
    blocks = []
    for start, end in _block_spans(article.body):
        caption = caption_text_span(article.body[start:end])
        if caption is None:
            blocks.append(Block("paragraph", _pieces(article, start, end)))
        else:
            blocks.append(Block("caption", _pieces(article, start + caption[0], start + caption[1])))
    return blocks


def _block_spans(body: str):
    start = 0
    for match in _BLANK_LINES.finditer(body):
        if body[start:match.start()].strip():
            yield start, match.start()
        start = match.end()
    if body[start:].strip():
        yield start, len(body.rstrip())


def _pieces(article: Article, start: int, end: int) -> list[Piece]:
    # Only the quotes that reach into this block, in the article's order (a
    # long article has many blocks and many quotes; each piece looks at these).
    near = [c for c in article.citations if c.span[0] < end and start < c.span[1]]
    cuts = {start, end}
    for citation in near:
        cuts.update(x for x in citation.span if start < x < end)
    bounds = sorted(cuts)
    pieces = []
    for left, right in zip(bounds, bounds[1:]):
        covering = tuple(c for c in near if c.span[0] < right and left < c.span[1])
        piece = Piece(article.body[left:right], covering)
        piece.opens = [c for c in covering if c.span[0] == left]
        piece.closes = [c for c in covering if c.span[1] == right]
        if article.meta.url:
            piece.originals = {c.anchor: text_fragment_link(article.meta.url, c.passage) for c in piece.closes}
        pieces.append(piece)
    _strip_edges(pieces)
    return pieces


def _strip_edges(pieces: list[Piece]) -> None:
    # Block text keeps its inner line breaks (captions have two lines); the
    # outer whitespace would only render as stray spaces.
    if pieces:
        pieces[0].text = pieces[0].text.lstrip()
        pieces[-1].text = pieces[-1].text.rstrip()


def text_fragment_link(url: str, passage: str) -> str:
    """`url` with a text fragment that finds `passage` on the page (WICG Text Fragments: `#:~:text=`).

    A short passage within one line of the body (a paragraph, or a line of a
    caption) is given whole; a longer one, or one that runs across lines (which
    an exact match cannot), by its first and last words (`textStart,textEnd`). Each part is percent-encoded, with
    `-`, `&` and `,` encoded too, as the syntax requires.
    """
    blocks = [line.split() for line in passage.split("\n") if line.strip() not in ("", CAPTION_OPEN, CAPTION_CLOSE)]
    words = [word for block in blocks for word in block]
    if len(blocks) == 1 and len(words) <= _EXACT_WORDS:
        directive = _fragment_part(words)
    else:
        directive = f"{_fragment_part(blocks[0][:_END_WORDS])},{_fragment_part(blocks[-1][-_END_WORDS:])}"
    separator = ":~:" if "#" in url else "#:~:"
    return f"{url}{separator}text={directive}"


def _fragment_part(words: list[str]) -> str:
    return quote(" ".join(words), safe="").replace("-", "%2D")

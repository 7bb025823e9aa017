"""Split an article body into paragraphs and captions, with quoted passages marked.

Quotes may overlap (two claims citing the same words) and may run across a
paragraph break, so the body is cut at every quote boundary and each piece
knows which citations cover it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from .articletext import caption_text_span
from .model import Article, Citation

_BLANK_LINES = re.compile(r"\n[ \t]*\n")


@dataclass
class Piece:
    text: str
    citations: tuple[Citation, ...] = ()  # the quotes this text is part of
    opens: list[Citation] = field(default_factory=list)  # quotes starting here (anchor targets)
    closes: list[Citation] = field(default_factory=list)  # quotes ending here (links back)


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
    cuts = {start, end}
    for citation in article.citations:
        cuts.update(x for x in citation.span if start < x < end)
    bounds = sorted(cuts)
    pieces = []
    for left, right in zip(bounds, bounds[1:]):
        covering = tuple(c for c in article.citations if c.span[0] < right and left < c.span[1])
        piece = Piece(article.body[left:right], covering)
        piece.opens = [c for c in covering if c.span[0] == left]
        piece.closes = [c for c in covering if c.span[1] == right]
        pieces.append(piece)
    _strip_edges(pieces)
    return pieces


def _strip_edges(pieces: list[Piece]) -> None:
    # Block text keeps its inner line breaks (captions have two lines); the
    # outer whitespace would only render as stray spaces.
    if pieces:
        pieces[0].text = pieces[0].text.lstrip()
        pieces[-1].text = pieces[-1].text.rstrip()

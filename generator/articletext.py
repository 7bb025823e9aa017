"""The text format of an archived article body: its fingerprint and caption blocks.

A leaf module: the checker and the page renderer read bodies through it
without importing the cleaner that writes them (archive.py).
"""

from __future__ import annotations

import hashlib

CAPTION_OPEN = "::: caption"
CAPTION_CLOSE = ":::"


def fingerprint(body: str) -> str:
    """The fingerprint recorded in front matter: sha256 of the stripped body."""
    digest = hashlib.sha256(body.strip().encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def caption_block(lines: list[str]) -> str:
    """A photo caption as an archived body holds it: its lines between the markers."""
    return "\n".join([CAPTION_OPEN, *lines, CAPTION_CLOSE])


def caption_text_span(block: str) -> tuple[int, int] | None:
    """Where a caption's own text sits inside `block`; None if the block is not a caption."""
    if not (block.startswith(CAPTION_OPEN) and block.rstrip().endswith(CAPTION_CLOSE)):
        return None
    start = len(CAPTION_OPEN)
    return start, start + block[start:].rstrip().rfind(CAPTION_CLOSE)

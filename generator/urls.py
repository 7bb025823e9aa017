"""Where each page and anchor of the book lives, in one place.

Pages are generated as Markdown under these paths; the built site turns
`x.md` into `x.html` (the offline plugin turns directory URLs off, so the
site also works opened from disk).
"""

from __future__ import annotations

import functools
import posixpath

HOME = "index.md"
TIMELINE = "timeline.md"
SPEAKERS = "speakers.md"
SOURCES = "sources/index.md"
DISAGREEMENTS = "disagreements.md"
DATA = "data.md"
CLAIMS_JSON = "data/claims.json"
CLAIMS_CSV = "data/claims.csv"
FIGURES_CSV = "data/figures.csv"
CHANGES = "changes.md"
FEED = "feed.xml"


def edition_anchor(number: int) -> str:
    return f"edition-{number}"


def change_anchor(edition: int, kind: str, claim_id: str) -> str:
    """The anchor of one entry of the "What changed" page: 'e3-added-some-claim'."""
    return f"e{edition}-{kind}-{claim_id}"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def timeline_year_page(year: int) -> str:
    """One year of a timeline too long for one page (render.timeline_pages)."""
    return f"timeline/{year}.md"


def article_page(article_id: str) -> str:
    return f"sources/{article_id}.md"


def claim_anchor(claim_id: str) -> str:
    return claim_id


def quote_anchor(claim_id: str, number: int) -> str:
    return f"q-{claim_id}-{number}"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or else `base-2`, `base-3` ...: the first that is not in `taken`."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def built_path(page: str) -> str:
    """Where a generated file lands in the built site: 'topics/x.md' -> 'topics/x.html'."""
    return page.removesuffix(".md") + ".html" if page.endswith(".md") else page


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link between two generated pages, as it reads in built HTML."""
    target = to_page.removesuffix(".md") + ".html" if to_page.endswith(".md") else to_page
    link = "" if to_page == from_page else _relative(target, posixpath.dirname(from_page))
    return f"{link}#{anchor}" if anchor else link or "#"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, source_dir: str) -> str:
    """posixpath.relpath(target, source_dir or "."), without its two os.getcwd() calls per link.

    Pages and their folders are plain relative paths ('topics/x.html'); anything
    else (a '.' or '..' part, an absolute path) is left to relpath itself.
    """
    parts, base = target.split("/"), source_dir.split("/") if source_dir else []
    if any(part in ("", ".", "..") for part in parts + base):
        return posixpath.relpath(target, source_dir or ".")
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."

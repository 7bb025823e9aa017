"""A small reader of built HTML pages: ids, links and visible text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class PageIndex(HTMLParser):
    """Collects every id, every <a href>, and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict]] = []
        self.text_parts: list[str] = []
        self._skip = 0
        self._backref_depth = 0  # inside a link back to a claim: not article text
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script_attrs: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if self._backref_depth or "backref" in (attributes.get("class") or "").split():
            self._backref_depth += 1
        if tag == "script":
            self._script_attrs = attributes
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("href") is not None:
            self.links.append((attributes["href"], attributes))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if self._backref_depth:
            self._backref_depth -= 1

    def handle_data(self, data):
        if self._script_attrs is not None:
            self.scripts.append((self._script_attrs, data))
            self._script_attrs = None
        if not self._skip and not self._backref_depth:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def read_page(path: Path) -> PageIndex:
    index = PageIndex()
    index.feed(path.read_text(encoding="utf-8"))
    return index

"""The print book cut into parts that WeasyPrint lays out one at a time, and their page numbers.

Why parts: WeasyPrint lays out a document as a whole, and its cost per page grows with the
document. Page references made with `target-counter()` re-paginate it (each target whose page
changes is checked against every reference: quadratic), and long documents were slower per
page even without them. A part is at most `budget` bytes of HTML, so each layout costs the same
whatever the size of the book, and the book costs the sum of its parts: linear.

Why the page numbers are ours: a part cannot see the pages of another, so a link that shows the
page of its target (`data-page`, printed by print.css) gets its number written in here, from
where the anchors fell when the parts were laid out. Numbers are padded with figure spaces
(exactly as wide as a digit in the book's fonts) to a fixed width, so writing them in never
moves a line: a part laid out again with its numbers keeps its pages, and two rounds settle.

Where a part is cut: only between the children of a section, list, table or division, never
inside a paragraph, list item or table row, and never right after a heading (it keeps with
what it heads, as the stylesheet asks). A part that goes on with a chapter carries the
chapter's title for the running header (`data-chapter`); a list that goes on keeps its
numbering (`start`), a table its header row.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import html as lxml_html

FIGURE_SPACE = "\u2007"  # as wide as a digit: padding that keeps a number's width fixed
# Elements a part may be cut inside of (between their children); everything else stays whole.
CUTTABLE = frozenset({"section", "div", "ol", "ul", "table", "tbody", "nav"})
# Elements that keep with the next one (print.css: break-after: avoid): never the last of a part.
KEEP_WITH_NEXT_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEEP_WITH_NEXT_CLASSES = frozenset({"source-meta", "source-note"})


@dataclass
class Part:
    """Body-level elements laid out together as one HTML document."""

    elements: list = field(default_factory=list)
    size: int = 0

    def references(self) -> list:
        """The links in this part that show the page of their target."""
        return [link for element in self.elements for link in element.iter("a") if "data-page" in link.attrib]


@dataclass
class Book:
    """The print HTML cut into parts; `document(part)` writes one part as a whole HTML document."""

    root: object  # the parsed <html> element (its head and attributes are every part's)
    parts: list[Part]
    width: int  # digits every page number is padded to

    def document(self, part: Part, numbers: dict[str, int]) -> str:
        """The part as an HTML document, each page reference showing `numbers[target]` (or a
        placeholder as wide, when the target has not been laid out yet)."""
        for link in part.references():
            link.set("data-page", self.page_label(link, numbers.get(link.get("href", "")[1:])))
        attributes = "".join(f' {name}="{_escape(value)}"' for name, value in self.root.attrib.items())
        body = "".join(lxml_html.tostring(element, encoding="unicode") for element in part.elements)
        head = lxml_html.tostring(self.root.head, encoding="unicode")
        return f"<!DOCTYPE html>\n<html{attributes}>{head}<body>{body}</body></html>"

    def page_label(self, link, number: int | None) -> str:
        """The number, padded: after it in running text (", p. 12  "), before it in the contents' column."""
        text = "0" * self.width if number is None else str(number)
        if "page-ref" in link.get("class", "").split():
            return text.ljust(self.width, FIGURE_SPACE)
        return text.rjust(self.width, FIGURE_SPACE)


def cut(html: str, budget: int) -> Book:
    """Cut the whole print book (one HTML document) into parts of at most about `budget` bytes."""
    root = lxml_html.document_fromstring(html)
    pieces = [[piece] for child in list(root.body) for piece in _pieces(child, budget)]
    parts = [Part([element for element, _ in run], sum(size for _, size in run)) for run in _pack(pieces, budget)]
    # Room for the page count's digits: a page holds about 1 kB of HTML or more, so this is never too few.
    width = max(3, len(str(max(1, len(html) // 1000))))
    return Book(root, parts, width)


def _pieces(element, budget: int) -> list[tuple[object, int]]:
    """(piece, its size): the element, or when it is over budget and can be cut, copies of it
    each holding a run of its children."""
    size = _size(element)
    if element.tag not in CUTTABLE or len(element) == 0 or size <= budget:
        return [(element, size)]
    header = element.find("thead") if element.tag == "table" else None
    title = element.find("h1") if "chapter" in element.get("class", "").split() else None
    chapter = title.text_content().strip() if title is not None else None
    runs = _pack(_units([child for child in element if child is not header], budget), budget)
    pieces, before = [], 0
    for index, run in enumerate(runs):
        shell = _shell(element, index, header, before, chapter)
        shell.extend(piece for piece, _ in run)
        pieces.append((shell, sum(size for _, size in run)))
        before += len(run)
    return pieces


def _units(children: list, budget: int) -> list[list[tuple[object, int]]]:
    """The children as runs that stay together: each cut to pieces, a heading held with the piece after it."""
    units, held = [], []
    for child in children:
        pieces = _pieces(child, budget)
        if _keeps_with_next(child):
            held.extend(pieces)
            continue
        units.append(held + pieces[:1])
        units.extend([piece] for piece in pieces[1:])
        held = []
    if held:
        units.append(held)
    return units


def _pack(units: list[list[tuple[object, int]]], budget: int) -> list[list[tuple[object, int]]]:
    """Units into runs of at most `budget` bytes, in order (a unit over budget alone)."""
    runs, run, total = [], [], 0
    for unit in units:
        size = sum(size for _, size in unit)
        if run and total + size > budget:
            runs.append(run)
            run, total = [], 0
        run.extend(unit)
        total += size
    if run:
        runs.append(run)
    return runs


def _shell(element, index: int, header, before: int, chapter: str | None):
    """An empty copy of `element` for its `index`-th run: the first keeps its id and text; the
    others go on from it (a list's numbering, a table's header row, a chapter's title)."""
    shell = lxml_html.Element(element.tag, dict(element.attrib))
    if index == 0:
        shell.text = element.text
    else:
        shell.attrib.pop("id", None)
        if element.tag == "ol":  # `before` items came in the earlier runs
            shell.set("start", str(int(element.get("start", "1")) + before))
        if chapter is not None:
            shell.set("data-chapter", chapter)
    if header is not None:
        shell.append(header if index == 0 else copy.deepcopy(header))
    return shell


def _keeps_with_next(element) -> bool:
    return element.tag in KEEP_WITH_NEXT_TAGS or bool(KEEP_WITH_NEXT_CLASSES & set(element.get("class", "").split()))


def _size(element) -> int:
    return len(lxml_html.tostring(element))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")

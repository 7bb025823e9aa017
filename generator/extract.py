"""Extract an article's text and metadata from a saved page's HTML, with trafilatura.

trafilatura finds the article among the page's navigation, related links and
comments, and reads its metadata (title, author, date, site name). What it
does not do is post-processed here: it drops photo captions (in every mode),
so captions are read from the page's own markup (`<figcaption>`, elements
whose class names a caption or credit) and put back after the paragraph they
follow; bylines, date lines, share bars and "read more" links it keeps are
removed afterwards by the cleaner (archive.py). Nothing of the page is run:
scripts, styles, templates and event handlers never reach the text.

Everything is reported for the editor's review: the text kept, the page text
left out, and for each metadata value the place in the page it was found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .problems import BriefingError

_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd figcaption blockquote pre td th caption div section article header footer "
    "nav aside main ul ol dl table tr figure form address details summary body".split())
_UNSEEN = ("head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form",
           "button", "select", "textarea")
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote")
_CAPTION_CLASS = re.compile(r"caption|credit", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>")
_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)+$")
_JSON_LD_KEYS = {"headline", "name", "datePublished", "dateCreated", "author", "publisher", "url", "mainEntityOfPage"}


@dataclass
class Found:
    """A metadata value and where in the page it was found."""

    value: str
    where: str


@dataclass
class Extraction:
    """What was extracted from a page, for the cleaner and for the editor's review."""

    headline: str | None
    blocks: list[tuple[bool, list[str]]]  # (is a photo caption, its lines), in reading order
    metadata: dict[str, Found] = field(default_factory=dict)  # title, outlet, published, author, url
    dropped: list[str] = field(default_factory=list)  # page text the extractor left out


def extract_page(html: str, source: str) -> Extraction:
    """The article in `html` (a saved page named `source` in messages)."""
    from trafilatura import bare_extraction, load_html

    tree = load_html(html)
    document = None
    if tree is not None:
        document = bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
            include_links=False, prune_xpath=["//template"],
            date_extraction_params={"original_date": True, "extensive_search": False})
    if document is None or document.body is None or not len(document.body):
        raise BriefingError(f"{source}: no article text found in the page (is it the saved page of a news article?)")
    metadata = _metadata(document, _places(tree))
    title = metadata["title"].value if "title" in metadata else None
    headline, paragraphs = _paragraphs(document.body, title)
    blocks = _with_captions(tree, paragraphs, headline)
    kept = {_norm(line) for _, lines in blocks for line in [*lines, " ".join(lines)]} | {_norm(headline or title or "")}
    return Extraction(headline, blocks, metadata, _dropped(tree, kept))


def _paragraphs(body, title: str | None) -> tuple[str | None, list[str]]:
    """The headline (a heading that repeats the title) and the article's paragraphs, one line each."""
    headline, paragraphs = None, []
    for line_break in body.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    for element in body:
        items = element.findall(".//item") if element.tag == "list" else [element]
        for item in items:
            for line in "".join(item.itertext()).split("\n"):
                text = " ".join(line.split())
                if not text:
                    continue
                if headline is None and element.tag == "head" and title and _norm(text) == _norm(title):
                    headline = text
                else:
                    paragraphs.append(text)
    return headline, paragraphs


def _with_captions(tree, paragraphs: list[str], headline: str | None) -> list[tuple[bool, list[str]]]:
    """The paragraphs, with each photo caption of the article put back after the paragraph it follows.

    A caption counts when it sits inside the element that holds the article's
    text (and its headline), after the headline or the first paragraph:
    captions of the site's header, sidebars and teasers are left out.
    """
    captions = _caption_groups(tree)
    caption_texts = {_norm(t) for lines in captions.values() for t in [*lines, " ".join(lines)]}
    index: dict[str, int] = {}
    for number, text in enumerate(paragraphs):
        index.setdefault(_norm(text), number)
    placed, anchors, last = [], [], -1
    for element in tree.iter():
        if element in captions:
            if anchors:
                placed.append((last, element))
        elif element.tag in _TEXT_TAGS:
            text = _norm(_text(element))
            if text in index and text not in caption_texts:
                last = max(last, index[text])
                anchors.append(element)
            elif headline and text == _norm(headline):
                anchors.append(element)
    container = _common_ancestor(anchors)
    after: dict[int, list[list[str]]] = {}
    for number, element in placed:
        if any(a is container for a in element.iterancestors()):
            after.setdefault(number, []).append(captions[element])
    blocks = [(True, lines) for lines in after.get(-1, [])]
    for number, text in enumerate(paragraphs):
        if _norm(text) not in caption_texts:
            blocks.append((False, [text]))
        blocks.extend((True, lines) for lines in after.get(number, []))
    return blocks


def _common_ancestor(elements: list):
    """The innermost element that holds all of `elements` (None if there are none)."""
    if not elements:
        return None
    candidates = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        lineage = {id(e) for e in (element, *element.iterancestors())}
        candidates = [c for c in candidates if id(c) in lineage]
    return candidates[0] if candidates else None


def _caption_groups(tree) -> dict:
    """{first element of a caption: its lines}; a caption and its credit side by side make one."""
    groups: dict = {}
    previous = None
    for element in tree.iter():
        if not _is_caption(element) or any(_is_caption(a) for a in element.iterancestors()):
            continue
        inner = [e for e in element.iterdescendants() if _is_caption(e)] or [element]
        lines = [t for t in (" ".join(_text(e).split()) for e in inner) if t]
        if not lines:
            continue
        if previous is not None and previous.getparent() is element.getparent() and previous.getnext() is element:
            groups[_first(groups, previous)].extend(lines)
        else:
            groups[element] = lines
        previous = element
    return groups


def _first(groups: dict, element):
    # The group a caption element belongs to: its own, or the one of the caption before it.
    while element not in groups:
        element = element.getprevious()
    return element


def _is_caption(element) -> bool:
    if not isinstance(element.tag, str):
        return False
    return (element.tag == "figcaption" or element.get("itemprop") == "caption"
            or bool(_CAPTION_CLASS.search(element.get("class") or "")))


def _dropped(tree, kept: set[str]) -> list[str]:
    """The page's text blocks (innermost block elements) that are not in the archived text."""
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]
    has_block = {}
    for element in reversed(elements):  # children before their parents
        has_block[element] = any(c.tag in _BLOCK_TAGS or has_block.get(c, False) for c in element if isinstance(c.tag, str))
    dropped: dict[str, None] = {}  # in page order, each text once
    for element in elements:
        if element.tag in _BLOCK_TAGS and not has_block[element] and not _unseen(element):
            text = " ".join(_text(element).split())
            if text and _norm(text) not in kept:
                dropped[text] = None
    return list(dropped)


def _unseen(element) -> bool:
    return element.tag in _UNSEEN or any(a.tag in _UNSEEN for a in element.iterancestors())


def _text(element) -> str:
    return "".join(t for t in element.itertext() if t)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def _plain(value: str | None) -> str | None:
    """A metadata value as plain text: markup stripped, whitespace folded."""
    if not value:
        return None
    return " ".join(_MARKUP.sub("", value).split()) or None


def _metadata(document, places: list[tuple[str, str]]) -> dict[str, Found]:
    """The metadata trafilatura found, as plain text, each with the place in the page that states it."""
    raw = {"title": document.title, "outlet": document.sitename, "published": document.date,
           "author": document.author, "url": document.url}
    values = {
        "title": _plain(raw["title"]),
        "outlet": None if _DOMAIN.match(_plain(raw["outlet"]) or "x") else _plain(raw["outlet"]),
        "published": raw["published"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["published"] or "") else None,
        "author": _authors(_plain(raw["author"])),
        "url": raw["url"] if (raw["url"] or "").startswith(("http://", "https://")) else None,
    }
    found = {}
    for name, value in values.items():
        if value:
            where = _where(places, raw[name]) or _where(places, value) or "the page's text (the extractor's reading)"
            found[name] = Found(value, where)
    return found


def _authors(value: str | None) -> str | None:
    # trafilatura joins several authors with "; ": write them as a byline does.
    names = [n.strip() for n in (value or "").split(";") if n.strip()]
    if len(names) < 2:
        return value
    return ", ".join(names[:-1]) + " and " + names[-1]


def _where(places: list[tuple[str, str]], value: str) -> str | None:
    want = _norm(value.split(";")[0])
    for label, text in places:
        if _norm(text) == want:
            return label
    for label, text in places:
        if want in _norm(text):
            return label
    return None


def _places(tree) -> list[tuple[str, str]]:
    """(where, text) for every place a page states its metadata, most specific first."""
    places = []
    for element in tree.iter("meta"):
        name = next((a for a in ("property", "name", "itemprop") if element.get(a)), None)
        if name and element.get("content"):
            places.append((f'<meta {name}="{element.get(name)}">', element.get("content")))
    for element in tree.iter("script"):
        if (element.get("type") or "").lower() == "application/ld+json":
            places.extend(_json_ld(element.text or ""))
    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            places.append(('<link rel="canonical">', element.get("href")))
    for element in tree.iter("time"):
        if element.get("datetime"):
            places.append(("<time datetime>", element.get("datetime")))
    for tag in ("title", "h1"):
        places.extend((f"<{tag}>", _text(e)) for e in tree.iter(tag))
    for element in tree.iter():
        if isinstance(element.tag, str) and (element.get("rel") == "author" or re.search(r"byline|author", element.get("class") or "")):
            places.append(("the byline", _text(element)))
    return places


def _json_ld(text: str) -> list[tuple[str, str]]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found, stack = [], [("", data)]
    while stack:
        path, value = stack.pop(0)
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else k, v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path, v) for v in value)
        elif isinstance(value, str) and path.split(".")[0] in _JSON_LD_KEYS:
            found.append((f"JSON-LD {path}", value))
    return found

"""Archive a raw article: strip site furniture, keep captions apart, add front matter.

A raw article is text as it was copied from a news site: a headline perhaps,
datelines, photo captions with credits, "Click to Read More", comment-policy and
reprint notices. The archived body keeps the article's own words, paragraph by
paragraph, with each photo caption in a `::: caption` block of its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .articletext import caption_block, fingerprint
from .urls import unique_id

# Lines that belong to the web page, not to the article.
_FURNITURE = [re.compile(p, re.IGNORECASE) for p in (
    r"^click (here )?to read more\b.*$",
    r"^click to hide$",
    r"^leave a (reply|comment)$",
    r"^related (topics|stories|articles|coverage|content|links)\s*:?$",
    r"^please read our comment policy\b.*$",
    r"^(view|show|hide|post|add) (\d+ )?comments?\b.*$",
    r"^(copyright )?©.*$",
    r"^.*click here for reprint permission\.?$",
    r"^.*all rights reserved\.?$",
    r"^share (this|on|via)\b.*$",
    r"^((read|see) (more|next|also)\b|(also read|more|related)\s*[:|»›]).*$",
    # a share bar: nothing but the names of share buttons
    r"^((share|facebook|twitter|x|email|e-mail|linkedin|reddit|whatsapp|print|copy link|"
    r"copy url|tweet|flipboard|pinterest|bluesky|threads|comments?|save|gift( this)? article)[\s:|,·•]*)+$",
)]
# "By LOLITA C. BALDOR", "By Lara Seligman and Paul McLeary", "By Mike Glenn, The Capital Times"
_BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<author>[A-Z][\w.'’-]*(?:(?:\s+|,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'’-]*){0,9})$")
_AUTHOR_CONTACT = re.compile(r"^(?:•\s*)?(?P<author>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,4}) can be reached at \S+?\.?$")
_BULLET_NOTE = re.compile(r"^•\s*(?P<note>.+)$")
_DATELINE = re.compile(r"^- .+? - \w+day, \w+ \d{1,2}, \d{4}$")
_PHOTO_CREDIT = re.compile(r"^[A-Z][\w.' -]{2,60}/[\w.' -]{2,40}$")

# A page's date line: "Updated 4:12 PM EST, January 20, 2025", "01/23/2025 05:00 PM EST",
# "Published: Monday, Jan. 20, 2025 | Updated: ...", "September 27, 2024, 4:38 PM".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
             r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})")
_TIME = (r"(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:e[sd]t|c[sd]t|m[sd]t|p[sd]t|et|ct|pt|gmt|utc|bst|cet))?"
         r"(?=\W|$))")
_DATE_PART = (r"(?:(?:published|updated|posted|last updated|first published|modified)\s*:?\s*(?:on\s+|at\s+)?)?"
              r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
              rf"(?:{_TIME}\s*,?\s*(?:on\s+)?)?{_DAY_DATE}(?:\s*(?:,|at|\||-)?\s*{_TIME})?")
_DATE_LINE = re.compile(rf"^{_DATE_PART}(?:\s*[|·•,]\s*{_DATE_PART})*\.?$", re.IGNORECASE)
_TEASER_END = "[…]"


@dataclass
class CleanedArticle:
    """What cleaning found: the body and the page's own hints about the article."""

    body: str
    headline: str | None = None
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def clean(raw: str) -> CleanedArticle:
    """Clean a raw article's text into an archived body."""
    blocks = _blocks(raw.replace("\r\n", "\n").replace("\r", "\n"))
    headline = blocks.pop(0)[0] if blocks and _is_headline(blocks[0]) else None
    return clean_blocks([(None, lines) for lines in blocks], headline)


def clean_blocks(blocks: list[tuple[bool | None, list[str]]], headline: str | None = None) -> CleanedArticle:
    """Clean blocks of lines into an archived body: furniture out, captions apart.

    Each block says whether it is a photo caption (True, False, or None: judge
    by its lines, as for raw text); each line of a block that is not a caption
    becomes a paragraph of its own.
    """
    result = CleanedArticle(body="", headline=headline)
    kept: list[str] = []
    for caption, lines in blocks:
        lines = [line for line in lines if not _is_furniture(line, result)]
        if not lines or _is_teaser(lines, result):
            continue
        if caption or (caption is None and _is_caption(lines)):
            kept.append(caption_block(lines))
        else:
            kept.extend(lines)
    result.body = "\n\n".join(kept) + "\n"
    return result


def _blocks(text: str) -> list[list[str]]:
    """Groups of consecutive non-blank lines, each line stripped."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_headline(block: list[str]) -> bool:
    # A headline stands alone, is short, and does not end like a sentence.
    line = block[0]
    if _DATELINE.match(line) or _DATE_LINE.match(line) or _BYLINE.match(line):
        return False
    return len(block) == 1 and len(line) < 120 and not line.endswith((".", "”", '"'))


def _is_furniture(line: str, result: CleanedArticle) -> bool:
    """True (and the line noted) if the line is page furniture, not article text."""
    if not any(p.match(line) for p in (*_FURNITURE, _DATELINE, _DATE_LINE)):
        if m := _BYLINE.match(line):
            result.author = result.author or byline_name(m["author"])
        elif m := _AUTHOR_CONTACT.match(line):
            result.author = m["author"]
        elif m := _BULLET_NOTE.match(line):
            result.notes.append(m["note"])
        else:
            return False
    result.removed.append(line)
    return True


def byline_name(name: str) -> str:
    """A byline's names as a sentence writes them: 'LOLITA C. BALDOR' -> 'Lolita C. Baldor'."""
    return name.title() if name.isupper() else name


def _is_teaser(lines: list[str], result: CleanedArticle) -> bool:
    # A teaser repeats the opening paragraphs and is cut off with "[…]".
    if lines[-1].endswith(_TEASER_END):
        result.removed.extend(lines)
        return True
    return False


def _is_caption(lines: list[str]) -> bool:
    return lines[0].startswith("PHOTO:") or any(_PHOTO_CREDIT.match(line) for line in lines)


# Front matter keys in the order they are written.
FRONT_MATTER_KEYS = ("title", "outlet", "published", "author", "url", "retrieved", "capture", "notes")
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/article.schema.json"


def article_file(meta: dict, body: str) -> str:
    """The text of an archived article file: front matter, then the body.

    Every value is written as a JSON string, which YAML reads back as exactly
    that string: no implicit dates, booleans or numbers.
    """
    lines = ["---", SCHEMA_COMMENT]
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(item, ensure_ascii=False)}" for item in value)
        elif isinstance(value, dict):  # one level: strings, or lists of strings (JSON is YAML's flow style)
            lines.append(f"{key}:")
            lines.extend(f"  {name}: {json.dumps(item, ensure_ascii=False)}" for name, item in value.items())
        else:
            lines.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
    lines.append(f"fingerprint: {json.dumps(fingerprint(body))}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def slugify(text: str) -> str:
    """'The Washington Times' -> 'washington-times' (a leading 'the' is dropped)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return "-".join(words)[:60].strip("-")


def new_article_id(outlet: str, published: str, taken: set[str]) -> str:
    """'<outlet>-<date>', with '-2', '-3' ... if that id is taken."""
    return unique_id(f"{slugify(outlet)}-{published}", taken)

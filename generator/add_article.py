"""`briefing add-article`: archive a raw article text or a saved web page into content/articles/.

A raw text is cleaned as it is (site furniture out, captions apart). A saved
page (HTML, or a WARC file) has its article text and metadata extracted
first (extract.py), and is kept beside the article as its capture, with its
sha256 in the front matter. Values given on the command line win over what
the page's metadata says; what was taken from the page is recorded and
printed for the editor's review, with what was kept and what was left out.
Everything is read and checked before anything is written; the capture and
the article are written atomically, and neither is left behind alone.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from .archive import CleanedArticle, article_file, clean, clean_blocks, new_article_id
from .articletext import CAPTION_OPEN, fingerprint
from .captures import capture_path, keep_capture
from .extract import Extraction, Found, extract_page
from .load import ARTICLES_DIR, CLAIMS_FILE, read_text, split_front_matter
from .problems import BriefingError, ContentError, UsageError, relative
from .savedpage import SavedPage, page_kind, read_file, saved_page
from .schema import SLUG_PATTERN, ArticleMeta
from .textmatch import fold_plain
from .validation import validate
from .write import write_atomically
from .yamlsource import YamlDocument

_SHOWN_LINES = 40  # of each list in the review; the rest are counted


@dataclass
class ArticleRequest:
    raw: Path
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    article_id: str | None = None
    retrieved: str | None = None
    root_option: str | None = None  # the --root the editor gave, repeated in the next steps


@dataclass
class Source:
    """What was read from the file: the cleaned text, and for a saved page the page and its extraction."""

    cleaned: CleanedArticle
    page: SavedPage | None = None
    extraction: Extraction | None = None
    origins: dict[str, str] = field(default_factory=dict)  # field -> where its value came from
    from_page: list[str] = field(default_factory=list)  # fields taken from the page's metadata


def add_article(root: Path, request: ArticleRequest) -> str:
    """Archive the article; returns the review, what was done and what to do next."""
    source = _read_source(root, request)
    meta = _metadata(request, source)
    folder = root / ARTICLES_DIR
    existing = _existing_bodies(folder)
    _refuse_duplicate(source.cleaned.body, existing)
    article_id = request.article_id or new_article_id(meta["outlet"], meta["published"], set(existing))
    if not re.fullmatch(SLUG_PATTERN, article_id):
        raise UsageError(f"'{article_id}' is not a valid article id: use lowercase letters, digits and single hyphens (--id)")
    if source.page is not None:
        meta["capture"] = {"path": capture_path(article_id, source.page.suffix), "sha256": source.page.sha256,
                           "metadata": source.from_page}
    _validate_meta(meta, source.cleaned.body)
    target = folder / f"{article_id}.md"
    if target.exists() or target.is_symlink():
        raise BriefingError(f"{relative(target, root)} already exists; archived articles are never overwritten (choose another --id)")
    _write(root, target, article_file(meta, source.cleaned.body), source.page, meta.get("capture"))
    return "\n".join([*_review(source, meta), *_next_steps(relative(target, root), article_id, source, meta, request)])


def _read_source(root: Path, request: ArticleRequest) -> Source:
    data = read_file(request.raw)
    kind = page_kind(request.raw, data)
    if kind == "text":
        text, problems = read_text(request.raw, root)
        if text is None:
            raise ContentError(problems)
        return Source(clean(text))
    page = saved_page(request.raw, data, kind)
    extraction = extract_page(page.html, str(request.raw))
    cleaned = clean_blocks(extraction.blocks, extraction.headline)
    if not cleaned.body.strip():
        raise BriefingError(f"{request.raw}: the page's text is all page furniture; no article text is left to archive")
    return Source(cleaned, page, extraction)


def _metadata(request: ArticleRequest, source: Source) -> dict:
    """The front matter's values: the command line's, else the page's metadata, else the text's own."""
    found = dict(source.extraction.metadata) if source.extraction else {}
    if source.page and source.page.url:  # where the page was fetched from, over what the page says
        found["url"] = Found(source.page.url, "from the WARC record's WARC-Target-URI")
    given = {"title": request.title, "outlet": request.outlet, "published": request.published, "url": request.url}
    in_text = {"title": source.cleaned.headline, "author": source.cleaned.author}
    meta: dict = {}
    for name in ("title", "outlet", "published", "author", "url"):
        if given.get(name):
            meta[name] = given[name]
            differs = name in found and found[name].value != given[name]
            source.origins[name] = "given on the command line" + (
                f" (the page's metadata says “{found[name].value}”)" if differs else "")
        elif name in found:
            meta[name] = found[name].value
            where = found[name].where
            source.origins[name] = where if where.startswith("from ") else f"from the page's metadata: {where}"
            source.from_page.append(name)
        elif in_text.get(name):
            meta[name] = in_text[name]
            source.origins[name] = "from the text (its headline)" if name == "title" else "from the text (its byline)"
    _require(request, meta, source)
    meta["retrieved"] = _retrieved(request, source)
    notes = ["Title supplied by the editors: the archived page has no headline."] \
        if request.title and not (source.cleaned.headline or "title" in found) else []
    meta["notes"] = notes + [f"The page says: {note}" for note in source.cleaned.notes]
    return meta


def _retrieved(request: ArticleRequest, source: Source) -> str | None:
    """When the page was archived: --retrieved, else a WARC's own date, else today for a saved page."""
    if request.retrieved:
        value, origin = request.retrieved, "given on the command line"
    elif source.page is not None and source.page.retrieved:
        value, origin = source.page.retrieved, "from the WARC record's WARC-Date"
    elif source.page is not None:
        value, origin = dt.date.today().isoformat(), "today, the day it was archived; give --retrieved if the page was saved earlier"
    else:
        return None
    source.origins["retrieved"] = origin
    return value


def _require(request: ArticleRequest, meta: dict, source: Source) -> None:
    where = "in the page's metadata" if source.page else "in the text"
    for name, option, what in (("title", "--title", "no headline"), ("outlet", "--outlet", "no outlet (site name)"),
                               ("published", "--published", "no publication date")):
        if not meta.get(name):
            raise UsageError(f"{request.raw}: {what} found {where}; give it with {option}")


def _validate_meta(meta: dict, body: str) -> None:
    data = {k: v for k, v in meta.items() if v not in (None, "", [])}
    data["fingerprint"] = fingerprint(body)
    document = YamlDocument("--options", data)
    _, problems = validate(ArticleMeta, data, document)
    if problems:
        messages = "; ".join(p.message for p in problems)
        raise UsageError(f"invalid article metadata: {messages}")


def _existing_bodies(folder: Path) -> dict[str, str]:
    bodies = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            _, body, _ = split_front_matter(path.read_text(encoding="utf-8", errors="replace"))
            bodies[path.stem] = fold_plain(body)
    return bodies


def _refuse_duplicate(body: str, existing: dict[str, str]) -> None:
    folded = fold_plain(body)
    for article_id, other in existing.items():
        if folded == other:
            raise BriefingError(f"this text is already archived as '{article_id}'; cite that article instead")


def _write(root: Path, target: Path, text: str, page: SavedPage | None, capture: dict | None) -> None:
    """The capture, then the article; if the article cannot be written, the capture is removed again."""
    kept = keep_capture(root, capture["path"], page.data) if page is not None and capture else None
    try:
        write_atomically(target, text, prefix=".add-article-")
    except BaseException:
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise


def _review(source: Source, meta: dict) -> list[str]:
    """What the editor checks before committing: the metadata and where it came from, the text kept and left out."""
    lines = []
    if source.page is not None:
        what = "a saved HTML page" if source.page.kind == "html" else "a WARC file"
        lines.append(f"read {source.page.path}: {what} ({len(source.page.data) / 1024:.1f} KiB); metadata:")
    else:
        lines.append("metadata:")
    for name in ("title", "outlet", "published", "author", "url", "retrieved"):
        if meta.get(name) and name in source.origins:
            lines.append(f"  {name + ':':<11}{_short(str(meta[name]), 70)}  ({source.origins[name]})")
    if source.extraction is not None:
        blocks = source.cleaned.body.strip().split("\n\n")
        lines.append(f"kept {len(blocks)} block(s) of text (read them in the archived file):")
        lines += _listed([("[caption] " if b.startswith(CAPTION_OPEN) else "") + " ".join(_plain_block(b).split()) for b in blocks])
    if source.cleaned.removed:
        lines.append(f"removed as page furniture ({len(source.cleaned.removed)} line(s)):")
        lines += _listed(source.cleaned.removed)
    if source.extraction is not None and source.extraction.dropped:
        lines.append(f"left out by the extractor ({len(source.extraction.dropped)} block(s) of the page: "
                     "navigation, bylines, related links, comments ...):")
        lines += _listed(source.extraction.dropped)
    return lines


def _plain_block(block: str) -> str:
    return block.removeprefix(CAPTION_OPEN).removesuffix(":::") if block.startswith(CAPTION_OPEN) else block


def _listed(items: list[str]) -> list[str]:
    lines = [f"  - {_short(item, 100)}" for item in items[:_SHOWN_LINES]]
    if len(items) > _SHOWN_LINES:
        lines.append(f"  ... and {len(items) - _SHOWN_LINES} more")
    return lines


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _next_steps(path: str, article_id: str, source: Source, meta: dict, request: ArticleRequest) -> list[str]:
    cleaned = source.cleaned
    removed = f"removed {len(cleaned.removed)} line(s) of page furniture" if cleaned.removed else "found no page furniture"
    captions = cleaned.body.count(CAPTION_OPEN)
    root = request.root_option
    shown = (lambda p: (Path(root) / p).as_posix()) if root else (lambda p: p)  # noqa: E731 - paths as the editor types them
    command = f"briefing --root {shlex.quote(root)}" if root else "briefing"
    lines = [f"archived {path} ({removed}; {captions} photo caption(s) kept apart)"]
    if source.page is not None:
        capture = meta["capture"]
        lines.append(f"kept the saved page as {capture['path']} (sha256 {capture['sha256'][:16]}…)")
    lines += [
        "next:",
        f"  1. read {shown(path)} and check the title, outlet, date and notes" + (" against the page" if source.page else ""),
        f"  2. add claims to {shown(CLAIMS_FILE)} citing it:  - article: {article_id}",
        "                                            quote: \"a verbatim passage\"",
        f"  3. run '{command} check', then '{command} diff' to see what your change does to the book",
    ]
    if source.page is not None:
        git = f"git -C {shlex.quote(root)}" if root else "git"
        lines.append(f"  4. commit the capture with the article: {git} add {path} {meta['capture']['path']}")
    return lines

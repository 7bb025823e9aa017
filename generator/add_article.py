"""`briefing add-article`: archive a raw article file into content/articles/.

Cleans the text (site furniture out, captions apart), writes front matter with
the fingerprint, picks an id, and refuses to overwrite an article or to add
the same text twice. The file is written atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .archive import article_file, clean, new_article_id
from .articletext import CAPTION_OPEN, fingerprint
from .editor_tools import write_atomically
from .load import ARTICLES_DIR, read_text, split_front_matter
from .problems import BriefingError, ContentError, UsageError, relative
from .schema import SLUG_PATTERN, ArticleMeta
from .textmatch import fold_plain
from .validation import validate
from .yamlsource import YamlDocument


@dataclass
class ArticleRequest:
    raw: Path
    outlet: str
    published: str
    title: str | None = None
    url: str | None = None
    article_id: str | None = None
    retrieved: str | None = None


def add_article(root: Path, request: ArticleRequest) -> str:
    """Archive the article; returns what was done and what to do next."""
    text, problems = read_text(request.raw, root)
    if text is None:
        raise ContentError(problems)
    cleaned = clean(text)
    title = request.title or cleaned.headline
    if not title:
        raise UsageError(f"{request.raw}: no headline found in the text; give one with --title")
    notes = ["Title supplied by the editors: the archived page has no headline."] if request.title and not cleaned.headline else []
    notes += [f"The page says: {note}" for note in cleaned.notes]
    meta = {"title": title, "outlet": request.outlet, "published": request.published, "author": cleaned.author,
            "url": request.url, "retrieved": request.retrieved, "notes": notes}
    _validate_meta(meta, cleaned.body)
    folder = root / ARTICLES_DIR
    existing = _existing_bodies(folder)
    _refuse_duplicate(cleaned.body, existing)
    article_id = request.article_id or new_article_id(request.outlet, request.published, set(existing))
    if not re.fullmatch(SLUG_PATTERN, article_id):
        raise UsageError(f"'{article_id}' is not a valid article id: use lowercase letters, digits and single hyphens (--id)")
    target = folder / f"{article_id}.md"
    if target.exists() or target.is_symlink():
        raise BriefingError(f"{relative(target, root)} already exists; archived articles are never overwritten (choose another --id)")
    write_atomically(target, article_file(meta, cleaned.body), prefix=".add-article-")
    return _next_steps(relative(target, root), article_id, cleaned)


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


def _next_steps(path: str, article_id: str, cleaned) -> str:
    removed = f"removed {len(cleaned.removed)} line(s) of page furniture" if cleaned.removed else "found no page furniture"
    captions = cleaned.body.count(CAPTION_OPEN)
    return "\n".join([
        f"archived {path} ({removed}; {captions} photo caption(s) kept apart)",
        "next:",
        f"  1. read {path} and check the title, outlet, date and notes",
        f"  2. add claims to claims.yaml citing it:  - article: {article_id}",
        "                                            quote: \"a verbatim passage\"",
        "  3. run 'briefing check', then 'briefing diff' to see what your change does to the book",
    ])

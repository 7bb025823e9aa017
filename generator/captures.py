"""Captures: the saved pages articles were archived from, kept and verified.

`briefing add-article PAGE` keeps the saved page byte for byte as
content/captures/ID.html (or ID.warc.gz for a WARC) and records its sha256
in the article's front matter (`capture: {path, sha256}`), so the chain
capture -> archived text -> quote can be re-verified. `check` verifies a
capture's digest whenever the capture or its article changed since it was
last verified; `check --captures` verifies every one. What was verified is
cached in .build/cache/captures.json, keyed by the capture's size and
modification time and by the article file's own sha256: the cache is safe to
delete, never trusted across versions of this tool, and ignored when it
cannot be read.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .load import ArticleRecord
from .problems import BriefingError, Problem
from .schema import ArticleCapture
from .write import WORK_DIR, write_atomically

CAPTURES_DIR = Path("content") / "captures"
CACHE_FILE = Path(WORK_DIR) / "cache" / "captures.json"
_CHUNK = 1 << 20


def capture_path(article_id: str, suffix: str) -> str:
    """Where an article's capture is kept, relative to the project: 'content/captures/ID.html'."""
    return (CAPTURES_DIR / f"{article_id}{suffix}").as_posix()


def keep_capture(root: Path, path: str, data: bytes) -> Path:
    """Write the capture's bytes to `path` (under `root`); a capture is never overwritten."""
    target = root / path
    if target.exists() or target.is_symlink():
        raise BriefingError(f"{path} already exists; captures are never overwritten (choose another --id)")
    write_atomically(target, data, prefix=".add-article-")
    return target


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_captures(root: Path, articles: Iterable[ArticleRecord], everything: bool = False) -> list[Problem]:
    """A problem for each capture that is missing or no longer matches its recorded sha256.

    Captures verified before, whose file and article have not changed since,
    are taken from the cache, unless `everything` is asked for.
    """
    cache = _read_cache(root)
    verified, problems = {}, []
    for article in articles:
        capture = article.meta.capture if article.meta else None
        if capture is None:
            continue
        key = _cache_key(root, article, capture)
        if key is not None and not everything and cache.get(capture.path) == key:
            verified[capture.path] = key
            continue
        problem = _verify(root, article, capture)
        if problem is not None:
            problems.append(problem)
        elif key is not None:
            verified[capture.path] = key
    if verified != cache:
        _write_cache(root, verified)
    return problems


def _verify(root: Path, article: ArticleRecord, capture: ArticleCapture) -> Problem | None:
    path = root / capture.path
    if path.is_symlink() or not path.is_file():
        return Problem(
            article.front.where(("capture", "path")), "capture-missing",
            f"the capture of '{article.id}', {capture.path}, is missing" + (" (a symbolic link)" if path.is_symlink() else ""),
            f"restore it from git (git checkout -- {capture.path}); captures are committed with their article")
    actual = sha256_of(path)
    if actual == capture.sha256:
        return None
    return Problem(
        article.front.where(("capture", "sha256")), "capture-digest",
        f"the capture {capture.path} no longer matches its sha256 (recorded {capture.sha256[:12]}…, "
        f"the file has {actual[:12]}…)",
        f"a capture is kept as it was saved: restore it with 'git checkout -- {capture.path}'; "
        "to archive a new copy of the page, add it again with 'briefing add-article'")


def _cache_key(root: Path, article: ArticleRecord, capture: ArticleCapture) -> dict | None:
    """What must be unchanged for a verification to stand; None if a file cannot be read."""
    try:
        stat = (root / capture.path).stat()
        article_digest = sha256_of(root / article.path)
    except OSError:
        return None
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": capture.sha256, "article": article_digest}


@functools.cache
def _tool() -> str:
    # The cache is written by this tool's version and this module's code; any other is not trusted.
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"briefing {__version__} captures {code}"


def _read_cache(root: Path) -> dict:
    try:
        data = json.loads((root / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable or corrupt: verify again
        return {}
    if not isinstance(data, dict) or data.get("tool") != _tool() or not isinstance(data.get("verified"), dict):
        return {}
    return {path: key for path, key in data["verified"].items() if isinstance(key, dict)}


def _write_cache(root: Path, verified: dict) -> None:
    text = json.dumps({"tool": _tool(), "verified": verified}, indent=1, sort_keys=True) + "\n"
    try:
        write_atomically(root / CACHE_FILE, text)
    except OSError:
        pass  # a cache that cannot be written only costs the next check some time

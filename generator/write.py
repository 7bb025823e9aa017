"""Stage 5, write: put the rendered pages on disk and publish the built site.

Pages, the theme overrides and the renderer's config are written into one
folder that any renderer can build; the site is built into a temporary
folder beside `site/` and swapped in only when the build has succeeded, so a
failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from . import site_config

# Folders copied into the docs as they are: hand-written pages and assets.
STATIC_SOURCES = (Path("content") / "pages", Path("content") / "assets", Path("templates") / "assets")
WORK_DIR = ".build"
STALE_AFTER_SECONDS = 3600


def write_pages_folder(pages: dict[str, str | bytes], config_text: str, overrides: Path | None,
                       root: Path, folder: Path) -> None:
    """Write everything a renderer needs into `folder`: docs/, overrides/ and mkdocs.yml.

    The folder is then a complete MkDocs/Zensical project of its own.
    """
    write_docs(pages, folder / site_config.DOCS, root)
    theme_files = dict(_files_under(overrides)) if overrides else {}
    sync_folder(folder / site_config.OVERRIDES, theme_files)
    sync_folder(folder, {site_config.CONFIG_NAME: config_text.encode("utf-8")}, prune=False)


def write_error_pages(folder: Path, page: str) -> None:
    """Replace every Markdown page under `folder`/docs with `page` (assets stay).

    In a live preview, whatever page the editor has open then reloads to the
    list of problems, and turns back into the book once they are fixed.
    """
    docs = folder / site_config.DOCS
    sync_folder(docs, {path.relative_to(docs).as_posix(): page.encode("utf-8") for path in docs.rglob("*.md")},
                prune=False)


def write_docs(pages: dict[str, str | bytes], docs_dir: Path, root: Path) -> None:
    """Make `docs_dir` hold exactly the static sources and the generated pages."""
    wanted: dict[str, str | bytes] = dict(_static_files(root))
    wanted.update(pages)
    sync_folder(docs_dir, wanted)


def sync_folder(folder: Path, wanted: dict[str, str | bytes], prune: bool = True) -> None:
    """Make `folder` hold `wanted` ({relative path: bytes, or text written as UTF-8}); with `prune`, nothing else.

    Text is encoded one file at a time: a large book's pages are not held twice in memory.

    Files whose content is unchanged are not touched, so a live-preview server
    watching the folder sees only real changes (and does not rebuild forever),
    and a renderer's "dirty" build skips the pages that did not change.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if prune:
        for existing in sorted(folder.rglob("*"), reverse=True):
            relative_path = existing.relative_to(folder).as_posix()
            if existing.is_file() and relative_path not in wanted:
                existing.unlink()
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    for relative_path, text_or_bytes in sorted(wanted.items()):
        path, content = folder / relative_path, _bytes(text_or_bytes)
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _static_files(root: Path):
    """(path in docs, content) of hand-written pages and assets; symlinks skipped.

    A symlink in content/ could pull a file from outside the project into the site.
    """
    for source in STATIC_SOURCES:
        folder = root / source
        prefix = "assets/" if source.name == "assets" else ""
        for relative_path, content in _files_under(folder):
            yield prefix + relative_path, content


def _files_under(folder: Path):
    """(relative path, content) of the regular files under `folder`; symlinks skipped."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for path in sorted(folder.rglob("*")):
        # rglob does not descend into symlinked folders; skip symlinked files.
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


@contextmanager
def staging(root: Path):
    """A temporary folder under .build/ (same file system as site/), removed afterwards."""
    work = root / WORK_DIR
    work.mkdir(exist_ok=True)
    for stale in work.glob("build-*"):
        # Left by a build that was killed (a finished build removes its own);
        # an hour old, so a build running at the same time keeps its folder.
        if time.time() - stale.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=work))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(built: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `built` in two renames; the old site is removed last."""
    old = None
    if site_dir.exists():
        old = built.parent / "previous-site"
        site_dir.rename(old)
    built.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_atomically(target: Path, content: str | bytes, prefix: str = ".briefing-") -> None:
    """Write `content` (text as UTF-8, or bytes as they are) to `target` through a temporary
    file beside it, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(target)
    handle, temporary = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    # mkstemp makes the file private (0600): keep the mode of the file being
    # replaced, or give a new one the mode open() would (0666 less the umask).
    if target.is_file():
        return target.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

"""Stage 5, write: put the rendered pages on disk and publish the built site.

Pages are written into a fresh folder; the site is built into a temporary
folder beside `site/` and swapped in only when the build has succeeded, so a
failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

# Folders copied into the docs as they are: hand-written pages and assets.
STATIC_SOURCES = (Path("content") / "pages", Path("content") / "assets", Path("templates") / "assets")
WORK_DIR = ".build"
STALE_AFTER_SECONDS = 3600


def write_docs(pages: dict[str, str | bytes], docs_dir: Path, root: Path) -> None:
    """Make `docs_dir` hold exactly the static sources and the generated pages.

    Files whose content is unchanged are not touched, so a live-preview server
    watching the folder sees only real changes (and does not rebuild forever).
    """
    wanted = dict(_static_files(root))
    wanted.update((path, _bytes(content)) for path, content in pages.items())
    docs_dir.mkdir(parents=True, exist_ok=True)
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        relative_path = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and relative_path not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    for relative_path, content in sorted(wanted.items()):
        path = docs_dir / relative_path
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
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in sorted(folder.rglob("*")):
            # rglob does not descend into symlinked folders; skip symlinked files.
            if path.is_file() and not path.is_symlink():
                yield prefix + path.relative_to(folder).as_posix(), path.read_bytes()


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

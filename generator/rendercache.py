"""What render computed, kept between builds by the hash of exactly what it was computed from.

A rendered page, a chart's two drawings, a download: each is stored in
.build/cache/render/ under the sha256 of what it depends on (`page_keys` says
what that is for each page), of the code and templates that make it (`tool`,
the templates' bytes) and of its kind. An entry is found again only when all of
those are the same, so a build reuses what did not change and redoes only the
rest; a live preview after a one-claim edit re-renders only the pages that show
that claim.

The folder is safe to delete. Each entry is one file, written whole to a
temporary file and renamed into place (`write.write_atomically`), so two
builds at once leave complete entries. A file that cannot be read, is cut
short, fails its checksum or was written by another version of the tool is
ignored and made again, never fatal. `marshal` holds only a tuple of strings,
bytes and an int here, and reading it runs no code.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from . import __version__
from .write import WORK_DIR, write_atomically

CACHE_DIR = Path(WORK_DIR) / "cache" / "render"
# Entries no build has written or read for this long are removed (a read touches
# the file), so a build running at the same time (say, of another branch) keeps
# what it is about to read.
UNUSED_FOR_SECONDS = 3600
# Libraries whose output lands in the cached text: a new version of one makes new entries.
_LIBRARIES = ("jinja2", "markupsafe", "matplotlib")
# Modules that only read and check the sources (what they make is the data the
# keys hash), write or publish what was rendered, or serve other commands: a
# change to them alone need not discard the cache. Every other module counts as
# render code, including any new one.
_NOT_RENDER_CODE = {f"{name}.py" for name in (
    "add_article", "archive", "captures", "check", "cli", "diff", "editor_tools", "extract", "foldcache", "init",
    "load", "pdf", "pdf_parts", "pipeline", "reading", "report", "savedpage", "site_config", "textmatch", "validation",
    "write", "yamlfast", "yamlsource", "renderers/__init__", "renderers/mkdocs", "renderers/zensical")}


@functools.cache
def tool() -> str:
    """Who may read an entry: this version of the tool, this Python, this render code, these libraries."""
    code, package = hashlib.sha256(), Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        name = source.relative_to(package).as_posix()
        if name not in _NOT_RENDER_CODE:
            code.update(name.encode() + b"\0" + source.read_bytes())
    libraries = " ".join(f"{name} {metadata.version(name)}" for name in _LIBRARIES)
    return (f"briefing {__version__} python {sys.version_info[0]}.{sys.version_info[1]} "
            f"code {code.hexdigest()[:16]} {libraries} font {_chart_font()}")


def _chart_font() -> str:
    """The font file the charts' labels are measured with (its path and size): another places them elsewhere."""
    from matplotlib import font_manager

    from .chart_draw import STYLE

    path = Path(font_manager.findfont(font_manager.FontProperties(family=STYLE["font.sans-serif"])))
    return f"{path} {path.stat().st_size}"


def templates_digest(templates_dir: Path) -> str:
    """A hash of every template file: an edited template makes every page's key new."""
    digest = hashlib.sha256()
    if templates_dir.is_dir():
        for path in sorted(templates_dir.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(templates_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class RenderCache:
    """Entries under `root`/.build/cache/render; without a root (a book not read from disk) nothing is kept.

    `salt` (the templates' digest) goes into every key.
    """

    def __init__(self, root: Path | None, salt: str = ""):
        self.folder = root / CACHE_DIR if root is not None else None
        self.salt = salt
        self.used: set[str] = set()
        self.made = 0  # entries made (not found) since this cache was opened: for tests and the benchmark

    def text(self, kind: str, inputs: str, make: Callable[[], str]) -> str:
        """The text that `make()` returns for `inputs`, from the cache when it was made before."""
        key = hashlib.sha256(f"{tool()}\0{self.salt}\0{kind}\0{inputs}".encode()).hexdigest()
        self.used.add(key)
        found = self._read(key)
        if found is not None:
            return found
        text = make()
        self.made += 1
        self._write(key, text)
        return text

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def _read(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            written_by, written_key, checksum, data = marshal.loads(self._path(key).read_bytes())
            if written_by != tool() or written_key != key or checksum != zlib.crc32(data):
                return None
            os.utime(self._path(key))  # used now: `prune` removes what no build has used for an hour
            return data.decode("utf-8")
        except (OSError, ValueError, EOFError, TypeError):  # missing, cut short, corrupt, not ours: make it again
            return None

    def _write(self, key: str, text: str) -> None:
        if self.folder is None:
            return
        data = text.encode("utf-8")
        try:
            write_atomically(self._path(key), marshal.dumps((tool(), key, zlib.crc32(data), data)), prefix=".entry-")
        except OSError:
            pass  # a cache that cannot be written only costs the next build some time

    def prune(self) -> None:
        """Remove the entries this build did not use and no build has used for UNUSED_FOR_SECONDS."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = time.time()
        try:
            with os.scandir(self.folder) as groups:
                for group in groups:
                    if group.is_dir(follow_symlinks=False):
                        self._prune_group(group, now)
        except OSError:
            pass  # the folder removed meanwhile (rm -rf .build, another build): nothing to prune

    def _prune_group(self, group: os.DirEntry, now: float) -> None:
        with os.scandir(group.path) as entries:
            for entry in entries:
                unused = group.name + entry.name not in self.used
                try:
                    if unused and now - entry.stat(follow_symlinks=False).st_mtime > UNUSED_FOR_SECONDS:
                        os.unlink(entry.path)
                except OSError:
                    pass  # removed by another build meanwhile

"""The folded text of each article, kept between checks by the hash of its body.

`check` matches every quote against its article's folded text (textmatch.fold).
An article rarely changes once archived, so the folded text of a body is kept
in .build/cache/folded.marshal, keyed by the sha256 of the body, and reused
while the body is the same (the map back to the original is made again when a
build needs it: check does not). The file is written by this tool's version, this Python
and the folding code it names (a hash of textmatch.py and this module); any
other file, or one that cannot be read, is ignored and replaced, never fatal.
It is safe to delete. It is written whole to a temporary file and renamed into
place, so two checks of one project at once leave one complete file or the
other. A check that finds errors writes nothing, as a failed build writes
nothing. `marshal` holds only strings here, and reading it runs no code.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
import unicodedata
from pathlib import Path

from . import __version__, textmatch
from .editor_tools import write_atomically
from .textmatch import FoldedText, fold
from .write import WORK_DIR

CACHE_FILE = Path(WORK_DIR) / "cache" / "folded.marshal"



class FoldCache:
    """fold(body), from the cache under `root` while the body is unchanged; `save` keeps what was folded.

    Without a root (a project not read from disk) nothing is read or kept.
    """

    def __init__(self, root: Path | None):
        self.root = root
        self.cached = _read_cache(root) if root is not None else {}
        self.kept: dict[str, str] = {}  # sha256 of a body -> its folded text

    def fold(self, body: str) -> FoldedText:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = self.cached.get(digest)
        folded = fold(body) if text is None else FoldedText(text, unicodedata.normalize("NFC", body))
        self.kept[digest] = folded.text
        return folded

    def save(self) -> None:
        """Write the entries of the bodies folded since this cache was read (only those), if they differ."""
        if self.root is not None and self.kept.keys() != self.cached.keys():
            _write_cache(self.root, self.kept)


@functools.cache
def tool() -> str:
    """Who may read the cache: this version of the tool, this Python, this folding code."""
    code = hashlib.sha256(Path(textmatch.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
    return f"briefing {__version__} python {sys.version_info[0]}.{sys.version_info[1]} fold {code}"


def _read_cache(root: Path) -> dict[str, str]:
    try:
        data = marshal.loads((root / CACHE_FILE).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # missing, unreadable or corrupt: fold again
        return {}
    if not isinstance(data, dict) or data.get("tool") != tool() or not isinstance(data.get("folded"), dict):
        return {}
    return {digest: text for digest, text in data["folded"].items() if isinstance(digest, str) and isinstance(text, str)}


def _write_cache(root: Path, folded: dict[str, str]) -> None:
    try:
        write_atomically(root / CACHE_FILE, marshal.dumps({"tool": tool(), "folded": folded}), prefix=".folded-")
    except OSError:
        pass  # a cache that cannot be written only costs the next check some time

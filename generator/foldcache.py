"""What reading an article makes of it, kept between checks by the hash of its text.

`check` matches every quote against its article's folded text (textmatch.fold),
and `load` reads every article's front matter. An article rarely changes once
archived, so the folded text of a body and the data of a clean front matter
are kept in .build/cache/folded.marshal (with a checksum), keyed by the sha256 of the body or
the front matter, and reused while it is the same (the fold's map back to the
original is made again when a build needs it, and a front matter's locations
when a problem needs one). The file is written by this tool's version, this
Python and the reading code it names (a hash of textmatch.py, yamlsource.py,
yamlfast.py and this module); any other file, or one that cannot be read, is
ignored and replaced, never fatal.
It is safe to delete. It is written whole to a temporary file and renamed into
place, so two checks of one project at once leave one complete file or the
other. A check that finds errors writes nothing, as a failed build writes
nothing. `marshal` holds only plain data here, and reading it runs no code.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
import unicodedata
import zlib
from importlib import metadata
from pathlib import Path

import yaml

from . import __version__, textmatch, yamlfast, yamlsource
from .problems import Problem
from .textmatch import FoldedText, fold
from .yamlsource import YamlDocument, parse_yaml
from .write import WORK_DIR, write_atomically

CACHE_FILE = Path(WORK_DIR) / "cache" / "folded.marshal"
PARTS = ("folded", "fronts")  # sha256 of a body -> its folded text; of a clean front matter -> its data


class FoldCache:
    """What reading an article makes of it, from the cache under `root` while its text is unchanged:
    `fold(body)`, and `front(text, path)` (the data of a front matter without problems).
    `save` keeps what was used.

    Without a root (a project not read from disk) nothing is read or kept.
    """

    def __init__(self, root: Path | None):
        self.root = root
        self.cached = _read_cache(root) if root is not None else {part: {} for part in PARTS}
        self.kept: dict[str, dict] = {part: {} for part in PARTS}

    def fold(self, body: str) -> FoldedText:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        text = self.cached["folded"].get(digest)
        folded = fold(body) if text is None else FoldedText(text, unicodedata.normalize("NFC", body))
        self.kept["folded"][digest] = folded.text
        return folded

    def front(self, text: str, path: str) -> tuple[YamlDocument, list[Problem]]:
        """parse_yaml of a front matter (its lines counted from the file's second)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in self.cached["fronts"]:
            data = self.kept["fronts"][digest] = self.cached["fronts"][digest]
            return YamlDocument(path, data, line_offset=1, text=text), []  # located again if a problem asks
        document, problems = parse_yaml(text, path, line_offset=1)
        if not problems:
            self.kept["fronts"][digest] = document.data
        return document, problems

    def save(self) -> None:
        """Write the entries used since this cache was read (only those), if they differ."""
        if self.root is not None and any(self.kept[part].keys() != self.cached[part].keys() for part in PARTS):
            _write_cache(self.root, self.kept)


@functools.cache
def tool() -> str:
    """Who may read the cache: this version of the tool, this Python, this folding and YAML code, these YAML parsers."""
    files = (textmatch.__file__, yamlsource.__file__, yamlfast.__file__, __file__)
    code = hashlib.sha256(b"".join(Path(name).read_bytes() for name in files)).hexdigest()[:16]
    parsers = f"rapidyaml {metadata.version('rapidyaml')} pyyaml {yaml.__version__} libyaml {yaml.__with_libyaml__}"
    return f"briefing {__version__} python {sys.version_info[0]}.{sys.version_info[1]} fold {code} {parsers}"


def _read_cache(root: Path) -> dict[str, dict]:
    """The cache's parts, or empty ones if the file is missing, cut short, damaged or someone else's."""
    empty = {part: {} for part in PARTS}
    try:
        written_by, checksum, payload = marshal.loads((root / CACHE_FILE).read_bytes())
        if written_by != tool() or checksum != zlib.crc32(payload):
            return empty
        data = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return empty
    if not isinstance(data, dict) or not all(isinstance(data.get(part), dict) for part in PARTS):
        return empty
    return {"folded": {digest: text for digest, text in data["folded"].items() if isinstance(text, str)},
            "fronts": {digest: front for digest, front in data["fronts"].items() if isinstance(front, dict)}}


def _write_cache(root: Path, kept: dict[str, dict]) -> None:
    payload = marshal.dumps(kept)
    try:
        write_atomically(root / CACHE_FILE, marshal.dumps((tool(), zlib.crc32(payload), payload)), prefix=".folded-")
    except OSError:
        pass  # a cache that cannot be written only costs the next check some time

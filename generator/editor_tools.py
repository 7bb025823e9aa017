"""Editor tools beside the build: record an article's fingerprint, write the JSON Schemas.

Files are written atomically (write.write_atomically): an interrupted run
leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import json
from pathlib import Path

from .articletext import fingerprint
from .load import read_text, split_front_matter
from .problems import BriefingError, ContentError, UsageError, relative
from .schema import json_schemas
from .write import write_atomically

SCHEMAS_DIR = "schemas"


def record_fingerprint(path: Path, root: Path) -> str:
    """Write the fingerprint of the article's current body into its front matter."""
    if path.is_symlink():
        raise UsageError(f"{path} is a symbolic link; articles must be real files inside the project")
    text, problems = read_text(path, root)
    if text is None:
        raise ContentError(problems)
    front, body, _ = split_front_matter(text)
    if front is None:
        raise UsageError(f"{path}: no front matter to record the fingerprint in")
    lines = [line for line in front.splitlines() if not line.startswith("fingerprint:")]
    lines.append(f'fingerprint: "{fingerprint(body)}"')
    write_atomically(path, "---\n" + "\n".join(lines) + "\n---\n" + body)
    return f"{path}: fingerprint recorded"


def write_schemas(root: Path, check_only: bool = False) -> str:
    """Bring schemas/ up to date with the schema classes; returns what was done.

    With `check_only`, nothing is written and a stale file is a BriefingError.
    """
    stale = []
    for name, schema in json_schemas().items():
        path = root / SCHEMAS_DIR / name
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(relative(path, root))
        if not check_only:
            write_atomically(path, text)
    if not stale:
        return "schemas up to date"
    if check_only:
        raise BriefingError(f"out of date: {', '.join(stale)}; run 'briefing schema'")
    return f"wrote {', '.join(stale)}"

"""`briefing init DIR`: start a new book (or a practice copy) with this engine's setup.

Copies the site configuration, templates and hand-written pages from the
project the engine runs from, and writes a claims.yaml with one topic and no
claims; articles are then added with `briefing add-article`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .problems import UsageError

ENGINE_ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "templates", "content/pages", "content/assets", "schemas")


def init_project(target: Path, title: str, topic_id: str, topic_title: str) -> str:
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; choose a new folder")
    missing = [name for name in COPIED if not (ENGINE_ROOT / name).exists()]
    if missing:
        raise UsageError(f"the engine's own setup is incomplete ({', '.join(missing)}); run init from a checkout of the project")
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source, destination = ENGINE_ROOT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, symlinks=False)
        else:
            shutil.copy(source, destination)
    _rename_site(target / "mkdocs.yml", title)
    (target / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (target / "claims.yaml").write_text(_claims_yaml(title, topic_id, topic_title), encoding="utf-8")
    return f"created {target}: add an article with 'briefing --root {target} add-article FILE --outlet ... --published ...'"


def _rename_site(config: Path, title: str) -> None:
    # The copied mkdocs.yml names and describes the engine's own book; the new one is about something else.
    named = json.dumps(title, ensure_ascii=False)
    replacements = {"site_name:": f"site_name: {named}\n", "site_description:": f"site_description: {named}\n"}
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [next((new for key, new in replacements.items() if line.startswith(key)), line) for line in lines]
    config.write_text("".join(lines), encoding="utf-8")


def _claims_yaml(title: str, topic_id: str, topic_title: str) -> str:
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML string
    return (
        "# yaml-language-server: $schema=schemas/claims.schema.json\n"
        f"book:\n  title: {q(title)}\n\n"
        f"topics:\n  - id: {topic_id}\n    title: {q(topic_title)}\n"
        f"    summary: {q('What this topic covers, in two or three neutral sentences.')}\n\n"
        "claims: []\n"
    )

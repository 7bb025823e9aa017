"""The thin glue between the generator and MkDocs (swap this to change renderer).

As a MkDocs plugin (`plugins: [briefing]` in mkdocs.yml) it regenerates the
pages on every build, so `mkdocs serve` shows edits to claims.yaml, articles
and templates live. `build_site` runs MkDocs for the CLI.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import render
from .dates import as_of_from_environment
from .model import Book
from .pipeline import checked_book
from .problems import ContentError
from .report import format_text
from .write import write_docs

WATCHED = ("claims.yaml", "content", "templates")


class BriefingConfig(Config):
    as_of = config_options.Optional(config_options.Type(str))
    """The book's "as of" date (YYYY-MM-DD); default: SOURCE_DATE_EPOCH or today."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """Generates the book's pages into docs_dir before MkDocs reads it."""

    def __init__(self):
        super().__init__()
        self.book: Book | None = None  # set by the CLI when it has already checked

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        book = self.book or self._load(root)
        pages = render.render_pages(book, root / "templates")
        write_docs(pages, Path(config.docs_dir), root)
        config.nav = render.navigation(book)
        return config

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path).parent
        for name in WATCHED:
            server.watch(str(root / name))
        return server

    def _load(self, root: Path) -> Book:
        as_of = as_of_from_environment(self.config.as_of, os.environ.get("SOURCE_DATE_EPOCH"), dt.date.today())
        try:
            return checked_book(root, as_of)[0]
        except ContentError as error:
            raise PluginError("the content does not check:\n" + format_text(error.problems)) from error


def load_site_config(root: Path, docs_dir: Path, site_dir: Path):
    """mkdocs.yml of the project, pointed at a docs and a site folder."""
    return load_config(str(root / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)


def build_site(root: Path, book: Book, docs_dir: Path, site_dir: Path) -> None:
    """Run MkDocs (strict) over the book; raises mkdocs' Abort on any warning."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    config = load_site_config(root, docs_dir, site_dir)
    plugin = config.plugins["briefing"]
    plugin.book = book
    mkdocs_build(config)


def serve(root: Path, as_of: dt.date, dev_addr: str) -> None:
    """MkDocs' live-reloading server; the plugin regenerates pages on each rebuild."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    (root / ".build" / "docs").mkdir(parents=True, exist_ok=True)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp()))
    print(f"serving the book as of {as_of.isoformat()} at http://{dev_addr}/ ; edits to claims.yaml, articles "
          "and templates rebuild it; press Ctrl+C to stop", flush=True)
    # "dirty": MkDocs rebuilds only the pages the plugin rewrote (write_docs
    # leaves unchanged pages untouched). A renamed topic shows in the
    # navigation of other pages after a restart.
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, build_type="dirty")

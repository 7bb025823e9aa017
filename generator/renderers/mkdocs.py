"""The MkDocs glue: run MkDocs (Material) on a written pages folder.

`build` and `serve` are what `briefing build` and `briefing serve` call; the
pages already exist when they run. `BriefingPlugin` serves people who type
`mkdocs build` or `mkdocs serve` in the project: it asks the pipeline to write
the same pages folder and points MkDocs at it, so the HTML is the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .. import site_config
from ..problems import BriefingError, ContentError
from . import Rewrite, sitemap_date, split_address

log = logging.getLogger("mkdocs")
# Where the plugin writes the pages when MkDocs is started on the project itself.
PLUGIN_FOLDER = Path(".build") / "mkdocs"
WATCHED = ("claims.yaml", "content", "templates")


def build(folder: Path, as_of: dt.date) -> Path:
    """Build `folder`/site with MkDocs, strict: any warning fails the build."""
    with sitemap_date(as_of):
        try:
            mkdocs_build(_config(folder))
        except (Abort, MkDocsException) as error:
            raise BriefingError(f"MkDocs failed: {error}") from error
    return folder / site_config.SITE


def serve(folder: Path, address: str, as_of: dt.date, rewrite: Rewrite, watched: list[Path]) -> None:
    """Live preview: on every change under `watched`, rewrite the pages, then rebuild what changed."""
    from mkdocs.livereload import LiveReloadServer

    host, port = split_address(address)
    preview = LivePreview(folder, f"http://{host}:{port}/", as_of, rewrite)
    preview.rebuild()
    site = folder / site_config.SITE
    server = LiveReloadServer(builder=preview.rebuild, host=host, port=port, root=str(site))
    # A missing page gets the site's own 404 page, as under `mkdocs serve`.
    server.error_handler = lambda code: (site / "404.html").read_bytes() if (site / "404.html").is_file() else None
    for path in watched:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("stopped")
    finally:
        server.shutdown()


class LivePreview:
    """The builds of one live preview, each after `rewrite` has rewritten the pages that changed.

    The first build builds every page; each later one (MkDocs' "dirty" build)
    only the pages whose Markdown the rewrite changed, unless the configuration
    (the navigation: a topic added or renamed) or the theme overrides changed,
    which every page shows.
    `rebuild` is what the server runs on every edit, and what a benchmark should time.
    """

    def __init__(self, folder: Path, serve_url: str, as_of: dt.date, rewrite: Rewrite):
        self.folder, self.serve_url, self.as_of, self.rewrite = folder, serve_url, as_of, rewrite
        self.built_config: bytes | None = None  # the configuration (and overrides' digest) of the last build
        self.search = _KeptSearchEntries()
        # MkDocs makes a new theme environment for every build, which compiled the theme's templates again
        # (some 0.2 s an edit); compiled code is kept by each template's source checksum, so an edit reuses it.
        self.compiled = _MemoryBytecodeCache()
        logging.getLogger("mkdocs.commands.build").addFilter(_WithoutDirtyWarning())

    def rebuild(self) -> None:
        if not self.rewrite():
            return  # the old pages stay served; the problems are in the terminal
        config_text = (self.folder / site_config.CONFIG_NAME).read_bytes() + _digest(self.folder / site_config.OVERRIDES)
        config = _config(self.folder, site_url=self.serve_url, strict=False)
        config.plugins["briefing-preview-search"] = self.search
        config.plugins["briefing-preview-templates"] = _CompiledTemplates(self.compiled)
        self.search.dirty = dirty = config_text == self.built_config
        with sitemap_date(self.as_of):
            mkdocs_build(config, serve_url=self.serve_url, dirty=dirty)
        self.built_config = config_text


class _KeptSearchEntries(BasePlugin):
    """Keeps the search index of a live preview whole across its dirty builds.

    Material's search plugin indexes the pages of the current build only, and a
    dirty build builds only the changed pages (each build loads new plugins, so
    its own carry-over never applies). This plugin, which lives as long as the
    preview, remembers each page's entries and, before the search plugin writes
    the index, puts back those of the pages not rebuilt, in the order a full
    build lists them, so the index is the one a full build would write.
    """

    def __init__(self):
        self.by_page: dict[str, list] = {}  # a page's source path: its entries, from the build that last indexed it
        self.pages: list[str] = []
        self.dirty = False  # set by the preview before each build (MkDocs' build() sends no on_startup)

    def on_files(self, files, *, config):
        self.pages = [file.src_uri for file in files if file.is_documentation_page()]
        search = _search_plugin(config)
        self.index = search.search_index if search else None  # a site without search: nothing to keep
        self.indexed = 0

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        if self.index is not None:
            self.by_page[page.file.src_uri] = self.index.entries[self.indexed:]
            self.indexed = len(self.index.entries)
        return context

    @event_priority(100)  # before the search plugin writes the index (and the offline plugin copies it)
    def on_post_build(self, *, config):
        self.by_page = {page: self.by_page[page] for page in self.pages if page in self.by_page}
        if self.dirty and self.index is not None:
            self.index.entries = [entry for entries in self.by_page.values() for entry in entries]


class _CompiledTemplates(BasePlugin):
    """Gives the theme's environment the preview's cache of compiled templates."""

    def __init__(self, cache: jinja2.BytecodeCache):
        self.cache = cache

    def on_env(self, env, *, config, files):
        env.bytecode_cache = self.cache
        return env


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of a preview (Jinja checks each against its source)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


def _digest(folder: Path) -> bytes:
    """A digest of every file under `folder` (its names and bytes); of nothing if it does not exist."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _search_plugin(config):
    """The search plugin (Material's or MkDocs' own: each keeps `search_index`), or None if the site has none."""
    return next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")), None)


def _config(folder: Path, strict: bool = True, **overrides):
    return load_config(str(folder / site_config.CONFIG_NAME), strict=strict, **overrides)


class _WithoutDirtyWarning(logging.Filter):
    """MkDocs warns on every "dirty" rebuild that links may be stale; the preview
    rebuilds on every edit by design, so the warning would only bury real ones."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class BriefingConfig(Config):
    as_of = config_options.Optional(config_options.Type(str))
    """The book's "as of" date (YYYY-MM-DD); default: SOURCE_DATE_EPOCH or today."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    """`plugins: [briefing]`: lets plain `mkdocs build` and `mkdocs serve` build the book."""

    def on_config(self, config):
        from ..dates import book_as_of
        from ..pipeline import write_book_pages
        from ..render import navigation

        root = Path(config.config_file_path).parent
        folder = root / PLUGIN_FOLDER
        try:
            book = write_book_pages(root, book_as_of(self.config.as_of), folder)
        except ContentError as error:
            from ..report import format_text
            raise PluginError("the content does not check:\n" + format_text(error.problems)) from error
        except (BriefingError, ValueError) as error:
            raise PluginError(str(error)) from error
        config.docs_dir = str(folder / site_config.DOCS)
        config.nav = navigation(book)
        return config

    def on_serve(self, server, config, builder):
        # The generated folder changes only when a source does: watch the sources.
        server.unwatch(config.docs_dir)
        root = Path(config.config_file_path).parent
        for name in WATCHED:
            server.watch(str(root / name))
        return server

"""The build, in order, and the commands' ways into it.

`build` is the whole of `briefing build`, top to bottom: load, check, model,
render the pages, write them (with the navigation and the renderer's config)
into a pages folder, make the PDF, run the renderer on that folder, and
publish. (The PDF comes before the renderer so that the book can be let go
and the renderer has the memory.) Each stage is a module of its own; this one only calls them in turn.
Everything a stage needs arrives as an argument: no settings pass through
the environment.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import os
import sys
import time
from pathlib import Path

from . import renderers, site_config
from .captures import verify_captures
from .charts import book_charts
from .check import check_project
from .downloads import forget_encoded_claims
from .editions import edition_log
from .history import read_history
from .load import load_project
from .model import Book, build_model
from .pdf import write_pdf
from .problems import BriefingError, ContentError, UsageError
from .reading import checked_book, site_url
from .report import format_text, summary
from .render import error_page, navigation, render_pages
from .rendercache import RenderCache
from .write import WORK_DIR, publish, staging, write_error_pages, write_pages_folder

SITE_DIR = "site"
PDF_NAME = "briefing-book.pdf"
SERVE_FOLDER = Path(WORK_DIR) / "serve"
WATCHED = ("claims.yaml", "content", "templates", site_config.CONFIG_NAME)


def build(root: Path, as_of: dt.date, renderer: str = renderers.DEFAULT) -> str:
    """Build site/ (pages, site, PDF) as of `as_of`; returns a one-line report.

    Everything is read and checked before anything is written, and site/ is
    replaced only once the new site and its PDF are complete.
    """
    started = time.perf_counter()
    render_site = renderers.get(renderer).build
    book = _checked_model(root, as_of)                           # 1-3. load, check, model
    made = f"{len(book.claims)} claims, {len(book.topics)} topics, {len(book.articles)} articles"
    cache = RenderCache(root)
    with staging(root) as work:
        # 4. render the pages (what changed), 5. write them with the navigation and config; the
        # pages are not kept in memory while the renderer holds its own copy of them.
        write_pages(book, render_pages(book, root / "templates", cache), root, work)
        write_pdf(book, root, work / PDF_NAME)                   # 6. the PDF, from the same book
        del book  # the renderer's memory: at 10,000 claims MkDocs needs 400 MB on top of what it is given
        release_memory()
        site = render_site(work, as_of)                          # 7. run the renderer
        os.replace(work / PDF_NAME, site / PDF_NAME)             # the PDF into the new site
        publish(site, root / SITE_DIR)                           # 8. swap it in for site/
    cache.prune()  # what this build did not use, once old enough
    seconds = time.perf_counter() - started
    return f"built {SITE_DIR}/ with {renderer} as of {as_of.isoformat()}: {made} in {seconds:.1f} s"


def release_memory() -> None:
    """Let go of what render kept for a next render, collect, and hand the freed heap back to the system (glibc)."""
    forget_encoded_claims()
    gc.collect()
    if not sys.platform.startswith("linux"):
        return  # elsewhere the memory is reused by this process all the same
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # a Linux without glibc (musl): as above
        pass


def _checked_model(root: Path, as_of: dt.date) -> Book:
    """Load, check (the saved pages too) and model the book with its editions.

    What was loaded and checked is let go on return: the renderer that runs next
    needs the memory, and only the Book is used from here on.
    """
    project = load_project(root)                                 # 1. load
    checked = check_project(project)                             # 2. check
    checked.problems += verify_captures(root, project.articles.values())  # and the saved pages behind the articles
    if checked.errors:
        raise ContentError(checked.problems)
    book = build_model(project, checked, as_of)                  # 3. model
    book.editions = edition_log(read_history(root), book, site_url(root))  # and its editions, from git
    return book


def write_pages(book: Book, pages: dict[str, str | bytes], root: Path, folder: Path) -> None:
    """Write the rendered pages, the theme overrides and the renderer's config into `folder`."""
    project_config = site_config.read_project_config(root)
    config = site_config.renderer_config(project_config, navigation(book), root)
    write_pages_folder(pages, site_config.dump(config), site_config.custom_dir(project_config, root), root, folder)


def write_book_pages(root: Path, as_of: dt.date, folder: Path) -> Book:
    """Load, check, model, render and write into `folder`, without rendering a site.

    What `briefing pages` does, and what a live preview does on every edit.
    Nothing is written if the content does not check.
    """
    if folder.resolve() == root.resolve():
        raise UsageError(f"{folder}: this is the project itself; write the pages into another folder")
    book = checked_book(root, as_of)
    cache = RenderCache(root)
    write_pages(book, render_pages(book, root / "templates", cache), root, folder)
    cache.prune()  # a preview makes new entries on every edit: the old ones go once unused for an hour
    return book


def serve(root: Path, as_of: dt.date, address: str, renderer: str, say=print) -> None:
    """Live preview: the renderer serves the pages folder, rewritten on every edit."""
    serve_site = renderers.get(renderer).serve
    renderers.ensure_port_free(address)
    folder = root / SERVE_FOLDER
    say(f"serving the book as of {as_of.isoformat()} with {renderer} at http://{address}/ ; edits to "
        "claims.yaml, articles and templates rebuild it; press Ctrl+C to stop")
    serve_site(folder, address, as_of, live_rewrite(root, as_of, folder, say), [root / name for name in WATCHED])


def live_rewrite(root: Path, as_of: dt.date, folder: Path, say=print) -> renderers.Rewrite:
    """What a live preview runs before each rebuild: rewrite the pages in `folder` that changed.

    Returns a function that writes the book's pages (only the files whose bytes
    changed are touched), or, while the content has errors, pages that list
    them; it says whether there is anything to serve.
    """
    def rewrite() -> bool:
        try:
            write_book_pages(root, as_of, folder)
            return True
        except ContentError as error:
            listing = format_text(error.problems)
            heading = f"{summary(error.problems)}: fix them and this page turns back into the book"
        except BriefingError as error:  # a template or configuration error
            listing, heading = str(error), "the book cannot be built: fix this and this page turns back into the book"
        say(f"{listing}\nbriefing: {heading}")
        try:
            write_error_site(root, folder, error_page(heading, listing))
        except BriefingError as error:  # mkdocs.yml itself is broken: no site can show anything
            say(f"briefing: {error}")
            return False
        return True

    return rewrite


def write_error_site(root: Path, folder: Path, page: str) -> None:
    """Make the pages folder show `page` (a list of problems) wherever the reader is."""
    if (folder / site_config.CONFIG_NAME).is_file():
        write_error_pages(folder, page)  # the book was written before: every page of it shows the errors
        return
    project_config = site_config.read_project_config(root)
    config = site_config.renderer_config(project_config, [{"Content errors": "index.md"}], root)
    write_pages_folder({"index.md": page}, site_config.dump(config), site_config.custom_dir(project_config, root),
                       root, folder)


def build_pdf(root: Path, as_of: dt.date, output: Path | None) -> str:
    """Build the PDF alone (default site/briefing-book.pdf), written atomically."""
    started = time.perf_counter()
    book = checked_book(root, as_of)
    book_charts(book, RenderCache(root))  # drawn once per book: from the build's cache, not anew for the PDF
    target = output or root / SITE_DIR / PDF_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then renamed: atomic, and on the same file system.
    temporary = target.with_name(f".{target.name}.partial")
    try:
        write_pdf(book, root, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    size = target.stat().st_size
    return f"wrote {target} ({size / 1024:.0f} KiB) as of {as_of.isoformat()} in {time.perf_counter() - started:.1f} s"

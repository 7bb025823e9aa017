"""The `briefing` command: parses options, runs the pipeline, sets the exit code.

Like git, it finds its project by walking up from the current folder to the
one that holds claims.yaml (or takes `--root DIR`, before or after the
command), and prints paths relative to where the editor stands.

Exit status: 0 success, 1 the content does not check (or the build failed),
2 the command was used wrongly. Streams: what the command reports (problems,
their summary, what was written) goes to stdout; failures of the tool itself
and of its use (a bad option, a missing project, a renderer that failed) go
to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .dates import book_as_of
from .problems import BriefingError, ContentError, Problem, UsageError
from .report import FORMATS, format_text, summary


def main(argv: list[str] | None = None) -> int:
    _show_mkdocs_warnings()
    _show_weasyprint_warnings()
    parser = _parser()
    args = parser.parse_args(argv)
    root = None
    try:
        root = _project_root(args.root) if getattr(args, "needs_project", True) else None
        return args.run(args, root)
    except ContentError as error:
        print(format_text(for_reader(error.problems, root)))
        print(f"briefing: {summary(error.problems)}; nothing was written")
        return 1
    except UsageError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return 2
    except BriefingError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("briefing: interrupted; site/ was left as it was", file=sys.stderr)
        return 130


def _show_mkdocs_warnings() -> None:
    # MkDocs reports through logging; without a handler its warnings vanish.
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)


class _ToStderr(logging.Handler):
    """Writes to sys.stderr as it is when a record comes (not as it was when the handler was made)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr)


def _show_weasyprint_warnings() -> None:
    # WeasyPrint reports through logging and gives its logger a NullHandler: without ours its warnings vanish.
    logger = logging.getLogger("weasyprint")
    if not any(isinstance(handler, _ToStderr) for handler in logger.handlers):
        handler = _ToStderr(logging.WARNING)
        handler.setFormatter(logging.Formatter("weasyprint: %(levelname)s: %(message)s"))
        logger.addHandler(handler)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Check and build the source-verified briefing book.")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--root", default=None, help=ROOT_HELP)
    # The same option after the command (`briefing check --root DIR`), listed in each command's help;
    # SUPPRESS keeps a value given before the command when none is given after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=argparse.SUPPRESS, help=ROOT_HELP)
    commands = _Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"), common)
    _add_book_commands(commands)
    _add_editor_commands(commands)
    return parser


ROOT_HELP = "the project folder (default: the nearest folder at or above the current one that holds claims.yaml)"


class _Commands:
    """Subcommands that all accept the global options (`--root`) after their name too."""

    def __init__(self, subparsers, common: argparse.ArgumentParser):
        self.subparsers, self.common = subparsers, common

    def add_parser(self, name: str, **options) -> argparse.ArgumentParser:
        return self.subparsers.add_parser(name, parents=[self.common], **options)


def _add_book_commands(commands) -> None:
    """The commands readers' copies come from: check, build, pages, pdf, serve."""
    check = commands.add_parser("check", help="check claims.yaml and the articles; list every problem")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="how to print problems")
    check.add_argument("--as-of", help="the date projections are judged against, YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)")
    check.add_argument("--captures", action="store_true",
                       help="verify every saved page's sha256 (by default only captures or articles changed since the last check)")
    check.set_defaults(run=_run_check)

    build = commands.add_parser("build", help="check, then build the site and the PDF into site/")
    build.add_argument("--as-of", help="the book's 'as of' date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)")
    _renderer_option(build)
    build.set_defaults(run=_run_build)

    pages = commands.add_parser("pages", help="check, then write the Markdown pages, navigation and renderer "
                                              "config into a folder, without building a site")
    pages.add_argument("folder", help="where to write them (then `mkdocs build -f FOLDER/mkdocs.yml` or "
                                      "`zensical build -f FOLDER/mkdocs.yml` builds it)")
    pages.add_argument("--as-of", help="the book's 'as of' date, YYYY-MM-DD")
    pages.set_defaults(run=_run_pages)

    pdf = commands.add_parser("pdf", help="check, then build the PDF book alone")
    pdf.add_argument("--as-of", help="the book's 'as of' date, YYYY-MM-DD")
    pdf.add_argument("--output", "-o", help="where to write it (default: site/briefing-book.pdf)")
    pdf.set_defaults(run=_run_pdf)

    serve = commands.add_parser("serve", help="live preview at http://127.0.0.1:8000, rebuilt on every edit")
    serve.add_argument("--as-of", help="the book's 'as of' date, YYYY-MM-DD")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on, HOST:PORT")
    _renderer_option(serve)
    serve.set_defaults(run=_run_serve)


def _add_editor_commands(commands) -> None:
    """The commands that help editors: add-article, diff, schema, init, fingerprint."""
    add = commands.add_parser("add-article", help="archive a raw article text, a saved HTML page or a WARC file into content/articles/")
    add.add_argument("file", help="the raw text as copied from the web page, the page saved as HTML, or a WARC file of it")
    add.add_argument("--outlet", help="the news organisation, e.g. 'ABC News' (default: the saved page's site name)")
    add.add_argument("--published", help="publication date on the page, YYYY-MM-DD (default: the saved page's date)")
    add.add_argument("--title", help="headline (default: the text's headline or the saved page's title)")
    add.add_argument("--url", help="the original address, http or https (default: the saved page's own address)")
    add.add_argument("--retrieved", help="when it was archived, YYYY-MM-DD (default for a saved page: its WARC date, or today)")
    add.add_argument("--id", dest="article_id", help="the article id (default: <outlet>-<published>)")
    add.set_defaults(run=_run_add_article)

    diff = commands.add_parser("diff", help="what the working tree changes in the book, as Markdown")
    diff.add_argument("base", nargs="?", help="git revision to compare with (default: the merge base with main)")
    diff.add_argument("--as-of", help="the date projections are judged against, YYYY-MM-DD")
    diff.set_defaults(run=_run_diff)

    schema = commands.add_parser("schema", help="write the JSON Schemas editors use into schemas/")
    schema.add_argument("--check", action="store_true", help="only verify the files are up to date (exit 1 if not)")
    schema.set_defaults(run=_run_schema)

    init = commands.add_parser("init", help="start a new book (or a practice copy) in an empty folder")
    init.add_argument("folder", help="where to create it")
    init.add_argument("--title", default="Practice book", help="the book's title")
    init.add_argument("--topic", default="overview", help="the id of its first topic (default: overview)")
    init.add_argument("--topic-title", default="Overview", help="the title of its first topic (default: Overview)")
    init.set_defaults(run=_run_init, needs_project=False)

    fingerprint = commands.add_parser("fingerprint", help="record the fingerprint of a deliberately edited article")
    fingerprint.add_argument("article", help="path of the article file")
    fingerprint.set_defaults(run=_run_fingerprint)


def _renderer_option(parser: argparse.ArgumentParser) -> None:
    from .renderers import DEFAULT, NAMES

    parser.add_argument("--renderer", choices=NAMES, default=DEFAULT,
                        help=f"what turns the pages into a site (default: {DEFAULT}, with Material; "
                             "zensical needs the [zensical] extra)")


def _project_root(value: str | None) -> Path:
    """The project: `--root` if given, else the nearest folder at or above this one holding claims.yaml."""
    if value is None:
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / "claims.yaml").is_file():
                return folder
        raise UsageError(f"no claims.yaml in {here} or any folder above it: run briefing inside a book's folder, "
                         "name one with --root DIR, or start one with 'briefing init DIR'")
    root = Path(value)
    if root.is_file():
        raise UsageError(f"--root {value} is a file; pass the folder that holds claims.yaml")
    if not root.is_dir():
        raise UsageError(f"--root {value}: no such folder")
    if not (root / "claims.yaml").exists() and not (root / "content").exists():
        raise UsageError(f"--root {value} does not look like a briefing project (no claims.yaml or content/): "
                         f"pass the folder that holds claims.yaml, or start a book there with 'briefing init {value}'")
    return root


def for_reader(problems: list[Problem], root: Path | None) -> list[Problem]:
    """Problems with paths relative to where the editor stands, when that is inside the project.

    From content/articles/, claims.yaml reads ../../claims.yaml, as git and linters
    print paths; from outside the project (--root elsewhere) they stay relative to it.
    """
    if root is None:
        return problems
    here, project = Path.cwd().resolve(), root.resolve()
    if here == project or project not in here.parents:
        return problems
    return [dataclasses.replace(p, location=dataclasses.replace(
                p.location, path=os.path.relpath(project / p.location.path, here)))
            for p in problems]


def _as_of(value: str | None) -> dt.date:
    try:
        return book_as_of(value)
    except ValueError as error:
        raise UsageError(f"--as-of: {error}" if value else str(error)) from error


def _run_check(args, root: Path) -> int:
    from .load import paused_gc
    from .reading import check

    with paused_gc():  # one pass over millions of small, acyclic objects: the cyclic collector only costs time
        result = check(root, _as_of(args.as_of), captures=args.captures)
    # Text is for the person at the terminal: paths from where they stand. JSON and
    # GitHub annotations are for tools, which want paths from the project root.
    problems = for_reader(result.problems, root) if args.format == "text" else result.problems
    output = FORMATS[args.format](problems)
    if output:
        print(output)
    if args.format == "text":
        print(f"briefing check: {summary(result.problems)}")
    return 1 if result.errors else 0


def _run_build(args, root: Path) -> int:
    from .pipeline import build

    print(build(root, _as_of(args.as_of), args.renderer))
    return 0


def _run_pages(args, root: Path) -> int:
    from .pipeline import write_book_pages

    folder = Path(args.folder)
    book = write_book_pages(root, _as_of(args.as_of), folder)
    print(f"wrote the pages of {len(book.claims)} claims into {folder}/docs and the navigation into "
          f"{folder}/mkdocs.yml; build them with: mkdocs build -f {folder}/mkdocs.yml")
    return 0


def _run_pdf(args, root: Path) -> int:
    from .pipeline import build_pdf

    print(build_pdf(root, _as_of(args.as_of), Path(args.output) if args.output else None))
    return 0


def _run_serve(args, root: Path) -> int:
    from .pipeline import serve

    serve(root, _as_of(args.as_of), args.dev_addr, args.renderer)
    return 0


def _run_add_article(args, root: Path) -> int:
    from .add_article import ArticleRequest, add_article

    root_option = args.root  # repeated in the next steps it prints (None when the project was found from here)
    request = ArticleRequest(Path(args.file), args.outlet, args.published, args.title, args.url,
                             args.article_id, args.retrieved, root_option)
    print(add_article(root, request))
    return 0


def _run_diff(args, root: Path) -> int:
    from .diff import diff_report

    print(diff_report(root, args.base, _as_of(args.as_of)), end="")
    return 0


def _run_schema(args, root: Path) -> int:
    from .editor_tools import write_schemas

    print(write_schemas(root, check_only=args.check))
    return 0


def _run_init(args, root: Path) -> int:
    from .init import init_project

    print(init_project(Path(args.folder), args.title, args.topic, args.topic_title))
    return 0


def _run_fingerprint(args, root: Path) -> int:
    from .editor_tools import record_fingerprint

    print(record_fingerprint(Path(args.article), root))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

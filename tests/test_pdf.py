"""The PDF book, read back with a PDF library: text, outline, contents page numbers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from html.parser import HTMLParser

import pikepdf
import pytest
import yaml
from pypdf import PdfReader

from generator.load import load_project

from .conftest import AS_OF, REPO


@pytest.fixture(scope="module")
def pdf(built_book):
    return PdfReader(built_book / "site" / "briefing-book.pdf")


@pytest.fixture(scope="module")
def pages_text(pdf):
    return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def _squash(text: str) -> str:
    # Extracted PDF text breaks lines and hyphenates nothing, but spacing varies.
    return re.sub(r"\s+", "", text)


def test_pdf_contains_every_claim_and_every_cited_article_title(pages_text):
    project = load_project(REPO)
    whole = _squash(" ".join(pages_text))
    for record in project.claims:
        assert _squash(record.claim.text) in whole, record.claim.id
    for article in project.articles.values():
        assert _squash(article.meta.title) in whole, article.id


def test_cover_shows_title_as_of_date_and_build_identity(pages_text, book_model):
    book = yaml.safe_load((REPO / "claims.yaml").read_text(encoding="utf-8"))
    articles = list((REPO / "content" / "articles").glob("*.md"))
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    # The book is built in a temporary folder, outside git: the identity is the version alone.
    assert pages_text[0] == (
        f"BRIEFING BOOK {book['book']['title']} {book['book']['subtitle']} As of 21 November 2026 "
        f"· sources through {book_model.sources_through.day} {book_model.sources_through:%B %Y} "
        "Edition not known: not built from a git repository "
        f"{len(book['claims'])} claims · {len(articles)} archived sources · every quotation checked against its source "
        f"Built with briefing version {version}"
    )


def test_outline_has_one_entry_per_chapter(pdf):
    project = load_project(REPO)
    top_level = [item.title for item in pdf.outline if not isinstance(item, list)]
    chapters = [t.topic.title for t in project.topics] + ["Timeline", "Where sources disagree", "Needs follow-up", "Speakers",
                                                           "Appendix: sources"]
    for chapter in chapters:
        assert chapter in top_level, (chapter, top_level)


def test_contents_page_numbers_match_where_chapters_start(pdf, pages_text):
    outline = {item.title: pdf.get_destination_page_number(item) + 1 for item in pdf.outline if not isinstance(item, list)}
    contents = next(text for text in pages_text if text.startswith("Contents"))
    for title, page in outline.items():
        if title == "Contents":
            continue
        match = re.search(re.escape(title) + r"[ .]*?(\d+)", contents)
        assert match, (title, contents)
        assert int(match[1]) == page, (title, match[1], page)


def test_a_broken_claim_stops_the_pdf_with_the_check_error(tmp_path):
    from .conftest import CLEAN_FIXTURE, make_project

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("more than 60 times", "more than 70 times"), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "check"], capture_output=True, text=True)
    pdf = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "pdf", "--as-of", AS_OF], capture_output=True, text=True)
    assert check.returncode == 1 and pdf.returncode == 1
    first_error = check.stdout.splitlines()[0]
    assert first_error.startswith("claims.yaml:")
    assert first_error in pdf.stdout and pdf.stderr == ""
    assert not (project / "site" / "briefing-book.pdf").exists()


def _offline_command(args: list[str]) -> list[str]:
    """Run `args` in a network namespace of its own (no interfaces but a down loopback),
    or, where namespaces are not allowed, with Python's sockets disabled."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n", *args]
    guard = ("import socket, runpy, sys\n"
             "def refuse(*a, **k): raise OSError('network disabled for this test')\n"
             "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
             "sys.argv = ['briefing'] + sys.argv[1:]; runpy.run_module('generator.cli', run_name='__main__')\n")
    return [args[0], "-c", guard, *args[3:]]


def test_the_pdf_builds_with_no_network(tmp_path):
    from .conftest import CLEAN_FIXTURE, make_project

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    command = _offline_command([sys.executable, "-m", "generator.cli", "--root", str(project), "pdf", "--as-of", AS_OF])
    run = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert (project / "site" / "briefing-book.pdf").stat().st_size > 10_000


def test_citations_are_internal_links_and_nothing_points_outside(pdf):
    project = load_project(REPO)
    internal, external = 0, []
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if uri:
                external.append(str(uri))
            else:
                internal += 1
    citations = sum(len(r.claim.sources) for r in project.claims)
    # Each citation: note mark -> note, note -> its passage in the archived text, passage -> note.
    assert internal >= 3 * citations
    assert external == []


# --- Tagged PDF (PDF/UA-1), read back with pikepdf -------------------------------------------

HEADINGS = {f"/H{level}": level for level in range(1, 7)}


@pytest.fixture(scope="module")
def tagged(built_book):
    with pikepdf.open(built_book / "site" / "briefing-book.pdf") as document:
        yield document


@pytest.fixture(scope="module")
def structure(tagged) -> list[tuple[str, tuple[str, ...], int | None, pikepdf.Dictionary]]:
    """Every structure element in reading order: (its type, its ancestors' types, its page, itself)."""
    pages = {page.obj.objgen: number for number, page in enumerate(tagged.pages, start=1)}
    elements = []

    def walk(element, ancestors):
        kind = str(element.get("/S"))
        page = pages.get(element.Pg.objgen) if "/Pg" in element else None
        elements.append((kind, ancestors, page, element))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, (*ancestors, kind))

    walk(tagged.Root.StructTreeRoot.K[0], ())
    return elements


@pytest.fixture(scope="module")
def book_model(built_book):
    from generator.reading import checked_book

    return checked_book(built_book, dt.date.fromisoformat(AS_OF))


def test_the_pdf_is_tagged_with_its_language_and_title(tagged, structure):
    root = tagged.Root
    assert "/StructTreeRoot" in root and len(structure) > 1000
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "en"
    title = yaml.safe_load((REPO / "claims.yaml").read_text(encoding="utf-8"))["book"]["title"]
    assert str(tagged.docinfo.Title) == title
    assert root.ViewerPreferences.DisplayDocTitle is True
    with tagged.open_metadata() as xmp:
        assert "pdfuaid:part" in xmp and xmp["pdfuaid:part"] == "1"


def test_every_chart_is_a_figure_with_the_sites_text_alternative(structure, book_model):
    from generator.charts import book_charts

    descriptions = [chart.description for topic in book_model.topics for chart in book_charts(book_model)[topic.id]]
    figures = [element for kind, _, _, element in structure if kind == "/Figure"]
    assert descriptions, "the real book has charts"
    assert [str(figure.get("/Alt", "")) for figure in figures] == descriptions


def test_headings_never_skip_a_level(structure):
    levels = [HEADINGS[kind] for kind, _, _, _ in structure if kind in HEADINGS]
    assert levels[0] == 1
    skips = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
    assert skips == []


def test_no_page_ends_with_a_heading(structure):
    # What each page shows, in reading order: a heading, or other content (with marked text).
    content = [(kind in HEADINGS or any(a in HEADINGS for a in ancestors), page)
               for kind, ancestors, page, element in structure
               if any(isinstance(kid, int) for kid in _kids(element))]
    lone, text_page = set(), None  # the page of the next text that is not a heading
    for heading, page in reversed(content):
        if not heading:
            text_page = page
        elif text_page is not None and text_page != page:
            lone.add(page)
    assert not lone, f"a heading is parted from what it heads on page(s) {sorted(lone)}"


def _kids(element):
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def test_the_print_html_has_no_duplicate_ids(book_model, built_book):
    from generator.pdf import print_html

    ids = _Elements.of(print_html(book_model, built_book)).ids()
    assert [name for name, count in Counter(ids).items() if count > 1] == []


def test_every_quoted_passage_links_to_its_notes_and_back(book_model, built_book):
    from generator.pdf import print_html

    elements = _Elements.of(print_html(book_model, built_book))
    ids = set(elements.ids())
    to_notes = {attrs["href"] for tag, attrs in elements if "passage-note" in attrs.get("class", "")}
    citations = [c for article in book_model.articles.values() for c in article.citations]
    notes = [f"#_note-{n}" for n in range(1, len(citations) + 1)]
    assert sorted(to_notes) == sorted(notes), "each passage links to every note that cites it"
    passages = {attrs["id"] for tag, attrs in elements if "passage-start" in attrs.get("class", "")}
    assert passages == {f"_src-{c.anchor}" for c in citations}, "each note's passage is marked in the archived text"
    from_notes = {attrs["href"][1:] for tag, attrs in elements
                  if "page-ref" in attrs.get("class", "") and attrs["href"].startswith("#_src-")}
    assert from_notes == passages and from_notes <= ids


def test_the_archived_texts_can_be_switched_off(tmp_path):
    from generator.pdf import print_html
    from generator.reading import checked_book

    from .conftest import CLEAN_FIXTURE, make_project

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("book:\n", "book:\n  pdf:\n    article_texts: false\n", 1),
                      encoding="utf-8")
    html = print_html(checked_book(project, dt.date.fromisoformat(AS_OF)), project)
    assert 'class="article-text"' not in html and 'class="passages"' in html
    assert html.count('class="passage-start"') == 0 and 'id="_src-' in html  # notes still lead to the quoted passages


def test_the_pdf_carries_key_figures_the_method_and_follow_ups(pdf, pages_text, book_model):
    from generator.derive import format_value, key_figures

    top_level = [item.title for item in pdf.outline if not isinstance(item, list)]
    method = (REPO / "content" / "pages" / "method.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert {"Key figures", "Needs follow-up", method} <= set(top_level)
    key_page = next(text for text in pages_text if text.startswith("Key figures"))
    for claim in key_figures(book_model):
        assert format_value(claim) in key_page
    whole = _squash(" ".join(pages_text))
    assert _squash("Before anything is published, every quote is looked up in the article it cites") in whole


def test_the_pdf_build_prints_no_weasyprint_warnings(tmp_path):
    from .conftest import make_project

    project = make_project(tmp_path / "book")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "pdf", "--as-of", AS_OF],
                         capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stderr == ""


def test_weasyprint_warnings_reach_the_build_output(tmp_path, capsys):
    from .conftest import CLEAN_FIXTURE, make_project, run_cli

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    stylesheet = project / "templates" / "print" / "print.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.cover { no-such-property: 1; }\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(project), "pdf", "--as-of", AS_OF)
    assert code == 0
    assert "weasyprint: WARNING: Ignored `no-such-property: 1`" in err


class _Elements(HTMLParser):
    """The start tags of an HTML document, in order: (tag, attributes)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    @classmethod
    def of(cls, html: str) -> "_Elements":
        parser = cls()
        parser.feed(html)
        return parser

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def __iter__(self):
        return iter(self.tags)

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]

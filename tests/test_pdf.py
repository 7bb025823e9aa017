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

from .conftest import AS_OF, REPO, make_project


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


# --- The book laid out in parts (generator/pdf_parts.py) ----------------------------------------

@pytest.fixture(scope="module")
def cut_book(tmp_path_factory):
    """The real book cut into parts of 20 kB, far smaller than the build's, so that chapters, lists
    and tables go on from one part to the next; written to a PDF, with the parts as laid out."""
    from generator import pdf as pdf_module
    from generator.reading import checked_book

    project = make_project(tmp_path_factory.mktemp("cut") / "p")
    book = checked_book(project, dt.date.fromisoformat(AS_OF))
    laid_out = {}
    real_cut, real_laid_out_parts = pdf_module.pdf_parts.cut, pdf_module.laid_out_parts

    def keep(parts, lay_out):
        laid_out["parts"], laid_out["documents"] = parts, real_laid_out_parts(parts, lay_out)
        return laid_out["documents"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module.pdf_parts, "cut", lambda html, budget: real_cut(html, 20_000))
        patch.setattr(pdf_module, "laid_out_parts", keep)
        pdf_module.write_pdf(book, project, project / "cut.pdf")
    return project / "cut.pdf", laid_out["parts"], laid_out["documents"]


def test_a_book_in_many_parts_is_one_pdf_with_the_pages_numbered_through(cut_book):
    target, parts, documents = cut_book
    assert len(parts.parts) > 10
    reader = PdfReader(target)
    texts = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert len(texts) == sum(len(document.pages) for document in documents)
    for number, text in enumerate(texts[1:], start=2):  # the cover has no page number
        assert text.endswith(f" {number}"), (number, text[-80:])
    outline = {item.title: reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)}
    contents = next(text for text in texts if text.startswith("Contents"))
    for title, page in outline.items():
        if title != "Contents":
            assert re.search(re.escape(title) + r"[ .\u2007]*?(\d+)", contents)[1] == str(page), title


def test_every_page_reference_shows_the_page_its_target_starts_on(cut_book):
    from generator.pdf import anchor_pages

    _, parts, documents = cut_book
    starts, first_page = {}, 1
    for document in documents:
        starts.update(anchor_pages(document, first_page))
        first_page += len(document.pages)
    shown = [(link.get("href")[1:], link.get("data-page")) for part in parts.parts for link in part.references()]
    assert len(shown) > 100
    assert [(target, int(text.strip("\u2007"))) for target, text in shown] == [(target, starts[target]) for target, _ in shown]


def test_a_part_that_goes_on_with_a_chapter_keeps_its_header_and_numbering(cut_book):
    target, parts, documents = cut_book
    reader = PdfReader(target)
    first_pages = [sum(len(document.pages) for document in documents[:index]) for index in range(len(documents))]
    going_on = [(part.elements[0].get("data-chapter"), first_page)
                for part, first_page in zip(parts.parts, first_pages) if part.elements[0].get("data-chapter")]
    assert going_on, "the small budget cuts some chapter"
    for title, first_page in going_on:  # the running header names the chapter the part goes on with
        assert title in reader.pages[first_page].extract_text(), (title, first_page)
    numbered = [element for part in parts.parts for element in part.elements[0].iter("ol") if element.get("start")]
    assert numbered, "and some numbered list goes on, from where it stopped"
    for ol in numbered:
        items = [li for li in ol.iter("li") if li.getparent() is ol]
        assert int(ol.get("start")) > 1 and items


def test_the_pdf_is_the_same_bytes_from_the_same_inputs(cut_book, tmp_path):
    from generator import pdf as pdf_module
    from generator.reading import checked_book

    target, _, _ = cut_book
    project = target.parent
    again = tmp_path / "again.pdf"
    with pytest.MonkeyPatch.context() as patch:
        real_cut = pdf_module.pdf_parts.cut
        patch.setattr(pdf_module.pdf_parts, "cut", lambda html, budget: real_cut(html, 20_000))
        pdf_module.write_pdf(checked_book(project, dt.date.fromisoformat(AS_OF)), project, again)
    assert again.read_bytes() == target.read_bytes()

"""The PDF book, read back with a PDF library: text, outline, contents page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib

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


def test_cover_shows_title_as_of_date_and_build_identity(pages_text):
    book = yaml.safe_load((REPO / "claims.yaml").read_text(encoding="utf-8"))
    articles = list((REPO / "content" / "articles").glob("*.md"))
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    # The book is built in a temporary folder, outside git: the identity is the version alone.
    assert pages_text[0] == (
        f"BRIEFING BOOK {book['book']['title']} {book['book']['subtitle']} As of 21 November 2026 "
        f"{len(book['claims'])} claims · {len(articles)} archived sources · every quotation checked against its source "
        f"Built with briefing version {version}"
    )


def test_outline_has_one_entry_per_chapter(pdf):
    project = load_project(REPO)
    top_level = [item.title for item in pdf.outline if not isinstance(item, list)]
    chapters = [t.topic.title for t in project.topics] + ["Timeline", "Where sources disagree", "Speakers", "Appendix: sources"]
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
    # Each citation: note mark -> note, note -> source appendix, appendix -> claim.
    assert internal >= 3 * citations
    assert external == []

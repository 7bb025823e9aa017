"""Edge cases a reviewer found: line endings, Unicode forms, empty parts, CSV cells."""

from __future__ import annotations

import csv
import datetime as dt

from generator.archive import article_file
from generator.downloads import claims_csv
from generator.load import load_project
from generator.reading import checked_book

from .conftest import CLEAN_FIXTURE, make_project, run_cli

ARTICLE = "washington-times-2024-01-25"


def _rewrite_article(project, change):
    path = project / "content" / "articles" / f"{ARTICLE}.md"
    record = load_project(project).articles[ARTICLE]
    meta = record.meta.model_dump(exclude_none=True, exclude={"fingerprint"})
    path.write_text(article_file(meta, change(record.body)), encoding="utf-8")
    return path


def test_an_article_saved_with_windows_line_endings_checks_the_same(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    path = project / "content" / "articles" / f"{ARTICLE}.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 0, out


def test_quotes_highlight_the_right_characters_in_a_decomposed_article(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    _rewrite_article(project, lambda body: "Cafe\u0301 society. " + body)  # an 'é' written as e + accent
    book = checked_book(project, dt.date(2026, 11, 21))
    article = book.articles[ARTICLE]
    assert "Caf\u00e9 society." in article.body  # kept composed, so offsets count what a reader sees
    assert [c.quote for c in article.citations] == [
        "the departure of some 2,500 American military personnel who remain in Iraq",
        "Iran-backed militants have struck American military installations in Iraq more than 60 times",
    ]
    for citation in article.citations:  # both quotes are verbatim: each span is where it starts in the body
        start = article.body.index(citation.quote)
        assert citation.span == (start, start + len(citation.quote))
        assert citation.passage == citation.quote


def test_an_empty_book_section_is_an_error_not_a_crash(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('book:\n  title: "Fixture book"\n', "book:\n"), encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1 and "claims.yaml:1:1: error: missing top-level field 'book'" in out
    code, _, err = run_cli(capsys, "--root", str(project), "build", "--as-of", "2026-11-21")
    assert code == 1 and "Traceback" not in err


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        '"Some 2,500 American military personnel remain in Iraq."', '"=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    book = checked_book(project, dt.date(2026, 11, 21))
    rows = list(csv.DictReader(claims_csv(book).splitlines()))
    assert rows[0]["text"] == "'=HYPERLINK(\"http://x\")"


def test_add_article_refuses_an_id_that_is_not_a_slug(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    raw = tmp_path / "raw.txt"
    raw.write_text("A headline\n\nSome new text.\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(project), "add-article", str(raw), "--outlet", "X",
                           "--published", "2024-09-28", "--id", "../../escape")
    assert code == 2 and "is not a valid article id" in err
    assert not (project / "escape.md").exists() and not (tmp_path / "escape.md").exists()

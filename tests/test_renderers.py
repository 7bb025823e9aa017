"""One pages folder, any renderer: `briefing pages`, plain `mkdocs build`, and Zensical."""

from __future__ import annotations

import datetime as dt
import filecmp
import html
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.cli import main
from generator.reading import checked_book
from generator.render import navigation

from .conftest import AS_OF, CLEAN_FIXTURE, make_project, run_cli
from .html_index import read_page

BIN = Path(sys.executable).parent
AS_OF_DATE = dt.date.fromisoformat(AS_OF)
AS_OF_EPOCH = "1795219200"  # 2026-11-21T00:00:00Z, the same day as AS_OF


def _nav_pages(entries: list) -> list[str]:
    """The pages of a navigation, in reading order."""
    pages = []
    for entry in entries:
        for value in entry.values():
            pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def _compare_trees(left: Path, right: Path, ignore: list[str]) -> list[str]:
    """Paths that differ between two folders (missing on one side, or different bytes)."""
    differences = []
    comparison = filecmp.dircmp(left, right, ignore=ignore)
    stack = [(comparison, "")]
    while stack:
        current, prefix = stack.pop()
        differences += [prefix + name for name in current.left_only + current.right_only]
        _, mismatch, errors = filecmp.cmpfiles(current.left, current.right, current.common_files, shallow=False)
        differences += [prefix + name for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in current.subdirs.items()]
    return sorted(differences)


def test_pages_writes_a_folder_a_renderer_builds_on_its_own(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    code, out, _ = run_cli(capsys, "--root", str(project), "pages", str(tmp_path / "pages"), "--as-of", AS_OF)
    book = checked_book(project, AS_OF_DATE)
    assert code == 0
    assert out.startswith(f"wrote the pages of {len(book.claims)} claims into {tmp_path / 'pages'}/docs and the navigation")
    config = yaml.safe_load((tmp_path / "pages" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"] == navigation(book)
    assert (config["docs_dir"], config["site_dir"], config["theme"]["custom_dir"]) == ("docs", "site", "overrides")
    assert "briefing" not in config["plugins"]
    assert (tmp_path / "pages" / "overrides" / "main.html").read_bytes() == (project / "templates" / "overrides" / "main.html").read_bytes()
    for page in _nav_pages(config["nav"]):
        assert (tmp_path / "pages" / "docs" / page).is_file(), page
    built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q", "-f", str(tmp_path / "pages" / "mkdocs.yml")],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "Some 2,500 American military personnel remain in Iraq." in read_page(
        tmp_path / "pages" / "site" / "topics" / "troop-levels.html").text


def test_pages_writes_nothing_when_the_content_does_not_check(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("article: washington-times", "article: washington-tims", 1),
                      encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "pages", str(tmp_path / "pages"), "--as-of", AS_OF)
    assert code == 1
    assert "cites article 'washington-tims-2024-01-25', which does not exist" in out
    assert not (tmp_path / "pages").exists()


def test_pages_refuses_to_write_over_the_project(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    before = (project / "mkdocs.yml").read_bytes()
    code, _, err = run_cli(capsys, "--root", str(project), "pages", str(project), "--as-of", AS_OF)
    assert code == 2
    assert err == f"briefing: {project}: this is the project itself; write the pages into another folder\n"
    assert (project / "mkdocs.yml").read_bytes() == before


def test_plain_mkdocs_build_in_a_fresh_copy_gives_the_same_site(built_book, tmp_path):
    project = make_project(tmp_path / "fresh")  # no .build/ folder: as a fresh clone
    env = {**os.environ, "SOURCE_DATE_EPOCH": AS_OF_EPOCH}
    built = subprocess.run([str(BIN / "mkdocs"), "build", "-q"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert _compare_trees(built_book / "site", project / "site", ignore=["briefing-book.pdf"]) == []


def test_both_renderers_build_every_page_with_the_same_navigation(built_book, zensical_book):
    book = checked_book(built_book, AS_OF_DATE)
    wanted = [page.removesuffix(".md") + ".html" for page in _nav_pages(navigation(book))]
    wanted += [f"sources/{article}.html" for article in book.articles]
    for project in (built_book, zensical_book):
        site = project / "site"
        assert [page for page in wanted if not (site / page).is_file()] == [], project
        home = read_page(site / "index.html")
        nav_links = [posixpath.normpath(href) for href, attributes in home.links
                     if "md-nav__link" in (attributes.get("class") or "")]
        in_nav = [href for href in nav_links if href in wanted[:len(_nav_pages(navigation(book)))]]
        assert list(dict.fromkeys(in_nav)) == wanted[:len(_nav_pages(navigation(book)))], project


def test_zensical_search_index_holds_the_claims(zensical_book):
    items = json.loads((zensical_book / "site" / "search.json").read_text(encoding="utf-8"))["items"]
    searchable = " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", item["text"])).split()) for item in items)
    book = checked_book(zensical_book, AS_OF_DATE)
    for claim in book.claims.values():
        assert " ".join(claim.text.split()) in searchable, claim.id


def test_an_unknown_renderer_is_a_usage_error(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    try:
        main(["--root", str(project), "build", "--renderer", "hugo"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "invalid choice: 'hugo' (choose from 'mkdocs', 'zensical')" in capsys.readouterr().err


def test_a_broken_link_fails_the_zensical_build_and_keeps_the_old_site(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    method = project / "content" / "pages" / "method.md"
    method.write_text(method.read_text(encoding="utf-8") + "\n[a broken link](nowhere.md)\n", encoding="utf-8")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the old site", encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF, "--renderer", "zensical")
    assert code == 1
    assert "Warning: page does not exist" in err and "method.md:" in err
    assert err.rstrip().endswith("RuntimeError: Aborted because --strict flag is set")
    assert "\x1b[" not in err and "File \"" not in err
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the old site"

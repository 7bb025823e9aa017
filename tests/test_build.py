"""The built site, read as HTML, with each renderer: claims on their pages, citations that resolve."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from generator.load import load_project

from .conftest import REPO
from .html_index import read_page


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_each_claim_text_and_anchor_is_on_its_topic_page(site, project):
    for record in project.claims:
        claim = record.claim
        page = read_page(site / "topics" / f"{claim.topic}.html")
        assert claim.id in page.ids, claim.id
        assert _one_line(claim.text) in page.text, claim.id


def test_every_citation_links_to_an_existing_highlighted_passage(site, project):
    checked = 0
    for topic in {r.claim.topic for r in project.claims}:
        page = read_page(site / "topics" / f"{topic}.html")
        for href, _ in page.links:
            if "/sources/" not in "/" + href and not href.startswith("../sources/"):
                continue
            target, anchor = urldefrag(posixpath.normpath(posixpath.join("topics", href)))
            article = read_page(site / target)
            if anchor:
                assert anchor in article.ids, href
                checked += 1
    assert checked >= sum(len(r.claim.sources) for r in project.claims)


def test_every_internal_link_in_the_site_resolves(site):
    pages = {p.relative_to(site).as_posix(): read_page(p) for p in site.rglob("*.html")}
    broken = []
    for name, page in pages.items():
        if name == "404.html":
            continue  # served for any missing path, so MkDocs writes its links absolute
        for href, _ in page.links:
            if href.startswith(("http:", "https:", "mailto:")) or href in ("", "#"):
                continue
            target, anchor = urldefrag(href)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) if target else name
            if resolved.endswith("/") or resolved == ".":
                resolved = posixpath.join(resolved, "index.html").lstrip("./")
            if not (site / resolved).exists():
                broken.append((name, href))
            elif anchor and resolved in pages and anchor not in pages[resolved].ids:
                broken.append((name, href))
    assert broken == []


def test_home_page_shows_the_as_of_date_key_figures_and_latest(site):
    home = read_page(site / "index.html")
    assert "As of 21 November 2026" in home.text
    assert "Key figures" in home.text and "Latest developments" in home.text


def test_article_pages_hold_the_full_archived_text(site, project):
    for article in project.articles.values():
        page = read_page(site / "sources" / f"{article.id}.html")
        # Highlights split the text into pieces; compare without whitespace.
        text = "".join(page.text.split())
        for paragraph in article.body.split("\n\n"):
            if not paragraph.startswith(":::"):
                assert "".join(paragraph.split()) in text, (article.id, paragraph[:60])


def test_nothing_is_fetched_from_the_network(site):
    for page in (site).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "unpkg.com", "cdn.jsdelivr", "<link rel=\"preconnect\""):
            assert needle not in html, (page, needle)


def _entry_links(page: Path, site: Path) -> list[str]:
    """The claim and passage links of a built timeline page, as paths from the site's root."""
    base = posixpath.dirname(page.relative_to(site).as_posix())
    return [posixpath.normpath(posixpath.join(base, href)) for href in
            (attrs.get("href") or "" for tag, attrs in read_page(page).links)
            if "#" in href and href.split("#")[0].split("/")[-1].endswith(".html")
            and ("topics/" in href or "sources/" in href)]


def test_a_long_timeline_is_split_into_a_page_per_year_with_every_entry(built_book, tmp_path, monkeypatch):
    """Over render.TIMELINE_PAGE_ENTRIES entries, the timeline is an index of year pages that together hold
    every entry of the one-page timeline, with working links (the strict build checks links and anchors),
    and the navigation lists the years; under it, the timeline stays one page."""
    from generator import render

    from .conftest import build_project, make_project

    whole = built_book / "site"
    monkeypatch.setattr(render, "TIMELINE_PAGE_ENTRIES", 3)
    split = build_project(make_project(tmp_path / "split")) / "site"
    assert not (whole / "timeline").exists()
    years = sorted(path.stem for path in (split / "timeline").glob("*.html"))
    assert len(years) > 1
    index = read_page(split / "timeline.html")
    assert [f"timeline/{year}.html" for year in years] == [
        href for href in (attrs.get("href") for tag, attrs in index.links) if href and href.startswith("timeline/")
        and href.endswith(".html")][:len(years)]  # the index lists each year's page, in order
    parts = [link for year in years for link in _entry_links(split / "timeline" / f"{year}.html", split)]
    assert parts == _entry_links(whole / "timeline.html", whole)
    for year in years:
        page = read_page(split / "timeline" / f"{year}.html")
        assert f"Timeline: {year}" in page.text
        nav = [attrs.get("href") for tag, attrs in page.links]
        assert "../timeline.html" in nav and all(f"{other}.html" in nav for other in years if other != year)

"""Drive headless Chromium against the built site: citations land on their quote, search works, nothing leaves the machine."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOST
from .html_index import read_page
from .system import require

HOSTLESS_SCHEMES = {"data", "about"}


def _fold(text: str) -> str:
    return " ".join(text.split())


def _has_class(name: str) -> str:
    """An XPath predicate: the element has the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _topic_with_citation(site: Path) -> str:
    for page in sorted((site / "topics").glob("*.html")):
        if re.search(r'<ol class="citations">\s*<li>\s*<a ', page.read_text(encoding="utf-8")):
            return f"topics/{page.name}"
    pytest.fail(f"no topic page under {site / 'topics'} has a citation link in ol.citations")


def _search_word(claim_text: str) -> str:
    """The longest purely alphabetic word of a claim: distinctive, and whole in the search index."""
    words = [word for word in re.findall(r"[A-Za-z]+", claim_text) if len(word) >= 5]
    assert words, f"no searchable word in claim text {claim_text!r}"
    return max(words, key=len)


@pytest.mark.browser
def test_citation_lands_on_quote_and_search_works_offline(served_site):
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium)")
    from playwright.sync_api import expect, sync_playwright

    base, site = served_site
    topic = _topic_with_citation(site)
    requested: list[str] = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("request", lambda request: requested.append(request.url))
            page = context.new_page()

            # 1. A citation on a topic page opens the article at its highlighted quote.
            page.goto(f"{base}/{topic}")
            link = page.locator("ol.citations a").first
            expect(link).to_be_visible()
            quote = _fold(link.locator("xpath=ancestor::li[1]//q").first.inner_text())
            assert quote, f"the first citation on {topic} has an empty <q>"
            claim = link.locator(f"xpath=ancestor::article[{_has_class('claim')}][1]")
            claim_text = _fold(claim.locator(".claim-text").first.inner_text())
            with page.expect_navigation():
                link.click()
            page.wait_for_load_state("load")
            fragment = urlsplit(page.url).fragment
            assert re.fullmatch(r"q-[\w-]+", fragment), f"citation led to {page.url}, not to a #q-... anchor"
            anchor = page.locator(f'[id="{fragment}"]')
            expect(anchor).to_have_count(1)
            # The anchor is an empty marker placed just before the highlighted quote; quotes that start at
            # the same place stack their anchors, so other quote anchors may come between it and the mark.
            mark = anchor.locator(f"xpath=following-sibling::*[not(self::span[{_has_class('quote-anchor')}])][1]"
                                  f"[self::mark][{_has_class('quote')}]")
            expect(mark).to_have_count(1)
            expect(mark).to_be_visible()
            marked = _fold(mark.inner_text())
            assert marked, f"the mark.quote after #{fragment} is empty"
            assert quote.startswith(marked), f"marked text {marked!r} is not the start of the cited quote {quote!r}"
            assert marked in _fold(page.locator("article").first.inner_text())

            # 2. Search on the home page finds a word of that claim.
            word = _search_word(claim_text)
            page.goto(f"{base}/index.html")
            search = page.locator("input.md-search__input")
            if not search.is_visible():
                page.locator("label.md-search__icon, label[for=__search]").first.click()
            search.click()
            search.press_sequentially(word, delay=30)
            results = page.locator(".md-search-result__item")
            expect(results.first).to_be_visible(timeout=15_000)
            texts = results.all_inner_texts()
            assert any(word.lower() in text.lower() for text in texts), f"no search result for {word!r} mentions it: {texts}"

            context.close()
        finally:
            browser.close()

    # 3. The site works offline: nothing was fetched from anywhere but the local server.
    assert requested, "no requests were recorded"
    foreign = [url for url in requested
               if urlsplit(url).scheme not in HOSTLESS_SCHEMES and urlsplit(url).hostname != LOCAL_HOST]
    assert not foreign, f"the site requested other hosts: {foreign}"


@pytest.mark.browser
def test_zensical_site_searches_offline_opened_from_disk(zensical_book):
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium)")
    from playwright.sync_api import expect, sync_playwright

    site = zensical_book / "site"
    home_text = read_page(site / "index.html").text.lower()
    # A word of an archived article that the home page does not show: only a search result can show it.
    article_text = read_page(next((site / "sources").glob("*-*.html"))).text
    word = max((w for w in re.findall(r"[A-Za-z]{6,}", article_text) if w.lower() not in home_text), key=len)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: requested.append(request.url))
            page.goto((site / "index.html").as_uri())
            page.keyboard.press("Control+k")
            page.keyboard.type(word, delay=20)
            expect(page.get_by_text(word).first).to_be_visible(timeout=15_000)
        finally:
            browser.close()
    assert requested
    assert [url for url in requested if urlsplit(url).scheme not in HOSTLESS_SCHEMES | {"file"}] == []


@pytest.mark.browser
def test_open_preview_page_reloads_to_the_errors_and_back_by_itself(tmp_path):
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium)")
    import socket
    import subprocess
    import sys

    from playwright.sync_api import expect, sync_playwright

    from .conftest import AS_OF, CLEAN_FIXTURE, REPO, make_project

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "--as-of", AS_OF,
                               "--dev-addr", f"{LOCAL_HOST}:{port}"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    claims = project / "claims.yaml"
    good = claims.read_text(encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                url = f"http://{LOCAL_HOST}:{port}/topics/troop-levels.html"
                for _ in range(120):  # the first build takes a few seconds
                    try:
                        page.goto(url)
                        break
                    except Exception:  # noqa: BLE001 - not listening yet
                        page.wait_for_timeout(500)
                expect(page.locator("p.claim-text").first).to_contain_text("Some 2,500 American military personnel remain in Iraq.", timeout=60_000)
                claims.write_text(good.replace('who remain in Iraq"', 'who remained in Iraq"'), encoding="utf-8")
                # No navigation from here on: the page reloads itself when the preview has rebuilt.
                expect(page.locator("pre.preview-errors")).to_contain_text("error: quote not found", timeout=60_000)
                page.screenshot(path=str(tmp_path / "preview-error.png"))
                claims.write_text(good, encoding="utf-8")
                expect(page.locator("p.claim-text").first).to_contain_text("Some 2,500 American military personnel remain in Iraq.", timeout=60_000)
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

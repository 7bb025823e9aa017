"""Archiving from saved web pages: extraction, captures and their digests, links back to the original.

The pages in tests/fixtures/captures/ are written for these tests in the shapes
of real outlets' pages (a wire service, a broadcaster, a WordPress newspaper, a
magazine that puts its byline and dates in the text flow) and one hostile page;
beside each, `<page>.body.md` is the archived body expected, exactly, checked
by hand.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shlex
import socket
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from generator.add_article import ArticleRequest, add_article
from generator.load import split_front_matter
from generator.passages import text_fragment_link
from generator.savedpage import MAX_CAPTURE_BYTES

from .conftest import AS_OF, CLEAN_FIXTURE, REPO, make_project, run_cli
from .html_index import read_page

PAGES = REPO / "tests" / "fixtures" / "captures"
ARTICLES = Path("content") / "articles"
CAPTURES = Path("content") / "captures"

# page: (options, the front matter expected, text the review lists as left out by the extractor,
#        text removed as furniture after it)
CASES = {
    "wire-service": ([], {
        "title": "US troops leave Iraq’s Ain al-Asad air base as coalition mission winds down",
        "outlet": "Wire Service News", "published": "2025-01-20", "author": "Lolita Baldor",
        "url": "https://wire.example.com/article/iraq-ain-al-asad-troops-leave-0001"},
        ["By LOLITA BALDOR", "Updated 4:12 PM EST, January 20, 2025", "Share Share on X Email Copy link",
         "Related Stories", "US keeps 900 troops in Syria as talks continue", "World"],
        ["READ MORE: Iraq’s parliament debates the future of foreign forces", "Read more: Our full coverage of Iraq"]),
    "broadcaster": ([], {
        "title": "Pentagon says coalition transition in Iraq on schedule", "outlet": "Broadcast News",
        "published": "2025-01-21", "author": "Luis Martinez"},
        ["By Luis Martinez", "January 21, 2025, 4:38 PM", "Related Topics", "Up Next",
         "Officials said the handover of bases would continue through the year."],
        []),
    "newspaper": ([], {
        "title": "U.S. hands over bases as Iraq mission ends", "outlet": "The Capital Times",
        "published": "2025-01-22", "author": "Mike Glenn"},
        ["- The Capital Times - Wednesday, January 22, 2025", "Share this:", "Leave a Reply",
         "About time they came home.", "Please read our comment policy before commenting."],
        ["Click to Read More and View Comments", "Click to Hide", "Mike Glenn can be reached at mglenn@example.com.",
         "Copyright © 2025 The Capital Times, LLC. Click here for reprint permission."]),
    "magazine": (["--outlet", "Policy Magazine", "--published", "2025-01-23"], {
        "title": "Iraq drawdown: what the coalition leaves behind", "outlet": "Policy Magazine",
        "published": "2025-01-23", "author": "Lara Seligman and Paul McLeary"},
        ["By Lara Seligman and Paul McLeary", "01/23/2025 05:00 PM EST"],
        ["Share this article: Facebook Twitter LinkedIn Email", "Read next: How the Pentagon plans to keep 900 troops in Syria",
         "Leave a Reply", "Updated: January 23, 2025"]),
}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p", CLEAN_FIXTURE)


def _add(capsys, project: Path, page: Path, *options: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--root", str(project), "add-article", str(page), "--retrieved", "2025-02-01", *options)


def _article(project: Path, article_id: str) -> tuple[str, str]:
    front, body, _ = split_front_matter((project / ARTICLES / f"{article_id}.md").read_text(encoding="utf-8"))
    return front, body


def _written(project: Path) -> set[str]:
    """Every file under content/ that add-article could have written (articles, captures, temporary files)."""
    return {p.relative_to(project).as_posix() for p in (project / "content").rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_outlet_page_is_archived_as_plain_exact_text(project, capsys, name):
    options, meta, left_out, furniture = CASES[name]
    code, out, err = _add(capsys, project, PAGES / f"{name}.html", *options)
    assert code == 0, err
    article_id = out.split("archived content/articles/")[1].split(".md")[0]
    front, body = _article(project, article_id)
    assert body.strip() == (PAGES / f"{name}.body.md").read_text(encoding="utf-8").strip()
    assert "<" not in body and "By " not in body and "Leave a Reply" not in body
    for key, value in meta.items():
        assert f'{key}: "{value}"' in front
    review = out.split("left out by the extractor")[1].split("archived content/")[0]
    for text in left_out:
        assert f"  - {text}\n" in review
    for text in furniture:
        assert f"  - {text}\n" in out.split("removed as page furniture")[1]
    assert run_cli(capsys, "--root", str(project), "check")[0] == 0


def test_the_review_says_where_each_value_was_found_and_the_command_line_wins(project, capsys):
    code, out, _ = _add(capsys, project, PAGES / "wire-service.html", "--outlet", "The Wire")
    assert code == 0
    assert "  title:     US troops leave Iraq’s Ain al-Asad air base" in out
    assert "(from the page's metadata: <meta property=\"og:title\">)" in out
    assert "  outlet:    The Wire  (given on the command line (the page's metadata says “Wire Service News”))" in out
    assert "  published: 2025-01-20  (from the page's metadata: <meta property=\"article:published_time\">)" in out
    assert "  author:    Lolita Baldor  (from the page's metadata: <meta name=\"author\">)" in out
    assert "  retrieved: 2025-02-01  (given on the command line)" in out
    assert "  - [caption] U.S. soldiers load equipment onto a transport plane" in out
    front, _ = _article(project, "wire-2025-01-20")
    assert 'metadata: ["title", "published", "author", "url"]' in front  # not the outlet: the editors gave it
    assert 'retrieved: "2025-02-01"' in front


def test_captions_are_kept_as_captions(project, capsys):
    assert _add(capsys, project, PAGES / "broadcaster.html")[0] == 0
    _, body = _article(project, "broadcast-news-2025-01-21")
    assert ("::: caption\nPHOTO: U.S. Army AH-64 Apache helicopters during a training exercise in northern Iraq, "
            "July 2, 2024.\nStaff Sgt. Bruce Daddis/US Army\n:::") in body


def test_the_capture_is_kept_byte_for_byte_with_its_sha256(project, capsys):
    page = PAGES / "newspaper.html"
    code, out, _ = _add(capsys, project, page)
    assert code == 0
    capture = project / CAPTURES / "capital-times-2025-01-22.html"
    assert capture.read_bytes() == page.read_bytes()
    front, _ = _article(project, "capital-times-2025-01-22")
    assert f'  sha256: "{hashlib.sha256(page.read_bytes()).hexdigest()}"' in front
    assert '  path: "content/captures/capital-times-2025-01-22.html"' in front
    assert "kept the saved page as content/captures/capital-times-2025-01-22.html (sha256 " in out


def _warc(path: Path, html: bytes, url: str, records: bool = True) -> Path:
    """A gzipped WARC of one page fetched from `url` on 21 January 2025 (with a warcinfo and a request before it)."""
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        if records:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "wire.example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-01-21T08:00:00Z"}))
    return path


def test_a_warc_file_is_archived_with_its_address_and_date(project, tmp_path, capsys):
    url = "https://wire.example.com/2025/01/20/ain-al-asad"
    warc = _warc(tmp_path / "page.warc.gz", (PAGES / "wire-service.html").read_bytes(), url)
    code, out, err = run_cli(capsys, "--root", str(project), "add-article", str(warc))
    assert code == 0, err
    assert "a WARC file" in out and "(from the WARC record's WARC-Target-URI)" in out and "(from the WARC record's WARC-Date)" in out
    front, body = _article(project, "wire-service-news-2025-01-20")
    assert body.strip() == (PAGES / "wire-service.body.md").read_text(encoding="utf-8").strip()
    assert f'url: "{url}"' in front and 'retrieved: "2025-01-21"' in front
    assert '  path: "content/captures/wire-service-news-2025-01-20.warc.gz"' in front
    assert (project / CAPTURES / "wire-service-news-2025-01-20.warc.gz").read_bytes() == warc.read_bytes()
    assert run_cli(capsys, "--root", str(project), "check", "--captures")[0] == 0


def test_hostile_html_gives_plain_text_and_nothing_runs(project, capsys, monkeypatch, tmp_path):
    def no_network(*args, **kwargs):
        raise AssertionError("the extraction tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    code, out, err = _add(capsys, project, PAGES / "hostile.html", "--url", "https://hostile.example/a?x=1&y=2")
    assert code == 0, err
    front, body = _article(project, "hostile-example-2025-02-03")
    assert body.strip() == (PAGES / "hostile.body.md").read_text(encoding="utf-8").strip()
    for text in ("INJECTED", "NOSCRIPT", "TEMPLATE TEXT", "SVG TEXT", "FORM VALUE", "alert('", "javascript:", "onerror", "onload"):
        assert text not in body and text not in front
    assert 'title: "Officials describe militia attacks"' in front  # the og:title's markup is stripped
    # The article's own words stay as text, and the page prints them as text.
    assert "writing <script>alert(1)</script> in a post" in body
    _cite(project, "hostile-example-2025-02-03", "writing <script>alert(1)</script> in a post")
    pages = tmp_path / "pages"
    assert run_cli(capsys, "--root", str(project), "pages", str(pages), "--as-of", AS_OF)[0] == 0
    page = (pages / "docs" / "sources" / "hostile-example-2025-02-03.md").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "writing &lt;script&gt;alert(1)&lt;/script&gt; in a post" in page
    assert 'href="https://hostile.example/a?x=1&amp;y=2#:~:text=writing%20%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20in%20a%20post"' in page


def _cite(project: Path, article_id: str, *quotes: str) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    for number, quote in enumerate(quotes, 1):
        escaped = quote.replace("\\", "\\\\").replace('"', '\\"')
        text += (f"  - id: {article_id}-{number}\n    topic: troop-levels\n    text: \"A claim citing {article_id}.\"\n"
                 f"    sources:\n      - article: {article_id}\n        quote: \"{escaped}\"\n")
    claims.write_text(text, encoding="utf-8")


BAD_INPUT = {
    "binary.html": (b"\x00\x01\x02PNG\x00" * 100, "is not an HTML page"),
    "navigation.html": (b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
                        "no article text found in the page"),
    "nested.html": (b"<html><body>" + b"<div>" * 50000 + b"<p>Deep text of the page.</p>" + b"</div>" * 50000 + b"</body></html>",
                    "no article text found in the page"),
    "corrupt.warc.gz": (gzip.compress(b"this is not a WARC record\r\n\r\n" * 10), "is not a readable WARC file"),
    "truncated.warc.gz": (b"\x1f\x8b\x08\x00garbage", "is not a readable WARC file"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_gets_one_line_and_nothing_is_written(project, tmp_path, capsys, name):
    data, message = BAD_INPUT[name]
    page = tmp_path / name
    page.write_bytes(data)
    before = _written(project)
    code, out, err = run_cli(capsys, "--root", str(project), "add-article", str(page), "--outlet", "X", "--published", "2025-01-01")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"briefing: {page}") and message in err, err
    assert _written(project) == before


def test_a_warc_without_a_page_or_with_a_page_too_large_is_refused(project, tmp_path, capsys):
    empty = _warc(tmp_path / "empty.warc.gz", b"", "https://x.example/", records=False)
    huge = _warc(tmp_path / "huge.warc.gz", b"<html><body>" + b"<p>x</p>" * (MAX_CAPTURE_BYTES // 8 + 1), "https://x.example/")
    before = _written(project)
    for warc, message in ((empty, "the WARC file holds no HTML page"), (huge, "the page in the WARC file is larger than 32 MiB")):
        code, _, err = run_cli(capsys, "--root", str(project), "add-article", str(warc), "--outlet", "X")
        assert code == 1 and message in err and err.count("\n") == 1
    assert _written(project) == before


def test_a_huge_page_is_refused_before_it_is_read(project, tmp_path, capsys):
    page = tmp_path / "huge.html"
    with page.open("wb") as file:
        file.write(b"<html><body>")
        file.truncate(MAX_CAPTURE_BYTES + 1)
    code, _, err = run_cli(capsys, "--root", str(project), "add-article", str(page))
    assert code == 1 and "larger than the 32 MiB a saved page may be" in err and err.count("\n") == 1
    assert not (project / CAPTURES).exists()


def test_a_long_page_is_archived_in_reasonable_time(project, tmp_path, capsys):
    paragraphs = "".join(f"<p>In paragraph {i}, officials said the drawdown would continue through the year.</p>" for i in range(3000))
    page = tmp_path / "long.html"
    page.write_text(f"<html><head><title>A long report</title></head><body><article><h1>A long report</h1>{paragraphs}"
                    "</article></body></html>", encoding="utf-8")
    code, out, err = run_cli(capsys, "--root", str(project), "add-article", str(page), "--outlet", "X", "--published", "2025-01-01")
    assert code == 0, err
    _, body = _article(project, "x-2025-01-01")
    assert body.count("\n\n") == 2999 and "In paragraph 2999," in body
    assert "  ... and 2960 more" in out  # the review lists 40 blocks and counts the rest


def test_missing_metadata_is_asked_for_and_nothing_is_written(project, capsys):
    before = _written(project)
    code, _, err = run_cli(capsys, "--root", str(project), "add-article", str(PAGES / "magazine.html"))
    assert code == 2
    assert err == f"briefing: {PAGES / 'magazine.html'}: no outlet (site name) found in the page's metadata; give it with --outlet\n"
    assert _written(project) == before


def test_a_failed_article_write_leaves_no_capture_behind(project, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("generator.add_article.write_atomically", fail)
    before = _written(project)
    with pytest.raises(OSError):
        add_article(project, ArticleRequest(PAGES / "wire-service.html"))
    assert _written(project) == before


def test_an_existing_capture_is_never_overwritten(project, capsys):
    (project / CAPTURES).mkdir(parents=True)
    (project / CAPTURES / "wire-service-news-2025-01-20.html").write_text("someone else's", encoding="utf-8")
    before = _written(project)
    code, _, err = _add(capsys, project, PAGES / "wire-service.html")
    assert code == 1 and "content/captures/wire-service-news-2025-01-20.html already exists" in err
    assert _written(project) == before


@pytest.fixture
def captured(project, capsys) -> Path:
    """The project with the wire service page archived (and its capture verified once)."""
    assert _add(capsys, project, PAGES / "wire-service.html")[0] == 0
    assert run_cli(capsys, "--root", str(project), "check")[0] == 0
    return project


CAPTURE = CAPTURES / "wire-service-news-2025-01-20.html"
ARTICLE = ARTICLES / "wire-service-news-2025-01-20.md"


def _line_of(project: Path, text: str) -> int:
    lines = (project / ARTICLE).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_tampered_capture_is_a_located_error(captured, capsys):
    with (captured / CAPTURE).open("ab") as file:
        file.write(b"<p>added later</p>")
    code, out, err = run_cli(capsys, "--root", str(captured), "check")
    assert code == 1
    line = _line_of(captured, "  sha256:")
    assert out.splitlines()[0].startswith(
        f"{ARTICLE.as_posix()}:{line}:3: error: the capture {CAPTURE.as_posix()} no longer matches its sha256 (recorded ")
    assert f"    hint: a capture is kept as it was saved: restore it with 'git checkout -- {CAPTURE.as_posix()}'" in out
    assert "briefing check: 1 error(s)" in out
    assert run_cli(capsys, "--root", str(captured), "build", "--as-of", AS_OF)[0] == 1


def test_a_missing_capture_is_a_located_error(captured, capsys):
    (captured / CAPTURE).unlink()
    code, out, _ = run_cli(capsys, "--root", str(captured), "check")
    assert code == 1
    line = _line_of(captured, "  path:")
    assert f"{ARTICLE.as_posix()}:{line}:3: error: the capture of 'wire-service-news-2025-01-20', {CAPTURE.as_posix()}, is missing" in out


def _tamper_keeping_size_and_time(path: Path) -> None:
    stat = path.stat()
    data = bytearray(path.read_bytes())
    data[data.index(b"2,500")] = ord("3")  # "3,500": same size
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_check_trusts_its_cache_until_the_capture_or_article_changes_and_captures_verifies_all(captured, capsys):
    _tamper_keeping_size_and_time(captured / CAPTURE)
    assert run_cli(capsys, "--root", str(captured), "check")[0] == 0  # size and time unchanged: verified before
    code, out, _ = run_cli(capsys, "--root", str(captured), "check", "--captures")
    assert code == 1 and "no longer matches its sha256" in out
    assert run_cli(capsys, "--root", str(captured), "check")[0] == 1  # a failed verification is not cached


def test_an_edited_article_has_its_capture_verified_again(captured, capsys):
    _tamper_keeping_size_and_time(captured / CAPTURE)
    article = captured / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace('retrieved: "2025-02-01"', 'retrieved: "2025-02-02"'),
                       encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(captured), "check")
    assert code == 1 and "no longer matches its sha256" in out


@pytest.mark.parametrize("cache", ["{not json", '{"tool": "briefing 0.0.1 captures 0", "verified": {}}', "[]", ""])
def test_a_corrupt_or_foreign_cache_is_ignored(captured, capsys, cache):
    cache_file = captured / ".build" / "cache" / "captures.json"
    assert cache_file.is_file()
    verified = cache_file.read_text(encoding="utf-8")
    # A cache from another version, claiming the tampered capture was verified, is not trusted.
    foreign = verified.replace('"tool": "briefing ', '"tool": "briefing-old ')
    _tamper_keeping_size_and_time(captured / CAPTURE)
    for text in (cache, foreign):
        cache_file.write_text(text, encoding="utf-8")
        code, out, _ = run_cli(capsys, "--root", str(captured), "check")
        assert code == 1 and "no longer matches its sha256" in out
    (captured / CAPTURE).write_bytes((PAGES / "wire-service.html").read_bytes())
    cache_file.write_text(cache, encoding="utf-8")
    assert run_cli(capsys, "--root", str(captured), "check")[0] == 0
    assert cache_file.read_text(encoding="utf-8").startswith('{\n "tool": "briefing ')  # written anew


def test_a_deleted_cache_folder_is_rebuilt(captured, capsys):
    import shutil
    shutil.rmtree(captured / ".build")
    assert run_cli(capsys, "--root", str(captured), "check")[0] == 0
    assert (captured / ".build" / "cache" / "captures.json").is_file()


def test_a_deliberate_edit_of_the_text_stays_recorded_by_the_fingerprint(captured, capsys):
    article = captured / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("two U.S. officials said Monday.", "two officials said Monday."),
                       encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(captured), "check")
    assert code == 1 and "no longer matches its fingerprint" in out and "capture" not in out
    assert run_cli(capsys, "--root", str(captured), "fingerprint", str(article))[0] == 0
    assert run_cli(capsys, "--root", str(captured), "check", "--captures")[0] == 0
    front, _ = _article(captured, "wire-service-news-2025-01-20")
    assert "capture:" in front and "sha256:" in front


def test_raw_text_loses_its_byline_date_line_share_bar_and_read_more_links(project, tmp_path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_text("US troops leave Ain al-Asad\n\nBy LOLITA C. BALDOR\n\nUpdated 4:12 PM EST, January 20, 2025\n\n"
                   "Share Facebook Twitter Email\n\nThe last U.S. troops at the base have left, officials said Monday.\n\n"
                   "READ MORE: Iraq’s parliament debates foreign forces\n\nMore than 2,000 troops remain in Iraq.\n\n"
                   "Read more: Our full coverage of Iraq\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "add-article", str(raw), "--outlet", "Wire", "--published", "2025-01-20")
    assert code == 0
    front, body = _article(project, "wire-2025-01-20")
    assert body == "\nThe last U.S. troops at the base have left, officials said Monday.\n\nMore than 2,000 troops remain in Iraq.\n"
    assert 'author: "Lolita C. Baldor"' in front
    assert "removed 5 line(s) of page furniture" in out
    assert f"run 'briefing --root {project} check', then 'briefing --root {project} diff'" in out
    assert f"read {project.as_posix()}/content/articles/wire-2025-01-20.md" in out


def test_text_fragments_are_encoded_as_the_syntax_requires():
    assert text_fragment_link("https://e.example/a", "the 2,500 U.S.-led troops & more") == \
        "https://e.example/a#:~:text=the%202%2C500%20U.S.%2Dled%20troops%20%26%20more"
    assert text_fragment_link("https://e.example/a#top", "“A transition, not a withdrawal”") == \
        "https://e.example/a#top:~:text=%E2%80%9CA%20transition%2C%20not%20a%20withdrawal%E2%80%9D"
    long = "one two three four five six seven eight nine ten"
    assert text_fragment_link("https://e.example/a", long) == "https://e.example/a#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
    across = "end of a paragraph.\n\n::: caption\nA caption line\n:::"
    assert text_fragment_link("https://e.example/a", across) == "https://e.example/a#:~:text=end%20of%20a%20paragraph.,A%20caption%20line"


def test_highlighted_passages_link_to_the_original_page(captured, capsys):
    _cite(captured, "wire-service-news-2025-01-20", "two U.S. officials said Monday",
          "The last U.S. troops assigned to the Ain al-Asad air base in western Iraq have left the sprawling facility")
    code, _, err = run_cli(capsys, "--root", str(captured), "build", "--as-of", AS_OF)
    assert code == 0, err
    page = read_page(captured / "site" / "sources" / "wire-service-news-2025-01-20.html")
    originals = [attributes for _, attributes in page.links if "original-link" in (attributes.get("class") or "")]
    base = "https://wire.example.com/article/iraq-ain-al-asad-troops-leave-0001#:~:text="
    assert [a["href"] for a in originals] == [
        base + "The%20last%20U.S.%20troops,left%20the%20sprawling%20facility",
        base + "two%20U.S.%20officials%20said%20Monday"]
    assert all(a["rel"] == "nofollow noopener" for a in originals)
    assert "↗ original" not in page.text  # a link out, not article text


def test_the_guide_to_archiving_a_saved_page_works_as_written(tmp_path, capsys, monkeypatch):
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Archiving a saved web page")[1].split("\n## ")[0]
    command = section.split("```sh\n")[1].split("```")[0].strip()
    assert command.startswith("briefing --root /tmp/practice-book add-article tests/fixtures/captures/")
    monkeypatch.chdir(REPO)
    book = tmp_path / "practice-book"
    assert run_cli(capsys, "init", str(book))[0] == 0
    code, out, err = run_cli(capsys, "--root", str(book), *shlex.split(command)[3:])
    assert code == 0, err
    example = section.split("e.g. `")[1].split("`")[0]
    assert " ".join(example.split()) in " ".join(out.split())
    assert run_cli(capsys, "--root", str(book), "check", "--captures")[0] == 0

"""The render cache: what is reused is what would have been rendered, and only what an edit touches is redone."""

from __future__ import annotations

import datetime as dt
import marshal
import multiprocessing
import re
import zlib

import pytest

from generator import render, rendercache
from generator.pipeline import write_book_pages
from generator.reading import checked_book
from generator.rendercache import CACHE_DIR, RenderCache

from .conftest import AS_OF, make_project

DATE = dt.date.fromisoformat(AS_OF)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")


@pytest.fixture
def rendered_paths(monkeypatch):
    """The paths of the pages actually rendered with Jinja (not read back from the cache)."""
    paths: list[str] = []
    original = render._render

    def recording(env, template, path, book, context):
        paths.append(path)
        return original(env, template, path, book, context)

    monkeypatch.setattr(render, "_render", recording)
    return paths


def _pages(project, cache: RenderCache | None) -> dict[str, str]:
    return render.render_pages(checked_book(project, DATE), project / "templates", cache)


def _entries(project):
    return sorted(path for path in (project / CACHE_DIR).rglob("*") if path.is_file())


def test_a_warm_render_reads_everything_back_and_gives_the_same_pages(project, rendered_paths):
    uncached = _pages(project, None)
    first = _pages(project, RenderCache(project))
    assert first == uncached and _entries(project)
    rendered_paths.clear()
    warm = RenderCache(project)
    assert _pages(project, warm) == uncached
    assert rendered_paths == [] and warm.made == 0


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", "truncate", "flip"])
def test_a_corrupt_cache_file_is_ignored_and_made_again(project, damage):
    uncached = _pages(project, None)
    _pages(project, RenderCache(project))
    for entry in _entries(project):
        data = entry.read_bytes()
        if damage == "truncate":
            entry.write_bytes(data[:len(data) // 2])
        elif damage == "flip":  # the page text changed, the checksum not
            entry.write_bytes(data[:-3] + bytes([data[-3] ^ 0x01]) + data[-2:])
        else:
            entry.write_bytes(damage)
    again = RenderCache(project)
    assert _pages(project, again) == uncached
    assert again.made == len(_entries(project))  # every entry made again, and rewritten whole
    assert _pages(project, RenderCache(project)) == uncached


def test_an_entry_written_by_another_tool_version_is_ignored(project, monkeypatch):
    uncached = _pages(project, None)
    _pages(project, RenderCache(project))
    for entry in _entries(project):  # well-formed entries whose text was made by "another version"
        _, key, _, _ = marshal.loads(entry.read_bytes())
        forged = b"FORGED by another version"
        entry.write_bytes(marshal.dumps(("briefing 0.0.0 other code", key, zlib.crc32(forged), forged)))
    assert _pages(project, RenderCache(project)) == uncached
    # And a new version of the tool finds none of this version's entries.
    monkeypatch.setattr(rendercache, "tool", lambda: "briefing 9.9.9 newer code")
    newer = RenderCache(project)
    assert _pages(project, newer) == uncached and newer.made > 0


def _edit_one_claim(project) -> tuple[str, str]:
    """Change the text of the first claim that has a figure; returns its id and its topic's page."""
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    book = checked_book(project, DATE)
    claim = next(c for c in book.claims.values() if c.figure and c.date)
    claims.write_text(text.replace(f"text: {claim.text}", f"text: {claim.text} (edited)", 1)
                      if f"text: {claim.text}" in text else
                      re.sub(rf'(text: "){re.escape(claim.text)}"', rf'\g<1>{claim.text} (edited)"', text, count=1),
                      encoding="utf-8")
    assert checked_book(project, DATE).claims[claim.id].text == f"{claim.text} (edited)"
    return claim.id, claim.page


def test_a_one_claim_edit_renders_and_rewrites_only_the_pages_that_show_the_claim(project, tmp_path, rendered_paths):
    folder = tmp_path / "pages"
    write_book_pages(project, DATE, folder)
    docs = folder / "docs"
    before = {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    book = checked_book(project, DATE)
    rendered_paths.clear()
    claim_id, topic_page = _edit_one_claim(project)
    write_book_pages(project, DATE, folder)

    cited = {c.article.page for c in book.claims[claim_id].citations}
    whole_book = {"index.md", "timeline.md", "speakers.md", "sources/index.md", "disagreements.md", "data.md",
                  "changes.md"}
    assert set(rendered_paths) <= {topic_page, *cited, *whole_book}
    assert topic_page in rendered_paths and cited <= set(rendered_paths)
    other_articles = {a.page for a in book.articles.values()} - cited
    assert other_articles and not other_articles & set(rendered_paths)
    after = {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    rewritten = {path for path in after if after[path] != before.get(path)}
    assert topic_page in rewritten and "data/claims.json" in rewritten
    assert rewritten <= {topic_page, *cited, *whole_book, "data/claims.json", "data/claims.csv", "data/figures.csv"}
    # What was read back and what was rendered again make the pages a cold render makes.
    cold = _pages(project, None)
    assert {path: (docs / path).read_text(encoding="utf-8") for path in cold} == cold


def _render_into_cache(project) -> None:
    _pages(project, RenderCache(project))


def test_two_builds_at_once_leave_a_cache_that_reads_back_whole(project):
    uncached = _pages(project, None)
    context = multiprocessing.get_context("spawn")
    builds = [context.Process(target=_render_into_cache, args=(project,)) for _ in range(2)]
    for build in builds:
        build.start()
    for build in builds:
        build.join(timeout=600)
    assert [build.exitcode for build in builds] == [0, 0]
    assert not [path for path in _entries(project) if path.name.startswith(".entry-")]  # no temporary left
    warm = RenderCache(project)
    assert _pages(project, warm) == uncached and warm.made == 0


def test_unused_entries_are_pruned_only_once_old(project, monkeypatch):
    _pages(project, RenderCache(project))
    entries = _entries(project)
    RenderCache(project).prune()  # used by no build, but new: another build may be about to read them
    assert _entries(project) == entries
    monkeypatch.setattr(rendercache, "UNUSED_FOR_SECONDS", -1)
    used = RenderCache(project)
    _pages(project, used)
    used.prune()
    assert _entries(project) == entries  # all used by this build
    RenderCache(project).prune()
    assert _entries(project) == []

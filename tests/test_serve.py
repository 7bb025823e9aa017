"""Live preview: `briefing serve` (MkDocs or Zensical) and plain `mkdocs serve` show an edit without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import AS_OF, CLEAN_FIXTURE, REPO, free_port, make_project, page_when

BIN = Path(sys.executable).parent
OLD_TEXT = "Some 2,500 American military personnel remain in Iraq."
NEW_TEXT = "Some 2,500 U.S. personnel remained in Iraq (edited)."


def _edit_shows(project: Path, command: list[str], port: int, cwd: Path) -> None:
    server = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/topics/troop-levels.html"
        page_when(url, OLD_TEXT, 90)
        claims = project / "claims.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
        page_when(url, NEW_TEXT, 90)
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("renderer", ["mkdocs", "zensical"])
def test_briefing_serve_regenerates_after_an_edit(tmp_path, renderer):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    port = free_port()
    _edit_shows(project, [sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "--as-of", AS_OF,
                          "--dev-addr", f"127.0.0.1:{port}", "--renderer", renderer], port, REPO)


def test_plain_mkdocs_serve_in_the_project_regenerates_after_an_edit(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    port = free_port()
    _edit_shows(project, [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], port, project)


def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "serve",
                                 "--dev-addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"briefing: cannot serve on 127.0.0.1:{port}: address already in use (is another preview "
                             f"running?); stop it or choose another port with --dev-addr 127.0.0.1:{port + 1}\n")


@pytest.mark.parametrize("renderer", ["mkdocs", "zensical"])
def test_preview_shows_content_errors_in_the_page_and_then_the_book_again(tmp_path, renderer):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "serve", "--as-of", AS_OF,
                               "--dev-addr", f"127.0.0.1:{port}", "--renderer", renderer],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    claims = project / "claims.yaml"
    good = claims.read_text(encoding="utf-8")
    try:
        url = f"http://127.0.0.1:{port}/topics/troop-levels.html"
        page_when(url, OLD_TEXT, 90)
        claims.write_text(good.replace('who remain in Iraq"', 'who remained <b>in</b> Iraq"'), encoding="utf-8")
        page = page_when(url, "preview-errors", 60)
        line = next(n for n, text in enumerate(good.splitlines(), 1) if 'who remain in Iraq"' in text)
        assert (f"claims.yaml:{line}:9: error: quote not found in article &#x27;washington-times-2024-01-25&#x27;"
                in page)
        assert "hint: your quote has" in page
        assert "<b>in</b>" not in page  # the editor's text is shown, escaped, never run as markup
        claims.write_text(good, encoding="utf-8")
        page_when(url, OLD_TEXT, 60)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert f"claims.yaml:{line}:9: error: quote not found in article 'washington-times-2024-01-25'" in output
    assert "briefing: 1 error(s), 0 warning(s): fix them and this page turns back into the book" in output


def _search_docs(folder: Path) -> list[dict]:
    import json
    return json.loads((folder / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_preview_keeps_a_complete_search_index_after_an_edit(tmp_path):
    """A dirty rebuild indexes only the pages it rebuilt; the preview's index still covers every page, as a
    full build of the same pages would, and the offline copy of it (search_index.js) says the same."""
    import datetime as dt

    from generator import pipeline
    from generator.renderers.mkdocs import LivePreview

    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    as_of, folder = dt.date.fromisoformat(AS_OF), tmp_path / "serve"
    preview = LivePreview(folder, "http://127.0.0.1:8000/", as_of, pipeline.live_rewrite(project, as_of, folder))
    preview.rebuild()
    before = _search_docs(folder)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    preview.rebuild()
    after = _search_docs(folder)
    assert {d["location"] for d in after} == {d["location"] for d in before}
    assert any(NEW_TEXT in d["text"] for d in after) and not any(OLD_TEXT in d["text"] for d in after)
    offline = (folder / "site" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert offline == "var __index = " + (folder / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    # What a full build of the same pages indexes, in the same order.
    LivePreview(tmp_path / "serve", "http://127.0.0.1:8000/", as_of, lambda: True).rebuild()
    assert _search_docs(folder) == after

"""The worked example in CONTRIBUTING.md, followed as written, ends with the claim on the site."""

from __future__ import annotations

import shlex

from .conftest import REPO, run_cli
from .html_index import read_page

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    """The fenced code blocks of the guide written in `language` ('' for plain)."""
    blocks, current, current_language = [], None, ""
    for line in GUIDE.splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current, current_language = [], line[3:].strip()
            else:
                if current_language == language:
                    blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_worked_example_works_as_written(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)  # the guide's commands run from the repository folder
    book = tmp_path / "practice-book"
    claim_yaml = _blocks("yaml")[0]
    expected_error = next(b for b in _blocks("") if "quote not found" in b).strip().splitlines()

    init = next(b for b in _blocks("sh") if b.startswith("briefing init /tmp/practice-book"))
    assert init.split()[:3] == ["briefing", "init", "/tmp/practice-book"]
    assert run_cli(capsys, "init", str(book), *shlex.split(init)[3:])[0] == 0
    code, out, _ = run_cli(capsys, "--root", str(book), "add-article", "tests/fixtures/raw/abc-news-raw.txt",
                           "--outlet", "ABC News", "--published", "2024-09-27")
    assert code == 0 and "archived content/articles/abc-news-2024-09-27.md (removed 2 line(s) of page furniture; 3 photo caption(s) kept apart)" in out

    claims = book / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("claims: []\n", claim_yaml), encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(book), "check")
    assert code == 0 and "briefing check: 0 error(s), 0 warning(s)" in out

    broken = claim_yaml.replace("maintain the 900 troops", "maintain the 1,000 troops")
    claims.write_text(claims.read_text(encoding="utf-8").replace(claim_yaml, broken), encoding="utf-8")
    code, out, err = run_cli(capsys, "--root", str(book), "check")
    assert code == 1
    assert (out + err).strip().splitlines() == expected_error

    claims.write_text(claims.read_text(encoding="utf-8").replace(broken, claim_yaml), encoding="utf-8")
    assert run_cli(capsys, "--root", str(book), "build", "--as-of", "2026-11-21")[0] == 0
    page = read_page(book / "site" / "topics" / "troop-levels.html")
    assert "us-troops-syria-900-sep-2024" in page.ids
    assert "The U.S. has 900 troops in northeast Syria, which the agreement with Iraq would maintain." in page.text
    article = read_page(book / "site" / "sources" / "abc-news-2024-09-27.html")
    assert "q-us-troops-syria-900-sep-2024-1" in article.ids

"""A new editor's day, step by step as README and CONTRIBUTING tell it: archive a
saved web page, add claims, make the three classic mistakes and see each in the
live preview, fix them, and read a correct `diff`."""

from __future__ import annotations

import shlex
import subprocess
import sys

from .conftest import REPO, free_port, page_when, run_cli

GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
SAVED_PAGE_COMMAND = GUIDE.split("## Archiving a saved web page")[1].split("```sh\n")[1].split("```")[0].strip()
ARTICLE = "wire-service-news-2025-01-20"

CLAIMS = f'''metrics:
  - id: us-troops-iraq
    title: "U.S. troops in Iraq"
    unit: troops
    counting: "U.S. military personnel in Iraq, as reported at a date"

claims:
  - id: ain-al-asad-handed-over-jan-2025
    topic: troop-levels
    text: "The last U.S. troops assigned to Ain al-Asad air base left it and handed it over to Iraqi forces, two U.S. officials said in January 2025."
    date: "2025-01-20"
    speaker:
      name: "two U.S. officials"
    sources:
      - article: {ARTICLE}
        quote: "The last U.S. troops assigned to the Ain al-Asad air base in western Iraq have left the sprawling facility"
  - id: about-2500-troops-at-agreement
    topic: troop-levels
    text: "About 2,500 American troops were in Iraq when the agreement was announced in September 2024."
    date: "2024-09"
    figure:
      metric: us-troops-iraq
      value: 2500
      qualifier: about
      as_of: "2024-09"
    sources:
      - article: {ARTICLE}
        quote: "About 2,500 American troops were in Iraq when the agreement was announced"
'''

MISTAKES = [
    ("a changed word in a quote", "have left the sprawling facility", "have left the huge facility",
     "error: quote not found in article '" + ARTICLE + "'"),
    ("an unknown article id", f"      - article: {ARTICLE}\n        quote: \"About",
     "      - article: wire-service-2025-01-20\n        quote: \"About",
     "cites article 'wire-service-2025-01-20', which does not exist"),
    ("an impossible date", 'date: "2025-01-20"', 'date: "2025-02-30"', "has no day 30"),
]


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "e", "GIT_AUTHOR_EMAIL": "e@example.invalid", "GIT_COMMITTER_NAME": "e",
                        "GIT_COMMITTER_EMAIL": "e@example.invalid", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_a_new_editor_archives_a_page_makes_three_mistakes_sees_them_in_the_preview_and_reads_the_diff(
        tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)  # the guide's commands run from the repository folder
    book = tmp_path / "practice-book"
    assert run_cli(capsys, "init", str(book), "--topic", "troop-levels", "--topic-title", "U.S. troop levels")[0] == 0
    _git(book, "init", "-q", "-b", "main")
    _git(book, "add", "-A")
    _git(book, "commit", "-qm", "a new book")
    _git(book, "checkout", "-qb", "ain-al-asad")

    # 1. Archive the saved page, as the guide's command does.
    code, out, err = run_cli(capsys, "--root", str(book), *shlex.split(SAVED_PAGE_COMMAND)[3:])
    assert code == 0, err
    assert f"archived content/articles/{ARTICLE}.md" in out
    assert (book / "content" / "captures" / f"{ARTICLE}.html").is_file()

    # 2. Add claims; check them.
    claims = book / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("claims: []\n", CLAIMS), encoding="utf-8")
    good = claims.read_text(encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(book), "check")
    assert (code, out) == (0, "briefing check: 0 error(s), 0 warning(s)\n")

    # 3. The live preview shows each mistake in the page, then the book again.
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--as-of", "2026-12-06"], cwd=book, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/topics/troop-levels.html"
    try:
        page_when(url, "ain-al-asad-handed-over-jan-2025", 90)
        for name, old, new, message in MISTAKES:
            assert old in good, name
            claims.write_text(good.replace(old, new, 1), encoding="utf-8")
            page = page_when(url, "preview-errors")
            line = next(n for n, text in enumerate(claims.read_text(encoding="utf-8").splitlines(), 1)
                        if new.splitlines()[0] in text)
            assert f"claims.yaml:{line}:" in page and message.replace("'", "&#x27;") in page, name
            claims.write_text(good, encoding="utf-8")
            page_when(url, "ain-al-asad-handed-over-jan-2025")
    finally:
        server.terminate()
        server.wait(timeout=20)

    # 4. The diff against main says what the branch does to the book.
    code, report, _ = run_cli(capsys, "--root", str(book), "diff", "--as-of", "2026-12-06")
    assert code == 0
    assert "2 claim(s) added, 0 removed, 0 changed; 1 article(s) added" in report
    assert f"### Articles added\n\n- `{ARTICLE}`:" in report
    # With no key metrics named, the home page shows the latest figure of each metric: a new one.
    assert ("### Key figures changed\n\n- U.S. troops in Iraq: none → about 2,500 troops "
            "(`about-2500-troops-at-agreement`)") in report
    pages = report.split("### Pages affected\n\n", 1)[1].split("\n\n", 1)[0]
    assert "`topics/troop-levels.html`" in pages and f"`sources/{ARTICLE}.html` (new)" in pages
    assert "`briefing check` passes on this change." in report

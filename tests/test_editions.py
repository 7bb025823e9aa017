"""Editions from git history: the "What changed" page, the feed, claim badges,
withdrawn-claim notices, moved-claim stubs, removed-article notices, the PDF
appendix, reproducibility, and builds where history is missing.

A temporary repository holds three editions of the clean fixture:
1. the first, written against an older schema (a figure with `unit:`, a metric
   without one): it would not pass today's check, and must still be read;
2. a claim reworded, a claim added that settles a projection and contradicts
   another claim, a claim moved to another topic;
3. a claim withdrawn (recorded under `withdrawn:`) and its article removed.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest
from pypdf import PdfReader

from generator.articletext import fingerprint
from generator.cli import main

from .claim_snippets import TALKS_AND_RESIDUAL_PRESENCE, no_formal_request
from .conftest import AS_OF, CLEAN_FIXTURE, make_project
from .html_index import read_page

WIRE = "wire-2024-02-01"
WIRE_BODY = "Officials said on Thursday that the wire service had counted the talks among the year's main events.\n"
DATES = {1: "2024-05-01T12:00:00+00:00", 2: "2024-08-01T12:00:00+00:00", 3: "2024-10-01T12:00:00+00:00"}

EDITION_1_CLAIMS = TALKS_AND_RESIDUAL_PRESENCE + f'''  - id: wire-counted-the-talks
    topic: militia-attacks
    text: "A wire service counted the talks among the year's main events."
    date: "2024-02-01"
    sources:
      - article: {WIRE}
        quote: "the wire service had counted the talks among the year's main events"
'''

ADDED_IN_2 = no_formal_request("U.S. officials said they had received no formal request <b>to pull out</b> & said so twice.")

WITHDRAWN_IN_3 = '''withdrawn:
  - id: wire-counted-the-talks
    date: "2024-10-01"
    reason: "the wire report was a summary of other reports, not a source of its own"
    see: some-2500-troops
'''


def _git(repo: Path, *args: str, date: str = DATES[1]) -> str:
    environment = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
                   "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid",
                   "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(repo),
                   "PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=environment).stdout


def _edit(project: Path, old: str, new: str) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    assert old in text, old
    claims.write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(project: Path, edition: int, message: str) -> None:
    _git(project, "add", "-A", date=DATES[edition])
    _git(project, "commit", "-qm", message, date=DATES[edition])


def _wire_article(project: Path) -> None:
    (project / "content" / "articles" / f"{WIRE}.md").write_text(
        f'---\ntitle: "Wire roundup <of> the talks"\noutlet: "Wire Service"\npublished: "2024-02-01"\n'
        f'fingerprint: "{fingerprint(WIRE_BODY)}"\n---\n\n{WIRE_BODY}', encoding="utf-8")


def _three_editions(project: Path) -> Path:
    """The fixture's repository with three editions (see the module docstring)."""
    make_project(project, CLEAN_FIXTURE)
    _edit(project, "    unit: troops\n", "")  # edition 1: the metric has no unit, the figure has one
    _edit(project, "      qualifier: \"some\"\n", "      qualifier: \"some\"\n      unit: troops\n")
    (project / "claims.yaml").write_text((project / "claims.yaml").read_text(encoding="utf-8") + EDITION_1_CLAIMS,
                                         encoding="utf-8")
    _wire_article(project)
    _git(project, "init", "-q", "-b", "main")
    _commit(project, 1, "First edition")

    _edit(project, "      qualifier: \"some\"\n      unit: troops\n", "      qualifier: \"some\"\n")
    _edit(project, "    title: \"U.S. troops in Iraq\"\n", "    title: \"U.S. troops in Iraq\"\n    unit: troops\n")
    _edit(project, "Some 2,500 American military personnel remain in Iraq.",
          "Some 2,500 American military personnel remained in Iraq in January 2024.")
    _edit(project, "  - id: residual-presence-needed\n    topic: troop-levels\n",
          "  - id: residual-presence-needed\n    topic: militia-attacks\n")
    (project / "claims.yaml").write_text((project / "claims.yaml").read_text(encoding="utf-8") + ADDED_IN_2,
                                         encoding="utf-8")
    _commit(project, 2, "Second edition")

    claims = (project / "claims.yaml").read_text(encoding="utf-8")
    start = claims.index("  - id: wire-counted-the-talks")
    end = claims.index("  - id: no-formal-request-to-pull-out")
    (project / "claims.yaml").write_text(claims[:start] + claims[end:] + WITHDRAWN_IN_3, encoding="utf-8")
    (project / "content" / "articles" / f"{WIRE}.md").unlink()
    _commit(project, 3, "Third edition")
    return project


def _build(project: Path) -> Path:
    assert main(["--root", str(project), "build", "--as-of", AS_OF]) == 0
    return project / "site"


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return _three_editions(tmp_path_factory.mktemp("editions") / "book")


@pytest.fixture(scope="module")
def site(repo) -> Path:
    return _build(repo)


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_changes_page_lists_each_edition_newest_first(site):
    page = _text(site / "changes.html")
    positions = [page.index(f'id="edition-{n}"') for n in (3, 2, 1)]
    assert positions == sorted(positions)
    assert "Edition 3 (1 October 2024, commit" in page
    assert 'href="changes.html"' in _text(site / "index.html") and "What changed" in page
    for number in (1, 2):
        assert f'id="since-{number}"' in page


def test_edition_two_lists_additions_changes_settled_follow_ups_and_disputes(site):
    page = read_page(site / "changes.html")
    html = _text(site / "changes.html")
    assert 'id="e2-added-no-formal-request-to-pull-out"' in html
    assert "topics/troop-levels.html#no-formal-request-to-pull-out" in [href for href, _ in page.links]
    # old and new wording side by side
    row = html.split('id="e2-changed-some-2500-troops"', 1)[1].split("</tr>", 1)[0]
    assert "<td>Some 2,500 American military personnel remain in Iraq.</td>" in row
    assert "<td>Some 2,500 American military personnel remained in Iraq in January 2024.</td>" in row
    assert "moved from Troop levels to Militia attacks" in html
    settled = html.split("<h3>Follow-ups settled</h3>", 1)[1].split("</ul>", 1)[0]
    assert "talks-could-lead-to-departure" in settled and "was due soon" in settled
    opened = html.split("<h3>Disputes opened</h3>", 1)[1].split("</ul>", 1)[0]
    assert "#attacks-iraq-60" in opened and "(contradicts)" in opened
    # text from YAML is data
    assert "&lt;b&gt;to pull out&lt;/b&gt; &amp; said so twice" in html and "<b>to pull out</b>" not in html


def test_edition_three_lists_the_withdrawal_and_the_removed_article(site):
    html = _text(site / "changes.html")
    item = html.split('id="e3-withdrawn-wire-counted-the-talks"', 1)[1].split("</li>", 1)[0]
    assert "withdrawn on 2024-10-01 because the wire report was a summary" in item
    assert 'href="topics/militia-attacks.html#wire-counted-the-talks"' in item
    removed = html.split("<h3>Articles removed</h3>", 1)[1].split("</ul>", 1)[0]
    assert f'href="sources/{WIRE}.html"' in removed and "Wire roundup &lt;of&gt; the talks" in removed


def test_claims_carry_badges_linking_to_their_changes(site):
    html = _text(site / "topics" / "troop-levels.html")
    badge = html.split('id="some-2500-troops"', 1)[1].split('class="claim-editions"', 1)[1].split("</span>", 1)[0]
    assert '<a href="../changes.html#edition-1">added in edition 1</a>' in badge
    assert '<a href="../changes.html#e2-changed-some-2500-troops">changed in edition 2</a>' in badge
    added = html.split('id="no-formal-request-to-pull-out"', 1)[1].split('class="claim-editions"', 1)[1]
    assert 'href="../changes.html#e2-added-no-formal-request-to-pull-out">added in edition 2</a>' in added


def test_a_withdrawn_claims_anchor_leads_to_its_notice(site):
    page = read_page(site / "topics" / "militia-attacks.html")
    html = _text(site / "topics" / "militia-attacks.html")
    assert "wire-counted-the-talks" in page.ids
    notice = html.split('id="wire-counted-the-talks"', 1)[1].split("</div>", 1)[0]
    assert "<strong>Withdrawn</strong> on 2024-10-01 because the wire report was a summary of other reports" in notice
    assert 'href="troop-levels.html#some-2500-troops"' in notice  # see: the claim that carries it
    assert "It read: <q>A wire service counted the talks among the year&#39;s main events.</q>" in notice


def test_a_moved_claim_leaves_a_stub_on_its_old_topic(site):
    page = read_page(site / "topics" / "troop-levels.html")
    assert "residual-presence-needed" in page.ids
    html = _text(site / "topics" / "troop-levels.html")
    stub = html.split('id="residual-presence-needed"', 1)[1].split("</p>", 1)[0]
    assert 'href="militia-attacks.html#residual-presence-needed"' in stub
    assert 'id="residual-presence-needed"' in _text(site / "topics" / "militia-attacks.html")


def test_a_removed_article_leaves_a_notice_page(site):
    html = _text(site / "sources" / f"{WIRE}.html")
    assert "This article is no longer in the book" in html
    assert "up to <a href=\"../changes.html#edition-2\">edition 2</a>" in html
    assert "removed in <a href=\"../changes.html#edition-3\">edition 3</a>" in html


def test_the_feed_parses_with_one_entry_per_edition(site):
    raw = (site / "feed.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title.split(":")[0] for e in feed.entries] == [
        "Edition 3 (1 October 2024)", "Edition 2 (1 August 2024)", "Edition 1 (1 May 2024)"]
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    assert [e.link for e in feed.entries] == [f"changes.html#edition-{n}" for n in (3, 2, 1)]
    assert feed.entries[0].updated == DATES[3].replace("+00:00", "+00:00")
    content = feed.entries[1].content[0].value
    assert "no-formal-request-to-pull-out" in content and "&lt;b&gt;to pull out" in content
    head = _text(site / "topics" / "troop-levels.html")
    assert '<link rel="alternate" type="application/atom+xml"' in head and 'href="../feed.xml"' in head


def test_the_claims_json_and_home_page_name_the_edition(site, repo):
    import json
    data = json.loads(_text(site / "data" / "claims.json"))
    head = _git(repo, "rev-parse", "HEAD").strip()
    assert data["edition"] == {"number": 3, "commit": head, "date": DATES[3], "as_of": "2024-10-01",
                               "uncommitted_changes": False}
    assert f"Edition 3 (1 October 2024, commit {head[:7]})" in _text(site / "index.html")


def test_the_pdf_ends_with_the_changes_since_the_previous_edition(site):
    text = "\n".join(page.extract_text() for page in PdfReader(site / "briefing-book.pdf").pages)
    assert "Edition 3 (1 October 2024" in text
    assert text.count("Appendix: changes since the previous edition") >= 2  # in the contents, and its chapter
    appendix = text.split("Since edition 2 (1 August 2024)", 1)[1]
    assert "Claims withdrawn" in appendix and "A wire service counted the talks" in appendix


def test_the_same_history_gives_the_same_bytes(site, repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    again = _build(clone)
    for name in ("feed.xml", "changes.html"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_a_shallow_clone_builds_and_says_history_is_not_available(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    site = _build(clone)
    html = _text(site / "changes.html")
    assert "History is not available" in html and "shallow clone" in html
    assert 'id="edition-' not in html
    assert "claim-editions" not in _text(site / "topics" / "troop-levels.html")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries == []


def test_the_first_commit_invents_no_history(tmp_path):
    project = make_project(tmp_path / "first", CLEAN_FIXTURE)
    _git(project, "init", "-q", "-b", "main")
    _commit(project, 1, "First edition")
    assert main(["--root", str(project), "pages", str(tmp_path / "pages"), "--as-of", AS_OF]) == 0
    page = _text(tmp_path / "pages" / "docs" / "changes.md")
    assert "this is the book's first edition" in page
    assert "<h3>" not in page


def test_check_warns_when_a_claim_of_the_previous_edition_disappears(repo, tmp_path, capsys):
    clone = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    claims = _text(clone / "claims.yaml")
    start = claims.index("  - id: residual-presence-needed")
    end = claims.index("  - id: no-formal-request-to-pull-out")
    (clone / "claims.yaml").write_text(claims[:start] + claims[end:], encoding="utf-8")
    assert main(["--root", str(clone), "check", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert ("warning: claim 'residual-presence-needed' of edition 3 is no longer in claims.yaml and is not "
            "recorded under 'withdrawn:'") in out
    assert "claims.yaml:" in out.split("warning: claim 'residual-presence-needed'")[0].splitlines()[-1]

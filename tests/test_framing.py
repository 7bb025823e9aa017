"""Provenance, time and relations as the pages show them: reposts and inferred
values marked, dates at their real precision, projections' states, disputes
shown once. Asserted on the built HTML and the PDF's text."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from generator.cli import main

from .conftest import CLEAN_FIXTURE, make_project, run_cli
from .html_index import read_page

AS_OF = "2026-11-21"
ARTICLE = "washington-times-2024-01-25"
COPY = "examiner-copy-2024-11-15"

# A repost: the page is dated 15 November 2024, the report it carries is of 25 January 2024,
# and its outlet is inferred (the text names none).
REPOST_FRONT_MATTER = '''---
title: "Copy of the January report"
outlet: "Example Aggregator"
published: "2024-11-15"
reported: "2024-01-25"
reposts: "The Washington Times, 25 January 2024"
inferred:
  outlet: "the page names no outlet; its address is the aggregator's"
  reported: "the text says 'said Thursday' of the talks announced that week"
fingerprint: "{fingerprint}"
---
'''

CLAIMS = f'''  - id: talks-set-to-open
    topic: troop-levels
    text: "In January 2024 officials were set to launch discussions that could lead to the departure of U.S. troops."
    date: "2024-01-25"
    due: "2024-06"
    sources:
      - article: {ARTICLE}
        quote: "set to launch discussions that could lead to the departure"
  - id: no-formal-request
    topic: troop-levels
    text: "U.S. officials said they had received no formal request from Iraqi officials to pull out."
    date: "2024-07"
    sources:
      - article: {ARTICLE}
        quote: "They have not received any formal request from Iraqi officials to pull out"
    relations:
      - type: settles
        claim: talks-set-to-open
      - type: contradicts
        claim: attacks-iraq-60
  - id: residual-presence
    topic: troop-levels
    text: "The U.S. said a residual troop presence was needed."
    date: "2024"
    sources:
      - article: {ARTICLE}
        quote: "says a residual troop presence is needed"
      - article: {COPY}
        quote: "says a residual troop presence is needed"
    relations:
      - type: qualifies
        claim: no-formal-request
  - id: kurdish-region-likely
    topic: militia-attacks
    text: "The Washington Times reported that U.S. forces would likely remain in the northern Kurdish region."
    date: "2024-01-25"
    open_ended: true
    sources:
      - article: {ARTICLE}
        quote: "U.S. forces would likely remain in the semi-autonomous northern Kurdish region"
  - id: timeline-due-soon
    topic: militia-attacks
    text: "A deadline falls in the weeks after the book's date."
    date: "2024-01-25"
    due: "2026-12-31"
    sources:
      - article: {ARTICLE}
        quote: "are set to launch discussions"
  - id: timeline-due-soon-restated
    topic: militia-attacks
    text: "The same deadline, restated by a linked claim."
    date: "2024-01-25"
    due: "2026-12-31"
    relations:
      - type: qualifies
        claim: timeline-due-soon
    sources:
      - article: {ARTICLE}
        quote: "officials in Washington and Baghdad are set to launch"
'''


DISPUTES = '''disputes:
  - id: deadline-date
    question: "When does the <deadline> fall?"
    claims: [timeline-due-soon-restated, timeline-due-soon]
  - id: deadline-restated
    question: "Is the deadline restated?"
    claims: [timeline-due-soon, timeline-due-soon-restated]
'''


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("framing") / "p", CLEAN_FIXTURE)
    articles = project / "content" / "articles"
    original = (articles / f"{ARTICLE}.md").read_text(encoding="utf-8")
    body = original.split("\n---\n", 1)[1]
    fingerprint = original.split('fingerprint: "', 1)[1].split('"', 1)[0]
    (articles / f"{COPY}.md").write_text(REPOST_FRONT_MATTER.format(fingerprint=fingerprint) + body, encoding="utf-8")
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8").replace("  title: \"Troop levels\"\n",
                                                      "  title: \"Troop levels\"\n    reviewed: \"2024-05-01\"\n")
    text = text.replace("claims:\n", DISPUTES + "claims:\n", 1)
    claims.write_text(text + CLAIMS, encoding="utf-8")
    assert main(["--root", str(project), "build", "--as-of", AS_OF]) == 0
    return project


def _text(project, page: str) -> str:
    return read_page(project / "site" / page).text


def test_a_repost_is_cited_by_its_report_date_with_the_page_date_and_the_attribution_marked(book):
    topic = _text(book, "topics/troop-levels.html")
    assert ("Example Aggregator (attributed), 25 January 2024 (date inferred); page dated 15 November 2024"
            in topic)
    article = _text(book, f"sources/{COPY}.html")
    assert "Reposts The Washington Times, 25 January 2024" in article
    assert "the page names no outlet; its address is the aggregator's" in article
    sources = _text(book, "sources/index.html")
    assert "Example Aggregator (attributed)" in sources


def test_an_attributed_outlet_is_never_merged_into_the_outlet_it_is_guessed_to_be(book):
    data = json.loads((book / "site" / "data" / "claims.json").read_text(encoding="utf-8"))
    residual = next(c for c in data["claims"] if c["id"] == "residual-presence")
    assert residual["outlets"] == ["Example Aggregator (attributed)", "The Washington Times"]
    assert [s["reported"] for s in residual["sources"]] == ["2024-01-25", "2024-01-25"]
    assert data["as_of"] == AS_OF and data["sources_through"] == "2024-01-25"


def test_home_page_shows_as_of_and_sources_through_and_counts_disputes(book):
    home = _text(book, "index.html")
    assert "As of 21 November 2026 · sources through 25 January 2024 (the newest report the book rests on)" in home
    # contradicts + qualifies chain three claims into one dispute; the two linked deadlines are another.
    assert "every position is shown ( 3 disputes )" in home


def test_projection_states_settled_due_soon_and_not_revisited(book):
    topic = _text(book, "topics/troop-levels.html")
    assert "due June 2024: settled" in topic
    home = _text(book, "index.html")
    assert "Coming due" in home and "due 31 December 2026: due soon" in home
    assert "open-ended, said 25 January 2024: not revisited, needs follow-up" in home
    assert "due June 2024" not in home.split("Needs follow-up ¶", 1)[1].split("Coming due ¶", 1)[0]


def test_a_dispute_is_shown_once_with_every_position(book):
    page = read_page(book / "site" / "disagreements.html")
    # The editors' dispute first, under its question (escaped), its claims in their order...
    assert "When does the <deadline> fall? ¶ 2 positions, 1 outlet The same deadline, restated" in page.text
    assert "dispute-deadline-date" in page.ids
    # ...then the links no dispute lists, joined: contradicts + qualifies chain three claims into one.
    assert "Dispute 3: claims linked by the editors ¶ 3 positions, 2 outlets" in page.text
    assert "Dispute 4" not in page.text
    # Two disputes hold the same pair: its old anchor is on the page once.
    html = (book / "site" / "disagreements.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # the old pair anchors still resolve inside the dispute
    assert "no-formal-request--residual-presence" in page.ids or "residual-presence--no-formal-request" in page.ids


def test_timeline_puts_a_year_only_date_in_its_own_group_and_a_shared_deadline_once(book):
    page = _text(book, "timeline.html")
    assert "2024, date not given" in page
    undated = page.split("2024, date not given ¶", 1)[1].split("2026 ¶", 1)[0]
    assert "The U.S. said a residual troop presence was needed." in undated
    # each claim once as the statement it is (25 January 2024), and the deadline they share once
    assert page.count("A deadline falls in the weeks after the book's date.") == 2
    assert page.count("The same deadline, restated by a linked claim.") == 2
    assert page.count("Deadline due 31 December 2026") == 1


def test_latest_developments_never_rank_a_year_only_date_above_a_known_day(book):
    home = read_page(book / "site" / "index.html").text
    latest = home.split("Latest developments ¶", 1)[1].split("Topics ¶", 1)[0]
    assert latest.index("July 2024") < latest.index("25 January 2024")
    # "2024" may be any day of 2024: the six claims with a known day or month come first, so it is left out.
    assert "residual troop presence" not in latest


def test_summary_reviewed_date_is_shown_and_a_passed_deadline_warns(book, capsys):
    assert "Summary reviewed as of 1 May 2024." in _text(book, "topics/troop-levels.html")
    code, out, _ = run_cli(capsys, "--root", str(book), "check", "--as-of", AS_OF)
    assert code == 0
    assert ("warning: the summary of topic 'troop-levels' was reviewed on 2024-05-01, and since then a deadline "
            "in it has passed: 'talks-set-to-open' (due June 2024)") in out


def test_the_pdf_shows_report_dates_disputes_and_follow_ups(book):
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(book / "site" / "briefing-book.pdf").pages)
    assert "sources through 25 January 2024" in text
    assert "Example Aggregator (attributed), 25 January 2024 (date inferred); page dated 15 November 2024" in text
    assert "When does the <deadline> fall? 2 positions, 1 outlet" in text
    assert "Dispute 3: claims linked by the editors 3 positions, 2 outlets" in text
    assert "Needs follow-up" in text and "Coming due" in text
    assert "2024, date not given" in text

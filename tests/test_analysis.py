"""Derived, never typed: corroboration, disagreements, projections past due."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import analysis
from generator.reading import check, checked_book

from .conftest import CLEAN_FIXTURE, REPO, make_project, run_cli
from .html_index import read_page

TODAY = dt.date(2026, 11, 21)
BEFORE = dt.date(2024, 10, 1)


@pytest.fixture(scope="module")
def book():
    return checked_book(REPO, TODAY)


def test_corroboration_counts_distinct_outlets_not_citations(book):
    for claim in book.claims.values():
        outlets = {c.article.meta.outlet for c in claim.citations}
        assert len(claim.outlets) == len(outlets)
    troops = [c for c in book.claims.values() if c.figure and c.figure.metric == "us-troops-iraq"]
    assert max(len(c.outlets) for c in troops) >= 3


def test_the_coalition_sizes_are_one_series_not_a_disagreement(book):
    # around 80 once, 87 in September 2024: the later size updates the earlier one
    pairs = {frozenset((d.first.id, d.second.id)) for d in analysis.disagreements(book)}
    sizes = [c.id for c in book.claims.values() if c.figure and c.figure.metric == "coalition-countries"]
    assert frozenset(sizes) not in pairs
    later = book.claims["coalition-87-countries"].claim
    assert [(r.type, r.claim) for r in later.relations] == [("updates", "coalition-once-around-80-nations")]


def _fixture_with_second_figure(tmp_path, value: int, relation: str = ""):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    extra = f'''
  - id: troops-other-report
    topic: troop-levels
    text: "Another report."
    figure:
      metric: us-troops-iraq
      value: {value}
      as_of: "2024-01-25"
{relation}    sources:
      - article: washington-times-2024-01-25
        quote: "American military personnel who remain in Iraq"
'''
    claims.write_text(claims.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return project


def test_differing_figures_for_the_same_time_are_a_disagreement_and_a_warning(tmp_path, capsys):
    project = _fixture_with_second_figure(tmp_path, 3000)
    conflicts = analysis.figure_conflicts(checked_book(project, TODAY))
    assert [(c.kind, c.explained) for c in conflicts] == [("figures differ", False)]
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 0  # a warning, not an error
    assert "warning: figure of 'troops-other-report' disagrees with 'some-2500-troops'" in out


def test_a_relation_explains_the_disagreement_and_silences_the_warning(tmp_path):
    relation = "    relations:\n      - type: qualifies\n        claim: some-2500-troops\n"
    project = _fixture_with_second_figure(tmp_path, 3000, relation)
    assert [p for p in check(project, TODAY).problems if p.code == "figure-disagreement"] == []


def test_equal_figures_are_no_disagreement(tmp_path):
    project = _fixture_with_second_figure(tmp_path, 2500)
    assert analysis.figure_conflicts(checked_book(project, TODAY)) == []


# Every claim of the book with a `due` date, soonest due first (ties in file
# order), then every open-ended statement (`open_ended: true`, no `due`), oldest
# first (ties in file order), and its state as of BEFORE and as of TODAY, worked
# out by hand from claims.yaml. A projection is settled once a later claim
# `settles` it; otherwise upcoming, then due soon within 60 days of its due date
# (the default book.follow_up.due_soon_days), then past due once the last day
# its due date covers has passed. An open-ended statement is open until it is
# 12 months old (book.follow_up.revisit_after_months), then not revisited.
# The settled ones: hmc-delayed-by-militia-attacks (2024-01-25) settles the
# transition scheduled for 2023; agreement-announced-end-coalition-presence-two-years
# (2024-09-27) settles the two announcements expected after Sept. 20, 2024.
# The end-2026 projections are 40 days away on TODAY: due soon.
PROJECTIONS = [
    # claim id                                               due           BEFORE      TODAY
    ("hmc-transition-scheduled-late-2023",                   "2023",       "settled",  "settled"),
    ("announcement-expected-sep-2024",                       "2024-09-29", "settled",  "settled"),
    # no longer settled by the announcement: no source says the UNGA meeting came first
    ("announcement-after-unga-meeting",                      "2024-09-29", "past due", "past due"),
    ("ministerial-scheduled-sept-30-2024",                   "2024-09-30", "past due", "past due"),
    ("isis-attacks-on-pace-to-double-2024",                  "2024",       "upcoming", "past due"),
    ("centcom-isis-attacks-expected-to-double-2024",         "2024",       "upcoming", "past due"),
    ("biden-push-before-leaving-office",                     "2025-01",    "upcoming", "past due"),
    ("mission-wind-down-over-next-year",                     "2025-09",    "upcoming", "past due"),
    ("coalition-presence-iraq-end-by-sept-2025",             "2025-09",    "upcoming", "past due"),
    ("current-deployment-conclude-iraq-sept-2025",           "2025-09",    "upcoming", "past due"),
    ("agreement-announced-end-coalition-presence-two-years", "2026-09",    "upcoming", "past due"),
    ("syria-mission-from-iraq-until-sept-2026",              "2026-09",    "upcoming", "past due"),
    ("iraqi-officials-complete-withdrawal-end-2026",         "2026",       "upcoming", "due soon"),
    ("abbasi-smaller-advisory-element-through-2026",         "2026",       "upcoming", "due soon"),
    ("iraqi-officials-mission-significantly-reduced-2026",   "2026",       "upcoming", "due soon"),
    # open-ended, by the date said
    ("us-forces-likely-remain-kurdish-region-jan-2024",      None,         "open",     "not revisited"),
    ("us-iraq-talks-set-to-begin-jan-2024",                  None,         "settled",  "settled"),
    ("iraqi-foreign-ministry-clear-timeline",                None,         "settled",  "settled"),
    ("iraqi-foreign-ministry-gradual-reduction",             None,         "open",     "not revisited"),
    ("dod-raids-will-continue",                              None,         "open",     "not revisited"),
    ("iraq-allows-us-presence-to-support-syria",             None,         "open",     "not revisited"),
    ("singh-footprint-changing",                             None,         "open",     "not revisited"),
    ("coalition-continues-without-iraq-presence",            None,         "open",     "not revisited"),
    ("dod-transition-orderly-responsible",                   None,         "open",     "not revisited"),
    ("senior-admin-official-committed-defeating-core-isis",  None,         "open",     "not revisited"),
    ("senior-admin-official-us-core-of-coalition",           None,         "open",     "not revisited"),
    ("officials-future-presence-subject-of-future-talks",    None,         "open",     "not revisited"),
    ("senior-admin-official-transition-depends-on-conditions", None,       "open",     "not revisited"),
]


def test_projections_are_upcoming_before_and_past_due_after(book):
    before = checked_book(REPO, BEFORE)
    early = [(p.claim.id, p.claim.due and str(p.claim.due), p.state) for p in analysis.projections(before)]
    late = [(p.claim.id, p.claim.due and str(p.claim.due), p.state) for p in analysis.projections(book)]
    assert early == [(claim_id, due, state) for claim_id, due, state, _ in PROJECTIONS]
    assert late == [(claim_id, due, state) for claim_id, due, _, state in PROJECTIONS]


@pytest.fixture(scope="module")
def early_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("early") / "p")
    from generator.cli import main
    assert main(["--root", str(project), "build", "--as-of", BEFORE.isoformat()]) == 0
    return project


def test_home_page_follow_ups_depend_on_the_as_of_date(built_book, early_site, book):
    late_home = read_page(built_book / "site" / "index.html").text
    early_home = read_page(early_site / "site" / "index.html").text
    due_2025 = [p.claim for p in analysis.projections(book) if p.claim.due and p.claim.due.start.year == 2025 and p.needs_follow_up]
    assert due_2025
    assert "Needs follow-up" in late_home
    for claim in due_2025:
        assert " ".join(claim.text.split()) in late_home
        assert " ".join(claim.text.split()) not in early_home
    timeline = read_page(early_site / "site" / "timeline.html").text
    assert "upcoming" in timeline

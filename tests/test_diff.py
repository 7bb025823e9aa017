"""`briefing diff` computed, not guessed: each section of the report against what
really changed, the pages against both revisions' generated pages."""

from __future__ import annotations

import datetime as dt
import filecmp
import subprocess

import pytest

from generator import urls
from generator.cli import main
from generator.diff import diff_report

from .claim_snippets import ARTICLE, TALKS_AND_RESIDUAL_PRESENCE, no_formal_request
from .conftest import AS_OF, CLEAN_FIXTURE, make_project


BASE_CLAIMS = TALKS_AND_RESIDUAL_PRESENCE + '''    relations:
      - type: qualifies
        claim: talks-could-lead-to-departure
'''

BRANCH_CLAIMS = f'''  - id: isis-about-1000-militants
    topic: troop-levels
    text: "ISIS had about 1,000 militants remaining in Syria and Iraq in January 2024."
    date: "2024-01-25"
    figure:
      metric: isis-militants
      value: 1000
      qualifier: about
      as_of: "2024-01-25"
    sources:
      - article: {ARTICLE}
        quote: "about 1,000 militants remaining in its ever-shrinking territory"
''' + no_formal_request()

METRIC = '''  - id: isis-militants
    title: "ISIS militants remaining"
    unit: militants
    counting: "ISIS militants remaining in Syria and Iraq"
'''


def _git(project, *args):
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "HOME": str(project), "PATH": "/usr/bin:/bin"})


def _edit(project, old: str, new: str) -> None:
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    assert old in text
    claims.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def change(tmp_path_factory):
    """(project on an editor's branch, pages folder of main, pages folder of the branch)."""
    folder = tmp_path_factory.mktemp("diff")
    project = make_project(folder / "p", CLEAN_FIXTURE)
    _edit(project, "book:\n", "book:\n  key_metrics: [us-troops-iraq, isis-militants]\n")
    _edit(project, "  - id: us-troops-iraq\n", METRIC + "  - id: us-troops-iraq\n")
    (project / "claims.yaml").write_text((project / "claims.yaml").read_text(encoding="utf-8") + BASE_CLAIMS,
                                         encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    base_pages = folder / "base-pages"
    assert run_cli_quiet("--root", str(project), "pages", str(base_pages), "--as-of", AS_OF) == 0

    _git(project, "checkout", "-qb", "editor")
    _edit(project, "Some 2,500 American military personnel remain in Iraq.",
          "Some 2,500 American military personnel remained in Iraq in January 2024.")
    _edit(project, "    relations:\n      - type: qualifies\n        claim: talks-could-lead-to-departure\n", "")
    (project / "claims.yaml").write_text((project / "claims.yaml").read_text(encoding="utf-8") + BRANCH_CLAIMS,
                                         encoding="utf-8")
    branch_pages = folder / "branch-pages"
    assert run_cli_quiet("--root", str(project), "pages", str(branch_pages), "--as-of", AS_OF) == 0
    return project, base_pages, branch_pages


def run_cli_quiet(*args: str) -> int:
    return main(list(args))


def _section(report: str, title: str) -> list[str]:
    lines = report.split(f"### {title}\n\n", 1)[1].split("\n\n", 1)[0].splitlines() if f"### {title}\n" in report else []
    return [line.removeprefix("- ") for line in lines]


@pytest.fixture(scope="module")
def report(change):
    return diff_report(change[0], None, dt.date.fromisoformat(AS_OF))


def test_relations_added_and_removed(report):
    assert _section(report, "Relations added") == [
        "`no-formal-request-to-pull-out` contradicts `attacks-iraq-60`",
        "`no-formal-request-to-pull-out` settles `talks-could-lead-to-departure`"]
    assert _section(report, "Relations removed") == ["`residual-presence-needed` qualifies `talks-could-lead-to-departure`"]


def test_follow_up_settled_and_disagreement_opened(report):
    assert _section(report, "Follow-ups settled") == ["`talks-could-lead-to-departure`: due June 2024, was past due"]
    assert _section(report, "Disagreements opened") == ["`no-formal-request-to-pull-out` and `attacks-iraq-60` (contradicts)"]
    # The qualification the branch removed no longer shows as a disagreement.
    assert _section(report, "Disagreements resolved") == [
        "`residual-presence-needed` and `talks-could-lead-to-departure` (qualifies)"]


def test_key_figures_changed(report):
    assert _section(report, "Key figures changed") == [
        "ISIS militants remaining: none → about 1,000 militants (`isis-about-1000-militants`)"]


def test_pages_affected_are_exactly_the_generated_pages_that_differ(change, report):
    _, base, branch = change
    differing = []
    comparison = [(filecmp.dircmp(base / "docs", branch / "docs"), "")]
    while comparison:
        current, prefix = comparison.pop()
        differing += [prefix + n for n in current.left_only + current.right_only + current.diff_files]
        comparison += [(sub, f"{prefix}{name}/") for name, sub in current.subdirs.items()]
    # The "What changed" page is read from git history: it says the branch has changes not yet in an
    # edition. `diff` compares the content alone, before the change becomes an edition.
    expected = sorted(urls.built_path(path) for path in differing if path != urls.CHANGES)
    listed = [line.split("`")[1] for line in _section(report, "Pages affected")]
    assert listed == expected
    assert "speakers.html" not in listed  # no speaker changed
    assert {"index.html", "topics/troop-levels.html", "timeline.html", f"sources/{ARTICLE}.html"} <= set(listed)


def test_the_report_says_the_change_passes_check(report):
    assert "`briefing check` passes on this change." in report

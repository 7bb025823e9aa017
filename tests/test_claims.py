"""The design card's test: every claim in the real book cites an existing article,
and every quote is found in it (our checker, and the independent one agree)."""

import subprocess
import sys

import pytest

from generator.check import check_project
from generator.load import load_project
from generator.textmatch import find_quote, fold

from .conftest import REPO

VERIFY = REPO.parent / "shared" / "tools" / "verify_quotes.py"


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


def test_the_real_book_checks_without_problems(project):
    result = check_project(project)
    assert [str(p.location) + " " + p.message for p in result.problems] == []
    assert len(project.claims) > 60


def test_every_claim_cites_an_existing_article_and_its_quote_is_in_it(project):
    for record in project.claims:
        assert record.claim.sources, record.claim.id
        for source in record.claim.sources:
            assert source.article in project.articles, (record.claim.id, source.article)
            article = project.articles[source.article]
            assert find_quote(source.quote, fold(article.body)), (record.claim.id, source.quote)


def test_every_topic_has_claims(project):
    used = {r.claim.topic for r in project.claims}
    assert [t.topic.id for t in project.topics if t.topic.id not in used] == []


@pytest.mark.skipif(not VERIFY.exists(), reason="../shared/tools/verify_quotes.py is not beside the project")
def test_the_independent_checker_agrees():
    run = subprocess.run([sys.executable, str(VERIFY), str(REPO)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "failing=0" in run.stdout

"""The editors' pull-request path: add-article, diff, annotations, schemas."""

from __future__ import annotations

import json
import subprocess

import jsonschema
import pytest

from generator.archive import clean
from generator.load import load_project
from generator.schema import ArticleMeta, ClaimsFile, json_schemas
from generator.textmatch import find_quote, fold
from generator.validation import validate
from generator.yamlsource import parse_yaml

from .conftest import CLEAN_FIXTURE, REPO, make_project, run_cli

SEEDS = REPO.parent / "shared" / "seeds"
RAW = REPO / "tests" / "fixtures" / "raw" / "abc-news-raw.txt"


def _git(project, *args):
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.invalid", "HOME": str(project), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def pull_request(tmp_path, capsys):
    """A project on main, then an editor's branch with a scripted set of edits."""
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    _git(project, "checkout", "-qb", "editor")
    code, out, _ = run_cli(capsys, "--root", str(project), "add-article", str(RAW), "--outlet", "ABC News", "--published", "2024-09-27")
    assert code == 0 and "archived content/articles/abc-news-2024-09-27.md" in out
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace("Some 2,500 American military personnel remain in Iraq.", "Some 2,500 U.S. military personnel remained in Iraq in January 2024.")
    text = text.replace("who remain in Iraq\"", "who remained in Iraq\"")  # break a quote
    text = text[:text.index("  - id: attacks-iraq-60")] + NEW_CLAIMS  # the second claim removed, two added
    claims.write_text(text, encoding="utf-8")
    return project


NEW_CLAIMS = '''  - id: troops-syria-900
    topic: troop-levels
    text: "The agreement would maintain the 900 U.S. troops in northeast Syria."
    sources:
      - article: abc-news-2024-09-27
        quote: "maintain the 900 troops in northeast Syria"
  - id: militia-attacks-170
    topic: militia-attacks
    text: "Iranian-backed militia groups carried out more than 170 rocket and drone attacks on U.S. bases in Iraq and Syria over the past year."
    sources:
      - article: abc-news-2024-09-27
        quote: "more than 170 rocket and drone attacks on U.S. military bases in Iraq and Syria"
'''


def test_diff_describes_the_pull_request(pull_request, capsys):
    code, report, _ = run_cli(capsys, "--root", str(pull_request), "diff", "--as-of", "2026-11-21")
    assert code == 0
    assert "2 claim(s) added, 1 removed, 1 changed; 1 article(s) added" in report
    assert "`troops-syria-900` (troop-levels)" in report and "`militia-attacks-170` (militia-attacks)" in report
    assert "### Claims removed" in report and "`attacks-iraq-60`" in report
    assert "| `some-2500-troops` | text, sources | Some 2,500 American military personnel remain in Iraq. | Some 2,500 U.S. military personnel remained in Iraq in January 2024. |" in report
    assert "### Quotes re-anchored" in report
    assert "### Articles added" in report and "`abc-news-2024-09-27`: US not withdrawing from Iraq" in report
    # The branch does not check, so its pages cannot be generated to compare.
    assert "### Pages affected\n\n- cannot be worked out until both versions pass `briefing check`" in report
    assert "Would fail `briefing check` (1 error(s))" in report
    assert "quote not found in article 'washington-times-2024-01-25'" in report


def test_check_annotates_the_offending_line_for_github(pull_request, capsys):
    code, out, _ = run_cli(capsys, "--root", str(pull_request), "check", "--format", "github")
    assert code == 1
    lines = (pull_request / "claims.yaml").read_text(encoding="utf-8").splitlines()
    annotation = next(line for line in out.splitlines() if "title=quote-not-found" in line)
    assert annotation.startswith("::error file=claims.yaml,line=")
    line = int(annotation.split("line=")[1].split(",")[0])
    assert "who remained in Iraq" in lines[line - 1]
    assert "::quote not found in article 'washington-times-2024-01-25' (hint: your quote has 'remained' where the article has 'remain'; closest passage" in annotation


def test_add_article_refuses_to_overwrite_or_duplicate(pull_request, capsys):
    again = run_cli(capsys, "--root", str(pull_request), "add-article", str(RAW), "--outlet", "ABC", "--published", "2024-09-28")
    assert again[0] == 1 and "already archived as 'abc-news-2024-09-27'" in again[2]
    other = pull_request / "other.txt"
    other.write_text("A headline\n\nSome other text entirely.\n", encoding="utf-8")
    taken = run_cli(capsys, "--root", str(pull_request), "add-article", str(other), "--outlet", "X", "--published", "2024-09-28", "--id", "abc-news-2024-09-27")
    assert taken[0] == 1 and "already exists" in taken[2]
    bad = run_cli(capsys, "--root", str(pull_request), "add-article", str(other), "--outlet", "X", "--published", "2024-09-28", "--url", "javascript:alert(1)")
    assert bad[0] == 2 and "is not an http(s) URL" in bad[2]
    assert not list((pull_request / "content" / "articles").glob(".add-article-*"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_add_article_on_each_seed_keeps_every_quote():
    project = load_project(REPO)
    cleaned = [fold(clean(path.read_text(encoding="utf-8")).body) for path in sorted(SEEDS.glob("*.txt"))]
    for article_id in project.articles:
        quotes = [s.quote for r in project.claims for s in r.claim.sources if s.article == article_id]
        assert any(all(find_quote(q, body) for q in quotes) for body in cleaned), article_id


def test_schemas_in_the_repository_are_generated_from_the_checker(capsys):
    code, _, err = run_cli(capsys, "--root", str(REPO), "schema", "--check")
    assert code == 0, err
    for name, schema in json_schemas().items():
        assert json.loads((REPO / "schemas" / name).read_text(encoding="utf-8")) == schema


def _agree(model, text: str, schema_name: str) -> tuple[bool, bool]:
    document, problems = parse_yaml(text, "x.yaml")
    assert not problems
    checker_ok = not validate(model, document.data, document)[1]
    schema_ok = jsonschema.Draft202012Validator(json_schemas()[schema_name]).is_valid(document.data)
    return checker_ok, schema_ok


EXAMPLES = sorted(p for p in (REPO / "tests" / "examples" / "invalid").iterdir()
                  if p.name in {"missing-field", "unknown-field", "wrong-type", "empty-value", "figure-unit-in-figure",
                                "figure-value-not-number", "duplicate-id"})


@pytest.mark.parametrize("case", EXAMPLES, ids=lambda p: p.name)
def test_schema_and_checker_agree_on_examples(case):
    checker_ok, schema_ok = _agree(ClaimsFile, (case / "claims.yaml").read_text(encoding="utf-8"), "claims.schema.json")
    if case.name == "duplicate-id":
        assert checker_ok and schema_ok  # both leave ids to the cross-record check
    else:
        assert checker_ok is False and schema_ok is False


def test_schema_and_checker_accept_the_real_content():
    assert _agree(ClaimsFile, (REPO / "claims.yaml").read_text(encoding="utf-8"), "claims.schema.json") == (True, True)
    from generator.load import split_front_matter

    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        assert _agree(ArticleMeta, front, "article.schema.json") == (True, True), path.name

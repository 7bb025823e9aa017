"""`briefing fingerprint` and `briefing schema`, through the command's entry point."""

from __future__ import annotations

import shutil

from .conftest import CLEAN_FIXTURE, run_cli

ARTICLE = "content/articles/washington-times-2024-01-25.md"


def _project(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(CLEAN_FIXTURE, project)
    return project


def test_fingerprint_records_a_deliberate_edit(tmp_path, capsys):
    project = _project(tmp_path)
    article = project / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nA correction the outlet appended.\n", encoding="utf-8")
    article.chmod(0o640)
    code, out, err = run_cli(capsys, "--root", str(project), "check")
    assert code == 1 and "no longer matches its fingerprint" in out

    code, out, err = run_cli(capsys, "--root", str(project), "fingerprint", str(article))
    assert (code, out, err) == (0, f"{article}: fingerprint recorded\n", "")
    code, out, err = run_cli(capsys, "--root", str(project), "check")
    assert code == 0, out + err
    assert article.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in article.parent.iterdir()) == [article.name]


def test_fingerprint_without_front_matter_is_a_usage_error(tmp_path, capsys):
    project = _project(tmp_path)
    article = project / ARTICLE
    article.write_text("Just a body.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--root", str(project), "fingerprint", str(article))
    assert (code, out) == (2, "")
    assert err == f"briefing: {article}: no front matter to record the fingerprint in\n"
    assert article.read_text(encoding="utf-8") == "Just a body.\n"


def test_schema_writes_then_checks(tmp_path, capsys):
    project = _project(tmp_path)
    code, out, err = run_cli(capsys, "--root", str(project), "schema", "--check")
    assert code == 1 and out == ""
    assert err.startswith("briefing: out of date: schemas/") and err.endswith("; run 'briefing schema'\n")
    assert not (project / "schemas").exists()

    code, out, _ = run_cli(capsys, "--root", str(project), "schema")
    assert code == 0 and out.startswith("wrote schemas/")
    assert run_cli(capsys, "--root", str(project), "schema", "--check")[:2] == (0, "schemas up to date\n")

"""The CLI's habits, as git, MkDocs and linters have them: global options anywhere,
the project found from any subfolder, paths from where the editor stands, and one
clear line for each way of using it wrongly."""

from __future__ import annotations

import pytest

from generator.cli import _parser

from .conftest import AS_OF, CLEAN_FIXTURE, make_project, run_cli

BROKEN_QUOTE = ('who remain in Iraq"', 'who remained in Iraq"')


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "book", CLEAN_FIXTURE)


def _claims_line(project, text: str) -> int:
    return next(n for n, line in enumerate((project / "claims.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def _break_quote(project) -> int:
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(*BROKEN_QUOTE), encoding="utf-8")
    return _claims_line(project, BROKEN_QUOTE[1])


def test_root_is_accepted_before_or_after_the_command_and_listed_in_each_help(project, capsys):
    assert run_cli(capsys, "--root", str(project), "check")[0] == 0
    assert run_cli(capsys, "check", "--root", str(project))[0] == 0
    commands = _parser()._subparsers._group_actions[0].choices
    for name, command in commands.items():
        assert "--root ROOT" in command.format_help(), name


def test_the_project_is_found_from_a_subfolder_and_paths_read_from_there(project, capsys, monkeypatch):
    line = _break_quote(project)
    monkeypatch.chdir(project / "content" / "articles")
    code, out, err = run_cli(capsys, "check")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (f"../../claims.yaml:{line}:9: error: quote not found in article "
                                   "'washington-times-2024-01-25'")
    assert out.splitlines()[-1] == "briefing check: 1 error(s), 0 warning(s)"


def test_json_and_github_formats_keep_paths_from_the_project_root(project, capsys, monkeypatch):
    line = _break_quote(project)
    monkeypatch.chdir(project / "content")
    code, out, _ = run_cli(capsys, "check", "--format", "github")
    assert code == 1 and out.startswith(f"::error file=claims.yaml,line={line},col=9,")


def test_fingerprint_works_from_the_articles_folder(project, capsys, monkeypatch):
    article = project / "content" / "articles" / "washington-times-2024-01-25.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nAn editor's deliberate addition.\n", encoding="utf-8")
    monkeypatch.chdir(article.parent)
    code, out, err = run_cli(capsys, "fingerprint", article.name)
    assert (code, err) == (0, "")
    assert run_cli(capsys, "check")[0] == 0


def test_outside_any_project_says_what_to_do(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "check")
    assert (code, out) == (2, "")
    assert err == (f"briefing: no claims.yaml in {tmp_path} or any folder above it: run briefing inside a book's "
                   "folder, name one with --root DIR, or start one with 'briefing init DIR'\n")


def test_a_file_as_root_says_it_is_a_file(project, capsys):
    code, _, err = run_cli(capsys, "--root", str(project / "claims.yaml"), "check")
    assert (code, err) == (2, f"briefing: --root {project / 'claims.yaml'} is a file; pass the folder that holds claims.yaml\n")


def test_dates_and_source_date_epoch_are_explained_once(project, capsys, monkeypatch):
    code, _, err = run_cli(capsys, "--root", str(project), "check", "--as-of", "2026")
    assert code == 2 and err.startswith("briefing: --as-of: '2026' is not a full date; write YYYY-MM-DD, e.g. ")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    code, _, err = run_cli(capsys, "--root", str(project), "check")
    assert (code, err) == (2, "briefing: SOURCE_DATE_EPOCH='abc' is not a number of seconds since 1970-01-01; "
                              "unset it or pass --as-of YYYY-MM-DD\n")


def test_a_missing_mkdocs_yml_is_one_clear_line(project, capsys):
    (project / "mkdocs.yml").unlink()
    code, out, err = run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)
    assert (code, out) == (1, "")
    assert err == (f"briefing: mkdocs.yml: not found in {project}; every book needs one "
                   "(`briefing init` writes a starting point)\n")
    assert not (project / "site").exists()


def test_content_errors_of_a_build_go_to_stdout_with_the_summary(project, capsys):
    line = _break_quote(project)
    code, out, err = run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)
    assert (code, err) == (1, "")
    assert out.splitlines()[0].startswith(f"claims.yaml:{line}:9: error: quote not found")
    assert out.splitlines()[-1] == "briefing: 1 error(s), 0 warning(s); nothing was written"


def test_an_elided_quote_is_told_to_become_two_sources(project, capsys):
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "the departure of some 2,500 American military personnel who remain in Iraq",
        "the departure of some 2,500 ... who remain in Iraq"), encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1
    assert out.splitlines()[1] == ("    hint: a quote is one continuous passage, and '...' stands for words left out: "
                                   "split it into two sources (two entries under 'sources:', one quote each)")

"""`briefing check` against folders of example projects, one test case each:
broken ones in tests/examples/invalid/, valid ones at the edge of what is
allowed in tests/examples/valid/.

Each case folder holds only the files that differ from the clean fixture
(tests/fixtures/clean/): a whole `claims.yaml` and/or
`content/articles/<id>.md`. Next to them, in an invalid case:

- `expected.txt`: lines that must each appear in the text output of `check`
  (exact substrings, e.g. `claims.yaml:14:7: error: ...`). A `    hint: ...`
  line must be printed right after the error line listed before it.
- `unexpected.txt` (optional): substrings that must not appear at all, for
  follow-on errors that should not be reported.

A valid case must check with exit status 0 and no errors. Its `expected.txt`
(optional) is the whole text output, line for line: the warnings it must
produce, each followed by its hint. Without one, `check` must print nothing.

A new case is a new folder; nothing here needs to change.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import AS_OF, CLEAN_FIXTURE, REPO, make_project

INVALID = REPO / "tests" / "examples" / "invalid"
VALID = REPO / "tests" / "examples" / "valid"
BRIEFING = Path(sys.executable).parent / "briefing"
CASE_FILES = {"expected.txt", "unexpected.txt"}  # the rest of a case folder is overlaid on the project

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
VALID_CASES = sorted(p.name for p in VALID.iterdir() if p.is_dir())
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): \S")
HINT = "    hint: "


def overlay(folder: Path, project: Path) -> Path:
    """Copy the files of the case in `folder` over `project` (a copy of the clean fixture)."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.as_posix() not in CASE_FILES:
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, project / relative)
    return project


def example_project(tmp_path: Path, folder: Path | None = None) -> Path:
    """The clean fixture as a project in tmp_path/project, with the case in `folder` overlaid if given."""
    project = make_project(tmp_path / "project", CLEAN_FIXTURE)
    return overlay(folder, project) if folder else project


def lines_of(folder: Path, name: str) -> list[str]:
    path = folder / name
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_check(capsys, project: Path, *options: str) -> tuple[int, str, str]:
    """(exit code, the problems printed, the summary line). `check` prints both on
    stdout (the summary last, in the text format) and nothing on stderr."""
    code = main(["--root", str(project), "check", *options])
    captured = capsys.readouterr()
    assert captured.err == ""
    if "--format" in options:
        return code, captured.out, ""
    *problems, summary_line = captured.out.splitlines(keepends=True)
    assert summary_line.startswith("briefing check: "), captured.out
    return code, "".join(problems), summary_line


def briefing(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BRIEFING), *args], capture_output=True, text=True, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_there_are_example_cases():
    assert len(CASES) >= 17
    for case in CASES:
        assert lines_of(INVALID / case, "expected.txt"), f"{case}: expected.txt is missing or empty"
        assert set(p.name for p in (INVALID / case).iterdir()) - CASE_FILES, f"{case}: no files to overlay"


@pytest.mark.parametrize("case", CASES)
def test_invalid_example_is_reported(case, tmp_path, capsys):
    project = example_project(tmp_path, INVALID / case)
    code, out, err = run_check(capsys, project)

    assert code == 1, out + err
    assert "Traceback" not in out + err
    output = out.splitlines()
    # Every line is a problem or the hint of the problem above it.
    for number, line in enumerate(output):
        if line.startswith(HINT):
            assert number > 0 and PROBLEM_LINE.match(output[number - 1]), f"stray hint: {line!r}"
        else:
            assert PROBLEM_LINE.match(line), f"not a problem line: {line!r}"
    errors = sum(1 for line in output if PROBLEM_LINE.match(line) and ": error: " in line)
    assert f"briefing check: {errors} error(s)" in err

    expected = lines_of(INVALID / case, "expected.txt")
    for index, wanted in enumerate(expected):
        assert wanted in out, f"{case}: {wanted!r} not in the output:\n{out}"
        if wanted.startswith(HINT):
            problem = expected[index - 1] if index else ""
            assert problem and not problem.startswith(HINT), f"{case}: a hint line must follow a problem line in expected.txt"
            followed_by = [output[i + 1] if i + 1 < len(output) else "" for i, line in enumerate(output) if problem in line]
            assert any(wanted in line for line in followed_by), f"{case}: {wanted!r} is not the hint of {problem!r}:\n{out}"
    for unwanted in lines_of(INVALID / case, "unexpected.txt"):
        assert unwanted not in out, f"{case}: {unwanted!r} should not be reported:\n{out}"


@pytest.mark.parametrize("case", ["several-errors", "not-utf8", "yaml-syntax"])
def test_invalid_example_through_the_console_script(case, tmp_path, capsys):
    project = example_project(tmp_path, INVALID / case)
    in_process = run_check(capsys, project)
    result = briefing("--root", str(project), "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == in_process[1] + in_process[2]
    for wanted in lines_of(INVALID / case, "expected.txt"):
        assert wanted in result.stdout


def test_there_are_valid_example_cases():
    assert len(VALID_CASES) >= 5
    for case in VALID_CASES:
        assert set(p.name for p in (VALID / case).iterdir()) - CASE_FILES, f"{case}: no files to overlay"
        assert not (VALID / case / "unexpected.txt").exists(), f"{case}: a valid case's expected.txt is its whole output"


@pytest.mark.parametrize("case", VALID_CASES)
def test_valid_example_checks_with_exactly_its_expected_warnings(case, tmp_path, capsys):
    project = example_project(tmp_path, VALID / case)
    code, out, err = run_check(capsys, project, "--as-of", AS_OF)

    expected = lines_of(VALID / case, "expected.txt")
    warnings = [line for line in expected if not line.startswith(HINT)]
    assert all(PROBLEM_LINE.match(line) and ": warning: " in line for line in warnings), f"{case}: expected.txt lists only warnings"
    assert code == 0, out + err
    assert out.splitlines() == expected
    assert err == f"briefing check: 0 error(s), {len(warnings)} warning(s)\n"


def test_clean_fixture_checks_without_output(tmp_path, capsys):
    project = example_project(tmp_path)
    code, out, err = run_check(capsys, project)
    assert code == 0, out + err
    assert out == ""
    assert "0 error(s)" in err

    result = briefing("--root", str(project), "check")
    assert (result.returncode, result.stdout, result.stderr) == (0, "briefing check: 0 error(s), 0 warning(s)\n", "")
    assert "Traceback" not in result.stderr


def test_several_errors_in_one_file_are_all_reported(tmp_path, capsys):
    project = example_project(tmp_path, INVALID / "several-errors")
    code, out, err = run_check(capsys, project)
    assert code == 1
    paths = [match["path"] for match in map(PROBLEM_LINE.match, out.splitlines()) if match]
    assert paths == ["claims.yaml"] * 3, out
    assert "briefing check: 3 error(s)" in err


def test_json_format_has_the_same_problems_as_text(tmp_path, capsys):
    project = example_project(tmp_path, INVALID / "several-errors")
    _, text, _ = run_check(capsys, project)
    code, out, err = run_check(capsys, project, "--format", "json")

    assert code == 1
    assert "Traceback" not in out + err
    problems = json.loads(out)
    assert isinstance(problems, list) and len(problems) == 3
    for problem in problems:
        assert set(problem) >= {"path", "line", "column", "severity", "code", "message", "hint"}
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
        assert problem["severity"] == "error"
    from_text = [(m["path"], int(m["line"]), int(m["column"])) for m in map(PROBLEM_LINE.match, text.splitlines()) if m]
    assert [(p["path"], p["line"], p["column"]) for p in problems] == from_text
    assert [(2, 3), (12, 5), (31, 9)] == [(p["line"], p["column"]) for p in problems]
    assert {p["code"] for p in problems} == {"wrong-type", "unknown-topic", "quote-not-found"}
    assert all(p["hint"] for p in problems)


def test_missing_root_is_a_usage_error(tmp_path, capsys):
    code = main(["--root", str(tmp_path / "nonexistent"), "check"])
    captured = capsys.readouterr()
    assert code == 2
    assert "no such folder" in captured.err
    assert captured.out == ""

    result = briefing("--root", "/nonexistent", "check")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    project = example_project(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(project), "check", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err

    result = briefing("--root", str(project), "check", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr


def test_failed_build_writes_nothing(tmp_path):
    project = overlay(INVALID / "several-errors", example_project(tmp_path))
    result = briefing("--root", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "claims.yaml:12:5: error: claim 'some-2500-troops' has unknown topic 'troop-level'" in result.stdout
    assert result.stdout.endswith("briefing: 3 error(s), 0 warning(s); nothing was written\n")
    assert result.stderr == ""
    assert not (project / "site").exists()
    # Nothing of the build: at most check's cache of what it verified (safe to delete).
    leftovers = sorted(p.relative_to(project).as_posix() for p in (project / ".build").glob("*")) \
        if (project / ".build").exists() else []
    assert leftovers in ([], [".build/cache"])


def test_failed_build_leaves_the_previous_site_as_it_was(tmp_path):
    project = example_project(tmp_path)
    built = briefing("--root", str(project), "build", "--as-of", AS_OF)
    assert built.returncode == 0, built.stdout + built.stderr
    before = snapshot(project / "site")
    assert "index.html" in before

    overlay(INVALID / "fingerprint", project)
    result = briefing("--root", str(project), "build", "--as-of", AS_OF)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no longer matches its fingerprint" in result.stdout
    assert snapshot(project / "site") == before


def test_closest_passage_hint_is_whole_words(tmp_path, capsys):
    project = example_project(tmp_path, INVALID / "several-errors")
    _, out, _ = run_check(capsys, project)
    passage = "Iran-backed militants have struck American military installations in Iraq more than 60 times"
    assert f'closest passage in the article: "{passage}"' in out

"""Broken and hostile input: nothing runs, nothing is lost, nothing differs between builds."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import AS_OF, CLEAN_FIXTURE, REPO, make_project, run_cli


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_inputs_are_byte_identical(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    assert run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)[0] == 0
    first = _tree_hashes(project / "site")
    time.sleep(1.1)  # a clock leaking into the output would now differ
    assert run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)[0] == 0
    assert _tree_hashes(project / "site") == first
    assert "briefing-book.pdf" in first and "sitemap.xml" in first


def test_source_date_epoch_pins_the_as_of_date(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1727740800"}  # 2024-10-01
    run = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "build"],
                         capture_output=True, text=True, env=env, cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert "as of 2024-10-01" in run.stdout
    assert "As of <strong>1 October 2024</strong>" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_an_interrupted_build_leaves_the_previous_site_intact(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    assert run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)[0] == 0
    before = _tree_hashes(project / "site")
    seen = []
    for delay in (0.3, 0.8, 1.5):  # killed while checking, while MkDocs runs, while printing
        build = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "build",
                                  "--as-of", "2024-10-01"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        seen.append(_tree_hashes(project / "site"))
    # The site each killed build would have written, had it finished (builds are byte-identical).
    assert run_cli(capsys, "--root", str(project), "build", "--as-of", "2024-10-01")[0] == 0
    after = _tree_hashes(project / "site")
    assert after != before
    # After each kill: the old site, whole, or (if the build had finished) the new one, whole.
    for site in seen:
        assert site in (before, after)


def _link_outside(tmp_path, text: str, *links: Path) -> None:
    """Each of `links` becomes a symlink to a file outside the project."""
    outside = tmp_path / "outside-the-project"
    outside.write_text(text, encoding="utf-8")
    for link in links:
        link.symlink_to(outside)


def test_symlinked_article_is_refused_and_nothing_outside_is_read(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    _link_outside(tmp_path, "---\ntitle: x\n---\nsecret text\n",
                  project / "content" / "articles" / "stolen.md", project / "content" / "pages" / "leak.md")
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1
    assert "content/articles/stolen.md:1:1: error: content/articles/stolen.md is a symbolic link" in out


def test_symlinks_in_static_folders_are_not_copied_into_the_site(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    _link_outside(tmp_path, "do not publish", project / "content" / "assets" / "secret.txt")
    assert run_cli(capsys, "--root", str(project), "build", "--as-of", AS_OF)[0] == 0
    assert not (project / "site" / "assets" / "secret.txt").exists()


@pytest.mark.parametrize("name", ["../escape", "Upper-Case", "with space", "dots.in.name"])
def test_article_ids_must_be_slugs(tmp_path, capsys, name):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "article: washington-times-2024-01-25\n        quote: \"the departure", f"article: \"{name}\"\n        quote: \"the departure"), encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1
    assert "is not a valid id" in out


def test_yaml_implicit_types_do_not_change_values(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    claims = project / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace('summary: "How many U.S. troops are in Iraq."', "summary: no")
    text = text.replace('date: "2024-01-25"', "date: 2024-01-25", 1)
    claims.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 0, out  # `no` is the text "no", the date stays "2024-01-25"
    from generator.load import load_project
    loaded = load_project(project)
    assert loaded.topics[0].topic.summary == "no"
    assert loaded.claims[0].claim.date == "2024-01-25"


def test_a_very_large_file_is_refused_clearly(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    with open(project / "claims.yaml", "r+b") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1
    assert "claims.yaml:1:1: error: claims.yaml is larger than 64 MiB" in out


def test_billion_laughs_is_refused_without_expanding(tmp_path, capsys):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (project / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    code, out, _ = run_cli(capsys, "--root", str(project), "check")
    assert code == 1
    assert "YAML anchors and aliases are not allowed here" in out
    assert time.perf_counter() - started < 5

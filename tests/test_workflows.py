"""The GitHub workflows: clean under actionlint and zizmor (offline), actions pinned to a release's
commit, and the pull request tested the way `make test` tests (so a regression fails here first)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    executable = BIN / tool
    assert executable.is_file(), f"{executable} is missing: the test extra installs it (`make test`)"
    return subprocess.run([str(executable), *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_there_are_workflows():
    assert {path.name for path in WORKFLOWS} >= {"publish.yml", "pull-request.yml"}


def test_actionlint_finds_nothing():
    # shellcheck and pyflakes off: the result must not depend on what else the machine has.
    run = _run("actionlint", "-no-color", "-shellcheck=", "-pyflakes=", *(str(path) for path in WORKFLOWS))
    assert run.returncode == 0, run.stdout + run.stderr


def test_zizmor_finds_nothing():
    run = _run("zizmor", "--offline", "--no-progress", *(str(path) for path in WORKFLOWS))
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_action_is_pinned_to_a_commit_named_by_its_release():
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "uses:" in line:
                assert PINNED.search(line), f"{path.name}:{number}: {line.strip()!r} is not `uses: OWNER/ACTION@SHA # vX.Y.Z`"


def test_the_pull_request_runs_make_test():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    commands = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make test" in commands, commands

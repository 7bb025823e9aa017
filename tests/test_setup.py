"""The README's set-up: the system packages are there, and the pre-commit hooks run without an activated venv."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import REPO
from .system import missing, require

SYSTEM_PACKAGES = REPO / "scripts" / "system-packages.sh"
VENV_BIN = REPO / ".venv" / "bin"


def test_the_system_packages_the_tests_need_are_installed():
    run = subprocess.run(["bash", str(SYSTEM_PACKAGES), "--check", "test"], capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        missing(" ".join(run.stderr.split()))


@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_system_package_fails_under_ci_and_skips_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    require(True, "/usr/bin/true")
    with pytest.raises(outcome, match="/nowhere/chromium is missing: `scripts/system-packages.sh test` installs it"):
        require(False, "/nowhere/chromium")


def test_no_test_skips_on_its_own_for_a_missing_system_package():
    skip = re.compile(r"pytest\.skip\(|skipif\(|importorskip\(")
    system = re.compile(r"chromium|pango|weasyprint|java", re.IGNORECASE)
    offenders = []
    for path in sorted((REPO / "tests").glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if skip.search(line) and system.search(" ".join(lines[max(number - 3, 0):number])):
                offenders.append(f"tests/{path.name}:{number}")
    assert not offenders, f"use tests.system.require (it fails under CI instead of skipping): {', '.join(offenders)}"


def test_the_system_packages_script_refuses_an_unknown_target():
    run = subprocess.run(["bash", str(SYSTEM_PACKAGES), "everything"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "usage:" in run.stderr


def _hooks() -> list[dict]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def _without_the_venv() -> dict[str, str]:
    """The environment of a shell where no virtualenv is activated."""
    env = {name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"}
    paths = env.get("PATH", "").split(os.pathsep)
    env["PATH"] = os.pathsep.join(p for p in paths if p and Path(p).resolve() != VENV_BIN.resolve())
    return env


@pytest.mark.parametrize("hook", _hooks(), ids=lambda hook: hook["id"])
def test_each_pre_commit_hook_runs_from_the_project_venv_without_activating_it(hook):
    command = shlex.split(hook["entry"])
    assert command[0].startswith(".venv/bin/"), f"hook {hook['id']} runs {command[0]!r}, not the project's .venv"
    assert (REPO / command[0]).is_file(), f"{command[0]} is missing: `make book` creates it"
    run = subprocess.run(command, cwd=REPO, env=_without_the_venv(), capture_output=True, text=True, timeout=300)
    # 0 or 1 is the check's own verdict on the content (other tests judge that); anything else is the hook failing to run.
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, \
        f"hook {hook['id']} ({hook['entry']}) exited {run.returncode}:\n{run.stdout}{run.stderr}"

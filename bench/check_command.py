"""The check worker: `briefing check` as an editor runs it, timed from the outside (see workers.py)."""

from __future__ import annotations

import argparse
import gc
import shutil
import subprocess
import sys
from pathlib import Path

from generator.write import WORK_DIR

from .synth import edit_one_claim
from .timing import AS_OF, REPO, Times
from .timing import timed as _timed



def check_command(root: Path, options: argparse.Namespace) -> dict:
    """`briefing check` as an editor runs it: a new process each time, process start included.

    Each run: cold (no .build/cache/), then a bare yaml.load(CSafeLoader) of the same
    claims.yaml in this process with the default GC, then `check` again after a one-claim
    edit (the cache as the cold run left it).
    """
    import yaml

    command = [str(Path(sys.executable).parent / "briefing"), "--root", str(root), "check", "--as-of", AS_OF.isoformat()]
    original = (root / "claims.yaml").read_bytes()
    times: Times = {}
    try:
        for run in range(max(options.runs, 3)):
            shutil.rmtree(root / WORK_DIR / "cache", ignore_errors=True)
            _timed(times, "check_cold", _briefing_check, command)
            text = (root / "claims.yaml").read_text(encoding="utf-8")
            gc.collect()
            _timed(times, "check_parse", yaml.load, text, yaml.CSafeLoader)
            edit_one_claim(root, 300 + run)
            _timed(times, "check_edit", _briefing_check, command)
    finally:
        (root / "claims.yaml").write_bytes(original)
    return {"times": times}


def _briefing_check(command: list[str]) -> None:
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, cwd=REPO)
    if completed.returncode != 0:
        raise SystemExit(f"briefing check failed (exit {completed.returncode}): {' '.join(command)}")

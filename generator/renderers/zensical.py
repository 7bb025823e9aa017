"""The Zensical glue: run Zensical on a written pages folder.

Zensical (the successor of Material for MkDocs) reads the same mkdocs.yml but
runs no MkDocs plugins, so it is given the pages folder the pipeline wrote.
It is an optional extra: `pip install -e '.[zensical]'`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from .. import site_config
from ..problems import BriefingError
from . import Rewrite, sitemap_date

POLL_SECONDS = 0.5
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build(folder: Path, as_of: dt.date) -> Path:
    """Build `folder`/site with Zensical, strict: a warning fails the build."""
    with sitemap_date(as_of):
        result = subprocess.run(_command("build", folder, "--clean", "--strict"), cwd=folder,
                                capture_output=True, text=True, env=os.environ.copy())
    if result.returncode != 0:
        raise BriefingError(f"Zensical failed (exit {result.returncode}):\n{_report(result.stdout + result.stderr)}")
    return folder / site_config.SITE


def _report(output: str) -> str:
    """Zensical's own messages, without colour codes or the Python traceback that follows them."""
    plain = _ANSI.sub("", output)
    return plain.split("Traceback (most recent call last):")[0].rstrip() + "\n" + plain.strip().splitlines()[-1]


def serve(folder: Path, address: str, as_of: dt.date, rewrite: Rewrite, watched: list[Path]) -> None:
    """Live preview: Zensical serves and watches the pages; we rewrite them when a source changes."""
    rewrite()
    with sitemap_date(as_of):
        server = subprocess.Popen(_command("serve", folder, "--dev-addr", address), cwd=folder, env=os.environ.copy())
    # Stopped by a signal (a terminal closing, a test ending), still stop Zensical with us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        last = _snapshot(watched)
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            current = _snapshot(watched)
            if current != last:
                last = current
                rewrite()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()


def _command(verb: str, folder: Path, *options: str) -> list[str]:
    if importlib.util.find_spec("zensical") is None:
        raise BriefingError("Zensical is not installed; install it with: pip install -e '.[zensical]'")
    return [sys.executable, "-m", "zensical", verb, "--config-file", str((folder / site_config.CONFIG_NAME).resolve()), *options]


def _snapshot(paths: list[Path]) -> dict[str, float]:
    """Modification time of every file under `paths`: a change shows as a different snapshot."""
    seen = {}
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                seen[str(file)] = file.stat().st_mtime_ns
    return seen

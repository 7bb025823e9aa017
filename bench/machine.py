"""The machine a benchmark ran on, the versions that matter, and the code it measured."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

import yaml


PACKAGES = ("mkdocs", "mkdocs-material", "zensical", "weasyprint", "PyYAML")


def describe(repo: Path) -> dict:
    """The machine, the versions that matter and the commit, for the report."""
    ram = _proc_value("/proc/meminfo", "MemTotal")  # "24576000 kB"
    return {"nproc": os.cpu_count(), "cpu": _proc_value("/proc/cpuinfo", "model name"),
            "ram": f"{int(ram.split()[0]) / 2**20:.1f} GiB" if ram != "unknown" else ram,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": ", ".join(_version(p) for p in PACKAGES) + f" (libyaml: {yaml.__with_libyaml__})",
            "commit": _commit(repo)}


def _proc_value(path: str, key: str) -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in Path(path).read_text().splitlines() if line.startswith(key))
    except (OSError, StopIteration):
        return "unknown"


def _version(package: str) -> str:
    try:
        return f"{package} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{package} not installed"


def _commit(repo: Path) -> str:
    git = ["git", "-C", str(repo)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    status = subprocess.run([*git, "status", "--porcelain", "generator", "templates"], capture_output=True, text=True)
    dirty = status.stdout.split()[1::2]
    return commit + (f" + uncommitted changes to {', '.join(dirty)}" if dirty else " (clean generator/ and templates/)")


def code_fingerprint(repo: Path) -> str:
    """A hash of generator/ and templates/ as they are now, to notice edits during a run."""
    digest = hashlib.sha256()
    for folder in ("generator", "templates"):
        for path in sorted((repo / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]

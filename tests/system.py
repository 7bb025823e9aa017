"""Tests that need a system package (Chromium, Pango, fonts): skipped where it is missing on a
developer's machine, failed under CI, where `make test` must have installed it."""

from __future__ import annotations

import os

import pytest

INSTALL = "scripts/system-packages.sh test"


def under_ci() -> bool:
    """True where the environment says CI (GitHub's runners and .ci/run set CI=true)."""
    return os.environ.get("CI", "").lower() in {"true", "1"}


def missing(message: str) -> None:
    """Skip the calling test with `message`, or fail it under CI."""
    if under_ci():
        pytest.fail(f"{message}; under CI a test does not skip for a missing system package")
    pytest.skip(message)


def require(present: bool, what: str) -> None:
    """Skip the calling test when `what` is missing, or fail it under CI."""
    if not present:
        missing(f"{what} is missing: `{INSTALL}` installs it (`make test` runs it)")

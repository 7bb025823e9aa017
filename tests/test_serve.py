"""Live preview: `briefing serve` shows an edit to claims.yaml without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import CLEAN_FIXTURE, REPO, make_project


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page_when(url: str, wanted: str, timeout: float) -> str:
    deadline, text = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass  # not listening yet, or rebuilding
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} did not appear at {url} within {timeout} s")


def test_serve_regenerates_after_an_edit(tmp_path):
    project = make_project(tmp_path / "p", CLEAN_FIXTURE)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "--root", str(project), "serve",
                               "--as-of", "2026-11-21", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/topics/troop-levels.html"
        _page_when(url, "Some 2,500 American military personnel remain in Iraq.", 60)
        claims = project / "claims.yaml"
        claims.write_text(claims.read_text(encoding="utf-8").replace(
            "Some 2,500 American military personnel remain in Iraq.", "Some 2,500 U.S. personnel remained in Iraq (edited)."),
            encoding="utf-8")
        _page_when(url, "Some 2,500 U.S. personnel remained in Iraq (edited).", 60)
    finally:
        server.terminate()
        server.wait(timeout=20)

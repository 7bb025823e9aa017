"""Shared helpers: copy a project into a temporary folder, run the CLI."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
CLEAN_FIXTURE = REPO / "tests" / "fixtures" / "clean"
AS_OF = "2026-11-21"
# Debian's Chromium, driven by Playwright (tests marked `browser`).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"


def make_project(target: Path, content_from: Path = REPO) -> Path:
    """A buildable project in `target`: the repo's site setup plus claims and articles from `content_from`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "templates", target / "templates")
    for folder in ("pages", "assets"):
        shutil.copytree(REPO / "content" / folder, target / "content" / folder)
    shutil.copy(content_from / "claims.yaml", target / "claims.yaml")
    shutil.copytree(content_from / "content" / "articles", target / "content" / "articles")
    return target


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run `briefing ARGS` in-process: (exit code, stdout, stderr)."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def build_project(project: Path, *options: str) -> Path:
    """`briefing build` of `project` as of AS_OF, in-process; returns the project folder."""
    assert main(["--root", str(project), "build", "--as-of", AS_OF, *options]) == 0
    return project


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The real book, built once with MkDocs as of a pinned date; returns the project folder."""
    return build_project(make_project(tmp_path_factory.mktemp("book") / "project"))


@pytest.fixture(scope="session")
def zensical_book(tmp_path_factory) -> Path:
    """The real book, built once with Zensical as of the same date; returns the project folder."""
    return build_project(make_project(tmp_path_factory.mktemp("zensical") / "project"), "--renderer", "zensical")


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def site(request) -> Path:
    """The built site of the real book, once per renderer: tests that must hold for both."""
    fixture = "built_book" if request.param == "mkdocs" else "zensical_book"
    return request.getfixturevalue(fixture) / "site"


def free_port() -> int:
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_when(url: str, wanted: str, timeout: float = 60) -> str:
    """The page at `url` once it contains `wanted` (a server starting or rebuilding), or AssertionError."""
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def served_site(built_book):
    """(base URL, site folder) of the built book served on 127.0.0.1."""
    site = built_book / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

"""Timing workers: each measures one project in a fresh process, so peak RSS is per size.

    python -m bench.workers {site,build,pdf,profile,check} PROJECT OUT [--runs N] [--mkdocs-budget S]
                            [--serve-runs N] [--tracemalloc]

`run_worker` starts one and reads the JSON it writes to OUT. The stages are the
pipeline's public functions, called in the order generator.pipeline.build calls
them: load_project, check_project, build_model, render_pages, write_pages (into
a pages folder), then each renderer's build of that folder (MkDocs, and Zensical
when it is installed). Nothing of the generator or of MkDocs is patched.

  site     parse floor, the stages (cold and warm), the renderers, a live preview after
           a one-claim edit, the serve rebuilds, and (--tracemalloc) peak heap per stage
  build    one site build (load..MkDocs, no PDF) in a fresh process: its peak RSS
  pdf      write_pdf, given the book as the build hands it over (after render_pages)
  profile  cProfile of the stages, and of one MkDocs build of the pages folder
  check    `briefing check` in a new process: cold, and after a one-claim edit, each
           run beside a bare PyYAML (C loader) parse of the same claims.yaml

Every timed run starts from a collected heap (gc.collect()) and a Book of its own,
so nothing one run derives is reused by the next, as in separate `briefing build`s.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import logging
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from generator import renderers, site_config
from generator.check import check_project
from generator.load import load_project
from generator.model import build_model
from generator.pdf import write_pdf
from generator.book_warnings import disagreement_warnings
from generator.pipeline import release_memory, write_book_pages, write_pages
from generator.reading import checked_book
from generator.render import render_pages
from generator.rendercache import RenderCache
from generator.write import WORK_DIR

from .check_command import check_command
from .synth import edit_one_claim
from .timing import AS_OF, REPO, Times
from .timing import timed as _timed

# Each renderer is named after the package it runs; Zensical is an optional extra.
RENDERERS = tuple(name for name in renderers.NAMES if importlib.util.find_spec(name))
SERVE_URL = "http://127.0.0.1:8000/"
SLOW_PDF_S = 20  # a PDF slower than this is timed once

def run_worker(kind: str, root: Path, options: list[str], timeout: float = 3600) -> dict:
    """Run one worker on the project at `root` in a subprocess; its answer."""
    out = root.parent / f"{kind}.json"
    command = [sys.executable, "-m", "bench.workers", kind, str(root), str(out), *options]
    completed = subprocess.run(command, timeout=timeout, cwd=REPO)
    if completed.returncode != 0:
        raise SystemExit(f"worker {kind} failed for {root} (exit {completed.returncode})")
    return json.loads(out.read_text())


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


# --- site ------------------------------------------------------------------------

def site(root: Path, options: argparse.Namespace) -> dict:
    """Time parse, the stages, the renderers, a preview and the serve rebuilds of one project."""
    logging.getLogger("mkdocs").addHandler(logging.StreamHandler(sys.stderr))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    scratch = Path(tempfile.mkdtemp(prefix="bench-work-"))
    folder = scratch / "pages"
    times: Times = {}
    info: dict = {"notes": [], "renderers": list(RENDERERS)}
    try:
        _time_parse(root, options.runs, times)
        info.update(_time_stages(root, folder, options.runs, times))
        for name in RENDERERS:
            info.update(_time_renderer(name, folder, options, times, info["notes"]))
        info.update(_time_preview(root, folder, options.runs, times))
        info["peak_rss_mb"] = _maxrss_mb()
        if options.serve_runs:
            info.update(_time_serve(root, folder, options.serve_runs, times))
        if options.tracemalloc:
            info["tracemalloc_peak_mb"] = _heap_peaks(root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {**info, "times": times}


def _time_parse(root: Path, runs: int, times: Times) -> None:
    """The floor: a bare PyYAML (C loader) parse of claims.yaml, with the cyclic GC on and off."""
    import yaml

    text = (root / "claims.yaml").read_text(encoding="utf-8")
    for _ in range(max(runs, 3)):
        gc.collect()
        _timed(times, "parse", yaml.load, text, yaml.CSafeLoader)
        gc.collect()
        gc.disable()
        try:
            _timed(times, "parse_nogc", yaml.load, text, yaml.CSafeLoader)
        finally:
            gc.enable()


def _time_stages(root: Path, folder: Path, runs: int, times: Times) -> dict:
    """load, check, model, render, write_pages into a fresh `folder`, as `briefing build` runs them.

    Each run twice: cold (no .build/cache/: nothing kept from an earlier build;
    timed as `<stage>_cold`), then warm (the cache the cold run left; `<stage>`).
    """
    for _ in range(runs):
        _time_without_gc(root, times)
        for suffix in ("_cold", ""):
            if suffix:
                shutil.rmtree(root / WORK_DIR / "cache", ignore_errors=True)
            gc.collect()
            project = _timed(times, "load" + suffix, load_project, root)
            checked = _timed(times, "check" + suffix, check_project, project)
            if checked.errors:
                raise SystemExit(f"synthetic book does not check: {[str(p) for p in checked.errors[:5]]}")
            book = _timed(times, "model" + suffix, build_model, project, checked, AS_OF)
            pages = _timed(times, "render" + suffix, render_pages, book, root / "templates", RenderCache(root))
            shutil.rmtree(folder, ignore_errors=True)  # each build writes into a new staging folder
            _timed(times, "write" + suffix, write_pages, book, pages, root, folder)
        # `briefing check` adds the figure-disagreement warnings; the build does not.
        # Timed on a Book of its own, so render above computed the conflicts itself.
        warnings = _timed(times, "warn", disagreement_warnings, build_model(project, checked, AS_OF), project)
    markdown = {path: len(text) for path, text in pages.items() if path.endswith(".md")}
    return {"pages": len(pages), "page_bytes": sum(len(_bytes(v)) for v in pages.values()),
            "largest_page": max(markdown, key=markdown.get), "warnings": len(warnings), "problems": len(checked.problems)}


def _time_without_gc(root: Path, times: Times) -> None:
    """What-if: load and check with Python's cyclic GC off (it runs thousands of times during load)."""
    gc.collect()
    gc.disable()
    try:
        project = _timed(times, "load_nogc", load_project, root)
        _timed(times, "check_nogc", check_project, project)
    finally:
        gc.enable()


def _bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _time_renderer(name: str, folder: Path, options: argparse.Namespace, times: Times, notes: list[str]) -> dict:
    """The renderer's build of the written pages folder, each run from no site and no cache."""
    build = renderers.get(name).build
    for run in range(options.runs):
        shutil.rmtree(folder / site_config.SITE, ignore_errors=True)
        shutil.rmtree(folder / ".cache", ignore_errors=True)  # Zensical's; a staging folder starts without one
        gc.collect()
        _timed(times, name, build, folder, AS_OF)
        seconds = times[name][-1]
        if seconds > options.mkdocs_budget and run + 1 < options.runs:
            notes.append(f"{name} build took {seconds:.0f} s > --mkdocs-budget {options.mkdocs_budget:.0f} s: "
                         f"run {run + 1} time(s), not {options.runs}")
            break
    files = [p for p in (folder / site_config.SITE).rglob("*") if p.is_file()]
    found = {f"{name}_runs": len(times[name]), f"{name}_site_files": len(files),
             f"{name}_site_bytes": sum(p.stat().st_size for p in files)}
    if name != "mkdocs":  # it runs in a subprocess of its own
        found[f"{name}_peak_rss_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)
    return found


def _time_preview(root: Path, folder: Path, runs: int, times: Times) -> dict:
    """After a one-claim edit: checked_book, render_pages and write_pages into the last build's folder.

    What `briefing serve` does on every edit before the renderer rebuilds (write_book_pages).
    """
    original = (root / "claims.yaml").read_bytes()
    docs = folder / site_config.DOCS
    try:
        for run in range(runs):
            edit_one_claim(root, run + 1)
            before = _mtimes(docs)
            time.sleep(0.01)
            gc.collect()
            started = time.perf_counter()
            book = _timed(times, "preview_checked_book", checked_book, root, AS_OF)
            pages = _timed(times, "preview_render", render_pages, book, root / "templates", RenderCache(root))
            _timed(times, "preview_write", write_pages, book, pages, root, folder)
            times.setdefault("preview", []).append(time.perf_counter() - started)
            after = _mtimes(docs)
    finally:
        (root / "claims.yaml").write_bytes(original)
    return {"preview_rewritten": sorted(path for path in after if before.get(path) != after[path])}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _time_serve(root: Path, folder: Path, runs: int, times: Times) -> dict:
    """The live preview after an edit, as `briefing serve` runs it (LivePreview.rebuild: rewrite
    what changed, then MkDocs' dirty build), and a whole `mkdocs serve` rebuild (1 run)."""
    from generator import pipeline
    from generator.renderers.mkdocs import LivePreview

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    original = (root / "claims.yaml").read_bytes()
    preview = LivePreview(folder, SERVE_URL, AS_OF, pipeline.live_rewrite(root, AS_OF, folder, say=print))
    preview.rebuild()  # the server's first build, before anyone edits
    try:
        for run in range(runs):
            edit_one_claim(root, 100 + run)
            before = _mtimes(folder / site_config.DOCS)
            time.sleep(0.01)
            gc.collect()
            _timed(times, "serve_preview", preview.rebuild)
            rewritten = sorted(p for p, t in _mtimes(folder / site_config.DOCS).items() if before.get(p) != t)
        edit_one_claim(root, 200)
        _timed(times, "serve_full", _mkdocs_serve_rebuild, root, folder)
    finally:
        (root / "claims.yaml").write_bytes(original)
    return {"serve_site_files": sum(1 for p in (folder / site_config.SITE).rglob("*") if p.is_file()),
            "serve_rewritten": rewritten}


def _mkdocs_serve_rebuild(root: Path, folder: Path) -> None:
    """Rewrite the pages (the plugin's on_config), then a whole MkDocs build, as `mkdocs serve` does."""
    write_book_pages(root, AS_OF, folder)
    renderers.get("mkdocs").build(folder, AS_OF)


def _heap_peaks(root: Path) -> dict[str, float]:
    """Peak Python heap of each stage, in MB (one untimed pass; tracemalloc.reset_peak between stages)."""
    import tracemalloc

    tracemalloc.start()
    peaks, state = {}, {}
    steps = (("load", lambda: load_project(root)),
             ("check", lambda: check_project(state["load"])),
             ("model", lambda: build_model(state["load"], state["check"], AS_OF)),
             ("render", lambda: render_pages(state["model"], root / "templates")))
    for name, step in steps:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        state[name] = step()
        peaks[name] = (tracemalloc.get_traced_memory()[1] - base) / 2**20
    tracemalloc.stop()
    return peaks


# --- build -----------------------------------------------------------------------

def site_build(root: Path, options: argparse.Namespace) -> dict:
    """One site build (load..MkDocs, as `briefing build` runs it, without the PDF) in this fresh process.

    Its peak RSS is the site build's (the PDF's is the pdf worker's); cold: no .build/cache/.
    The stages are pipeline.build's, in its order, with the PDF left out.
    """
    shutil.rmtree(root / WORK_DIR / "cache", ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        started = time.perf_counter()
        book = checked_book(root, AS_OF)
        write_pages(book, render_pages(book, root / "templates", RenderCache(root)), root, scratch)
        del book  # as pipeline.build lets it go (after the PDF, which is not part of the site build)
        release_memory()
        renderers.get("mkdocs").build(scratch, AS_OF)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"times": {"site_build_process": [seconds]}, "peak_rss_mb": _maxrss_mb()}


# --- pdf -------------------------------------------------------------------------

def pdf(root: Path, options: argparse.Namespace) -> dict:
    """write_pdf, given a rendered book: in the build it follows render_pages and reuses its charts."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    times: Times = {}
    try:
        for _ in range(options.runs):
            book = _rendered_book(root)
            gc.collect()
            target = scratch / "book.pdf"
            _timed(times, "pdf", write_pdf, book, root, target)
            size = target.stat().st_size
            target.unlink()
            if times["pdf"][-1] > SLOW_PDF_S:
                break
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"times": times, "pdf_bytes": size, "peak_rss_mb": _maxrss_mb()}


def _rendered_book(root: Path):
    project = load_project(root)
    book = build_model(project, check_project(project), AS_OF)
    render_pages(book, root / "templates")
    return book


# --- profile ---------------------------------------------------------------------

def profile(root: Path, options: argparse.Namespace) -> dict:
    """cProfile of load..write, then of one MkDocs build of the written folder (one run each)."""
    import cProfile

    load_project(root)  # warm imports; not profiled
    stages, builds = cProfile.Profile(), cProfile.Profile()
    seconds: dict[str, float] = {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        project = _profiled(stages, seconds, "load", load_project, root)
        checked = _profiled(stages, seconds, "check", check_project, project)
        book = _profiled(stages, seconds, "model", build_model, project, checked, AS_OF)
        pages = _profiled(stages, seconds, "render", render_pages, book, root / "templates")
        _profiled(stages, seconds, "write", write_pages, book, pages, root, scratch)
        _profiled(builds, seconds, "mkdocs", renderers.get("mkdocs").build, scratch, AS_OF)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"stages_profiled_s": seconds, "cumulative": _top(stages, "cumulative"), "tottime": _top(stages, "tottime"),
            "mkdocs_cumulative": _top(builds, "cumulative")}


def _profiled(profiler, seconds: dict[str, float], name: str, function, *args):
    started = time.perf_counter()
    profiler.enable()
    try:
        return function(*args)
    finally:
        profiler.disable()
        seconds[name] = time.perf_counter() - started


def _top(profiler, key: str, count: int = 15) -> str:
    """The profiler's top `count` functions by `key`, with paths made short."""
    import io
    import pstats

    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats(key).print_stats(count)
    lines = buffer.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    prefixes = (sysconfig.get_paths()["purelib"] + "/", sysconfig.get_paths()["stdlib"] + "/", str(REPO) + "/")
    body = []
    for line in lines[start:]:
        for prefix in prefixes:
            line = line.replace(prefix, "")
        if line.strip():
            body.append(line)
    return "\n".join(body)


# --- command line ----------------------------------------------------------------

WORKERS = {"site": site, "build": site_build, "pdf": pdf, "profile": profile, "check": check_command}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=WORKERS)
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mkdocs-budget", type=float, default=120.0)
    parser.add_argument("--serve-runs", type=int, default=0)
    parser.add_argument("--tracemalloc", action="store_true")
    options = parser.parse_args(argv)
    data = WORKERS[options.kind](options.project, options)
    options.out.write_text(json.dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())

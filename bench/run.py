#!/usr/bin/env python
"""Benchmark the briefing-book generator on synthetic books of growing size.

    .venv/bin/python bench/run.py [--sizes small,medium,large,xlarge] [--runs N] [--no-pdf] [--check-only]

Not part of the test suite. For each size, bench/synth.py writes a synthetic,
valid claims.yaml and articles (deterministic), tests.conftest.make_project
makes a project of them, and bench/workers.py times the pipeline's stages in a
fresh subprocess per size (so peak RSS is per size): load_project,
check_project, build_model, render_pages, write_pages into a pages folder, the
MkDocs build of that folder (and Zensical's, if installed), a live preview after
a one-claim edit, the serve rebuilds, the PDF in a process of its own, and
`briefing check` as a command (cold, and after a one-claim edit, beside a bare
YAML parse); `--check-only` times just that and rewrites only its section.
bench/report.py turns the answers into bench/RESULTS.md (table, targets,
machine) and bench/PROFILE.md (cProfile at the largest size measured).

Times are medians of --runs runs. A renderer build is repeated only while one
takes less than --mkdocs-budget seconds, the PDF while one takes less than
20 s; the PDF is skipped at a size when the previous size's PDF time, scaled
linearly by the claim count, exceeds --pdf-budget seconds. All of this is said
in the output. Hand-written sections after the generated ones in RESULTS.md and
PROFILE.md (a `## ` heading the bench does not write) are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from bench import machine, report, synth, workers  # noqa: E402
from tests.conftest import make_project  # noqa: E402

SIZES = {  # name: (articles, claims)
    "small": (5, 50),
    "medium": (50, 500),
    "large": (500, 5000),
    "xlarge": (2000, 10000),
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sizes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")
    names.sort(key=list(SIZES).index)
    started = time.perf_counter()
    environment, fingerprint = machine.describe(REPO), machine.code_fingerprint(REPO)
    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    notes: list[str] = []
    if args.check_only:
        try:
            return measure_check_only(names, args, workdir, environment, started)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    try:
        results = measure(names, args, workdir, notes)
        profile = None
        if not args.no_profile:
            print(f"[{names[-1]}] profiling the stages and one MkDocs build", flush=True)
            profile = workers.run_worker("profile", workdir / names[-1] / "project", [])
        if machine.code_fingerprint(REPO) != fingerprint:
            notes.append("generator/ or templates/ changed while the benchmark ran: sizes may have been measured on different code")
        command = ".venv/bin/python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
        run = report.Run(environment, command.strip(), dt.datetime.now().isoformat(timespec="minutes"),
                         time.perf_counter() - started, notes)
        write_documents(results, profile, names[-1], run, args)
    finally:
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--sizes", default=",".join(SIZES), help=f"comma-separated, from {', '.join(SIZES)}")
    add("--runs", type=int, default=3, help="runs per stage; the median is reported (default 3)")
    add("--largest-runs", type=int, default=None, help="runs for the xlarge size (default: --runs)")
    add("--no-pdf", action="store_true", help="skip the PDF at every size")
    add("--pdf-budget", type=float, default=1500.0,  # the 10,000-claim PDF is measured (about 10 min here)
        help="skip the PDF at a size if the previous size's PDF time scaled by claims exceeds this (s)")
    add("--pdf-timeout", type=float, default=2400.0, help="give up on a PDF build after this (s)")
    add("--mkdocs-budget", type=float, default=120.0, help="stop repeating renderer builds longer than this (s)")
    add("--no-serve", action="store_true", help="skip timing the serve rebuilds after an edit")
    add("--tracemalloc", action="store_true", help="also measure peak Python heap per generator stage")
    add("--no-profile", action="store_true", help="skip the cProfile pass and bench/PROFILE.md")
    add("--check-only", action="store_true",
        help="time only `briefing check` (cold, after an edit, beside a bare parse); update that section of --output")
    add("--keep", action="store_true", help="keep the generated projects (prints where)")
    add("--output", default=str(BENCH / "RESULTS.md"), help="where to write the results")
    add("--profile-output", default=str(BENCH / "PROFILE.md"), help="where to write the profile")
    return parser


def measure(names: list[str], args: argparse.Namespace, workdir: Path, notes: list[str]) -> list[dict]:
    """Generate and time each size in turn; the PDF budget carries from one size to the next."""
    results, previous_pdf = [], None  # (claims, seconds)
    for name in names:
        articles, claims = SIZES[name]
        runs = args.largest_runs if (name == "xlarge" and args.largest_runs) else args.runs
        t0 = time.perf_counter()
        spec = synth.make_content(workdir / name / "content", articles, claims)
        root = make_project(workdir / name / "project", content_from=workdir / name / "content")
        print(f"[{name}] generated {articles} articles, {claims} claims in {time.perf_counter() - t0:.1f} s", flush=True)
        site = workers.run_worker("site", root, _site_options(args, runs))
        notes += [f"{name}: {n}" for n in site["notes"]]
        print(f"[{name}] site stages: " + ", ".join(f"{k} {report.fmt(statistics.median(v))}" for k, v in site["times"].items()), flush=True)
        pdf, pdf_note, previous_pdf = _pdf(root, claims, runs, args, previous_pdf)
        if pdf_note:
            print(f"[{name}] PDF skipped: {pdf_note}", flush=True)
            notes.append(f"{name}: PDF skipped: {pdf_note}")
        check = workers.run_worker("check", root, ["--runs", str(runs)])
        build = workers.run_worker("build", root, [])
        print(f"[{name}] site build in a process of its own: peak RSS {build['peak_rss_mb']:.0f} MB", flush=True)
        results.append(report.summarize(name, spec, site, pdf, pdf_note, check, build))
        if not args.keep and (name != names[-1] or args.no_profile):
            shutil.rmtree(workdir / name, ignore_errors=True)
    return results


def _site_options(args: argparse.Namespace, runs: int) -> list[str]:
    options = ["--runs", str(runs), "--mkdocs-budget", str(args.mkdocs_budget)]
    options += ["--serve-runs", "0" if args.no_serve else str(runs)]
    return options + (["--tracemalloc"] if args.tracemalloc else [])


def _pdf(root: Path, claims: int, runs: int, args: argparse.Namespace, previous: tuple | None):
    """(the PDF worker's answer or None, why it was skipped or None, the budget's new reference)."""
    if args.no_pdf:
        return None, "--no-pdf", previous
    if previous and previous[1] * claims / previous[0] > args.pdf_budget:
        estimate = previous[1] * claims / previous[0]
        return None, (f"estimated ≥ {estimate / 60:.0f} min (previous size's {previous[1]:.0f} s × "
                      f"{claims / previous[0]:.0f}, assuming linear) > --pdf-budget {args.pdf_budget:.0f} s"), previous
    try:
        pdf = workers.run_worker("pdf", root, ["--runs", str(runs)], timeout=args.pdf_timeout)
    except subprocess.TimeoutExpired:
        return None, f"did not finish within --pdf-timeout {args.pdf_timeout:.0f} s (killed)", (claims, args.pdf_timeout)
    seconds = statistics.median(pdf["times"]["pdf"])
    print(f"[{root.parent.name}] pdf {report.fmt(seconds)}", flush=True)
    return pdf, None, (claims, seconds)


def measure_check_only(names: list[str], args: argparse.Namespace, workdir: Path, environment: dict, started: float) -> int:
    """`--check-only`: time `briefing check` at each size; rewrite only that section of --output."""
    results = []
    for name in names:
        articles, claims = SIZES[name]
        runs = args.largest_runs if (name == "xlarge" and args.largest_runs) else args.runs
        synth.make_content(workdir / name / "content", articles, claims)
        root = make_project(workdir / name / "project", content_from=workdir / name / "content")
        times = workers.run_worker("check", root, ["--runs", str(runs)])["times"]
        t = {key: statistics.median(values) for key, values in times.items()}
        print(f"[{name}] briefing check: " + ", ".join(f"{k} {report.fmt(v)}" for k, v in t.items()), flush=True)
        results.append({"name": name, "articles": articles, "claims": claims, "t": t,
                        "runs": {key: len(values) for key, values in times.items()}})
        shutil.rmtree(workdir / name, ignore_errors=True)
    env = environment
    lines = [*report.check_section(results)]
    for target, passed, detail in report.check_targets(results, SIZES["xlarge"]):
        lines.append(f"- **{'n/a' if passed is None else ('PASS' if passed else 'MISS')}** {target}: {detail}")
    lines += ["", f"Measured by `.venv/bin/python bench/run.py --check-only --sizes {','.join(names)}` on "
              f"{dt.datetime.now().isoformat(timespec='minutes')} (nproc {env['nproc']}, {env['cpu']}, Python {env['python']}, "
              f"commit {env['commit']}; {(time.perf_counter() - started) / 60:.1f} min).", ""]
    text = "\n".join(lines)
    print(text)
    replace_section(Path(args.output), report.CHECK_HEADING, text)
    print(f"updated the check section of {args.output}")
    return 0


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put `text` (which starts with `heading`) in place of that section of `path`, or before its Details."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    if heading in lines:
        start = lines.index(heading)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith(("### ", "## "))), len(lines))
    else:
        start = end = next((i for i, line in enumerate(lines) if line == "### Details"), len(lines))
    lines[start:end] = text.rstrip("\n").splitlines() + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_documents(results: list[dict], profile: dict | None, largest: str, run: report.Run, args) -> None:
    text = report.report(results, SIZES["xlarge"], run)
    print()
    print(text)
    write_keeping_notes(Path(args.output), "# Benchmark results\n\n" + text)
    if profile:
        write_keeping_notes(Path(args.profile_output), report.profile_md(profile, largest, report.table(results)))
        print(f"wrote {args.output} and {args.profile_output}")
    else:
        print(f"wrote {args.output}")


def write_keeping_notes(path: Path, text: str) -> None:
    """Write `text` to `path`, keeping what the old file has from its first `## ` heading `text` lacks on.

    Those are the hand-written sections (earlier runs, the diagnosis) below the generated ones.
    """
    old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    generated = {line for line in text.splitlines() if line.startswith("## ")}
    start = next((i for i, line in enumerate(old) if line.startswith("## ") and line not in generated), None)
    kept = "" if start is None else "\n" + "\n".join(old[start:]) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + kept, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

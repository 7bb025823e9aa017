"""The benchmark's report: medians, the tables, the targets met or missed, the profile.

Plain functions from the workers' answers (JSON-shaped dicts) to Markdown text;
nothing here runs the generator.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

# Targets (issue 15).
LINEAR_SLACK = 1.2           # the site build: 10x the input may cost at most 12x the time
CHECK_COLD_LIMIT_S = 1.0     # `briefing check` in a new process, no cache, at the largest size
CHECK_COLD_RATIO = 0.6       # ... and at most this share of a bare yaml.load(claims.yaml, CSafeLoader), same run
CHECK_EDIT_LIMIT_S = 0.3     # `briefing check` again after a one-claim edit
PREVIEW_LIMIT_S = 2.0        # live preview after a one-claim edit (regenerate + renderer), at every size
PREVIEW_SHARE = 0.10         # ... and at most this share of a full build from PREVIEW_SHARE_FROM claims up
PREVIEW_SHARE_FROM = 5000
GENERATOR_SHARE_WARM = 0.15  # load+check+model+render+write, warm cache, from GENERATOR_FROM claims up
GENERATOR_SHARE_COLD = 0.50  # ... with no cache
GENERATOR_FROM = 500
PDF_LINEAR_SLACK = 1.1       # the PDF: 10x the content may cost at most 11x the time
PDF_LIMIT_S = 120.0          # the PDF at PDF_LIMIT_CLAIMS claims
PDF_LIMIT_MB = 1500.0
PDF_LIMIT_CLAIMS = 5000
SITE_BUILD_LIMIT_MB = 600.0  # peak RSS of a site build (no PDF) at the largest size

PAGE_STAGES = ("load", "check", "model", "render", "write")  # what `briefing build` does before the renderer
MAIN_COLUMNS = (*PAGE_STAGES, "mkdocs", "zensical", "pdf")


@dataclass
class Run:
    """What the report says about the run itself, in its last section."""

    environment: dict
    command: str
    finished: str
    elapsed_s: float
    notes: list[str]


def summarize(name: str, spec: dict, site: dict, pdf: dict | None, pdf_note: str | None, check: dict | None = None,
              build: dict | None = None) -> dict:
    """One size's medians and derived figures, from the site, PDF, check and build workers' answers."""
    t = {k: _median(v) for k, v in {**site["times"], **(check["times"] if check else {})}.items()}
    t["pdf"] = _median(pdf["times"]["pdf"]) if pdf else None
    pages = sum(t[k] for k in PAGE_STAGES)
    t["site_build"] = pages + t["mkdocs"]
    t["site_build_cold"] = sum(t[k + "_cold"] for k in PAGE_STAGES) + t["mkdocs"]
    t["zensical_build"] = pages + t["zensical"] if t.get("zensical") is not None else None
    t["total"] = t["site_build"] + (t["pdf"] or 0.0)
    t["briefing_check"] = t["load"] + t["check"]
    t["check_nogc_total"] = t["load_nogc"] + t["check_nogc"]
    runs = {k: len(v) for k, v in {**site["times"], **(check["times"] if check else {})}.items()}
    runs["pdf"] = len(pdf["times"]["pdf"]) if pdf else 0
    return {"name": name, "articles": spec["articles"], "claims": spec["claims"], "spec": spec, "t": t, "runs": runs,
            "site": {k: v for k, v in site.items() if k != "times"}, "pdf": pdf, "pdf_note": pdf_note,
            "peak_mb": site["peak_rss_mb"], "pdf_peak_mb": pdf["peak_rss_mb"] if pdf else None,
            "build_peak_mb": build["peak_rss_mb"] if build else None, "ratio": t["briefing_check"] / t["parse"]}


def _median(values):
    return statistics.median(values) if values else None


def fmt(seconds) -> str:
    if seconds is None:
        return "skipped"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _factor(new, old) -> str:
    if new is None or old is None or old == 0:
        return "–"
    return f"×{new / old:.1f}"


def _row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _head(*names: str) -> list[str]:
    return [_row(names), "|---|" + "---:|" * (len(names) - 1)]


# --- tables ----------------------------------------------------------------------

def table(results: list[dict]) -> str:
    rows = _head("size", "articles", "claims", "load", "check", "model", "render", "write", "MkDocs", "Zensical", "pdf",
                 "total", "peak MB", "check/parse ratio")
    previous = None
    for r in results:
        t = r["t"]
        total = fmt(t["total"]) + ("" if t["pdf"] is not None else " (no pdf)")
        rows.append(_row([r["name"], r["articles"], r["claims"], *(_cell(t, k) for k in MAIN_COLUMNS), total,
                          f"{r['peak_mb']:.0f}", f"{r['ratio']:.1f}"]))
        if previous:
            p, pt = previous, previous["t"]
            rows.append(_row(["↳ growth", _factor(r["articles"], p["articles"]), _factor(r["claims"], p["claims"]),
                              *(_factor(t.get(k), pt.get(k)) for k in MAIN_COLUMNS),
                              f"{_factor(t['site_build'], pt['site_build'])} (site)", _factor(r["peak_mb"], p["peak_mb"]),
                              _factor(r["ratio"], p["ratio"])]))
        previous = r
    return "\n".join(rows)


def _cell(t: dict, key: str) -> str:
    if key == "zensical" and t.get(key) is None:
        return "not installed"
    return fmt(t.get(key))


def detail_table(results: list[dict]) -> str:
    rows = _head("size", "parse floor", "load+check", "ratio", "parse floor, GC off", "load+check, GC off", "ratio, GC off",
                 "warn (figure conflicts)", "site build (load..MkDocs)", "site build with Zensical", "pages",
                 "site files (MkDocs / Zensical)", "Zensical peak MB", "runs (gen/MkDocs/Zensical/pdf)")
    for r in results:
        t, s, n = r["t"], r["site"], r["runs"]
        zensical_peak = f"{s['zensical_peak_rss_mb']:.0f}" if "zensical_peak_rss_mb" in s else "–"
        rows.append(_row([
            r["name"], fmt(t["parse"]), fmt(t["briefing_check"]), f"{r['ratio']:.1f}×", fmt(t["parse_nogc"]),
            fmt(t["check_nogc_total"]), f"{t['check_nogc_total'] / t['parse_nogc']:.1f}×", fmt(t["warn"]),
            fmt(t["site_build"]), fmt(t["zensical_build"]) if t["zensical_build"] else "not installed", s["pages"],
            f"{s['mkdocs_site_files']} / {s.get('zensical_site_files', '–')}", zensical_peak,
            f"{n['load']}/{n['mkdocs']}/{n.get('zensical', 0)}/{n['pdf']}"]))
    return "\n".join(rows)


def preview_table(results: list[dict]) -> str:
    rows = _head("size", "full build (load..MkDocs, warm)", "regenerate: checked_book", "render", "write_pages",
                 "regenerate total", "files rewritten", "**`briefing serve` rebuild** (regenerate + MkDocs, dirty)",
                 "rebuild / full build", "`mkdocs serve` rebuild (whole)")
    for r in results:
        t = r["t"]
        share = f"{t['serve_preview'] / t['site_build']:.0%}" if t.get("serve_preview") else "–"
        rows.append(_row([r["name"], fmt(t["site_build"]), fmt(t["preview_checked_book"]), fmt(t["preview_render"]),
                          fmt(t["preview_write"]), fmt(t["preview"]), len(r["site"]["preview_rewritten"]),
                          _measured(t, "serve_preview"), share, _measured(t, "serve_full")]))
    return "\n".join(rows)


def _measured(t: dict, key: str) -> str:
    return fmt(t[key]) if t.get(key) else "not measured"


CHECK_HEADING = "### `briefing check` as editors run it (a new process each time)"

CHECK_EXPLAINED = (
    "`cold` = `briefing check` in a new process (interpreter start and imports included) with no `.build/cache/`; "
    "`bare parse` = `yaml.load(claims.yaml, CSafeLoader)` with the default GC, in the bench's process, right after "
    "each cold run; `after an edit` = `briefing check` again after one claim's text changed. Medians of the runs shown.")


def check_section(results: list[dict]) -> list[str]:
    """The table of `briefing check` timings, and what it is measured against."""
    measured = [r for r in results if r["t"].get("check_cold") is not None]
    if not measured:
        return []
    rows = [CHECK_HEADING, "", *_head("size", "articles", "claims", "cold", "bare parse", "cold / bare parse",
                                      "after an edit", "runs")]
    for r in measured:
        t = r["t"]
        rows.append(_row([r["name"], r["articles"], r["claims"], fmt(t["check_cold"]), fmt(t["check_parse"]),
                          f"{t['check_cold'] / t['check_parse']:.2f}×", fmt(t["check_edit"]), r["runs"]["check_cold"]]))
    return rows + ["", CHECK_EXPLAINED, ""]


def check_targets(results: list[dict], largest: tuple[int, int]) -> list[tuple[str, bool | None, str]]:
    """The issue's targets for the `briefing check` command at the largest size."""
    big = next((r for r in results if (r["articles"], r["claims"]) == largest and r["t"].get("check_cold")), None)
    size = f"{largest[1]:,} claims / {largest[0]:,} articles"
    if big is None:
        return [(f"`briefing check` at {size}", None, "not measured")]
    t = big["t"]
    ratio = t["check_cold"] / t["check_parse"]
    return [
        (f"`briefing check` cold at {size} ≤ {CHECK_COLD_LIMIT_S:.1f} s", t["check_cold"] <= CHECK_COLD_LIMIT_S,
         f"{fmt(t['check_cold'])} ({t['check_cold'] / CHECK_COLD_LIMIT_S:.1f}× the limit)"),
        (f"`briefing check` cold ≤ {CHECK_COLD_RATIO}× a bare CSafeLoader parse of claims.yaml", ratio <= CHECK_COLD_RATIO,
         f"{fmt(t['check_cold'])} / {fmt(t['check_parse'])} = {ratio:.2f}×"),
        (f"`briefing check` after a one-claim edit ≤ {CHECK_EDIT_LIMIT_S:.1f} s", t["check_edit"] <= CHECK_EDIT_LIMIT_S,
         f"{fmt(t['check_edit'])} ({t['check_edit'] / CHECK_EDIT_LIMIT_S:.1f}× the limit)")]


def heap_table(results: list[dict]) -> list[str]:
    measured = [r for r in results if r["site"].get("tracemalloc_peak_mb")]
    if not measured:
        return []
    stages = ("load", "check", "model", "render")
    rows = ["### Peak Python heap per stage (tracemalloc, separate untimed pass)", "", *_head("size", *stages)]
    for r in measured:
        rows.append(_row([r["name"], *(f"{r['site']['tracemalloc_peak_mb'][k]:.0f} MB" for k in stages)]))
    return rows + [""]


def pdf_lines(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        if r["pdf"]:
            lines.append(f"- {r['name']}: {fmt(r['t']['pdf'])}, {r['pdf']['pdf_bytes'] / 2**20:.1f} MiB PDF, "
                         f"peak RSS {r['pdf_peak_mb']:.0f} MB")
        else:
            lines.append(f"- {r['name']}: skipped — {r['pdf_note']}")
    return lines


def content_lines(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        s, site = r["spec"], r["site"]
        rewritten = site["preview_rewritten"]
        lines.append(
            f"- {r['name']}: {s['articles']} articles ({s['article_bytes'] / 2**20:.1f} MiB), {s['claims']} claims "
            f"({s['claims_yaml_bytes'] / 2**20:.1f} MiB claims.yaml), {s['sources']} quotes, {s['figures']} figures "
            f"({s['conflicts']} deliberate conflicts), {s['due']} with due, {s['speakers']} with speaker, "
            f"{s['relations']} relations; {site['warnings']} figure-disagreement warnings; {site['pages']} generated pages "
            f"({site['page_bytes'] / 2**20:.1f} MiB), largest {site['largest_page']}; MkDocs site "
            f"{site['mkdocs_site_bytes'] / 2**20:.0f} MiB"
            + (f", Zensical site {site['zensical_site_bytes'] / 2**20:.0f} MiB" if "zensical_site_bytes" in site else "")
            + f"; preview rewrote: {', '.join(rewritten[:8])}{' …' if len(rewritten) > 8 else ''}")
    return lines


# --- targets ---------------------------------------------------------------------

def targets(results: list[dict], largest: tuple[int, int]) -> list[tuple[str, bool | None, str]]:
    """(target, met? (None: not measured), how), for each of the issue's targets."""
    return [*check_targets(results, largest), _preview(results), *_generator_share(results), *_pdf(results),
            _site_memory(results, largest), _linear(results)]


def _linear(results: list[dict]) -> tuple[str, bool | None, str]:
    lines, ok = [], True
    for prev, cur in zip(results, results[1:]):
        size_ratio = (cur["articles"] + cur["claims"]) / (prev["articles"] + prev["claims"])
        time_ratio = cur["t"]["site_build"] / prev["t"]["site_build"]
        allowed = LINEAR_SLACK * size_ratio
        passed = time_ratio <= allowed
        ok &= passed
        lines.append(f"{prev['name']}→{cur['name']}: input ×{size_ratio:.1f}, time ×{time_ratio:.1f} "
                     f"(allowed ×{allowed:.1f}) {_verdict(passed)}")
    return ("Site build linear (load..MkDocs, warm cache; 10× input ≤ 12× time)", ok if lines else None,
            "; ".join(lines) or "needs two sizes")


def _generator_share(results: list[dict]) -> list[tuple[str, bool | None, str]]:
    """load+check+model+render+write against the MkDocs build, warm and cold, from GENERATOR_FROM claims up."""
    found = []
    for suffix, limit, label in (("", GENERATOR_SHARE_WARM, "warm cache"), ("_cold", GENERATOR_SHARE_COLD, "no cache")):
        lines, ok = [], True
        for r in results:
            t = r["t"]
            generator = sum(t[stage + suffix] for stage in PAGE_STAGES)
            share = generator / t["mkdocs"]
            counted = r["claims"] >= GENERATOR_FROM
            ok &= share <= limit or not counted
            verdict = _verdict(share <= limit) if counted else "(not counted)"
            lines.append(f"{r['name']}: {fmt(generator)} = {share:.0%} of MkDocs' {fmt(t['mkdocs'])} {verdict}")
        found.append((f"Generator stages (load, check, model, render, write), {label}, ≤ {limit:.0%} of the renderer's "
                      f"time from {GENERATOR_FROM:,} claims up", ok if lines else None, "; ".join(lines)))
    return found


def _preview(results: list[dict]) -> tuple[str, bool | None, str]:
    lines, ok = [], True
    for r in results:
        t = r["t"]
        if not t.get("serve_preview"):
            continue
        share = t["serve_preview"] / t["site_build"]
        passed = t["serve_preview"] <= PREVIEW_LIMIT_S and (share <= PREVIEW_SHARE or r["claims"] < PREVIEW_SHARE_FROM)
        ok &= passed
        lines.append(f"{r['name']}: {fmt(t['serve_preview'])} = {share:.0%} of a full build ({fmt(t['site_build'])}) "
                     f"{_verdict(passed)}")
    return (f"Live preview after a one-claim edit (regenerate + renderer) ≤ {PREVIEW_LIMIT_S:.0f} s at every size, and "
            f"≤ {PREVIEW_SHARE:.0%} of a full build from {PREVIEW_SHARE_FROM:,} claims up", ok if lines else None,
            "; ".join(lines) or "not measured")


def _pdf(results: list[dict]) -> list[tuple[str, bool | None, str]]:
    made = [r for r in results if r["t"]["pdf"] is not None]
    lines, ok = [], True
    for prev, cur in zip(made, made[1:]):  # content: articles + claims (their texts are printed too), as for the site
        content = (cur["articles"] + cur["claims"]) / (prev["articles"] + prev["claims"])
        took = cur["t"]["pdf"] / prev["t"]["pdf"]
        passed = took <= PDF_LINEAR_SLACK * content
        ok &= passed
        lines.append(f"{prev['name']}→{cur['name']}: content ×{content:.1f}, time ×{took:.1f} "
                     f"(allowed ×{PDF_LINEAR_SLACK * content:.1f}) {_verdict(passed)}")
    at = next((r for r in made if r["claims"] == PDF_LIMIT_CLAIMS), None)
    limit = (f"The PDF at {PDF_LIMIT_CLAIMS:,} claims ≤ {PDF_LIMIT_S:.0f} s and ≤ {PDF_LIMIT_MB:,.0f} MB",
             None if at is None else at["t"]["pdf"] <= PDF_LIMIT_S and at["pdf_peak_mb"] <= PDF_LIMIT_MB,
             "not made" if at is None else f"{fmt(at['t']['pdf'])}, peak RSS {at['pdf_peak_mb']:.0f} MB")
    largest = max(results, key=lambda r: r["claims"])
    return [("The PDF in linear time (10× the content, articles + claims, ≤ 11× the time)", ok if lines else None,
             "; ".join(lines) or "needs two sizes"), limit,
            (f"The PDF at {largest['claims']:,} claims measured", largest["t"]["pdf"] is not None,
             fmt(largest["t"]["pdf"]) + (f", peak RSS {largest['pdf_peak_mb']:.0f} MB" if largest["pdf"] else
                                         f" ({largest['pdf_note']})"))]


def _site_memory(results: list[dict], largest: tuple[int, int]) -> tuple[str, bool | None, str]:
    big = next((r for r in results if (r["articles"], r["claims"]) == largest and r.get("build_peak_mb")), None)
    detail = "; ".join(f"{r['name']}: {r['build_peak_mb']:.0f} MB" for r in results if r.get("build_peak_mb"))
    return (f"Peak memory of a site build (load..MkDocs, no PDF, a process of its own) ≤ {SITE_BUILD_LIMIT_MB:.0f} MB "
            f"at the largest size", None if big is None else big["build_peak_mb"] <= SITE_BUILD_LIMIT_MB,
            detail or "not measured")


def _verdict(passed: bool) -> str:
    return "ok" if passed else "MISS"


# --- the documents ---------------------------------------------------------------

EXPLAINED = (
    "Times are medians. The stages are the pipeline's own functions, called in the order `briefing build` calls them; "
    "`write` = write_pages (docs/, overrides/, mkdocs.yml with the navigation) into a new pages folder; `MkDocs` and "
    "`Zensical` = each renderer's build of that folder (Zensical only if installed; it runs as a subprocess); "
    "`total` = load + check + model + render + write + MkDocs + pdf, what `briefing build` does. `pdf` = write_pdf after "
    "render_pages, which it follows in the build (the charts are drawn once, for both). The GC-off columns (Details) are "
    "a what-if: the same calls with gc.disable() around them, no change to generator/. `peak MB` = ru_maxrss of the "
    "worker process that ran load..MkDocs..preview for that size (the PDF and Zensical ran in processes of their own, "
    "see below). `check/parse ratio` = (load + check) / yaml.load(claims.yaml, CSafeLoader).")

PREVIEW_EXPLAINED = (
    "After changing one claim's text in claims.yaml. `regenerate` = checked_book (load + check + model + warn) + "
    "render_pages (with the render cache, as the server has it) + write_pages into the pages folder of the previous "
    "build. **`briefing serve` rebuild** = `LivePreview.rebuild()`, exactly what the server runs on every edit: the "
    "rewrite of the pages that changed, then MkDocs' dirty build of only those pages (the preview target is measured "
    "on this). `mkdocs serve` rebuild = the pages rewritten, then a whole MkDocs build, as plain `mkdocs serve` in the "
    "project does through the plugin (1 run).")


def report(results: list[dict], largest: tuple[int, int], run: Run) -> str:
    parts = [table(results), "", EXPLAINED, "", "### Details", "", detail_table(results), "",
             "### Live preview after a one-claim edit", "", preview_table(results), "", PREVIEW_EXPLAINED, "",
             *check_section(results), "### PDF", "", *pdf_lines(results), "", *heap_table(results), "### Synthetic content", "",
             *content_lines(results), "", "### Targets", ""]
    for name, passed, detail in targets(results, largest):
        label = "n/a" if passed is None else ("PASS" if passed else "MISS")
        parts.append(f"- **{label}** {name}: {detail}")
    if run.notes:
        parts += ["", "### Notes", "", *[f"- {n}" for n in run.notes]]
    env = run.environment
    parts += ["", "### Machine", "",
              f"- nproc {env['nproc']}, CPU {env['cpu']}, RAM {env['ram']}, Python {env['python']} ({env['platform']})",
              f"- {env['versions']}; commit {env['commit']}",
              f"- command: `{run.command}`; {run.finished}; whole run {run.elapsed_s / 60:.1f} min"]
    return "\n".join(parts) + "\n"


def profile_md(profile: dict, size: str, results_table: str) -> str:
    stages = ", ".join(f"{k} {fmt(v)}" for k, v in profile["stages_profiled_s"].items())
    return "\n".join([
        f"# Profile of the generator stages at size `{size}`", "",
        "cProfile over load_project, check_project, build_model, render_pages and write_pages, then over one MkDocs "
        f"build of the written pages folder (one run each; profiled times, with cProfile's overhead: {stages}).", "",
        "## Results table", "", results_table, "",
        "## Top 15 functions by cumulative time", "", "```", profile["cumulative"], "```", "",
        "## Top 15 functions by own time (tottime)", "", "```", profile["tottime"], "```", "",
        "## Top 15 functions by cumulative time in the MkDocs build", "", "```", profile["mkdocs_cumulative"], "```", ""])

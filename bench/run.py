#!/usr/bin/env python
"""Benchmark the briefing-book generator on synthetic books of growing size.

    .venv/bin/python bench/run.py [--sizes small,medium,large,xlarge] [--runs N] [--no-pdf]

Not part of the test suite. For each size a synthetic, valid project is
generated (deterministically, random.Random(seed)) into a temporary folder, and
each stage is timed in a fresh subprocess per size (so peak RSS is per size):

  parse    yaml.load(claims.yaml, Loader=CSafeLoader): the bare parse floor
  load     generator.load.load_project
  check    generator.check.check_project (quote matching included)
  model    generator.model.build_model
  warn     generator.pipeline.disagreement_warnings (part of checked_book)
  render   generator.render.render_pages (standalone)
  write    generator.write.write_docs into a fresh docs folder
  mkdocs   generator.mkdocs_plugin.build_site with the already-built Book; this
           includes the plugin's on_config, which renders and writes the pages
           again, so "mkdocs proper" = mkdocs - on_config is reported as well
  pdf      generator.pdf.write_pdf, in its own subprocess
  preview  after a full build, one claim's text is changed in claims.yaml and
           load+check+model+warn+render+write_docs is timed (the work the
           `mkdocs serve` plugin does before MkDocs rebuilds)
  serve    the whole rebuild `mkdocs serve` does after such an edit (config
           reloaded, plugin loads the book itself, MkDocs builds), plain and
           with MkDocs' --dirty build (--no-serve skips these)

Each timed site run starts cold: the generator's memoized helpers (lru_cache)
and anything derived and kept on a Book are cleared first, so repeated runs
cost what one `briefing build` costs. The preview runs keep caches warm, as
the long-lived `mkdocs serve` process does.

Times are medians of --runs runs. MkDocs is repeated only while one build takes
less than --mkdocs-budget seconds (default 120), and the PDF while one takes
less than 20 s; the PDF is skipped at a size when the previous size's PDF
time, scaled linearly by the claim count, exceeds --pdf-budget seconds
(default 400: in practice the largest size is skipped). All of this is said in
the output.

Memory: "peak MB" is the worker subprocess's ru_maxrss (resource.getrusage)
after load..mkdocs..preview; the PDF's own peak RSS is reported separately.
With --tracemalloc, one extra, untimed pass reports the peak Python heap of each
generator stage (tracemalloc.reset_peak between stages).

Writes bench/RESULTS.md (table, targets, machine) and, with the profile (on by
default; --no-profile to skip), bench/PROFILE.md (cProfile of load, check,
model, render at the largest size measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
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

SIZES = {  # name: (articles, claims)
    "small": (5, 50),
    "medium": (50, 500),
    "large": (500, 5000),
    "xlarge": (2000, 10000),
}
AS_OF = dt.date(2026, 11, 21)
SEED = 20241127

# Targets.
LINEAR_SLACK = 1.2           # 10x the input may cost at most 12x the time
CHECK_LIMIT_S = 1.0          # load+check at the largest size
CHECK_PARSE_RATIO = 3.0      # load+check within 3x of the bare YAML parse
GENERATOR_SHARE = 0.15       # load+check+render under 15% of MkDocs
PREVIEW_SHARE = 0.25         # "well under" a full build: at most a quarter of it


# =============================================================================
# Synthetic books
# =============================================================================

WORDS = """
the a an of to in on for with by from at as after before during over under against between across
since until about into through while near among within without toward
and but or so yet because although while if when where which that who whose
said says told reported added noted warned stressed announced confirmed denied described argued
insisted acknowledged suggested estimated expected indicated claimed
official officials spokesperson commander commanders minister ministry government parliament
administration statement agreement coalition mission forces troops soldiers personnel advisers
militia militias fighters militants operatives leaders network cell cells group groups
attack attacks raid raids strike strikes drone drones rocket rockets base bases installation
convoy patrol checkpoint border province region capital city town village desert valley river
security defense military political diplomatic strategic regional local national international
presence withdrawal transition drawdown reduction deployment support training assistance
pressure threat resurgence campaign operation operations partner partners partnership
talks negotiations discussions commission committee delegation envoy ambassador embassy
week month year weeks months years day days period season timeline deadline schedule
first second third last next previous several many few some most more fewer
new old large small senior junior former current future remaining continuing ongoing
joint bilateral multinational combined special regular local foreign domestic
plan plans proposal request decision vote measure policy framework arrangement
report reports data figures numbers estimate estimates count total increase decrease
killed wounded injured detained captured arrested released freed targeted struck seized
remain remained stay stayed leave left return returned continue continued end ended
begin began start started move moved shift shifted reduce reduced expand expanded
would could should might must will may can did does had has have was were is are been
not no only also still already again however moreover meanwhile instead likely
quickly slowly recently previously publicly privately formally largely broadly directly
""".split()

PROPER = """Iraq Syria Baghdad Erbil Anbar Kirkuk Mosul Damascus Washington Pentagon Congress
CENTCOM Kurdistan Euphrates Tigris Ain al-Asad Harir Tanf Deir ez-Zor Hasakah Raqqa Nineveh
Diyala Salahuddin Tehran Amman Kuwait Jordan Turkey""".split()

FIRST = """Mohammed Ali Hassan Sarah John Michael Laura David Ahmed Fatima Omar Karen James Mary Robert
Linda Thabit Lloyd Pat Sabrina Mike Joe Jake Antony Yahya Hadi Qais Nouri Barham Masrour""".split()
LAST = """al-Sudani al-Abbasi Austin Ryder Singh Rogers Biden Sullivan Blinken Rasool al-Amiri
al-Khazali al-Maliki Salih Barzani Kurilla Garrett Smith Johnson Miller Davis Brown Wilson
Anderson Thomas Moore Martin Clark Lewis Walker Hall""".split()
ROLES = ("Defense Minister", "Prime Minister", "Pentagon press secretary", "CENTCOM commander",
         "national security adviser", "Secretary of State", "House Armed Services chair",
         "militia spokesperson", "Iraqi military spokesperson", "senior State Department official")
ANONYMOUS = ("a senior Defense Department official", "U.S. officials", "Iraqi officials",
             "a senior military official", "Iraqi government officials", "a coalition spokesperson",
             "a U.S. defense official", "Kurdish security officials")
OUTLETS = ("ABC News", "Politico", "Washington Examiner", "The Washington Times", "Associated Press",
           "Reuters", "The New York Times", "The Washington Post", "Military Times", "Defense News",
           "Al-Monitor", "The Wall Street Journal", "CNN", "Stars and Stripes")
AUTHORS = ("Luis Martinez", "Lara Seligman", "Mike Glenn", "Lolita C. Baldor", "Qassim Abdul-Zahra",
           "Tara Copp", "Jared Szuba", "Idrees Ali", "Jack Detsch", "Heather Mongilio")

TOPICS = (
    ("troop-levels", "U.S. troop levels"),
    ("coalition-transition", "End of the coalition mission"),
    ("isis-attacks", "ISIS attack trends"),
    ("isis-strength", "ISIS strength"),
    ("operations-raids", "Operations and raids"),
    ("militia-attacks", "Militia attacks on U.S. forces"),
    ("political-reactions", "Political reactions"),
)

# id, title, unit, kind (level: as_of / count: period), places, topic, typical value
METRICS = (
    ("us-troops-iraq", "U.S. troops in Iraq", "troops", "level", ("Iraq",), "troop-levels", 2500),
    ("us-troops-syria", "U.S. troops in Syria", "troops", "level", ("northeast Syria", "Syria"), "troop-levels", 900),
    ("coalition-countries", "Members of the anti-ISIS coalition", "countries", "level", (None,), "coalition-transition", 86),
    ("isis-attacks-iraq-syria", "ISIS attacks in Iraq and Syria", "attacks", "count", ("Iraq", "Syria", "Iraq and Syria"), "isis-attacks", 150),
    ("isis-militants-remaining", "ISIS militants remaining", "militants", "level", ("Iraq and Syria",), "isis-strength", 1000),
    ("isis-fighters-killed-raids", "ISIS fighters killed in raids", "fighters", "count", ("Iraq", "Syria"), "operations-raids", 14),
    ("militia-attacks-us-forces", "Militia attacks on U.S. forces", "attacks", "count", ("Iraq", "Syria"), "militia-attacks", 60),
    ("us-partner-missions", "U.S. and partner missions against ISIS", "missions", "count", (None,), "operations-raids", 200),
)
QUALIFIERS = ("about", "around", "some", "nearly", "more than", "at least", "up to")

Q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted scalar


def _sentence(rng: random.Random, lo: int, hi: int, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    for _ in range(rng.randint(0, 3)):
        words[rng.randrange(len(words))] = rng.choice(PROPER)
    if rng.random() < 0.35:  # a number with a non-breaking space before its unit
        words[rng.randrange(len(words))] = f"{rng.randint(1, 9)},{rng.randint(100, 999)}\u00a0{rng.choice(('troops', 'attacks', 'fighters', 'missions'))}"
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"Sept.\u00a0{rng.randint(1, 30)}"
    if rng.random() < 0.3:  # a curly possessive
        i = rng.randrange(len(words))
        words[i] = words[i] + "\u2019s"
    if rng.random() < 0.25 and len(words) > 6:  # a phrase in curly double quotes
        i = rng.randrange(len(words) - 4)
        j = i + rng.randint(1, 3)
        words[i] = "\u201c" + words[i]
        words[j] = words[j] + ",\u201d"
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words)), "\u2014")
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + end


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, 10, 26) for _ in range(rng.randint(2, 5)))


def _caption(rng: random.Random) -> str:
    credit = f"{rng.choice(('Staff Sgt.', 'Sgt.', 'Spc.', 'Cpl.'))} {rng.choice(FIRST)} {rng.choice(LAST)}/US Army"
    return f"::: caption\n{_sentence(rng, 14, 30)}\n{credit}\n:::"


def _article_body(rng: random.Random) -> tuple[str, list[str]]:
    """(body, its prose paragraphs), 600-900 words with one or two captions."""
    target = rng.randint(600, 900)
    paragraphs, words = [], 0
    while words < target:
        paragraph = _paragraph(rng)
        paragraphs.append(paragraph)
        words += paragraph.count(" ") + 1
    blocks = list(paragraphs)
    for _ in range(rng.choice((1, 1, 2))):
        blocks.insert(rng.randint(1, len(blocks)), _caption(rng))
    return "\n\n".join(blocks) + "\n", paragraphs


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)


def _quote(rng: random.Random, paragraphs: list[str]) -> str:
    """A verbatim run of 8-20 words of one paragraph; sometimes retyped with straight quotes/spaces."""
    tokens = rng.choice(paragraphs).split(" ")
    length = min(len(tokens), rng.randint(8, 20))
    start = rng.randint(0, len(tokens) - length)
    quote = " ".join(tokens[start:start + length])
    if rng.random() < 0.3:  # as an editor would type it: the matcher folds these
        quote = quote.translate({0x2019: "'", 0x201C: '"', 0x201D: '"', 0x00A0: " ", 0x2014: "-"})
    return quote


def make_book(target: Path, articles: int, claims: int, seed: int = SEED) -> dict:
    """A buildable project in `target` with `articles` articles and `claims` claims."""
    from generator.archive import article_file

    rng = random.Random(seed * 1_000_003 + articles * 31 + claims)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "templates", target / "templates")
    for folder in ("pages", "assets"):
        shutil.copytree(REPO / "content" / folder, target / "content" / folder)
    folder = target / "content" / "articles"
    folder.mkdir(parents=True)

    # --- articles
    article_list = []  # (id, published, topic, paragraphs)
    used_ids: set[str] = set()
    for _ in range(articles):
        outlet = rng.choice(OUTLETS)
        published = _day(rng, dt.date(2014, 6, 1), dt.date(2026, 10, 31))
        base = f"{_slug(outlet)}-{published.isoformat()}"
        article_id, n = base, 2
        while article_id in used_ids:
            article_id, n = f"{base}-{n}", n + 1
        used_ids.add(article_id)
        body, paragraphs = _article_body(rng)
        meta = {"title": _sentence(rng, 6, 12, end=""), "outlet": outlet, "published": published.isoformat()}
        if rng.random() < 0.7:
            meta["author"] = rng.choice(AUTHORS)
        meta["url"] = f"https://www.example.com/{_slug(outlet)}/{published.year}/{article_id}"
        meta["retrieved"] = min(published + dt.timedelta(days=rng.randint(0, 60)), dt.date(2026, 11, 1)).isoformat()
        if rng.random() < 0.2:
            meta["notes"] = [_sentence(rng, 8, 20)]
        (folder / f"{article_id}.md").write_text(article_file(meta, body), encoding="utf-8")
        article_list.append((article_id, published, rng.choice(TOPICS)[0], paragraphs))

    # --- speakers
    speakers = [(name, None) for name in ANONYMOUS]
    for _ in range(30 + claims // 50):
        speakers.append((f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES) if rng.random() < 0.6 else None))

    # --- claims
    lines = []
    claim_ids: list[str] = []
    figure_groups: dict[tuple, dict] = {}  # (metric, place) -> counter, last claim, last time
    counts = {"figures": 0, "due": 0, "speakers": 0, "relations": 0, "sources": 0, "conflicts": 0}
    for index in range(claims):
        article_id, published, topic, paragraphs = rng.choice(article_list)
        sources = [(article_id, paragraphs)]
        for _ in range(rng.choice((0, 0, 1, 1, 2)) if articles > 1 else 0):
            other = rng.choice(article_list)
            if other[0] not in {s[0] for s in sources}:
                sources.append((other[0], other[3]))
        if rng.random() > 0.8:
            topic = rng.choice(TOPICS)[0]
        figure = None
        relations = []
        if rng.random() < 0.2:
            metric = rng.choice(METRICS)
            metric_id, _title, unit, kind, places, metric_topic, typical = metric
            topic = metric_topic if rng.random() < 0.9 else topic
            place = rng.choice(places)
            group = figure_groups.setdefault((metric_id, place), {"n": rng.randint(0, 40), "last": None, "time": None})
            conflict = group["last"] is not None and rng.random() < 0.03
            if conflict:  # same time as the previous figure, another number: a disagreement
                time_ref = group["time"]
                counts["conflicts"] += 1
                if rng.random() < 0.5:
                    relations.append(("qualifies", group["last"], "The two sources count differently."))
            else:
                group["n"] += 1
                if kind == "level":
                    time_ref = ("as_of", (dt.date(2019, 1, 1) + dt.timedelta(days=7 * group["n"])).isoformat())
                else:
                    year, month = divmod(group["n"] * 2, 12)
                    start, end = f"{2008 + year}-{month + 1:02d}", f"{2008 + year}-{month + 2:02d}"
                    time_ref = ("period", start if rng.random() < 0.3 else f"{start}/{end}")
            value = max(1, int(typical * rng.uniform(0.3, 1.7)))
            figure = {"metric": metric_id, "value": value, "unit": unit,
                      "qualifier": rng.choice(QUALIFIERS) if rng.random() < 0.4 else None,
                      time_ref[0]: time_ref[1], "place": place}
            claim_id = f"{metric_id}-{value}-{index:05d}"
            group["last"], group["time"] = claim_id, time_ref
            counts["figures"] += 1
        else:
            claim_id = f"{_slug(topic)[:12]}-{index:05d}-{rng.choice(WORDS)}-{rng.choice(WORDS)}"
        claim_id = _slug(claim_id)
        roll = rng.random()
        date = (published.isoformat() if roll < 0.65 else published.isoformat()[:7] if roll < 0.82
                else str(published.year) if roll < 0.9 else None)
        speaker = rng.choice(speakers) if rng.random() < 0.15 else None
        due = None
        if rng.random() < 0.05:
            due = rng.choice(("2025", "2026", "2027", "2025-09", "2026-09", "2025-12-31", "2027-06-30"))
        if claim_ids and not relations and rng.random() < 0.05:
            kind = rng.choices(("updates", "qualifies", "contradicts", "supersedes"), (40, 25, 20, 15))[0]
            relations.append((kind, rng.choice(claim_ids[-200:]), _sentence(rng, 8, 18) if rng.random() < 0.6 else None))

        lines.append(f"  - id: {claim_id}")
        lines.append(f"    topic: {topic}")
        lines.append(f"    text: {Q(_sentence(rng, 10, 28))}")
        if date:
            lines.append(f"    date: {Q(date)}")
        if speaker:
            counts["speakers"] += 1
            lines.append("    speaker:")
            lines.append(f"      name: {Q(speaker[0])}")
            if speaker[1]:
                lines.append(f"      role: {Q(speaker[1])}")
        if figure:
            lines.append("    figure:")
            for key in ("metric", "value", "unit", "qualifier", "as_of", "period", "place"):
                value = figure.get(key)
                if value is not None:
                    lines.append(f"      {key}: {value if key in ('metric', 'value') else Q(value)}")
        if due:
            counts["due"] += 1
            lines.append(f"    due: {Q(due)}")
        if relations:
            counts["relations"] += len(relations)
            lines.append("    relations:")
            for kind, other, note in relations:
                lines.append(f"      - type: {kind}")
                lines.append(f"        claim: {other}")
                if note:
                    lines.append(f"        note: {Q(note)}")
        lines.append("    sources:")
        for source_id, source_paragraphs in sources:
            counts["sources"] += 1
            lines.append(f"      - article: {source_id}")
            lines.append(f"        quote: {Q(_quote(rng, source_paragraphs))}")
        lines.append("")
        claim_ids.append(claim_id)

    head = ["# Synthetic claims for bench/run.py", "book:",
            f"  title: {Q(f'Synthetic briefing book ({articles} articles, {claims} claims)')}",
            f"  subtitle: {Q('Generated for benchmarking')}", "  key_metrics:"]
    head += [f"    - {m[0]}" for m in METRICS[:4]]
    head += ["", "topics:"]
    for topic_id, title in TOPICS:
        head += [f"  - id: {topic_id}", f"    title: {Q(title)}", f"    summary: {Q(_paragraph(rng))}"]
    head += ["", "metrics:"]
    for metric in METRICS:
        head += [f"  - id: {metric[0]}", f"    title: {Q(metric[1])}"]
    head += ["", "claims:", ""]
    (target / "claims.yaml").write_text("\n".join(head + lines) + "\n", encoding="utf-8")
    return {"articles": articles, "claims": claims, **counts,
            "claims_yaml_bytes": (target / "claims.yaml").stat().st_size,
            "article_bytes": sum(p.stat().st_size for p in folder.iterdir())}


def edit_one_claim(root: Path, generation: int) -> None:
    """Change the text of the claim in the middle of claims.yaml (a live-preview edit)."""
    path = root / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "\n  - id: "
    positions, start = [], text.find(marker)
    while start >= 0:
        positions.append(start)
        start = text.find(marker, start + 1)
    at = positions[len(positions) // 2]
    line_start = text.index("\n    text: ", at) + len("\n    text: ")
    line_end = text.index("\n", line_start)
    old = json.loads(text[line_start:line_end]).split(" [edit")[0]
    path.write_text(text[:line_start] + Q(f"{old} [edit {generation}]") + text[line_end:], encoding="utf-8")


# =============================================================================
# Workers (run in a subprocess per size)
# =============================================================================

def _timer():
    return time.perf_counter()


def _maxrss_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _pin_epoch() -> None:
    midnight = dt.datetime.combine(AS_OF, dt.time(), dt.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))


def _cold(book=None) -> None:
    """Forget what the generator may have cached, so each timed run does the work a fresh
    `briefing build` does: memoized date parsing, and results derived and kept on a Book."""
    for name, module in list(sys.modules.items()):
        if name.startswith("generator."):
            for value in list(vars(module).values()):
                if getattr(value, "__module__", None) == name and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    if book is not None and isinstance(getattr(book, "derived", None), dict):
        book.derived.clear()


def _instrument_mkdocs(acc: dict) -> None:
    """Accumulate where MkDocs spends its time (without changing what it does)."""
    import functools

    import mkdocs.commands.build as build_module
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    import generator.mkdocs_plugin as plugin_module

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = _timer()
            try:
                return function(*args, **kwargs)
            finally:
                acc[name] = acc.get(name, 0.0) + _timer() - started
        return wrapper

    plugin_module.BriefingPlugin.on_config = timed("plugin on_config (render+write)", plugin_module.BriefingPlugin.on_config)
    build_module._populate_page = timed("markdown -> HTML (_populate_page)", build_module._populate_page)
    build_module._build_page = timed("theme templates (_build_page)", build_module._build_page)
    build_module.get_files = timed("get_files", build_module.get_files)
    Files.copy_static_files = timed("copy static files", Files.copy_static_files)
    Page.validate_anchor_links = timed("validate anchor links", Page.validate_anchor_links)
    PluginCollection.on_post_build = timed("post_build (search index, offline)", PluginCollection.on_post_build)
    PluginCollection.on_env = timed("on_env", PluginCollection.on_env)


def worker_site(root: Path, runs: int, mkdocs_budget: float, use_tracemalloc: bool, serve_runs: int) -> dict:
    import gc
    import logging

    import yaml

    from generator.check import check_project
    from generator.load import load_project
    from generator.mkdocs_plugin import build_site
    from generator.model import build_model
    from generator.pipeline import disagreement_warnings
    from generator.render import render_pages
    from generator.write import write_docs

    logging.getLogger("mkdocs").addHandler(logging.StreamHandler(sys.stderr))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    _pin_epoch()
    scratch = Path(tempfile.mkdtemp(prefix="bench-work-"))
    times: dict[str, list[float]] = {}
    info: dict = {"notes": []}

    def record(name, seconds):
        times.setdefault(name, []).append(seconds)

    text = (root / "claims.yaml").read_text(encoding="utf-8")
    # Every timed run starts from a collected heap (gc.collect() first), as a fresh process would.
    for _ in range(max(runs, 3)):
        gc.collect()
        started = _timer()
        yaml.load(text, Loader=yaml.CSafeLoader)
        record("parse", _timer() - started)
        # What-if: the same with Python's cyclic GC off (it runs thousands of
        # times while millions of small objects are allocated).
        gc.collect()
        gc.disable()
        started = _timer()
        yaml.load(text, Loader=yaml.CSafeLoader)
        record("parse_nogc", _timer() - started)
        gc.enable()

    book = None
    for run in range(runs):
        _cold()
        gc.collect()
        started = _timer(); project = load_project(root); record("load", _timer() - started)
        started = _timer(); checked = check_project(project); record("check", _timer() - started)
        del project, checked  # what-if: load+check again with the cyclic GC off
        gc.collect()
        gc.disable()
        started = _timer(); project = load_project(root); record("load_nogc", _timer() - started)
        started = _timer(); checked = check_project(project); record("check_nogc", _timer() - started)
        gc.enable()
        if checked.errors:
            raise SystemExit(f"synthetic book does not check: {[str(p) for p in checked.errors[:5]]}")
        started = _timer(); book = build_model(project, checked, AS_OF); record("model", _timer() - started)
        started = _timer(); warnings = disagreement_warnings(book); record("warn", _timer() - started)
        started = _timer(); pages = render_pages(book, root / "templates"); record("render", _timer() - started)
        docs = scratch / f"docs-{run}"
        started = _timer(); write_docs(pages, docs, root); record("write", _timer() - started)
        shutil.rmtree(docs)
        info["pages"] = len(pages)
        info["page_bytes"] = sum(len(v if isinstance(v, bytes) else v.encode()) for v in pages.values())
        info["largest_page"] = max(((len(v), k) for k, v in pages.items() if k.endswith(".md")))[1]
        info["warnings"] = len(warnings)
        info["problems"] = len(checked.problems)
        del project, checked, pages

    phases: dict[str, float] = {}
    _instrument_mkdocs(phases)
    mkdocs_runs = 0
    docs = site = None
    phase_runs = []
    for run in range(runs):
        if docs is not None:
            shutil.rmtree(docs, ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
        docs, site = scratch / f"mk-docs-{run}", scratch / f"mk-site-{run}"
        # As `briefing build` hands it over: checked_book has run the warnings, nothing else.
        _cold(book)
        disagreement_warnings(book)
        gc.collect()
        phases.clear()
        started = _timer()
        build_site(root, book, docs, site)
        seconds = _timer() - started
        record("mkdocs", seconds)
        phase_runs.append(dict(phases))
        record("mkdocs_plugin", phases.get("plugin on_config (render+write)", 0.0))
        record("mkdocs_markdown", phases.get("markdown -> HTML (_populate_page)", 0.0))
        mkdocs_runs += 1
        if seconds > mkdocs_budget and run + 1 < runs:
            info["notes"].append(f"MkDocs build took {seconds:.0f} s > --mkdocs-budget {mkdocs_budget:.0f} s: run {mkdocs_runs} time(s), not {runs}")
            break
    info["mkdocs_runs"] = mkdocs_runs
    info["site_files"] = sum(1 for p in site.rglob("*") if p.is_file())
    info["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    # The phases of the run whose total is the median (so they add up to it).
    totals = times["mkdocs"]
    median_run = sorted(range(len(totals)), key=totals.__getitem__)[(len(totals) - 1) // 2]
    info["mkdocs_phases"] = phase_runs[median_run]
    shutil.rmtree(site, ignore_errors=True)

    # Live preview: the docs folder holds the last build's pages; edit one claim.
    original = (root / "claims.yaml").read_bytes()
    try:
        for run in range(runs):  # caches stay warm: `mkdocs serve` is one long-lived process
            edit_one_claim(root, run + 1)
            before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
            time.sleep(0.01)
            gc.collect()
            started = _timer()
            project = load_project(root)
            checked = check_project(project)
            edited = build_model(project, checked, AS_OF)
            disagreement_warnings(edited)
            t_model = _timer()
            pages = render_pages(edited, root / "templates")
            t_render = _timer()
            write_docs(pages, docs, root)
            finished = _timer()
            record("preview", finished - started)
            record("preview_checked_book", t_model - started)
            record("preview_render", t_render - t_model)
            record("preview_write", finished - t_render)
            after = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
            info["preview_rewritten"] = sorted(p.relative_to(docs).as_posix() for p in after if before.get(p) != after[p])
    finally:
        (root / "claims.yaml").write_bytes(original)
    info["peak_rss_mb"] = _maxrss_mb()

    # What `mkdocs serve` does on an edit: reload mkdocs.yml, the plugin runs
    # checked_book + render + write_docs in on_config, MkDocs rebuilds the site
    # (every page; with --dirty only pages whose Markdown is newer than their HTML).
    if serve_runs:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # --dirty warns that it is dirty
        serve_site = scratch / "serve-site"

        def serve_rebuild(dirty: bool) -> float:
            config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(serve_site), strict=False)
            started = _timer()
            mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty)
            return _timer() - started

        try:
            _cold()
            serve_rebuild(False)  # the server's first build
            for run in range(serve_runs):
                edit_one_claim(root, 100 + run)
                time.sleep(0.01)
                phases.clear()
                record("serve_dirty", serve_rebuild(True))
                record("serve_dirty_plugin", phases.get("plugin on_config (render+write)", 0.0))
            edit_one_claim(root, 200)
            record("serve_full", serve_rebuild(False))
        finally:
            (root / "claims.yaml").write_bytes(original)
        info["serve_site_files"] = sum(1 for p in serve_site.rglob("*") if p.is_file())

    if use_tracemalloc:
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
        del state
        tracemalloc.stop()
        info["tracemalloc_peak_mb"] = peaks
    shutil.rmtree(scratch, ignore_errors=True)
    info["times"] = times
    return info


def worker_pdf(root: Path, runs: int) -> dict:
    from generator.pdf import write_pdf
    from generator.pipeline import checked_book, disagreement_warnings

    _pin_epoch()
    book, _ = checked_book(root, AS_OF)
    scratch = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    times = []
    for run in range(runs):
        _cold(book)
        disagreement_warnings(book)
        target = scratch / f"book-{run}.pdf"
        started = _timer()
        write_pdf(book, root, target)
        times.append(_timer() - started)
        size = target.stat().st_size
        target.unlink()
        if times[-1] > 20:  # a slow PDF is timed once
            break
    shutil.rmtree(scratch, ignore_errors=True)
    return {"times": {"pdf": times}, "pdf_bytes": size, "peak_rss_mb": _maxrss_mb()}


def worker_profile(root: Path) -> dict:
    import cProfile
    import io
    import pstats

    from generator.check import check_project
    from generator.load import load_project
    from generator.model import build_model
    from generator.pipeline import disagreement_warnings
    from generator.render import render_pages

    _pin_epoch()
    load_project(root)  # warm imports and caches; not profiled
    result = {}
    profiler = cProfile.Profile()
    stages = {}

    def stage(name, function, *args):
        started = _timer()
        profiler.enable()
        value = function(*args)
        profiler.disable()
        stages[name] = _timer() - started
        return value

    project = stage("load", load_project, root)
    checked = stage("check", check_project, project)
    book = stage("model", build_model, project, checked, AS_OF)
    stage("warn", disagreement_warnings, book)
    stage("render", render_pages, book, root / "templates")
    for key in ("cumulative", "tottime"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(key).print_stats(15)
        result[key] = _trim_stats(buffer.getvalue())
    result["stages_profiled_s"] = stages
    return result


def _trim_stats(text: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    site = str(Path(sys.prefix)) + "/lib/python3.11/site-packages/"
    body = [line.replace(str(REPO) + "/", "").replace(site, "").replace(sys.base_prefix + "/lib/python3.11/", "")
            for line in lines[start:] if line.strip()]
    return "\n".join(body)


# =============================================================================
# Orchestration and reporting
# =============================================================================

def _run_worker(kind: str, root: Path, *extra: str, timeout: float = 3600) -> dict:
    out = root.parent / f"{kind}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--project", str(root), "--out", str(out), *extra]
    completed = subprocess.run(command, timeout=timeout, cwd=REPO)
    if completed.returncode != 0:
        raise SystemExit(f"worker {kind} failed for {root} (exit {completed.returncode})")
    return json.loads(out.read_text())


def _median(values):
    return statistics.median(values) if values else None


def _fmt(seconds) -> str:
    if seconds is None:
        return "skipped"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _factor(new, old) -> str:
    if new is None or old is None or old == 0:
        return "–"
    return f"×{new / old:.1f}"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "generator", "templates"],
                               capture_output=True, text=True).stdout.split()[1::2]
    except OSError:
        commit, dirty = "", []
    import mkdocs
    import weasyprint
    import yaml
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram": ram, "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit + (f" + uncommitted changes to {', '.join(dirty)}" if dirty else " (clean generator/ and templates/)"),
            "mkdocs": mkdocs.__version__, "weasyprint": weasyprint.__version__, "pyyaml": yaml.__version__,
            "libyaml": getattr(yaml, "__with_libyaml__", False)}


def code_fingerprint() -> str:
    """A hash of generator/ and templates/ as they are now, to notice edits during a run."""
    import hashlib
    digest = hashlib.sha256()
    for folder in ("generator", "templates"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def summarize(name: str, spec: dict, site: dict, pdf: dict | None, pdf_note: str | None) -> dict:
    t = {k: _median(v) for k, v in site["times"].items()}
    t["pdf"] = _median(pdf["times"]["pdf"]) if pdf else None
    t["mkdocs_proper"] = t["mkdocs"] - t["mkdocs_plugin"]
    t["site_build"] = t["load"] + t["check"] + t["model"] + t["warn"] + t["mkdocs"]
    t["total"] = t["site_build"] + (t["pdf"] or 0.0)
    t["briefing_check"] = t["load"] + t["check"]
    t["check_nogc_total"] = t["load_nogc"] + t["check_nogc"]
    return {"name": name, "articles": spec["articles"], "claims": spec["claims"], "spec": spec, "t": t,
            "site": {k: v for k, v in site.items() if k != "times"}, "runs": {k: len(v) for k, v in site["times"].items()},
            "pdf": pdf, "pdf_note": pdf_note,
            "peak_mb": site["peak_rss_mb"], "pdf_peak_mb": pdf["peak_rss_mb"] if pdf else None,
            "ratio": t["briefing_check"] / t["parse"]}


def table(results: list[dict]) -> str:
    head = ("| size | articles | claims | load | check | model | render | mkdocs | pdf | total | peak MB | check/parse ratio |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [head]
    previous = None
    for r in results:
        t = r["t"]
        total = _fmt(t["total"]) + ("" if t["pdf"] is not None else " (no pdf)")
        rows.append(f"| {r['name']} | {r['articles']} | {r['claims']} | {_fmt(t['load'])} | {_fmt(t['check'])} | {_fmt(t['model'])} | "
                    f"{_fmt(t['render'])} | {_fmt(t['mkdocs'])} | {_fmt(t['pdf'])} | {total} | {r['peak_mb']:.0f} | {r['ratio']:.1f} |")
        if previous:
            p, pt = previous, previous["t"]
            rows.append(f"| ↳ growth | {_factor(r['articles'], p['articles'])} | {_factor(r['claims'], p['claims'])} | "
                        + " | ".join(_factor(t[k], pt[k]) for k in ("load", "check", "model", "render", "mkdocs", "pdf"))
                        + f" | {_factor(t['site_build'], pt['site_build'])} (site) | {_factor(r['peak_mb'], p['peak_mb'])} | "
                        f"{_factor(r['ratio'], p['ratio'])} |")
        previous = r
    return "\n".join(rows)


def detail_table(results: list[dict]) -> str:
    rows = ["| size | parse floor | load+check | ratio | parse floor, GC off | load+check, GC off | ratio, GC off | warn (figure conflicts) | "
            "write_docs | mkdocs: plugin on_config | mkdocs proper | site build (load..mkdocs) | pages | site files | runs (gen/mkdocs/pdf) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t = r["t"]
        rows.append(f"| {r['name']} | {_fmt(t['parse'])} | {_fmt(t['briefing_check'])} | {r['ratio']:.1f}× | {_fmt(t['parse_nogc'])} | "
                    f"{_fmt(t['check_nogc_total'])} | {t['check_nogc_total'] / t['parse_nogc']:.1f}× | {_fmt(t['warn'])} | {_fmt(t['write'])} | "
                    f"{_fmt(t['mkdocs_plugin'])} | {_fmt(t['mkdocs_proper'])} | {_fmt(t['site_build'])} | {r['site']['pages']} | "
                    f"{r['site']['site_files']} | {r['runs']['load']}/{r['site']['mkdocs_runs']}/{len(r['pdf']['times']['pdf']) if r['pdf'] else 0} |")
    return "\n".join(rows)


def preview_table(results: list[dict]) -> str:
    rows = ["| size | full build (load..mkdocs) | preview: checked_book | render | write_docs | preview total | preview / full build | "
            "files rewritten | `serve` rebuild | `serve --dirty` rebuild |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t = r["t"]
        rows.append(f"| {r['name']} | {_fmt(t['site_build'])} | {_fmt(t['preview_checked_book'])} | {_fmt(t['preview_render'])} | "
                    f"{_fmt(t['preview_write'])} | {_fmt(t['preview'])} | {t['preview'] / t['site_build']:.0%} | "
                    f"{len(r['site'].get('preview_rewritten', []))} | "
                    f"{_fmt(t.get('serve_full')) if t.get('serve_full') else 'not measured'} | "
                    f"{_fmt(t.get('serve_dirty')) if t.get('serve_dirty') else 'not measured'} |")
    return "\n".join(rows)


def mkdocs_phase_table(results: list[dict]) -> str:
    keys = list(results[-1]["site"]["mkdocs_phases"])
    rows = ["| size | " + " | ".join(keys) + " | other |", "|---|" + "---:|" * (len(keys) + 1)]
    for r in results:
        phases = r["site"]["mkdocs_phases"]
        other = r["t"]["mkdocs"] - sum(phases.values())
        rows.append(f"| {r['name']} | " + " | ".join(_fmt(phases.get(k)) for k in keys) + f" | {_fmt(other)} |")
    return "\n".join(rows)


def targets(results: list[dict]) -> list[tuple[str, bool | None, str]]:
    out = []
    # 1. site build linear
    lines, ok = [], True
    for prev, cur in zip(results, results[1:]):
        size_ratio = (cur["articles"] + cur["claims"]) / (prev["articles"] + prev["claims"])
        time_ratio = cur["t"]["site_build"] / prev["t"]["site_build"]
        allowed = LINEAR_SLACK * size_ratio
        passed = time_ratio <= allowed
        ok &= passed
        lines.append(f"{prev['name']}→{cur['name']}: input ×{size_ratio:.1f}, time ×{time_ratio:.1f} "
                     f"(allowed ×{allowed:.1f}; {time_ratio / size_ratio:.2f}× linear) {'ok' if passed else 'MISS'}")
    out.append(("Site build linear (load+check+model+warn+mkdocs; 10× input ≤ 12× time)", ok if lines else None, "; ".join(lines) or "needs two sizes"))
    # 2. check at the largest size
    big = next((r for r in results if (r["articles"], r["claims"]) == SIZES["xlarge"]), None)
    if big:
        t = big["t"]["briefing_check"]
        ratio = big["ratio"]
        out.append((f"`check` (load+check) on 10,000 claims / 2,000 articles < {CHECK_LIMIT_S:.0f} s", t < CHECK_LIMIT_S,
                    f"load+check = {_fmt(t)} ({t / CHECK_LIMIT_S:.1f}× the limit; load {_fmt(big['t']['load'])}, check {_fmt(big['t']['check'])}); "
                    f"the whole `briefing check` command also builds the model and the figure-conflict warnings: "
                    f"{_fmt(t + big['t']['model'] + big['t']['warn'])}; the bare parse alone takes {_fmt(big['t']['parse'])}. "
                    f"With the cyclic GC off (what-if): load+check {_fmt(big['t']['check_nogc_total'])}, parse {_fmt(big['t']['parse_nogc'])}"))
        nogc = big["t"]["check_nogc_total"] / big["t"]["parse_nogc"]
        out.append((f"`check` (load+check) at that size within {CHECK_PARSE_RATIO:.0f}× of the bare YAML parse", ratio <= CHECK_PARSE_RATIO,
                    f"{_fmt(t)} / {_fmt(big['t']['parse'])} = {ratio:.1f}×. With the cyclic GC off for both (a what-if, see Details): "
                    f"{_fmt(big['t']['check_nogc_total'])} / {_fmt(big['t']['parse_nogc'])} = {nogc:.1f}× "
                    f"({'within' if nogc <= CHECK_PARSE_RATIO else 'not within'} {CHECK_PARSE_RATIO:.0f}×)"))
    else:
        out.append(("`check` on 10,000 claims / 2,000 articles", None, "xlarge not measured"))
    # 3. generator share of MkDocs
    lines, ok = [], True
    for r in results:
        t = r["t"]
        gen = t["load"] + t["check"] + t["render"]
        share = gen / t["mkdocs_proper"]
        share_total = gen / t["mkdocs"]
        passed = share < GENERATOR_SHARE
        ok &= passed
        lines.append(f"{r['name']}: {_fmt(gen)} = {share:.0%} of MkDocs proper ({share_total:.0%} of build_site) {'ok' if passed else 'MISS'}")
    out.append((f"Generator stages (load+check+render) < {GENERATOR_SHARE:.0%} of MkDocs (build_site minus the plugin's own re-render)", ok, "; ".join(lines)))
    # 4. preview
    lines, ok = [], True
    for r in results:
        t = r["t"]
        share = t["preview"] / t["site_build"]
        passed = share <= PREVIEW_SHARE
        ok &= passed
        serve = (f"; the whole `mkdocs serve` rebuild takes {_fmt(t['serve_full'])}, {_fmt(t['serve_dirty'])} with --dirty"
                 if t.get("serve_full") and t.get("serve_dirty") else "")
        lines.append(f"{r['name']}: {_fmt(t['preview'])} vs full build {_fmt(t['site_build'])} = {share:.0%} "
                     f"({len(r['site'].get('preview_rewritten', []))} files rewritten{serve}) {'ok' if passed else 'MISS'}")
    out.append((f"Live-preview regeneration after a one-claim edit ≤ {PREVIEW_SHARE:.0%} of a full build", ok, "; ".join(lines)))
    return out


def report(results: list[dict], profile: dict | None, profile_size: str | None, args, env: dict, notes: list[str], elapsed: float) -> str:
    parts = [table(results), ""]
    parts.append("Times are medians; `total` = load + check + model + warn + mkdocs + pdf (what `briefing build` does; render and "
                 "write run inside mkdocs, in the plugin's on_config, so the standalone `render` column is not added again). "
                 "The GC-off columns (Details) are a what-if: the same calls "
                 "with gc.disable() around them, no change to generator/. `peak MB` = ru_maxrss of the worker process that ran load..mkdocs..preview for that size (the PDF ran in "
                 "its own process, see below). `check/parse ratio` = (load + check) / yaml.load(claims.yaml, CSafeLoader).")
    parts += ["", "### Details", "", detail_table(results), ""]
    parts += ["### Live preview after a one-claim edit", "", preview_table(results), "",
              "`preview` = load + check + model + warn + render + write_docs into the docs folder of the previous build, after "
              "changing one claim's text in claims.yaml (the work the plugin does in on_config on every `mkdocs serve` rebuild; "
              "caches warm, as in the long-lived server). `serve rebuild` = mkdocs.yml reloaded and a whole MkDocs build with "
              "the plugin loading the book itself, as `mkdocs serve` does after an edit (1 run); `serve --dirty` = the same with "
              "MkDocs' dirty build, which rebuilds only pages whose Markdown changed (write_docs leaves the others untouched).", ""]
    parts += ["### Where the MkDocs time goes (the median build)", "", mkdocs_phase_table(results), ""]
    pdf_lines = []
    for r in results:
        if r["pdf"]:
            pdf_lines.append(f"- {r['name']}: {_fmt(r['t']['pdf'])}, {r['pdf']['pdf_bytes'] / 2**20:.1f} MiB PDF, peak RSS {r['pdf_peak_mb']:.0f} MB")
        else:
            pdf_lines.append(f"- {r['name']}: skipped — {r['pdf_note']}")
    parts += ["### PDF", "", *pdf_lines, ""]
    mem = [r for r in results if r["site"].get("tracemalloc_peak_mb")]
    if mem:
        parts += ["### Peak Python heap per stage (tracemalloc, separate untimed pass)", "",
                  "| size | load | check | model | render |", "|---|---:|---:|---:|---:|"]
        parts += [f"| {r['name']} | " + " | ".join(f"{r['site']['tracemalloc_peak_mb'][k]:.0f} MB" for k in ("load", "check", "model", "render")) + " |" for r in mem]
        parts.append("")
    parts += ["### Synthetic content", ""]
    for r in results:
        s = r["spec"]
        parts.append(f"- {r['name']}: {s['articles']} articles ({s['article_bytes'] / 2**20:.1f} MiB), {s['claims']} claims "
                     f"({s['claims_yaml_bytes'] / 2**20:.1f} MiB claims.yaml), {s['sources']} quotes, {s['figures']} figures "
                     f"({s['conflicts']} deliberate conflicts), {s['due']} with due, {s['speakers']} with speaker, {s['relations']} relations; "
                     f"{r['site']['warnings']} figure-disagreement warnings; {r['site']['pages']} generated pages ({r['site']['page_bytes'] / 2**20:.1f} MiB), "
                     f"largest {r['site']['largest_page']}; site {r['site']['site_bytes'] / 2**20:.0f} MiB; "
                     f"preview rewrote: {', '.join(r['site'].get('preview_rewritten', [])[:8])}"
                     f"{' …' if len(r['site'].get('preview_rewritten', [])) > 8 else ''}")
    parts += ["", "### Targets", ""]
    for name, passed, detail in targets(results):
        label = "n/a" if passed is None else ("PASS" if passed else "MISS")
        parts.append(f"- **{label}** {name}: {detail}")
    if notes:
        parts += ["", "### Notes", "", *[f"- {n}" for n in notes]]
    parts += ["", "### Machine", "",
              f"- nproc {env['nproc']}, CPU {env['cpu']}, RAM {env['ram']}, Python {env['python']} ({env['platform']})",
              f"- MkDocs {env['mkdocs']}, WeasyPrint {env['weasyprint']}, PyYAML {env['pyyaml']} (libyaml: {env['libyaml']}); commit {env['commit']}",
              f"- command: `.venv/bin/python bench/run.py {' '.join(sys.argv[1:])}`; {dt.datetime.now().isoformat(timespec='minutes')}; "
              f"whole run {elapsed / 60:.1f} min"]
    return "\n".join(parts) + "\n"


def profile_md(profile: dict, size: str, results_table: str) -> str:
    stages = ", ".join(f"{k} {_fmt(v)}" for k, v in profile["stages_profiled_s"].items())
    return "\n".join([
        f"# Profile of the generator stages at size `{size}`", "",
        "cProfile over load_project, check_project, build_model, disagreement_warnings and render_pages "
        f"(one run; profiled times, with cProfile's overhead: {stages}).", "",
        "## Results table", "", results_table, "",
        "## Top 15 functions by cumulative time", "", "```", profile["cumulative"], "```", "",
        "## Top 15 functions by own time (tottime)", "", "```", profile["tottime"], "```", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES), help=f"comma-separated, from {', '.join(SIZES)}")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage; the median is reported (default 3)")
    parser.add_argument("--largest-runs", type=int, default=None, help="runs for the xlarge size (default: --runs)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF at every size")
    parser.add_argument("--pdf-budget", type=float, default=400.0,
                        help="skip the PDF at a size if the previous size's PDF time scaled by claims exceeds this (s)")
    parser.add_argument("--pdf-timeout", type=float, default=900.0, help="give up on a PDF build after this (s)")
    parser.add_argument("--mkdocs-budget", type=float, default=120.0, help="stop repeating MkDocs builds longer than this (s)")
    parser.add_argument("--no-serve", action="store_true", help="skip timing `mkdocs serve` rebuilds after an edit")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure peak Python heap per generator stage")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile pass and bench/PROFILE.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects (prints where)")
    parser.add_argument("--output", default=str(BENCH / "RESULTS.md"), help="where to write the results")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        root = Path(args.project)
        if args.worker == "site":
            data = worker_site(root, args.runs, args.mkdocs_budget, args.tracemalloc, 0 if args.no_serve else args.runs)
        elif args.worker == "pdf":
            data = worker_pdf(root, args.runs)
        else:
            data = worker_profile(root)
        Path(args.out).write_text(json.dumps(data))
        return 0

    names = [n.strip() for n in args.sizes.split(",") if n.strip()]
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")
    names.sort(key=list(SIZES).index)
    started = time.perf_counter()
    env = machine()
    fingerprint_at_start = code_fingerprint()
    workdir = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    results, notes = [], []
    previous_pdf = None  # (claims, seconds)
    try:
        for name in names:
            articles, claims = SIZES[name]
            runs = args.largest_runs if (name == "xlarge" and args.largest_runs) else args.runs
            root = workdir / name / "project"
            t0 = time.perf_counter()
            spec = make_book(root, articles, claims)
            print(f"[{name}] generated {articles} articles, {claims} claims in {time.perf_counter() - t0:.1f} s", flush=True)
            extra = (["--runs", str(runs), "--mkdocs-budget", str(args.mkdocs_budget)] + (["--tracemalloc"] if args.tracemalloc else [])
                     + (["--no-serve"] if args.no_serve else []))
            site = _run_worker("site", root, *extra)
            notes += [f"{name}: {n}" for n in site["notes"]]
            print(f"[{name}] site stages: " + ", ".join(f"{k} {_fmt(_median(v))}" for k, v in site["times"].items()), flush=True)
            pdf, pdf_note = None, None
            if args.no_pdf:
                pdf_note = "--no-pdf"
            elif previous_pdf and previous_pdf[1] * claims / previous_pdf[0] > args.pdf_budget:
                estimate = previous_pdf[1] * claims / previous_pdf[0]
                pdf_note = (f"estimated ≥ {estimate / 60:.0f} min (previous size's {previous_pdf[1]:.0f} s × {claims / previous_pdf[0]:.0f}, "
                            f"assuming linear) > --pdf-budget {args.pdf_budget:.0f} s")
            else:
                try:
                    pdf = _run_worker("pdf", root, "--runs", str(runs), timeout=args.pdf_timeout)
                    previous_pdf = (claims, _median(pdf["times"]["pdf"]))
                    print(f"[{name}] pdf {_fmt(previous_pdf[1])}", flush=True)
                except subprocess.TimeoutExpired:
                    pdf_note = f"did not finish within --pdf-timeout {args.pdf_timeout:.0f} s (killed)"
                    previous_pdf = (claims, args.pdf_timeout)
            if pdf_note:
                print(f"[{name}] PDF skipped: {pdf_note}", flush=True)
                notes.append(f"{name}: PDF skipped: {pdf_note}")
            results.append(summarize(name, spec, site, pdf, pdf_note))
            if not args.keep:
                if name != names[-1] or args.no_profile:
                    shutil.rmtree(workdir / name, ignore_errors=True)
        profile = None
        if not args.no_profile:
            largest = names[-1]
            print(f"[{largest}] profiling the generator stages", flush=True)
            profile = _run_worker("profile", workdir / largest / "project")
        elapsed = time.perf_counter() - started
        if code_fingerprint() != fingerprint_at_start:
            notes.append("generator/ or templates/ changed while the benchmark ran: sizes may have been measured on different code")
        text = report(results, profile, names[-1], args, env, notes, elapsed)
        print()
        print(text)
        Path(args.output).write_text("# Benchmark results\n\n" + text, encoding="utf-8")
        if profile:
            (BENCH / "PROFILE.md").write_text(profile_md(profile, names[-1], table(results)), encoding="utf-8")
            print(f"wrote {args.output} and {BENCH / 'PROFILE.md'}")
        else:
            print(f"wrote {args.output}")
    finally:
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Synthetic content for the benchmark: claims.yaml and archived articles of any size.

`make_content(target, articles, claims)` writes `target/claims.yaml` and
`target/content/articles/`, deterministically (random.Random of the seed and the
sizes), with what real books have: figures in series, deliberate disagreements,
relations, speakers, due dates, quotes retyped with straight quotes. It writes
content only; tests.conftest.make_project adds the site setup around it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.urls import unique_id

SEED = 20241127

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
    ("isis-attacks-iraq-syria", "ISIS attacks in Iraq and Syria", "attacks", "count", ("Iraq", "Syria", "Iraq and Syria"),
     "isis-attacks", 150),
    ("isis-militants-remaining", "ISIS militants remaining", "militants", "level", ("Iraq and Syria",), "isis-strength", 1000),
    ("isis-fighters-killed-raids", "ISIS fighters killed in raids", "fighters", "count", ("Iraq", "Syria"),
     "operations-raids", 14),
    ("militia-attacks-us-forces", "Militia attacks on U.S. forces", "attacks", "count", ("Iraq", "Syria"), "militia-attacks", 60),
    ("us-partner-missions", "U.S. and partner missions against ISIS", "missions", "count", (None,), "operations-raids", 200),
)
QUALIFIERS = ("about", "around", "some", "nearly", "more than", "at least", "up to")
FIGURE_KEYS = ("metric", "value", "qualifier", "as_of", "period", "place")  # the unit is the metric's


@dataclass
class Source:
    """A generated article, as claims cite it."""

    id: str
    published: dt.date
    topic: str
    paragraphs: list[str]


@dataclass
class Claims:
    """What the claims generated so far leave for the next: ids, figure series, counts."""

    sources: list[Source]
    speakers: list[tuple[str, str | None]]
    ids: list[str] = field(default_factory=list)
    series: dict[tuple, dict] = field(default_factory=dict)  # (metric, place) -> counter, last claim, its time
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("figures", "due", "speakers", "relations", "sources", "conflicts"), 0))


def make_content(target: Path, articles: int, claims: int, seed: int = SEED) -> dict:
    """Write `claims` claims citing `articles` articles into `target`; returns what was made."""
    rng = random.Random(seed * 1_000_003 + articles * 31 + claims)
    folder = target / "content" / "articles"
    folder.mkdir(parents=True)
    state = Claims(_write_articles(rng, folder, articles), _speakers(rng, claims))
    lines = []
    for index in range(claims):
        lines += _claim(rng, state, index, several_articles=articles > 1)
    head = _head(rng, articles, claims)
    (target / "claims.yaml").write_text("\n".join(head + lines) + "\n", encoding="utf-8")
    return {"articles": articles, "claims": claims, **state.counts,
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
    path.write_text(text[:line_start] + _q(f"{old} [edit {generation}]") + text[line_end:], encoding="utf-8")


# --- articles -------------------------------------------------------------------

def _write_articles(rng: random.Random, folder: Path, count: int) -> list[Source]:
    from generator.archive import article_file

    sources, used = [], set()
    for _ in range(count):
        outlet = rng.choice(OUTLETS)
        published = _day(rng, dt.date(2014, 6, 1), dt.date(2026, 10, 31))
        article_id = _unique(f"{_slug(outlet)}-{published.isoformat()}", used)
        body, paragraphs = _article_body(rng)
        meta = _article_meta(rng, outlet, published, article_id)
        (folder / f"{article_id}.md").write_text(article_file(meta, body), encoding="utf-8")
        sources.append(Source(article_id, published, rng.choice(TOPICS)[0], paragraphs))
    return sources


def _unique(base: str, used: set[str]) -> str:
    candidate = unique_id(base, used)
    used.add(candidate)
    return candidate


def _article_meta(rng: random.Random, outlet: str, published: dt.date, article_id: str) -> dict:
    meta = {"title": _sentence(rng, 6, 12, end=""), "outlet": outlet, "published": published.isoformat()}
    if rng.random() < 0.7:
        meta["author"] = rng.choice(AUTHORS)
    meta["url"] = f"https://www.example.com/{_slug(outlet)}/{published.year}/{article_id}"
    meta["retrieved"] = min(published + dt.timedelta(days=rng.randint(0, 60)), dt.date(2026, 11, 1)).isoformat()
    if rng.random() < 0.2:
        meta["notes"] = [_sentence(rng, 8, 20)]
    return meta


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


def _caption(rng: random.Random) -> str:
    credit = f"{rng.choice(('Staff Sgt.', 'Sgt.', 'Spc.', 'Cpl.'))} {rng.choice(FIRST)} {rng.choice(LAST)}/US Army"
    return f"::: caption\n{_sentence(rng, 14, 30)}\n{credit}\n:::"


# --- claims ---------------------------------------------------------------------

def _speakers(rng: random.Random, claims: int) -> list[tuple[str, str | None]]:
    speakers = [(name, None) for name in ANONYMOUS]
    for _ in range(30 + claims // 50):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        speakers.append((name, rng.choice(ROLES) if rng.random() < 0.6 else None))
    return speakers


def _claim(rng: random.Random, state: Claims, index: int, several_articles: bool) -> list[str]:
    """The YAML lines of one claim (and its effect on `state`)."""
    first = rng.choice(state.sources)
    cited = _cited(rng, state.sources, first, several_articles)
    topic = rng.choice(TOPICS)[0] if rng.random() > 0.8 else first.topic
    figure, relations = None, []
    if rng.random() < 0.2:
        figure, topic, claim_id = _figure(rng, state, topic, index, relations)
    else:
        claim_id = f"{_slug(topic)[:12]}-{index:05d}-{rng.choice(WORDS)}-{rng.choice(WORDS)}"
    claim = {"id": _slug(claim_id), "topic": topic, "date": _claim_date(rng, first.published),
             "speaker": rng.choice(state.speakers) if rng.random() < 0.15 else None, "figure": figure,
             "due": rng.choice(("2025", "2026", "2027", "2025-09", "2026-09", "2025-12-31", "2027-06-30"))
             if rng.random() < 0.05 else None}
    if state.ids and not relations and rng.random() < 0.05:
        kind = rng.choices(("updates", "qualifies", "contradicts", "supersedes"), (40, 25, 20, 15))[0]
        # updates and supersedes join two figures of one series (check refuses them elsewhere): the same
        # draws as before, so the rest of the book stays as it was, with the kinds any two claims may have.
        kind = {"updates": "qualifies", "supersedes": "contradicts"}.get(kind, kind)
        relations.append((kind, rng.choice(state.ids[-200:]), _sentence(rng, 8, 18) if rng.random() < 0.6 else None))
    claim["relations"] = relations
    lines = _claim_yaml(rng, claim, cited, state.counts)
    state.ids.append(claim["id"])
    return lines


def _cited(rng: random.Random, sources: list[Source], first: Source, several_articles: bool) -> list[Source]:
    cited = [first]
    for _ in range(rng.choice((0, 0, 1, 1, 2)) if several_articles else 0):
        other = rng.choice(sources)
        if other.id not in {s.id for s in cited}:
            cited.append(other)
    return cited


def _claim_date(rng: random.Random, published: dt.date) -> str | None:
    roll = rng.random()
    if roll < 0.65:
        return published.isoformat()
    if roll < 0.82:
        return published.isoformat()[:7]
    return str(published.year) if roll < 0.9 else None


def _figure(rng: random.Random, state: Claims, topic: str, index: int, relations: list) -> tuple[dict, str, str]:
    """(figure, topic, claim id): the next figure of a series, or one that disagrees with the last."""
    metric_id, _title, unit, kind, places, metric_topic, typical = rng.choice(METRICS)
    topic = metric_topic if rng.random() < 0.9 else topic
    place = rng.choice(places)
    series = state.series.setdefault((metric_id, place), {"n": rng.randint(0, 40), "last": None, "time": None})
    if series["last"] is not None and rng.random() < 0.03:  # same time as the last figure, another number
        time_ref = series["time"]
        state.counts["conflicts"] += 1
        if rng.random() < 0.5:
            relations.append(("qualifies", series["last"], "The two sources count differently."))
    else:
        series["n"] += 1
        time_ref = _figure_time(rng, kind, series["n"])
    value = max(1, int(typical * rng.uniform(0.3, 1.7)))
    figure = {"metric": metric_id, "value": value,
              "qualifier": rng.choice(QUALIFIERS) if rng.random() < 0.4 else None,
              time_ref[0]: time_ref[1], "place": place}
    claim_id = f"{metric_id}-{value}-{index:05d}"
    series["last"], series["time"] = claim_id, time_ref
    state.counts["figures"] += 1
    return figure, topic, claim_id


def _figure_time(rng: random.Random, kind: str, n: int) -> tuple[str, str]:
    if kind == "level":
        return "as_of", (dt.date(2019, 1, 1) + dt.timedelta(days=7 * n)).isoformat()
    year, month = divmod(n * 2, 12)
    start, end = f"{2008 + year}-{month + 1:02d}", f"{2008 + year}-{month + 2:02d}"
    return "period", start if rng.random() < 0.3 else f"{start}/{end}"


def _claim_yaml(rng: random.Random, claim: dict, cited: list[Source], counts: dict) -> list[str]:
    lines = [f"  - id: {claim['id']}", f"    topic: {claim['topic']}", f"    text: {_q(_sentence(rng, 10, 28))}"]
    if claim["date"]:
        lines.append(f"    date: {_q(claim['date'])}")
    if claim["speaker"]:
        counts["speakers"] += 1
        name, role = claim["speaker"]
        lines += ["    speaker:", f"      name: {_q(name)}"] + ([f"      role: {_q(role)}"] if role else [])
    if claim["figure"]:
        lines.append("    figure:")
        for key in FIGURE_KEYS:
            value = claim["figure"].get(key)
            if value is not None:
                lines.append(f"      {key}: {value if key in ('metric', 'value') else _q(value)}")
    if claim["due"]:
        counts["due"] += 1
        lines.append(f"    due: {_q(claim['due'])}")
    if claim["relations"]:
        counts["relations"] += len(claim["relations"])
        lines.append("    relations:")
        for kind, other, note in claim["relations"]:
            lines += [f"      - type: {kind}", f"        claim: {other}"] + ([f"        note: {_q(note)}"] if note else [])
    lines.append("    sources:")
    for source in cited:
        counts["sources"] += 1
        lines += [f"      - article: {source.id}", f"        quote: {_q(_quote(rng, source.paragraphs))}"]
    return lines + [""]


def _head(rng: random.Random, articles: int, claims: int) -> list[str]:
    """The book, topics and metrics sections that come before the claims."""
    head = ["# Synthetic claims for bench/run.py", "book:",
            f"  title: {_q(f'Synthetic briefing book ({articles} articles, {claims} claims)')}",
            f"  subtitle: {_q('Generated for benchmarking')}", "  key_metrics:"]
    head += [f"    - {m[0]}" for m in METRICS[:4]]
    head += ["", "topics:"]
    for topic_id, title in TOPICS:
        head += [f"  - id: {topic_id}", f"    title: {_q(title)}", f"    summary: {_q(_paragraph(rng))}"]
    head += ["", "metrics:"]
    for metric in METRICS:
        head += [f"  - id: {metric[0]}", f"    title: {_q(metric[1])}", f"    unit: {_q(metric[2])}",
                 f"    counting: {_q(metric[1] + ', as the synthetic sources count them')}"]
    return head + ["", "claims:", ""]


# --- text -----------------------------------------------------------------------

def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _sentence(rng: random.Random, lo: int, hi: int, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    for _ in range(rng.randint(0, 3)):
        words[rng.randrange(len(words))] = rng.choice(PROPER)
    if rng.random() < 0.35:  # a number with a non-breaking space before its unit
        number = f"{rng.randint(1, 9)},{rng.randint(100, 999)}"
        unit = rng.choice(("troops", "attacks", "fighters", "missions"))
        words[rng.randrange(len(words))] = f"{number}\u00a0{unit}"  # right-hand side first, as Python does
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

"""Static SVG charts of a topic's figures, planned here and drawn by `chart_draw`.

One chart per metric with two or more figures on a time axis, drawn twice: a
wide layout (wide screens, the PDF) and a narrow one (phones), so its text is
never smaller than 11 pixels; the site shows one or the other by CSS. Levels
(figures "as of" a date) are dots joined by a line per place; counts over a
period are dots at the period's end with a line over the period, so a count
over a year never looks larger than one over six months for its length. The
chart's title and its key (how to read it) are HTML beside the drawing, where
they wrap on any screen; its text alternative lists every figure. The chart
holds no links: the figures table beside it links each figure to its claim.
Each chart has an id unique in the book, and every id inside its SVG starts
with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .chart_draw import NARROW, WIDE, Mark, Plan, draw
from .chart_svg import inline_svg
from .derive import describe_figure, format_value
from .model import Book, ClaimView, TopicView, derived_once
from .rendercache import RenderCache
from .urls import unique_id

# Beyond this many figures a chart is a picture of the trend; the table beside
# it carries each number.
MAX_LABELLED_POINTS = 12


@dataclass
class Chart:
    id: str  # unique in the book; prefixes every id inside its SVGs
    metric: str
    title: str  # what and where, once: the metric's title
    key: str  # how to read it
    description: str  # the text alternative: every figure in words
    svg: str  # the wide layout: the site on wide screens, and the PDF
    svg_narrow: str  # the narrow layout: the site on phones
    claims: list[ClaimView]
    plan_text: str = ""  # what was drawn, in full: with the id, what the drawings are cached by


@derived_once
def book_charts(book: Book, cache: RenderCache | None = None) -> dict[str, list[Chart]]:
    """Every topic's charts, by topic id: drawn once per book for the site and the PDF, and
    with a `cache` only where the plan is new (drawing is most of a cold build's render)."""
    taken = {claim.anchor for claim in book.claims.values()}
    return {topic.id: topic_charts(topic, book.metric_title, taken, cache) for topic in book.topics}


def topic_charts(topic: TopicView, title_of: Callable[[str], str], taken: set[str] | None = None,
                 cache: RenderCache | None = None) -> list[Chart]:
    """A chart for each metric of the topic with two or more figures; `title_of` names a metric.

    `taken` holds the ids already used in the book; the charts' ids are added to it.
    """
    taken = set() if taken is None else taken
    cache = cache or RenderCache(None)
    by_metric: dict[str, list[ClaimView]] = {}
    for claim in topic.claims:
        # A figure for an unknown time ("once") has no place on a time axis.
        if claim.figure is not None and claim.figure_time.start != dt.date.min:
            by_metric.setdefault(claim.figure.metric, []).append(claim)
    deadlines = _deadlines(topic)
    charts = []
    for metric, claims in by_metric.items():
        if len(claims) >= 2:
            claims = sorted(claims, key=lambda c: (c.figure_time.end, c.figure_time.start, c.order))
            chart_id = unique_id(f"chart-{topic.id}-{metric}", taken)
            taken.add(chart_id)
            charts.append(_chart(chart_id, title_of(metric), claims, deadlines, cache))
    return charts


def _chart(chart_id: str, title: str, claims: list[ClaimView], deadlines: list[tuple[dt.date, str]],
           cache: RenderCache) -> Chart:
    plan = plan_chart(claims, deadlines)
    plan_text = repr(plan)  # dates, numbers and strings only: the same plan always reads the same

    def drawings() -> str:
        return inline_svg(draw(plan, WIDE), f"{chart_id}-w-") + "\0" + inline_svg(draw(plan, NARROW), f"{chart_id}-n-")

    wide, narrow = cache.text("chart", f"{chart_id}\0{plan_text}", drawings).split("\0")
    return Chart(
        id=chart_id, metric=claims[0].figure.metric, title=title, key=chart_key(claims, plan),
        description=text_alternative(title, claims), svg=wide, svg_narrow=narrow, claims=claims, plan_text=plan_text)


def plan_chart(claims: list[ClaimView], deadlines: list[tuple[dt.date, str]]) -> Plan:
    """What to draw: a mark per figure, a series per place, direct labels unless there are too many."""
    places = sorted({c.figure.place or "" for c in claims})
    labelled = len(claims) <= MAX_LABELLED_POINTS
    marks = [Mark(start=c.figure_time.start if _is_count(c) else c.figure_time.end, end=c.figure_time.end,
                  value=c.figure.value, hollow=c.figure.qualifier is not None, series=places.index(c.figure.place or ""),
                  label=_label(c, several_places=len(places) > 1) if labelled else "")
             for c in claims]
    return Plan(marks, joined=not any(_is_count(c) for c in claims), deadlines=deadlines)


def _deadlines(topic: TopicView) -> list[tuple[dt.date, str]]:
    """The topic's deadlines, one per date (drawn where they fall inside a chart's time span)."""
    by_date: dict[dt.date, list[ClaimView]] = {}
    for claim in topic.claims:
        if claim.due:
            by_date.setdefault(claim.due.end, []).append(claim)
    return [(when, f"due {claims[0].due.label()}" + (f" ({len(claims)})" if len(claims) > 1 else ""))
            for when, claims in sorted(by_date.items())]


def _is_count(claim: ClaimView) -> bool:
    return claim.figure.period is not None


def _label(claim: ClaimView, several_places: bool) -> str:
    """'about 2,500'; a count says its span ('121\\nin 12 months'); with several places, the place too."""
    place = claim.figure.place if several_places and claim.figure.place else ""
    second = [f"in {place}"] if place else []
    if _is_count(claim):
        second.append(("" if place else "in ") + span_text(claim.figure_time.start, claim.figure_time.end))
    return format_value(claim) + ("\n" + ", ".join(second) if second else "")


def span_text(start: dt.date, end: dt.date) -> str:
    """How long a period is, as a reader says it: '12 months', '6 months', '16 weeks', '10 days'."""
    days = (end - start).days + 1
    months = days / 30.44
    if months >= 1.9 and abs(months - round(months)) < 0.2:
        return f"{round(months)} months"
    if days >= 14:
        return f"{round(days / 7)} weeks"
    return f"{days} day" + ("" if days == 1 else "s")


def chart_key(claims: list[ClaimView], plan: Plan) -> str:
    """How to read the chart, in words (shown beside it)."""
    unit = claims[0].metric.unit
    if any(_is_count(c) for c in claims):
        parts = [f"Number of {unit} counted over a period: each dot stands at the end of the period it counts, "
                 f"and the line before it spans that period. Compare heights only between periods of the same length."]
    else:
        parts = [f"Number of {unit} reported as of each date."]
    qualifiers = list(dict.fromkeys(c.figure.qualifier for c in claims if c.figure.qualifier))
    if qualifiers:
        said = ", ".join(f"“{q}”" for q in qualifiers)
        parts.append(f"A hollow dot is a number the source qualifies ({said}).")
    if len({m.series for m in plan.marks}) > 1:
        parts.append("Each place has its own colour and shape.")
    parts.append("The table below gives each figure with its sources.")
    return " ".join(parts)


def text_alternative(title: str, claims: list[ClaimView]) -> str:
    """The chart in words: its title and every figure, or the range when there are too many."""
    several_places = len({c.figure.place for c in claims}) > 1

    def said(claim: ClaimView) -> str:
        place = f", in {claim.figure.place}" if several_places and claim.figure.place else ""
        return describe_figure(claim.figure, claim.metric.unit, claim.outlets, number=format_value(claim),
                               when=claim.figure_time.label + place)

    if len(claims) > MAX_LABELLED_POINTS:
        first, last = claims[0], claims[-1]
        return (f"Chart of {title}: {len(claims)} figures, from {said(first)} to {said(last)}; "
                f"the table below lists each.")
    return f"Chart of {title}: " + "; ".join(said(c) for c in claims) + "."

"""Static SVG charts of a topic's figures, drawn with matplotlib at build time.

One chart per metric with two or more points. Levels (figures "as of" a date)
are drawn as points over time, with the topic's deadlines as dashed lines;
counts over a period are drawn as bars as wide as their period, so 121 attacks
in a year and 153 in half a year are not shown as if comparable. Qualified
numbers ("more than 170") get a hollow marker and their qualifier in the label.
Each point links to its claim. Text is drawn in `currentColor`, so the inline
SVG reads in light and dark mode.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: render to files only
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from .derive import describe_figure, format_value  # noqa: E402
from .model import Book, ClaimView, TopicView, derived_once  # noqa: E402
from .urls import href  # noqa: E402

_INK = "#010101"  # drawn, then replaced by currentColor
_ACCENT = "#d9480f"
_SERIES = ("#3b5bdb", "#d9480f", "#2b8a3e", "#862e9c")
# Beyond this many points a chart is a picture of the trend; the table beside
# it carries each number (and labelling hundreds of points costs seconds).
MAX_LABELLED_POINTS = 12

matplotlib.rcParams.update({
    "svg.hashsalt": "briefing-book",  # stable ids: the same inputs give the same SVG
    "svg.fonttype": "none",           # text stays text: searchable, selectable, small
    "text.parse_math": False,         # a "$" in an outlet or place is a dollar sign, not TeX
    "font.family": "sans-serif",
    "font.size": 9,
    "text.color": _INK, "axes.labelcolor": _INK, "axes.edgecolor": _INK,
    "xtick.color": _INK, "ytick.color": _INK,
})


@dataclass
class Chart:
    metric: str
    title: str
    description: str  # the text alternative
    svg: str
    claims: list[ClaimView]


@derived_once
def book_charts(book: Book) -> dict[str, list[Chart]]:
    """Every topic's charts, by topic id (drawn once for the site and the PDF).

    Links in a chart are fragment links (#claim-id): they resolve on the topic
    page and in the PDF alike.
    """
    return {topic.id: topic_charts(topic, book.metric_title) for topic in book.topics}


def topic_charts(topic: TopicView, title_of: Callable[[str], str]) -> list[Chart]:
    """A chart for each metric of the topic with two or more figures; `title_of` names a metric."""
    by_metric: dict[str, list[ClaimView]] = {}
    for claim in topic.claims:
        # A figure for an unknown time ("once") has no place on a time axis.
        if claim.figure is not None and claim.figure_time.start != dt.date.min:
            by_metric.setdefault(claim.figure.metric, []).append(claim)
    deadlines = [c for c in topic.claims if c.due]
    charts = []
    for metric, claims in by_metric.items():
        if len(claims) >= 2:
            claims = sorted(claims, key=lambda c: (c.figure_time.start, c.figure_time.end, c.order))
            charts.append(_chart(title_of(metric), claims, deadlines, topic.page))
    return charts


def _chart(metric_title: str, claims: list[ClaimView], deadlines: list[ClaimView], page: str) -> Chart:
    unit = claims[0].metric.unit
    title = f"{metric_title} ({unit})"
    legend_lines = 0 if all(c.figure.as_of for c in claims) or len(claims) > MAX_LABELLED_POINTS else len(claims)
    figure, axes = plt.subplots(figsize=(7.2, 3.2 + 0.22 * legend_lines))
    if all(c.figure.as_of for c in claims):
        _draw_levels(axes, claims, deadlines, page)
    else:
        _draw_periods(axes, claims, page)
    axes.set_ylabel(unit)
    axes.set_ylim(bottom=0, top=max(c.figure.value for c in claims) * 1.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.set_title(title, loc="left", fontsize=10)
    figure.autofmt_xdate()
    figure.tight_layout()
    svg = _svg(figure)
    plt.close(figure)
    return Chart(claims[0].figure.metric, title, _text_alternative(title, claims), svg, claims)


def _draw_levels(axes, claims: list[ClaimView], deadlines: list[ClaimView], page: str) -> None:
    for index, claim in enumerate(claims):
        when = claim.figure_time.end
        hollow = claim.figure.qualifier is not None
        point = axes.scatter([when], [claim.figure.value], s=48, zorder=3,
                             facecolors="none" if hollow else _SERIES[0], edgecolors=_SERIES[0], linewidths=1.8)
        point.set_urls([href(page, page, claim.anchor)])
        if len(claims) <= MAX_LABELLED_POINTS:
            axes.annotate(f"{format_value(claim)}\n{_outlets(claim)}", (when, claim.figure.value),
                          xytext=(0, 10 + 18 * (index % 2)), textcoords="offset points", ha="center", fontsize=7.5)
    axes.plot([c.figure_time.end for c in claims], [c.figure.value for c in claims], color=_SERIES[0], alpha=0.4, linewidth=1)
    by_date: dict[dt.date, list[ClaimView]] = {}
    for claim in deadlines:
        by_date.setdefault(claim.due.end, []).append(claim)
    for when, due_claims in sorted(by_date.items()):
        # One line per date; it links to the first projection due then.
        line = axes.axvline(when, color=_ACCENT, linestyle="--", linewidth=1)
        line.set_url(href(page, page, due_claims[0].anchor))
        count = f" ({len(due_claims)})" if len(due_claims) > 1 else ""
        axes.annotate(f"due {due_claims[0].due.label()}{count}", (when, 0), xytext=(-3, 4), textcoords="offset points",
                      rotation=90, fontsize=7, color=_ACCENT, va="bottom", ha="right")


def _draw_periods(axes, claims: list[ClaimView], page: str) -> None:
    for index, claim in enumerate(claims):
        start, end = claim.figure_time.start, claim.figure_time.end
        width = (end - start).days + 1
        bar = axes.bar([start], [claim.figure.value], width=width, align="edge", alpha=0.55,
                       color=_SERIES[index % len(_SERIES)], edgecolor=_INK, linewidth=0.6,
                       hatch="//" if claim.figure.qualifier else None)
        bar.patches[0].set_url(href(page, page, claim.anchor))
        # Bars of one period may overlap (Iraq, Syria, both): a legend, not
        # labels on the bars, keeps every number readable.
        months = max(1, round(width / 30.4))
        place = f" in {claim.figure.place}" if claim.figure.place else ""
        bar.set_label(f"{format_value(claim)}{place} over {months} mo. ({_outlets(claim)})")
    if len(claims) <= MAX_LABELLED_POINTS:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=1, fontsize=7.5, frameon=False)


def _outlets(claim: ClaimView) -> str:
    outlets = claim.outlets
    return outlets[0] if len(outlets) == 1 else f"{len(outlets)} outlets"


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: it is inlined in HTML
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"\n\s*\n", "\n", svg)  # no blank lines: Markdown must keep it one HTML block
    # Sized by its container (CSS), keeping the viewBox's proportions.
    svg = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    return svg.replace(_INK, "currentColor")


def _text_alternative(title: str, claims: list[ClaimView]) -> str:
    if len(claims) > MAX_LABELLED_POINTS:
        first, last = claims[0], claims[-1]
        return (f"{title}: {len(claims)} figures, from {format_value(first)} ({first.figure_time.text}) "
                f"to {format_value(last)} ({last.figure_time.text}); the table below lists each.")
    points = "; ".join(describe_figure(c.figure, c.metric.unit, c.outlets, number=format_value(c)) for c in claims)
    return f"{title}: {points}."

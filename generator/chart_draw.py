"""Stage 4, render (charts): one chart drawn in one layout with matplotlib.

A chart is a list of marks on a time axis. A level (a figure "as of" a date) is
a dot at its date; a count over a period is a dot at the period's end with a
line back to its start, so that a count over a year and one over six months are
read by their height, never by an area that grows with the period. Marks of one
place share a colour and a marker shape; a qualified number ("about 2,500") is a
hollow dot. Each dot gets a direct label where one fits without touching any
other text, mark or the edge of the plot; where none fits, the table beside the
chart carries the number. Text is drawn in one ink that the SVG clean-up turns
into `currentColor`, so the chart reads in light and dark mode alike.

The layouts are sized for the width they are shown at: `WIDE` from 640 CSS
pixels of container up, `NARROW` below (a phone is 390 pixels wide, the chart
about 358), so that the smallest text is at least 11 pixels high in both.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from dataclasses import dataclass

import matplotlib
import numpy as np

matplotlib.use("Agg")  # no display: render to files only
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.layout_engine import TightLayoutEngine  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .chart_svg import INK  # noqa: E402

# Colours with at least 3:1 contrast on the light (#ffffff) and the dark
# (#1e2129) page, each with its own marker shape for readers who do not tell
# the colours apart.
SERIES = (("#1c7ed6", "o"), ("#e8590c", "s"), ("#2f9e44", "^"), ("#be4bdb", "D"))
STYLE = {
    "svg.hashsalt": "briefing-book",  # stable ids: the same inputs give the same SVG
    "svg.fonttype": "none",           # text stays text: searchable, selectable, small
    "text.parse_math": False,         # a "$" in an outlet or place is a dollar sign, not TeX
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # measured to place labels; the SVG names it, then sans-serif
    "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": INK,
    "xtick.color": INK, "ytick.color": INK,
}


@dataclass(frozen=True)
class Layout:
    name: str
    width: float  # inches; the SVG's viewBox has 72 units per inch
    height: float
    font_size: float  # points, every text of the chart
    date_ticks: int  # at most this many dates on the time axis
    value_ticks: int  # about this many values on the value axis


WIDE = Layout("wide", 7.2, 2.9, 9, 7, 5)
NARROW = Layout("narrow", 3.8, 3.1, 9, 3, 4)
# The smallest container width (CSS pixels) each layout is shown at: the CSS
# switches layouts there (templates/assets/briefing.css, `@container`).
SHOWN_FROM = {"wide": 640, "narrow": 358}


@dataclass(frozen=True)
class Mark:
    """One figure as drawn: a dot at `end`; a count over a period has a line back to `start`."""

    start: dt.date
    end: dt.date
    value: float
    hollow: bool  # a qualified number
    series: int  # the place's colour and marker
    label: str  # its direct label, one or two lines


@dataclass(frozen=True)
class Plan:
    marks: list[Mark]
    joined: bool  # levels of one place are joined by a line, in date order
    deadlines: list[tuple[dt.date, str]]  # (date, label) of the topic's deadlines


def draw(plan: Plan, layout: Layout) -> str:
    """The chart as matplotlib's SVG text (to be cleaned by `chart_svg.inline_svg`)."""
    with _DRAWING, matplotlib.rc_context({**STYLE, "font.size": layout.font_size}):
        axes = _axes(layout)
        figure = axes.figure
        try:
            start, end = _time_span(plan.marks)
            _set_axes(axes, plan.marks, layout, start, end)
            _draw_marks(axes, plan)
            deadlines = [(when, text) for when, text in plan.deadlines if start <= when <= end]
            lines = [axes.axvline(_day(when), color=SERIES[1][0], linestyle="--", linewidth=1) for when, _ in deadlines]
            # As `figure.tight_layout`, without leaving a layout engine on the figure: savefig
            # would draw the whole figure once more for it.
            TightLayoutEngine(pad=0.3, rect=None).execute(figure)  # rect=None: one pass, as tight_layout
            _fit_time_ticks(figure, axes)
            _Labels(figure, axes, plan, lines).place(plan.marks, deadlines)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
        finally:
            _clear(axes)
    return buffer.getvalue()


# One figure and axes per layout, emptied after each chart: a new figure per chart costs its
# axes, their ticks, a canvas, a renderer and that renderer's cache of text sizes (every chart
# measures the same tick labels again), more than drawing the chart.
_AXES: dict[Layout, object] = {}
_DRAWING = threading.Lock()  # the figures are shared: one chart at a time, whichever thread asks


def _axes(layout: Layout):
    if layout not in _AXES:
        figure = Figure(figsize=(layout.width, layout.height))
        FigureCanvasAgg(figure)  # measures text, to place labels
        axes = figure.add_subplot()
        # Limits and ticks are set for each chart, never computed by matplotlib: autoscaling
        # and its date locators cost more than the drawing itself.
        axes.set_autoscale_on(False)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(length=3)
        _AXES[layout] = axes
    return _AXES[layout]


def _clear(axes) -> None:
    """The axes as `_axes` made them: no marks, labels or lines, and the figure's default margins
    (the next chart's layout starts from the same place, so it is the same whatever came before)."""
    for artist in [*axes.lines, *axes.collections, *axes.texts]:
        artist.remove()
    axes.relim()
    axes.figure.subplots_adjust(**{side: matplotlib.rcParams[f"figure.subplot.{side}"]
                                   for side in ("left", "right", "bottom", "top", "wspace", "hspace")})


# Days on matplotlib's date axis: the marks are placed by number, so no date goes through
# matplotlib's unit conversion (per call, per artist) or its date locators.
_ORDINAL_ORIGIN = dt.date(1970, 1, 1).toordinal() - mdates.date2num(dt.date(1970, 1, 1))


def _day(when: dt.date) -> float:
    return when.toordinal() - _ORDINAL_ORIGIN


def _draw_marks(axes, plan: Plan) -> None:
    """One artist per series and kind, not per mark: a chart of 200 figures is a handful of artists."""
    for series in sorted({m.series for m in plan.marks}):
        colour, shape = SERIES[series % len(SERIES)]
        marks = sorted((m for m in plan.marks if m.series == series), key=lambda m: m.end)
        if plan.joined:
            axes.plot([_day(m.end) for m in marks], [m.value for m in marks], color=colour, alpha=0.5, linewidth=1.2)
        periods = [m for m in marks if m.start < m.end]
        if periods:
            # Opaque: a period's line carries meaning, so it keeps 3:1 contrast on light and dark pages.
            axes.add_collection(LineCollection([[(_day(m.start), m.value), (_day(m.end), m.value)] for m in periods],
                                               colors=colour, linewidths=2, capstyle="butt"), autolim=False)
            axes.plot([_day(m.start) for m in periods], [m.value for m in periods], marker="|", markersize=9,
                      markeredgewidth=1.8, linestyle="none", color=colour)
        for hollow in (False, True):
            dots = [m for m in marks if m.hollow == hollow]
            if dots:
                axes.plot([_day(m.end) for m in dots], [m.value for m in dots], marker=shape, markersize=7,
                          markeredgewidth=1.8, linestyle="none", markeredgecolor=colour,
                          markerfacecolor="none" if hollow else colour, zorder=3, clip_on=False)


def _time_span(marks: list[Mark]) -> tuple[dt.date, dt.date]:
    """The time the marks cover, with a margin on each side."""
    start, end = min(m.start for m in marks), max(m.end for m in marks)
    margin = dt.timedelta(days=max(15, (end - start).days // 14))
    return start - margin, end + margin


def _set_axes(axes, marks: list[Mark], layout: Layout, start: dt.date, end: dt.date) -> None:
    axes.set_xlim(_day(start), _day(end))
    top = max(m.value for m in marks)
    ticks = MaxNLocator(nbins=layout.value_ticks, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top * 1.25)
    axes.set_ylim(min(0, min(m.value for m in marks)), ticks[-1])
    axes.set_yticks([t for t in ticks if 0 <= t <= ticks[-1]])
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    ticks, label = date_ticks(start, end, layout.date_ticks)
    axes.set_xticks([_day(tick) for tick in ticks])
    axes.xaxis.set_major_formatter(mdates.DateFormatter(label))


def date_ticks(start: dt.date, end: dt.date, most: int) -> tuple[list[dt.date], str]:
    """Ticks on the first of a month every 1, 2, 3, 6 ... months, at most `most`; and their format."""
    first = start.year * 12 + start.month - 1 + (start.day > 1)  # months since year 0, the first tick's
    last = end.year * 12 + end.month - 1
    for step in (1, 2, 3, 4, 6, 12, 24, 60, 120, 240):
        ticks = [dt.date(m // 12, m % 12 + 1, 1) for m in range(first, last + 1) if m % step == 0]
        if len(ticks) <= most:
            break
    if len(ticks) < 2:  # a span of weeks: its two ends, by the day
        return [start + (end - start) / 4, end - (end - start) / 4], "%-d %b %Y"
    return ticks, "%Y" if step >= 12 else "%b %Y"


def _fit_time_ticks(figure: Figure, axes) -> None:
    """Drop the dates whose labels would touch the value axis' labels, each other, or the edge.

    The tick labels are measured where the laid-out axes put them, without drawing the figure:
    asking an axis for its labels places them at its ticks."""
    renderer = figure.canvas.get_renderer()
    values = [label.get_window_extent(renderer) for label in axes.get_yticklabels() if label.get_text()]
    kept, last = [], None
    for tick, label in zip(axes.get_xticks(), axes.get_xticklabels()):
        box = label.get_window_extent(renderer).padded(3 * figure.dpi / 72)
        if box.x0 < 0 or box.x1 > figure.bbox.x1 or any(box.overlaps(v) for v in values) or (last and box.overlaps(last)):
            continue
        kept.append(tick)
        last = box
    axes.set_xticks(kept)


# Where a label may go around its dot: offset (points), alignment. Above first.
_AROUND = (((0, 7), "center", "bottom"), ((-3, 7), "right", "bottom"), ((3, 7), "left", "bottom"),
           ((0, -7), "center", "top"), ((-3, -7), "right", "top"), ((3, -7), "left", "top"),
           ((7, 0), "left", "center"), ((-7, 0), "right", "center"))
# Where a deadline's label may go: beside the top of its line.
_BESIDE_TOP = (((-3, -2), "right", "top"), ((3, -2), "left", "top"))
# How much of a label's width (height) lies before its anchor, by alignment.
_ALIGN = {"left": 0, "bottom": 0, "center": 0.5, "right": 1, "top": 1}


class _Labels:
    """Direct labels placed greedily where they touch nothing already placed.

    What is taken is one array of boxes (x0, y0, x1, y1 in pixels), tested against a label at
    once: a chart of many figures has thousands of them (a sloping line is a row of squares).
    """

    def __init__(self, figure: Figure, axes, plan: Plan, lines: list) -> None:
        self.axes = axes
        self.renderer = figure.canvas.get_renderer()
        self.point = figure.dpi / 72  # one typographic point, in pixels
        self.area = axes.get_window_extent(self.renderer)
        marks, point = plan.marks, self.point
        ends = self._xy([m.end for m in marks], [m.value for m in marks])
        boxes = [np.hstack([ends - 4.5 * point, ends + 4.5 * point])]
        periods = [m for m in marks if m.start < m.end]
        if periods:
            starts = self._xy([m.start for m in periods], [m.value for m in periods])
            stops = self._xy([m.end for m in periods], [m.value for m in periods])
            boxes.append(np.column_stack([starts[:, 0] - 1.5 * point, starts[:, 1] - 4.5 * point,
                                          stops[:, 0], stops[:, 1] + 4.5 * point]))
        if plan.joined:
            boxes += [self._line_boxes(ends[i], ends[i + 1])
                      for i, (a, b) in enumerate(zip(marks, marks[1:])) if a.series == b.series]
        boxes += [np.array([line.get_window_extent(self.renderer).extents]) for line in lines]
        self.taken = _ordered(np.vstack(boxes))
        self.lines = lines

    def place(self, marks: list[Mark], deadlines: list[tuple[dt.date, str]]) -> None:
        # One label measured in every place it may go, then made for the place that fits.
        self.probe = self.axes.annotate("", (0, 0), xytext=(0, 0), textcoords="offset points", ha="left", va="bottom",
                                        annotation_clip=False, linespacing=1.15)
        for mark in marks:
            if mark.label:
                self._place(mark.label, (_day(mark.end), mark.value), _AROUND)
        top = self.axes.get_ylim()[1]
        for line, (when, text) in zip(self.lines, deadlines):
            if not self._place(text, (_day(when), top), _BESIDE_TOP):
                line.remove()  # a line nobody can read the meaning of is noise
        self.probe.remove()

    def _place(self, text: str, where, candidates) -> bool:
        area, probe = self.area, self.probe
        # The label's box is measured once, left- and bottom-aligned at its anchor; each place
        # it may go moves that box by its offset and alignment (text is not rotated).
        probe.set_text(text)
        probe.xy = where
        x, y, right, top = probe.get_window_extent(self.renderer).extents
        width, height = right - x, top - y
        pad = 2 * self.point  # two points between a label and anything else
        for (dx, dy), across, up in candidates:
            x0 = x + dx * self.point - _ALIGN[across] * width
            y0 = y + dy * self.point - _ALIGN[up] * height
            box = (x0, y0, x0 + width, y0 + height)
            inside = area.x0 <= box[0] and box[2] <= area.x1 and area.y0 <= box[1] and box[3] <= area.y1
            if inside and not _overlaps((box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad), self.taken):
                self.axes.annotate(text, where, xytext=(dx, dy), textcoords="offset points", ha=across, va=up,
                                   annotation_clip=False, linespacing=1.15)
                self.taken = np.vstack([self.taken, [box]])
                return True
        return False

    def _xy(self, days: list[dt.date], values: list[float]) -> np.ndarray:
        """Dates and values as pixels, one row each."""
        return self.axes.transData.transform(np.column_stack([[_day(d) for d in days], values]))

    def _line_boxes(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """A sloping line as small squares along it (its bounding box would block the whole slope)."""
        steps = max(1, int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / (3 * self.point)))
        i = np.arange(steps + 1)
        centres = np.column_stack([a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps])
        return np.hstack([centres - self.point, centres + self.point])


def _ordered(boxes: np.ndarray) -> np.ndarray:
    """Boxes with x0 <= x1 and y0 <= y1, as `Bbox.overlaps` compares them."""
    return np.column_stack([np.minimum(boxes[:, 0], boxes[:, 2]), np.minimum(boxes[:, 1], boxes[:, 3]),
                            np.maximum(boxes[:, 0], boxes[:, 2]), np.maximum(boxes[:, 1], boxes[:, 3])])


def _overlaps(box, boxes: np.ndarray) -> bool:
    """Whether `box` (x0, y0, x1, y1, ordered) touches any of `boxes`, edges included (as `Bbox.overlaps`)."""
    x0, y0, x1, y1 = box
    return bool(np.any((x0 <= boxes[:, 2]) & (boxes[:, 0] <= x1) & (y0 <= boxes[:, 3]) & (boxes[:, 1] <= y1)))

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
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # no display: render to files only
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

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
    with matplotlib.rc_context({**STYLE, "font.size": layout.font_size}):
        figure = Figure(figsize=(layout.width, layout.height))
        FigureCanvasAgg(figure)  # measures text, to place labels
        axes = figure.add_subplot()
        _draw_marks(axes, plan)
        start, end = _time_span(plan.marks)
        deadlines = [(when, text) for when, text in plan.deadlines if start <= when <= end]
        _set_axes(axes, plan.marks, layout, start, end)
        lines = [axes.axvline(when, color=SERIES[1][0], linestyle="--", linewidth=1) for when, _ in deadlines]
        figure.tight_layout(pad=0.3)
        _fit_time_ticks(figure, axes)
        _Labels(figure, axes, plan, lines).place(plan.marks, deadlines)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return buffer.getvalue()


def _draw_marks(axes, plan: Plan) -> None:
    if plan.joined:
        for series in sorted({m.series for m in plan.marks}):
            marks = sorted((m for m in plan.marks if m.series == series), key=lambda m: m.end)
            axes.plot([m.end for m in marks], [m.value for m in marks], color=SERIES[series][0], alpha=0.5, linewidth=1.2)
    for mark in plan.marks:
        colour, shape = SERIES[mark.series % len(SERIES)]
        if mark.start < mark.end:
            # Opaque: a period's line carries meaning, so it keeps 3:1 contrast on light and dark pages.
            axes.plot([mark.start, mark.end], [mark.value] * 2, color=colour, linewidth=2, solid_capstyle="butt")
            axes.plot([mark.start], [mark.value], marker="|", markersize=9, markeredgewidth=1.8, color=colour)
        axes.plot([mark.end], [mark.value], marker=shape, markersize=7, markeredgewidth=1.8, linestyle="none",
                  markeredgecolor=colour, markerfacecolor="none" if mark.hollow else colour, zorder=3, clip_on=False)


def _time_span(marks: list[Mark]) -> tuple[dt.date, dt.date]:
    """The time the marks cover, with a margin on each side."""
    start, end = min(m.start for m in marks), max(m.end for m in marks)
    margin = dt.timedelta(days=max(15, (end - start).days // 14))
    return start - margin, end + margin


def _set_axes(axes, marks: list[Mark], layout: Layout, start: dt.date, end: dt.date) -> None:
    axes.set_xlim(start, end)
    top = max(m.value for m in marks)
    ticks = MaxNLocator(nbins=layout.value_ticks, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top * 1.25)
    axes.set_ylim(min(0, min(m.value for m in marks)), ticks[-1])
    axes.set_yticks([t for t in ticks if 0 <= t <= ticks[-1]])
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
    ticks, label = date_ticks(start, end, layout.date_ticks)
    axes.set_xticks(ticks)
    axes.xaxis.set_major_formatter(mdates.DateFormatter(label))
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(length=3)


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
    """Drop the dates whose labels would touch the value axis' labels, each other, or the edge."""
    figure.draw_without_rendering()
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


class _Labels:
    """Direct labels placed greedily where they touch nothing already placed."""

    def __init__(self, figure: Figure, axes, plan: Plan, lines: list) -> None:
        self.figure, self.axes = figure, axes
        self.renderer = figure.canvas.get_renderer()
        self.point = figure.dpi / 72  # one typographic point, in pixels
        self.area = axes.get_window_extent(self.renderer)
        marks = plan.marks
        self.taken = [self._box(self._xy(m.end, m.value), 4.5) for m in marks]
        self.taken += [self._segment(m.start, m.end, m.value, m.value) for m in marks if m.start < m.end]
        if plan.joined:
            for a, b in zip(marks, marks[1:]):
                if a.series == b.series:
                    self.taken += self._line_boxes(self._xy(a.end, a.value), self._xy(b.end, b.value))
        self.taken += [line.get_window_extent(self.renderer) for line in lines]
        self.lines = lines

    def place(self, marks: list[Mark], deadlines: list[tuple[dt.date, str]]) -> None:
        for mark in marks:
            if mark.label:
                self._place(mark.label, (mark.end, mark.value), _AROUND)
        top = self.axes.get_ylim()[1]
        for line, (when, text) in zip(self.lines, deadlines):
            if not self._place(text, (when, top), _BESIDE_TOP):
                line.remove()  # a line nobody can read the meaning of is noise

    def _place(self, text: str, where, candidates) -> bool:
        for offset, across, up in candidates:
            label = self.axes.annotate(text, where, xytext=offset, textcoords="offset points", ha=across, va=up,
                                       annotation_clip=False, linespacing=1.15)
            box = label.get_window_extent(self.renderer)
            padded = box.padded(2 * self.point)  # two points between a label and anything else
            inside = self.area.x0 <= box.x0 and box.x1 <= self.area.x1 and self.area.y0 <= box.y0 and box.y1 <= self.area.y1
            if inside and not any(padded.overlaps(other) for other in self.taken):
                self.taken.append(box)
                return True
            label.remove()
        return False

    def _xy(self, when: dt.date, value: float) -> tuple[float, float]:
        return tuple(self.axes.transData.transform((mdates.date2num(when), value)))

    def _box(self, centre: tuple[float, float], radius: float) -> Bbox:
        """A square of `radius` points around `centre` (pixels)."""
        (x, y), r = centre, radius * self.point
        return Bbox.from_extents(x - r, y - r, x + r, y + r)

    def _segment(self, start: dt.date, end: dt.date, low: float, high: float) -> Bbox:
        """A period's line, with the cap at its start."""
        (x0, y0), (x1, y1) = self._xy(start, low), self._xy(end, high)
        return Bbox.from_extents(x0 - 1.5 * self.point, y0 - 4.5 * self.point, x1, y1 + 4.5 * self.point)

    def _line_boxes(self, a: tuple[float, float], b: tuple[float, float]) -> list[Bbox]:
        """A sloping line as small squares along it (its bounding box would block the whole slope)."""
        steps = max(1, int(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / (3 * self.point)))
        return [self._box((a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps), 1)
                for i in range(steps + 1)]

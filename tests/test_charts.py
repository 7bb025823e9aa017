"""Charts: planned and drawn without a browser, checked as markup, and, for crowded and unusual
series, measured in the browser at the narrowest width each layout is shown at."""

from __future__ import annotations

import collections
import datetime as dt
import re

import pytest

from generator import chart_svg, pdf
from generator.chart_draw import NARROW, SHOWN_FROM, WIDE, Mark, Plan, date_ticks, draw
from generator.charts import span_text
from generator.reading import checked_book

from .chart_layout import chart_problems
from .conftest import AS_OF, CHROMIUM, CHROMIUM_ARGS
from .html_index import read_page
from .system import require

D = dt.date


def _levels(values: list[float], start: D, days: int, labels: list[str], series: list[int] | None = None) -> list[Mark]:
    series = series or [0] * len(values)
    return [Mark(start + dt.timedelta(days=days * i), start + dt.timedelta(days=days * i), value, i % 2 == 0, s, label)
            for i, (value, label, s) in enumerate(zip(values, labels, series))]


# Series that are hard to label: crowded, many, several places, deadlines, big numbers, one date, short and long spans.
HARD_PLANS = {
    "crowded levels": Plan(_levels([2500, 2550, 2500, 2600, 2450, 2500, 2520, 2480, 2500, 2510, 2500, 2490], D(2024, 1, 1), 5,
                                   [f"about {v:,}" for v in (2500, 2550, 2500, 2600, 2450, 2500, 2520, 2480, 2500, 2510, 2500, 2490)]),
                           True, []),
    "many points": Plan(_levels([100 + (i * 37) % 90 for i in range(60)], D(2015, 1, 1), 60, [""] * 60), True, []),
    "four places, one period": Plan([Mark(D(2023, 10, 7), D(2024, 1, 25), v, True, s, f"more than {v}\nin Place {s}, 16 weeks")
                                     for s, v in enumerate((60, 62, 65, 90))], False, []),
    "deadlines": Plan(_levels([900, 2500, 2000], D(2024, 1, 1), 120, ["900", "about 2,500", "2,000"]), True,
                      [(D(2024, 3, 1), "due March 2024 (3)"), (D(2024, 3, 10), "due 10 March 2024"),
                       (D(2024, 6, 30), "due June 2024")]),
    "big numbers": Plan(_levels([8_000_000, 7_500_000], D(2014, 6, 1), 700, ["nearly 8 million", "7.5 million"]), True, []),
    "one date, two values": Plan(_levels([2500, 3000], D(2024, 9, 27), 0, ["about 2,500", "3,000"]), True, []),
    "ten days": Plan([Mark(D(2024, 8, 1), D(2024, 8, 10), 14, False, 0, "14\nin 10 days"),
                      Mark(D(2024, 8, 5), D(2024, 8, 8), 7, False, 0, "7\nin 4 days")], False, []),
    "counts of different lengths": Plan([Mark(D(2023, 1, 1), D(2023, 12, 31), 121, False, 0, "121\nin 12 months"),
                                         Mark(D(2024, 1, 1), D(2024, 6, 30), 153, False, 0, "153\nin 6 months"),
                                         Mark(D(2024, 1, 1), D(2024, 7, 15), 153, True, 0, "about 153\nin 28 weeks")],
                                        False, [(D(2024, 12, 31), "due 2024 (2)")]),
}


def test_a_count_says_how_long_its_period_is():
    assert span_text(D(2023, 1, 1), D(2023, 12, 31)) == "12 months"
    assert span_text(D(2024, 1, 1), D(2024, 6, 30)) == "6 months"
    assert span_text(D(2023, 10, 7), D(2024, 1, 25)) == "16 weeks"
    assert span_text(D(2024, 8, 1), D(2024, 8, 10)) == "10 days"
    assert span_text(D(2024, 8, 1), D(2024, 8, 1)) == "1 day"


@pytest.mark.parametrize("start, end, most", [(D(2024, 1, 10), D(2024, 10, 12), 3), (D(2024, 1, 10), D(2024, 10, 12), 7),
                                              (D(2005, 1, 1), D(2024, 12, 31), 4), (D(2024, 8, 1), D(2024, 8, 20), 4)])
def test_date_ticks_are_few_inside_the_span_and_say_the_year(start, end, most):
    ticks, label = date_ticks(start, end, most)
    assert 2 <= len(ticks) <= most
    assert all(start <= tick <= end for tick in ticks)
    assert "%Y" in label


def test_a_drawing_is_valid_inline_html_with_ids_of_its_own():
    svg = chart_svg.inline_svg(draw(HARD_PLANS["counts of different lengths"], WIDE), "chart-x-w-")
    assert svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
    for absent in ("<metadata", "<rdf", "<a ", "target=", "<style", "<!--", "<?xml", "\n\n", "#010101"):
        assert absent not in svg, absent
    ids = chart_svg.ids(svg)
    assert ids and all(i.startswith("chart-x-w-") for i in ids) and len(ids) == len(set(ids))
    references = re.findall(r'(?:url\(#|href="#)([^")]+)', svg)
    assert references and set(references) <= set(ids), "every reference points to an id of the drawing"
    assert "currentColor" in svg


def test_drawing_is_deterministic():
    plan = HARD_PLANS["deadlines"]
    assert draw(plan, NARROW) == draw(plan, NARROW)
    assert draw(plan, WIDE) != draw(plan, NARROW)


def test_a_drawing_does_not_depend_on_what_was_drawn_before():
    """One figure per layout is reused from chart to chart: a chart drawn after any other (or first,
    as when every other chart comes from the render cache) is the same, byte for byte."""
    plans = list(HARD_PLANS.values())
    for layout in (WIDE, NARROW):
        first = [draw(plan, layout) for plan in plans]
        assert [draw(plan, layout) for plan in reversed(plans)] == first[::-1], layout.name


def test_topic_pages_show_charts_as_named_images_without_links(built_book):
    pages = [p for p in sorted((built_book / "site" / "topics").glob("*.html")) if 'class="chart' in p.read_text(encoding="utf-8")]
    assert pages, "the book has no chart"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S):
            assert re.match(r'<figure class="chart" id="chart-[\w-]+">\s*<figcaption>', figure), figure[:200]
            assert "role=" not in figure.split(">", 1)[0], "a figure with a figcaption takes no role"
            drawings = re.findall(r'<div class="chart-drawing chart-(wide|narrow)" role="img" aria-label="Chart of ([^"]+)">',
                                  figure)
            assert [kind for kind, _ in drawings] == ["wide", "narrow"]
            assert drawings[0][1] == drawings[1][1]
            for absent in ("<a ", "target=", "<metadata", "tabindex"):
                assert absent not in figure, f"{page.name}: {absent}"
        tags = read_page(page).tags
        ids = collections.Counter(attributes["id"] for _, attributes in tags if "id" in attributes)
        assert [i for i, n in ids.items() if n > 1] == [], f"{page.name}: duplicate ids"


def test_the_print_book_has_no_duplicate_id(built_book):
    html = pdf.print_html(checked_book(built_book, D.fromisoformat(AS_OF)), built_book)
    ids = collections.Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.browser
def test_hard_series_read_at_the_narrowest_width_each_layout_is_shown(tmp_path):
    """Every label placed touches no other text and stays in the drawing; all text is 11 px or more."""
    require(CHROMIUM.exists(), f"{CHROMIUM} (Debian's chromium)")
    from playwright.sync_api import sync_playwright

    figures = []
    for name, plan in HARD_PLANS.items():
        for layout in (WIDE, NARROW):
            prefix = f"{re.sub(r'[^a-z]+', '-', name)}-{layout.name}"
            svg = chart_svg.inline_svg(draw(plan, layout), f"{prefix}-")
            figures.append(f'<figure class="chart" id="{prefix}" style="width: {SHOWN_FROM[layout.name]}px; margin: 0 0 1em">'
                           f"{svg}</figure>")
    page_file = tmp_path / "charts.html"
    page_file.write_text("<!doctype html><meta charset=utf-8><style>body { margin: 0 } svg { display: block; width: 100%;"
                         " height: auto }</style>" + "\n".join(figures), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 800, "height": 900})
            page.goto(page_file.as_uri())
            problems = chart_problems(page)
            labels = page.evaluate("[...document.querySelectorAll('text')].map(t => t.textContent)")
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    # Labels are dropped only where none fits: the hard series keep most of theirs.
    for text in ("about 2,500", "nearly 8 million", "3,000", "in Place 3, 16 weeks", "in 12 months", "due June 2024"):
        assert text in labels, text

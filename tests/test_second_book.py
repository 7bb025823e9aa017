"""A second book needs no code: another subject, started with `briefing init`, with its
own topics, units and qualifiers, builds with both renderers."""

from __future__ import annotations

import csv

from .conftest import AS_OF, run_cli
from .html_index import read_page

RAW_ARTICLE = """Heat stress bleaches a third of the northern reef

By A. Reporter

Surveys found that roughly 12,000 hectares of coral on the northern reef bleached this summer, scientists said on Monday.

The survey team said water temperatures stayed above the bleaching threshold for six weeks.
"""

METRICS_AND_CLAIMS = """metrics:
  - id: bleached-reef-area
    title: "Bleached coral on the northern reef"
    unit: hectares
    counting: "reef area surveyed as bleached, summer survey"

claims:
  - id: northern-reef-bleached-area-2025
    topic: bleaching
    text: "Surveys found that roughly 12,000 hectares of coral on the northern reef bleached in the summer of 2025."
    date: "2025-03-10"
    speaker:
      name: "scientists"
    figure:
      metric: bleached-reef-area
      value: 12000
      qualifier: roughly
      as_of: "2025-03"
      place: "northern reef"
    sources:
      - article: reef-news-2025-03-10
        quote: "roughly 12,000 hectares of coral on the northern reef bleached this summer"
"""


def test_a_book_on_another_subject_builds_with_both_renderers(tmp_path, capsys):
    book = tmp_path / "reef-book"
    code, _, err = run_cli(capsys, "init", str(book), "--title", "The Northern Reef", "--topic", "bleaching",
                           "--topic-title", "Coral bleaching")
    assert code == 0, err
    raw = tmp_path / "raw.txt"
    raw.write_text(RAW_ARTICLE, encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(book), "add-article", str(raw), "--outlet", "Reef News",
                           "--published", "2025-03-10")
    assert code == 0, err
    claims = book / "claims.yaml"
    text = claims.read_text(encoding="utf-8").replace("claims: []\n", METRICS_AND_CLAIMS)
    # Its own qualifiers: "roughly" is not among the engine's defaults.
    text = text.replace('book:\n  title: "The Northern Reef"\n',
                        'book:\n  title: "The Northern Reef"\n  qualifiers: [roughly, "more than"]\n')
    claims.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "--root", str(book), "check")
    assert (code, out, err) == (0, "briefing check: 0 error(s), 0 warning(s)\n", "")

    for renderer in ("mkdocs", "zensical"):
        code, out, err = run_cli(capsys, "--root", str(book), "build", "--as-of", AS_OF, "--renderer", renderer)
        assert code == 0, err
        site = book / "site"
        topic = read_page(site / "topics" / "bleaching.html")
        assert "northern-reef-bleached-area-2025" in topic.ids
        assert "roughly 12,000 hectares" in topic.text, renderer
        home = read_page(site / "index.html")
        assert "The Northern Reef" in home.text and "Iraq" not in home.text, renderer
        with open(site / "data" / "figures.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [(r["metric"], r["qualifier"], r["value"], r["unit"]) for r in rows] == [
            ("bleached-reef-area", "roughly", "12000", "hectares")]
        assert (site / "briefing-book.pdf").stat().st_size > 10_000

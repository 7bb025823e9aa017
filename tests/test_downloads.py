"""The data downloads agree with claims.yaml and the articles."""

from __future__ import annotations

import csv
import json

import yaml

from .conftest import REPO
from .html_index import read_page


def _claims_yaml():
    return yaml.safe_load((REPO / "claims.yaml").read_text(encoding="utf-8"))


def test_claims_json_matches_claims_yaml(built_book):
    data = json.loads((built_book / "site" / "data" / "claims.json").read_text(encoding="utf-8"))
    source = _claims_yaml()
    assert [c["id"] for c in data["claims"]] == [c["id"] for c in source["claims"]]
    for built, written in zip(data["claims"], source["claims"]):
        assert built["text"] == written["text"]
        assert [s["quote"] for s in built["sources"]] == [s["quote"] for s in written["sources"]]
        # An attributed outlet counts on its own: never merged into the outlet it is guessed to be.
        assert built["outlets"] == sorted({s["outlet"] + (" (attributed)" if s["outlet_inferred"] else "")
                                           for s in built["sources"]})


def test_claims_csv_has_one_row_per_claim_and_source(built_book):
    with open(built_book / "site" / "data" / "claims.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = [(c["id"], s["article"], s["quote"]) for c in _claims_yaml()["claims"] for s in c["sources"]]
    assert [(r["claim_id"], r["article_id"], r["quote"]) for r in rows] == expected
    assert all(r["outlet"] and r["published"] and r["article_title"] for r in rows)


def test_figures_csv_lists_every_figure(built_book):
    with open(built_book / "site" / "data" / "figures.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    units = {m["id"]: m["unit"] for m in _claims_yaml()["metrics"]}
    figures = [(c["id"], c["figure"]) for c in _claims_yaml()["claims"] if "figure" in c]
    assert [(r["claim_id"], float(r["value"]), r["unit"]) for r in rows] == [
        (cid, float(f["value"]), units[f["metric"]]) for cid, f in figures]


def test_topic_pages_embed_json_ld_for_their_claims(built_book):
    source = _claims_yaml()
    for topic in source["topics"]:
        page = read_page(built_book / "site" / "topics" / f"{topic['id']}.html")
        scripts = [content for attributes, content in page.scripts if attributes.get("type") == "application/ld+json"]
        assert len(scripts) == 1
        graph = json.loads(scripts[0])["@graph"]
        assert {g["text"] for g in graph} == {c["text"] for c in source["claims"] if c["topic"] == topic["id"]}


def test_the_data_page_links_the_downloads(built_book):
    hrefs = [href for href, _ in read_page(built_book / "site" / "data.html").links]
    for name in ("data/claims.json", "data/claims.csv", "data/figures.csv", "briefing-book.pdf"):
        assert name in hrefs


def test_json_ld_gives_machines_only_what_the_archived_text_states(built_book):
    """An inferred outlet, headline or date is left out of the structured data, where no mark could say so."""
    fronts = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
              for path in (REPO / "content" / "articles").glob("*.md")}
    checked = set()
    for topic in _claims_yaml()["topics"]:
        page = read_page(built_book / "site" / "topics" / f"{topic['id']}.html")
        script = next(content for attributes, content in page.scripts if attributes.get("type") == "application/ld+json")
        for claim in json.loads(script)["@graph"]:
            for appearance in claim["appearance"]:
                article = appearance["@id"].removeprefix("sources/").removesuffix(".html")
                inferred = fronts[article].get("inferred") or {}
                assert ("publisher" in appearance) == (not inferred.get("outlet")), article
                assert ("headline" in appearance) == (not inferred.get("title")), article
                checked.add(article)
    assert checked == set(fronts)

"""The book's data for download (claims.json, claims.csv, figures.csv) and JSON-LD.

Rows are written in the order of claims.yaml, with fixed column orders, so the
same inputs give byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json

from . import urls
from .model import Book, ClaimView

CLAIMS_CSV_COLUMNS = ("claim_id", "topic", "text", "date", "due", "speaker", "speaker_role", "outlets",
                      "source_number", "article_id", "article_title", "outlet", "outlet_inferred", "reported",
                      "published", "quote")
FIGURES_CSV_COLUMNS = ("claim_id", "topic", "metric", "qualifier", "value", "unit", "as_of", "period", "place",
                       "outlets", "text")


def claim_record(claim: ClaimView) -> dict:
    """One claim as plain data: what claims.json holds for it."""
    data = claim.claim.model_dump(mode="json", exclude_none=True)
    data["outlets"] = claim.outlets
    data["sources"] = [
        {"article": c.article.id, "quote": c.quote, "passage": c.passage,
         "outlet": c.article.meta.outlet, "outlet_inferred": bool(c.article.inferred.outlet),
         "title": c.article.meta.title, "reported": c.article.reported.text, "published": c.article.meta.published}
        for c in claim.citations
    ]
    return data


def claims_json(book: Book) -> str:
    payload = {
        "book": book.info.model_dump(mode="json", exclude_none=True),
        "as_of": book.as_of.isoformat(),
        # Which edition this is (editions.py): number, commit, date; null when the history is not available.
        "edition": book.editions.as_data() if book.editions else None,
        "sources_through": book.sources_through.isoformat() if book.sources_through else None,
        "topics": [t.topic.model_dump(mode="json") for t in book.topics],
        "claims": None,  # placeholder: the claims are encoded one by one (below)
    }
    head = json.dumps(payload, indent=2, ensure_ascii=False)
    claims = _indented_records(claim_record(c) for c in book.claims.values())
    body = "[\n    " + ",\n    ".join(claims) + "\n  ]" if claims else "[]"
    placeholder = '"claims": null\n}'
    if not head.endswith(placeholder):  # "claims" must stay the last key, or the splice below would break the JSON
        raise AssertionError("claims.json: 'claims' is not the last key of the payload")
    return head[:-len("null\n}")] + body + "\n}\n"


# Each claim's text in claims.json by its compact JSON, from the last claims_json(): with `indent`, json.dumps
# runs its pure-Python encoder (some 2 s at 10,000 claims), while the compact one is in C; a live preview
# re-encodes only the claims that changed since the file was last written.
_INDENTED: dict[str, str] = {}


def _indented_records(records) -> list[str]:
    """Each record as json.dumps(indent=2) writes it two levels down, as an item of "claims".

    Newlines inside strings are escaped in JSON, so every newline is the layout's and gets the two levels' indent.
    """
    global _INDENTED
    known, _INDENTED = _INDENTED, {}
    texts = []
    for record in records:
        compact = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        text = known.get(compact)
        if text is None:
            text = json.dumps(record, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        _INDENTED[compact] = text
        texts.append(text)
    return texts


def forget_encoded_claims() -> None:
    """Let go of the claims kept for the next claims.json (a build writes it once; some 40 MB at 10,000 claims)."""
    _INDENTED.clear()


def claims_csv(book: Book) -> str:
    """One row per claim and source."""
    rows = []
    for claim in book.claims.values():
        speaker = claim.speaker
        for citation in claim.citations:
            meta = citation.article.meta
            rows.append((claim.id, claim.topic.id, claim.text, claim.claim.date or "", claim.claim.due or "",
                         speaker.name if speaker else "", (speaker.role or "") if speaker else "",
                         len(claim.outlets), citation.number, citation.article.id, meta.title, meta.outlet,
                         "yes" if citation.article.inferred.outlet else "", citation.article.reported.text,
                         meta.published, citation.quote))
    return _csv(CLAIMS_CSV_COLUMNS, rows)


def figures_csv(book: Book) -> str:
    rows = []
    for claim in book.claims.values():
        figure = claim.figure
        if figure is None:
            continue
        rows.append((claim.id, claim.topic.id, figure.metric, figure.qualifier or "", figure.value, claim.metric.unit,
                     figure.as_of or "", figure.period or "", figure.place or "", len(claim.outlets), claim.text))
    return _csv(FIGURES_CSV_COLUMNS, rows)


def _csv(columns: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(tuple(_inert(cell) for cell in row) for row in rows)
    return buffer.getvalue()


def _inert(cell):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _appearance(citation) -> dict:
    """The cited article for machines: only what its archived text states (inferred values are left out)."""
    article = citation.article
    record = {"@type": "NewsArticle", "@id": urls.built_path(article.page), "citation": citation.passage}
    if not article.inferred.title:
        record["headline"] = article.meta.title
    if not (article.inferred.reported if article.meta.reported else article.inferred.published):
        record["datePublished"] = article.reported.text
    if not article.inferred.outlet:
        record["publisher"] = {"@type": "Organization", "name": article.meta.outlet}
    return record


def json_ld(claims: list[ClaimView], page_url: str) -> str:
    """schema.org Claim records for a page, safe to put inside a <script> element."""
    graph = [{
        "@type": "Claim",
        "@id": f"{page_url}#{c.anchor}",
        "text": c.text,
        **({"dateCreated": c.claim.date} if c.claim.date else {}),
        **({"author": {"@type": "Person", "name": c.speaker.name}} if c.speaker else {}),
        "appearance": [_appearance(x) for x in c.citations],
    } for c in claims]
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=1)
    # Inside <script>, "</" could end the element early; \u escapes read the same as JSON.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

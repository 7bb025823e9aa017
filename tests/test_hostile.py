"""A corpus of hostile strings in every text field: the site, search index and PDF
show them as literal text, run no script, load nothing, include no file."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from generator.archive import article_file
from generator.load import load_project, split_front_matter

from generator.cli import main

from .conftest import AS_OF, CLEAN_FIXTURE, make_project
from .html_index import read_page

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title></textarea><script>alert(3)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "[link](javascript:alert(1)) ![img](data:image/svg+xml;base64,PHN2Zz4=)",
    "<div>\n\n<script>alert(2)</script>\n\n</div>",
    "{{ 7*7 }} {% for x in y %}{% endfor %} {# c #}",
    '!!! danger "admonition"',
    '--8<-- "/etc/passwd"',
    "{: onclick=alert(1) } &amp; &lt;b&gt;",
    "\u202eright-to-left\u202c zero\u200bwidth",
    "long-" * 400,
]
ONE_LINE = " | ".join(h.replace("\n", " ") for h in HOSTILE[:-1])
ARTICLE = "washington-times-2024-01-25"


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile(tmp_path_factory, request):
    """A project with hostile text in every field, built with each renderer."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", CLEAN_FIXTURE)
    claims = (project / "claims.yaml").read_text(encoding="utf-8")
    for old in ('"Fixture book"', '"Troop levels"', '"How many U.S. troops are in Iraq."',
                '"Some 2,500 American military personnel remain in Iraq."', '"The Associated Press"'):
        claims = claims.replace(old, _yaml(ONE_LINE + " " + old.strip('"')), 1)
    claims = claims.replace("    speaker:\n", f"    speaker:\n      role: {_yaml(ONE_LINE)}\n", 1)
    claims = claims.replace('      as_of: "2024-01-25"', f'      as_of: "2024-01-25"\n      place: {_yaml(HOSTILE[0])}', 1)
    claims += f'''  - id: hostile-body
    topic: troop-levels
    text: {_yaml(HOSTILE[-1])}
    relations:
      - type: qualifies
        claim: some-2500-troops
        note: {_yaml(ONE_LINE)}
    sources:
      - article: {ARTICLE}
        quote: {_yaml(HOSTILE[0] + " " + HOSTILE[1])}
'''
    (project / "claims.yaml").write_text(claims, encoding="utf-8")
    path = project / "content" / "articles" / f"{ARTICLE}.md"
    record = load_project(project).articles[ARTICLE]
    front, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
    meta = {"title": ONE_LINE, "outlet": HOSTILE[1], "published": "2024-01-25", "author": HOSTILE[2],
            "notes": HOSTILE[:-1]}
    body = record.body + "\n\n" + HOSTILE[0] + " " + HOSTILE[1] + "\n\n" + ONE_LINE + "\n"
    path.write_text(article_file(meta, body), encoding="utf-8")
    assert main(["--root", str(project), "build", "--as-of", AS_OF, "--renderer", request.param]) == 0
    return project


def test_no_page_runs_a_script_or_loads_anything_from_the_content(hostile):
    for page in (hostile / "site").rglob("*.html"):
        index = read_page(page)
        for tag, attributes in index.tags:
            assert not [a for a in attributes if a.startswith("on")], (page.name, tag, attributes)
            for name in ("href", "src"):
                value = (attributes.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:")), (page.name, tag, attributes)
            assert not (tag == "img" and attributes.get("src") == "x"), page.name
        for attributes, content in index.scripts:
            if attributes.get("type") != "application/ld+json":
                assert "alert(" not in content, page.name


def test_hostile_text_is_shown_literally(hostile):
    topic = read_page(hostile / "site" / "topics" / "troop-levels.html").text
    article = read_page(hostile / "site" / "sources" / f"{ARTICLE}.html").text
    for text in (topic, article):
        assert "<script>alert(1)</script>" in text
        assert "{{ 7*7 }} {% for x in y %}{% endfor %}" in text
        assert '--8<-- "/etc/passwd"' in text
        assert "[link](javascript:alert(1))" in text
    assert "root:x:0:0" not in "".join(p.read_text(encoding="utf-8") for p in (hostile / "site").rglob("*.html"))


def test_the_search_index_holds_text_not_markup(hostile):
    mkdocs_index = hostile / "site" / "search" / "search_index.json"
    if mkdocs_index.exists():
        entries = json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]
    else:  # Zensical's index
        entries = json.loads((hostile / "site" / "search.json").read_text(encoding="utf-8"))["items"]
    assert len(entries) > 10
    for entry in entries:
        assert "<script" not in entry["text"] and "<img" not in entry["text"] and "<script" not in entry["title"]


def test_the_pdf_prints_hostile_text_literally(hostile):
    reader = PdfReader(hostile / "site" / "briefing-book.pdf")
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None:
                assert action.get_object().get("/S") != "/JavaScript"
                uri = str(action.get_object().get("/URI") or "")
                assert not uri.lower().startswith(("javascript:", "data:")), uri

"""Text from YAML and articles is data, never markup, wherever it is rendered."""

from __future__ import annotations

import pytest

from .conftest import AS_OF, CLEAN_FIXTURE, make_project, run_cli
from .html_index import read_page

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }} {% raw %}",
    "</title><script>alert(2)</script>",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", CLEAN_FIXTURE)
    claims = (project / "claims.yaml").read_text(encoding="utf-8")
    text = " ".join(HOSTILE).replace('"', '\\"')
    claims = claims.replace('text: "Some 2,500 American military personnel remain in Iraq."', f'text: "{text}"')
    claims = claims.replace('title: "Troop levels"', 'title: "</title><script>alert(3)</script> [t](javascript:x)"')
    claims = claims.replace('name: "The Associated Press"', 'name: "<b onmouseover=alert(4)>AP</b>"')
    (project / "claims.yaml").write_text(claims, encoding="utf-8")
    return project


def test_hostile_text_builds_and_stays_literal(hostile_site, capsys):
    code, _, err = run_cli(capsys, "--root", str(hostile_site), "build", "--as-of", AS_OF)
    assert code == 0, err
    site = hostile_site / "site"
    for page in site.rglob("*.html"):
        index = read_page(page)
        for tag, attributes in index.tags:
            assert not [name for name in attributes if name.startswith("on")], (page, tag, attributes)
            assert not (attributes.get("href") or "").startswith("javascript:"), (page, attributes)
            assert not (tag == "img" and attributes.get("src") == "x"), page
            assert tag != "b", page
        for attributes, content in index.scripts:
            if attributes.get("type") != "application/ld+json":
                assert "alert(" not in content, page
        assert "<title></title>" not in page.read_text(encoding="utf-8")
    topic = (site / "topics" / "troop-levels.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in topic
    assert "[x](javascript:alert(1))" in topic
    assert "{{ 7*7 }} {% raw %}" in topic


def test_hostile_text_stays_literal_in_the_search_index(hostile_site, capsys):
    run_cli(capsys, "--root", str(hostile_site), "build", "--as-of", AS_OF)
    index = (hostile_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>alert(" not in index

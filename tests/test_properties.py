"""Property-based tests: arbitrary input gives a clean result or reported problems,
never an uncaught exception; quotes drawn from an article are always found."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import yaml
from markupsafe import escape
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.check import check_project
from generator.load import load_project
from generator.model import build_model
from generator.render import render_pages
from generator.textmatch import find_quote, fold, fold_plain
from generator.yamlsource import parse_yaml

from .conftest import CLEAN_FIXTURE, REPO

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
PROSE = st.text(alphabet="abcdefghij ABC.,;:'\"\u2018\u2019\u201c\u201d\u2013\u2014-\u00a0\n\t", min_size=1, max_size=300)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(TEXT)
def test_yaml_reader_never_raises(text):
    document, problems = parse_yaml(text, "claims.yaml")
    assert all(p.location.line >= 1 and p.location.column >= 1 for p in problems)


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@SETTINGS
@given(st.one_of(TEXT, YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_loading_and_checking_arbitrary_claims_never_raises(tmp_path_factory, text):
    project = tmp_path_factory.mktemp("prop")
    (project / "content" / "articles").mkdir(parents=True)
    (project / "claims.yaml").write_text(text, encoding="utf-8")
    result = check_project(load_project(project))
    assert isinstance(result.problems, list)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["id", "topic", "text", "date", "sources", "figure", "due", "speaker", "relations"]),
                       YAML_VALUES, max_size=9))
def test_arbitrary_claim_records_are_reported_not_raised(tmp_path_factory, claim):
    project = tmp_path_factory.mktemp("claim")
    (project / "content" / "articles").mkdir(parents=True)
    document = {"book": {"title": "t"}, "topics": [{"id": "t", "title": "t", "summary": "s"}], "claims": [claim]}
    (project / "claims.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check_project(load_project(project))


def _draw_passage(article: str, data) -> str:
    start = data.draw(st.integers(0, len(article) - 1))
    end = data.draw(st.integers(start + 1, len(article)))
    return article[start:end]


# Each character of a folded quote and the characters of an article it stands for.
_VARIANTS = {"'": "'\u2018\u2019", '"': '"\u201c\u201d', "-": "-\u2013\u2014"}


def _first_occurrence(quote: str, article: str) -> tuple[int, int]:
    """Where `quote` first occurs in `article`, found by a regular expression
    rather than by folding: each typographic variant is a character class and
    each space matches a run of whitespace."""
    pattern = "".join(r"\s+" if ch == " " else f"[{re.escape(_VARIANTS.get(ch, ch))}]" for ch in fold_plain(quote))
    match = re.search(pattern, unicodedata.normalize("NFC", article))
    assert match, (quote, article)
    return match.span()


@SETTINGS
@given(PROSE, st.data())
def test_a_quote_drawn_from_the_article_is_always_found(article, data):
    quote = _draw_passage(article, data)
    assume(fold_plain(quote))
    assert find_quote(quote, fold(article)) == _first_occurrence(quote, article)


@SETTINGS
@given(PROSE, st.data())
def test_a_changed_quote_is_never_found(article, data):
    quote = _draw_passage(article, data)
    letters = [i for i, ch in enumerate(quote) if ch.isalpha()]
    assume(letters)
    index = data.draw(st.sampled_from(letters))
    changed = quote[:index] + ("z" if quote[index] != "z" else "y") + quote[index + 1:]
    assume(fold_plain(changed) not in fold(article).text)
    assert find_quote(changed, fold(article)) is None


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=200))
def test_any_claim_text_renders_escaped(text):
    assume(text.strip())
    project = load_project(CLEAN_FIXTURE)
    record = project.claims[0]
    record.claim = record.claim.model_copy(update={"text": text})
    book = build_model(project, check_project(project), dt.date(2026, 11, 21))
    pages = render_pages(book, REPO / "templates")
    assert str(escape(text)) in pages["topics/troop-levels.md"]  # as Jinja escapes it

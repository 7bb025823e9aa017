"""The fast ways `check` reads YAML and folds articles give exactly what the slow ways gave.

- YAML: a clean document is built without recording locations, which are walked
  from the node tree when a problem needs one; any YAML problem sends the
  document down the located path. Both must report the same problems, at the
  same file:line:col, on every example folder and on the cases where the fast
  path has to step aside (duplicate keys, aliases, merge and non-text keys).
- Folding: the folded text and its map back to the article are built with str
  methods, visiting only the whitespace runs that are not one plain space; the
  map must agree with the word-by-word one at every folded offset.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yamlsource
from generator.load import split_front_matter
from generator.reading import check
from generator.textmatch import _FOLD, fold
from generator.yamlsource import parse_yaml

from .conftest import AS_OF, CLEAN_FIXTURE
from .test_examples import INVALID, VALID, example_project

EXAMPLES = [INVALID / name for name in sorted(p.name for p in INVALID.iterdir() if p.is_dir())]
EXAMPLES += [VALID / name for name in sorted(p.name for p in VALID.iterdir() if p.is_dir())]


def _problems(project: Path) -> list:
    return check(project, dt.date.fromisoformat(AS_OF)).problems


@pytest.mark.parametrize("folder", [None, *EXAMPLES], ids=lambda f: "clean" if f is None else f"{f.parent.name}/{f.name}")
def test_the_fast_and_the_located_path_report_the_same_problems(folder, tmp_path, monkeypatch):
    project = example_project(tmp_path, folder)
    fast = _problems(project)
    monkeypatch.setattr(yamlsource, "_fast_build", _refuse)
    assert _problems(project) == fast


def _refuse(node, seen):
    raise yamlsource._NeedsLocations


def _both(text: str, line_offset: int = 0):
    fast = parse_yaml(text, "claims.yaml", line_offset)
    located = yamlsource._Builder("claims.yaml", line_offset)
    node = yamlsource.yaml.compose(text, Loader=yamlsource._Loader)
    located.marks[()] = located.location(node)
    data = located.build(node, ())
    return fast, (yamlsource.YamlDocument("claims.yaml", data, located.marks), located.problems)


@pytest.mark.parametrize("name", ["claims.yaml", "front matter"])
def test_a_walked_location_is_the_recorded_one_for_every_key_and_item(name):
    if name == "claims.yaml":
        text, offset = (CLEAN_FIXTURE / "claims.yaml").read_text(encoding="utf-8"), 0
    else:
        article = next((CLEAN_FIXTURE / "content" / "articles").glob("*.md")).read_text(encoding="utf-8")
        text, offset = split_front_matter(article)[0], 1
    (fast, fast_problems), (located, located_problems) = _both(text, offset)
    assert fast_problems == located_problems == []
    assert fast.node is not None and fast.marks == {}  # nothing recorded: walked on demand
    assert fast.data == located.data
    assert len(located.marks) > 5
    for path in located.marks:
        assert fast.where(path) == located.where(path), path
    # A path that is not in the data points at its closest ancestor, as before.
    for path in [("claims", 0, "no-such-field"), ("claims", 999), ("topics", 0, "id", "deeper"), ("nothing",)]:
        assert fast.where(path) == located.where(path), path


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n  c: 2\n  c: 3\n",                   # a duplicate key (rapid parsers keep one silently)
    "a: {b: 1, b: 2}\n",                           # ... in a flow mapping
    "a: &x 1\nb: *x\n",                            # an alias of a scalar
    "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n",        # a merge key
    "a: 1\n? [x, y]\n: 2\n3: three\ntrue: yes\n",  # keys that are not text
])
def test_a_yaml_problem_reads_exactly_as_on_the_located_path(text):
    (fast, fast_problems), (located, located_problems) = _both(text)
    assert fast_problems and fast_problems == located_problems
    assert fast.node is None and fast.marks == located.marks


def test_deeply_nested_yaml_is_refused_quickly_with_a_problem():
    for text in ["a: " + "[" * 5000 + "]" * 5000 + "\n", "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n"]:
        started = time.perf_counter()
        document, problems = parse_yaml(text, "claims.yaml")
        assert time.perf_counter() - started < 2
        assert [(p.code, p.message, p.location.line) for p in problems] == [("yaml-syntax", "YAML nested too deeply to read", 1)]
        assert document.data is None


# --- folding ---------------------------------------------------------------------

_WORD = re.compile(r"\S+")


def _fold_word_by_word(text: str) -> tuple[str, list[int], list[int]]:
    """The folding as it was written before: every word visited in Python."""
    text = unicodedata.normalize("NFC", text)
    words, folded_starts, original_starts, position = [], [], [], 0
    for match in _WORD.finditer(text):
        words.append(match.group())
        folded_starts.append(position)
        original_starts.append(match.start())
        position += len(match.group()) + 1
    return " ".join(words).translate(_FOLD), folded_starts, original_starts


TEXT = st.text(alphabet=st.sampled_from(list("ab. \n\t\r\u00a0\u2009\u3000\x1c“”‘’–—e\u0301")), max_size=60)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_folding_maps_every_offset_as_the_word_by_word_folding_did(text):
    folded = fold(text)
    expected, folded_starts, original_starts = _fold_word_by_word(text)
    assert folded.text == expected
    for index in range(len(expected)):
        run = bisect.bisect_right(folded_starts, index) - 1
        assert folded.to_original(index) == original_starts[run] + (index - folded_starts[run])

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
import random
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

from .conftest import AS_OF, CLEAN_FIXTURE, REPO
from .test_examples import INVALID, VALID, example_project

EXAMPLES = [INVALID / name for name in sorted(p.name for p in INVALID.iterdir() if p.is_dir())]
EXAMPLES += [VALID / name for name in sorted(p.name for p in VALID.iterdir() if p.is_dir())]


def _problems(project: Path) -> list:
    return check(project, dt.date.fromisoformat(AS_OF)).problems


@pytest.mark.parametrize("folder", [None, *EXAMPLES], ids=lambda f: "clean" if f is None else f"{f.parent.name}/{f.name}")
def test_the_fast_and_the_located_path_report_the_same_problems(folder, tmp_path, monkeypatch):
    project = example_project(tmp_path, folder)
    fast = _problems(project)
    monkeypatch.setattr(yamlsource, "parse_plain", lambda text: None)
    pyyaml = _problems(project)
    monkeypatch.setattr(yamlsource, "_fast_build", _refuse)
    assert _problems(project) == pyyaml == fast


def _refuse(node, seen):
    raise yamlsource._NeedsLocations


def _both(text: str, line_offset: int = 0):
    """(parse_yaml's answer, the located path's answer) for `text`."""
    fast = parse_yaml(text, "claims.yaml", line_offset)
    located = yamlsource._Builder("claims.yaml", line_offset)
    node = yamlsource.yaml.compose(text, Loader=yamlsource._Loader)
    located.marks[()] = located.location(node)
    data = located.build(node, ())
    return fast, (yamlsource.YamlDocument("claims.yaml", data, located.marks), located.problems)


def _texts() -> dict[str, tuple[str, int]]:
    """Documents to read both ways: the fixture's claims.yaml and a front matter, this book's claims.yaml."""
    article = next((CLEAN_FIXTURE / "content" / "articles").glob("*.md")).read_text(encoding="utf-8")
    return {"fixture claims.yaml": ((CLEAN_FIXTURE / "claims.yaml").read_text(encoding="utf-8"), 0),
            "front matter": (split_front_matter(article)[0], 1),
            "book claims.yaml": ((REPO / "claims.yaml").read_text(encoding="utf-8"), 0)}


@pytest.mark.parametrize("name", list(_texts()))
@pytest.mark.parametrize("reader", ["rapidyaml", "pyyaml"])
def test_a_found_location_is_the_recorded_one_for_every_key_and_item(name, reader, monkeypatch):
    text, offset = _texts()[name]
    if reader == "pyyaml":
        monkeypatch.setattr(yamlsource, "parse_plain", lambda text: None)
    (fast, fast_problems), (located, located_problems) = _both(text, offset)
    assert fast_problems == located_problems == []
    assert fast.marks == {}  # nothing recorded: found on demand
    assert (fast.locator is not None) == (reader == "rapidyaml") and (fast.node is None) == (reader == "rapidyaml")
    assert fast.data == located.data
    assert len(located.marks) > 5
    for path in located.marks:
        assert fast.where(path) == located.where(path), path
    # A path that is not in the data points at its closest ancestor, as before.
    for path in [("claims", 0, "no-such-field"), ("claims", 999), ("topics", 0, "id", "deeper"), ("nothing",)]:
        assert fast.where(path) == located.where(path), path


# Documents in the styles an editor or a tool might write, where ryml and PyYAML
# could disagree: each is read by rapidyaml or handed to PyYAML, never read differently.
STYLES = [
    'a: plain text, no colon-space\nb: "double \\"quoted\\" \\u00e9 \\x41 \\N end"\nc: \'single \'\'quoted\'\'\'\n',
    "a: >\n  folded\n  text\n\n  new paragraph\n    more indented\nb: |-\n  literal\n   kept\nc: |+\n  keep\n\nd: x\n",
    'a: "multi\n  line \\\n  escaped"\nb: plain\n  continued\n  again\nc: \'single\n\n  folded\'\n',
    "a: x # a comment\nb: x#not a comment\n# a line\nc:   spaced   \nd:\ne: ''\nf: \"\"\n",
    "list:\n- a\n- - nested\n  - seq\n- {k: v, l: [1, 2.5, -3, .5]}\n- []\n- {}\n-\n- \"q\"\n",
    "n: [0, -0, 1_000, 0x1F, 0o7, .inf, -.inf, .nan, 1e5, 1.e5, 3.0e+2, 12e, 1.2.3, 007, +5, -007]\n",
    "t: [~, null, Null, NULL, true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]\n",
    'q: ["~", "null", "true", "007", "5", "1.5", "", "TRUE"]\n',
    '"quoted key": 1\n\'single key\': 2\n"3": three\n"true": t\n"": empty\n',
    "3: three\n",
    "null: x\n",
    "é: ünïcode ✓ “curly” — dash\nemoji: 🙂\n",
    "a: 2024-09-27\nb: 2024\nc: '2024'\nd: 12:30\ne: 1:20:30\n",
    "a: - not a list\nb: x - y\nc: -x\nd: [a, b]c\n",
    "a:\n  b:\n    c:\n      d: deep\n  e: [{f: [g, {h: i}]}]\n",
    "a: x\n---\nb: y\n",
    "a: AT&T and *stars* and wow!\nb: why?\nc: <<not merge\n",
    "a: AT&T and wow!\nb: why? because\nc: x<<y\n",
    "a: next\x85line\nb: x\n",                     # NEL, LS and PS: line breaks to PyYAML, text to ryml
    "a: line\u2028sep\nb: para\u2029sep\nc: x\n",
    'a: "quoted\x85NEL"\nb: x\n',
]


@pytest.mark.parametrize("text", STYLES, ids=range(len(STYLES)))
def test_every_style_reads_the_same_with_rapidyaml_and_with_pyyaml(text, monkeypatch):
    fast, fast_problems = parse_yaml(text, "claims.yaml")
    monkeypatch.setattr(yamlsource, "parse_plain", lambda text: None)
    slow, slow_problems = parse_yaml(text, "claims.yaml")
    assert fast_problems == slow_problems
    assert fast.data == slow.data and _types(fast.data) == _types(slow.data)
    if fast.locator is not None:
        for path in _paths(slow.data):
            assert fast.where(path) == slow.where(path), path


# What an editor's slip looks like: a character inserted, deleted or repeated. rapidyaml
# takes some slips as text where PyYAML stops (`@x`, `}x`, `| +`, a multi-line quoted
# key...); yamlfast must send each such document to PyYAML, so the error reads as before.
_SLIPS = [":", " ", "\n", "-", '"', "'", "#", "[", "]", "{", "}", ",", "  ", "x", "|", ">", "\\", "%", "@", "`",
          "\u00a0", "“", "—", "*", "&", "!", "?", "<", ".", "0", "~", "|-", ">+", "- ", ": ", "  - ", "é"]


def _slipped(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        kind = rng.random()
        if kind < 0.4:
            text = text[:at] + rng.choice(_SLIPS) + text[at:]
        elif kind < 0.7:
            text = text[:at] + text[at + 1:]
        else:
            start = rng.randrange(len(text) + 1)
            text = text[:at] + text[start:start + 5] + text[at:]
    return text


def test_documents_with_slips_read_the_same_with_rapidyaml_and_with_pyyaml(monkeypatch):
    rng = random.Random(15)
    bases = [(CLEAN_FIXTURE / "claims.yaml").read_text(encoding="utf-8")[:3000],
             (REPO / "claims.yaml").read_text(encoding="utf-8")[:4000], *STYLES]
    read_by_rapidyaml = 0
    for _ in range(1500):
        text = _slipped(rng, rng.choice(bases))
        fast, fast_problems = parse_yaml(text, "claims.yaml")
        with monkeypatch.context() as patch:
            patch.setattr(yamlsource, "parse_plain", lambda text: None)
            slow, slow_problems = parse_yaml(text, "claims.yaml")
        assert (fast_problems, _types(fast.data)) == (slow_problems, _types(slow.data)), text
        if fast.locator is not None:
            read_by_rapidyaml += 1
            for path in _paths(slow.data):
                assert fast.where(path) == slow.where(path), (text, path)
    assert read_by_rapidyaml > 200  # the fast path was really taken, not always declined


def _types(data):
    """The data with every value's type beside it (1 == 1.0 == True to ==)."""
    if isinstance(data, dict):
        return {key: _types(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_types(item) for item in data]
    return (type(data).__name__, data)


def _paths(data, path=()):
    yield path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, path + (key,))


_SCALARS = st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6), st.booleans(), st.none(),
                     st.floats(allow_nan=False, allow_infinity=False, width=32),
                     st.sampled_from(["~", "007", "TRUE", "1e5", "2024-09-27", "a: b", "- x", "#c", "'", '"', "&a", "*a", "!t", "? k"]))
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None, derandomize=True)  # the same documents every run: see the test below
@given(data=st.dictionaries(st.text(min_size=1, max_size=8), _DATA, min_size=1, max_size=5),
       flow=st.sampled_from([None, False, True]), style=st.sampled_from([None, '"', "'", "|", ">"]),
       width=st.sampled_from([20, 80, 1000]))
def test_what_pyyaml_writes_reads_the_same_both_ways(data, flow, style, width):
    text = yamlsource.yaml.safe_dump(data, default_flow_style=flow, default_style=style, width=width, allow_unicode=True)
    fast, fast_problems = parse_yaml(text, "x.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsource, "parse_plain", lambda text: None)
        slow, slow_problems = parse_yaml(text, "x.yaml")
    assert fast_problems == slow_problems
    assert _types(fast.data) == _types(slow.data)
    if fast.locator is not None:
        _READ_BY_RAPIDYAML.append(text)
        for path in _paths(slow.data):
            assert fast.where(path) == slow.where(path), path


_READ_BY_RAPIDYAML: list[str] = []


def test_what_pyyaml_writes_was_read_by_rapidyaml_often_enough():
    """The round trip above compares something only when rapidyaml took the document."""
    if not _READ_BY_RAPIDYAML:
        test_what_pyyaml_writes_reads_the_same_both_ways()
    assert len(_READ_BY_RAPIDYAML) >= 10


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

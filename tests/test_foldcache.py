"""The cache of what reading an article makes (.build/cache/folded.marshal: folded text,
front matter data): used while an article is unchanged, redoes exactly what changed,
and is never trusted when it is corrupt, foreign or written by another version."""

from __future__ import annotations

import datetime as dt
import marshal
import shutil
import zlib

import pytest

from generator import foldcache
from generator.foldcache import CACHE_FILE
from generator.reading import check

from .conftest import AS_OF, make_project

ARTICLES = "content/articles"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project")  # the real book: several articles


@pytest.fixture
def folds(monkeypatch):
    """The bodies fold() is called on, in order."""
    calls = []
    real = foldcache.fold

    def counting(body):
        calls.append(body)
        return real(body)
    monkeypatch.setattr(foldcache, "fold", counting)
    return calls


@pytest.fixture
def fronts(monkeypatch):
    """The front matters parse_yaml is called on, in order."""
    calls = []
    real = foldcache.parse_yaml

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)
    monkeypatch.setattr(foldcache, "parse_yaml", counting)
    return calls


def _problems(project):
    return check(project, dt.date.fromisoformat(AS_OF)).problems


def _cold(project):
    shutil.rmtree(project / ".build" / "cache", ignore_errors=True)
    return _problems(project)


def test_a_second_check_folds_nothing_and_reports_the_same(project, folds):
    cold = _cold(project)
    articles = len(list((project / ARTICLES).glob("*.md")))
    assert len(folds) == articles > 1 and (project / CACHE_FILE).is_file()
    folds.clear()
    assert _problems(project) == cold
    assert folds == []


def test_an_edited_article_is_folded_again_alone_and_reads_as_on_a_cold_run(project, folds):
    _cold(project)
    article = sorted((project / ARTICLES).glob("*.md"))[1]
    text = article.read_text(encoding="utf-8")
    article.write_text(text.rstrip("\n") + "\n\nAn  edited line.\n", encoding="utf-8")
    folds.clear()
    warm = _problems(project)
    assert len(folds) == 1 and "An  edited line." in folds[0]
    assert any(p.code == "fingerprint" for p in warm)
    assert warm == _cold(project)


def _payload(project) -> dict:
    """The parts of the cache file as written (its tool and checksum checked)."""
    written_by, checksum, payload = marshal.loads((project / CACHE_FILE).read_bytes())
    assert written_by == foldcache.tool() and checksum == zlib.crc32(payload)
    return marshal.loads(payload)


def _write_payload(project, data: dict) -> None:
    payload = marshal.dumps(data)
    (project / CACHE_FILE).write_bytes(marshal.dumps((foldcache.tool(), zlib.crc32(payload), payload)))


@pytest.mark.parametrize("content", [b"", b"not marshal at all \x00\xff", marshal.dumps([1, 2, 3]),
                                     marshal.dumps({"tool": "briefing 0.0.1", "folded": {}}),
                                     marshal.dumps(("briefing 0.0.1", 0, b""))])
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_replaced(project, folds, content):
    cold = _cold(project)
    (project / CACHE_FILE).write_bytes(content)
    folds.clear()
    assert _problems(project) == cold
    assert folds  # folded again
    assert _payload(project)["folded"]


def test_a_damaged_byte_in_the_cache_is_caught_by_its_checksum(project, folds):
    cold = _cold(project)
    content = bytearray((project / CACHE_FILE).read_bytes())
    at = content.index(b"withdraw") if b"withdraw" in content else len(content) // 2  # inside some folded text
    content[at] ^= 0x01
    (project / CACHE_FILE).write_bytes(bytes(content))
    folds.clear()
    assert _problems(project) == cold and folds  # nothing of the damaged file believed: folded again


def test_an_entry_is_trusted_only_by_the_version_that_wrote_it(project, folds, monkeypatch):
    cold = _cold(project)
    data = _payload(project)
    # An entry that says every article folds to "xyz": believed by this version ...
    data["folded"] = {digest: "xyz" for digest in data["folded"]}
    _write_payload(project, data)
    assert any(p.code == "quote-not-found" for p in _problems(project))
    # ... and by no other.
    _write_payload(project, data)
    monkeypatch.setattr(foldcache, "__version__", "99.0.0")
    foldcache.tool.cache_clear()
    try:
        assert _problems(project) == cold
    finally:
        monkeypatch.undo()
        foldcache.tool.cache_clear()


def test_a_project_read_elsewhere_than_from_disk_keeps_no_cache(tmp_path):
    cache = foldcache.FoldCache(None)
    assert cache.fold("Some  text\n\nhere.").text == "Some text here."
    cache.save()
    assert not (tmp_path / CACHE_FILE).exists()


def test_a_check_with_errors_writes_no_cache(project):
    claims = project / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("topic: ", "topic: x", 1), encoding="utf-8")
    assert any(p.is_error for p in _problems(project))
    assert not (project / ".build").exists()


def test_a_cached_front_matter_is_not_parsed_again_and_its_problems_point_where_they_did(project, fronts):
    _cold(project)
    assert len(fronts) == len(list((project / ARTICLES).glob("*.md"))) > 1
    article = sorted((project / ARTICLES).glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nA line added to the body.\n", encoding="utf-8")
    fronts.clear()
    warm = _problems(project)  # the front matter is unchanged: read from the cache, located from its text
    assert fronts == []
    mismatch = [p for p in warm if p.code == "fingerprint"]
    assert len(mismatch) == 1 and mismatch[0].location.path.endswith(article.name) and mismatch[0].location.line > 1
    assert warm == _cold(project)  # the same problems at the same file:line:col as a cold check

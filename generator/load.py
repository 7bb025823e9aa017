"""Stage 1, load: read claims.yaml and the archived articles into records.

Nothing here judges whether the content is right beyond its shape: each file
is parsed, each record validated against its schema class, and every record
keeps the location it came from so later stages can point at it.
"""

from __future__ import annotations

import contextlib
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from .foldcache import FoldCache
from .problems import Location, Problem, relative
from .schema import ArticleMeta, BookInfo, Claim, ClaimsFile, Dispute, Metric, SLUG_PATTERN, Topic
from .schema import Withdrawal
from .validation import validate
from .yamlsource import KeyPath, YamlDocument, parse_yaml

CLAIMS_FILE = "claims.yaml"
ARTICLES_DIR = Path("content") / "articles"
MAX_FILE_BYTES = 64 * 1024 * 1024  # refuse anything larger than a book could need
_FRONT_MATTER_END = re.compile(r"^---[ \t]*$", re.MULTILINE)

RecordKind = Literal["topics", "metrics", "claims", "articles", "disputes", "withdrawn"]  # what a project holds, named as claims.yaml names it


@dataclass
class ArticleRecord:
    """An archived article: its id, validated front matter and body."""

    id: str
    path: str
    meta: ArticleMeta | None
    body: str
    front: YamlDocument


@dataclass
class ClaimRecord:
    claim: Claim
    index: int  # position in the claims: list, the path to its locations


@dataclass
class WithdrawnRecord:
    withdrawal: Withdrawal
    index: int  # position in the withdrawn: list


@dataclass
class TopicRecord:
    topic: Topic
    index: int


@dataclass
class LoadedProject:
    """Everything read from a project, and what was wrong with its shape."""

    claims_doc: YamlDocument
    book: BookInfo | None = None
    topics: list[TopicRecord] = field(default_factory=list)
    metrics: dict[str, Metric] = field(default_factory=dict)
    claims: list[ClaimRecord] = field(default_factory=list)
    disputes: list[tuple[int, Dispute]] = field(default_factory=list)  # (index in claims.yaml, dispute)
    articles: dict[str, ArticleRecord] = field(default_factory=dict)
    withdrawn: list[WithdrawnRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Ids of topics, metrics, claims and articles that exist but could not be
    # loaded. Their own problems are reported; references to them are not
    # reported again as references to something that does not exist.
    unloaded: dict[RecordKind, set[str]] = field(default_factory=lambda: {kind: set() for kind in get_args(RecordKind)})
    root: Path | None = None  # the project folder it was read from
    cache: FoldCache | None = None  # what reading its articles made, kept by their hashes (check saves it)

    def claim_location(self, record: ClaimRecord, *keys) -> Location:
        return self.claims_doc.where(("claims", record.index, *keys))


def load_project(root: Path) -> LoadedProject:
    """Read claims.yaml and content/articles/ under `root`."""
    with paused_gc():
        return _load_project(root)


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while records are built.

    Loading allocates millions of small objects and almost no cycles; the
    collector would otherwise run thousands of times, each run slower than the
    last (at 10,000 claims it took more than half of `check`). Reference
    counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was made meanwhile sits in the youngest generation; the first
            # collection would sweep all of it (a sixth of `check` at 10,000 claims).
            # Moved to the oldest, as collections would have moved it, it is swept
            # only when that generation is.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _load_project(root: Path) -> LoadedProject:
    claims_path = root / CLAIMS_FILE
    text, problems = read_text(claims_path, root)
    document, yaml_problems = parse_yaml(text or "", relative(claims_path, root))
    project = LoadedProject(document, problems=problems + yaml_problems, root=root, cache=FoldCache(root))
    if text is not None and not yaml_problems:
        _load_claims_file(project)
    for article_id, record, article_problems in _load_articles(root, project.cache):
        project.problems.extend(article_problems)
        if record is not None:
            project.articles[record.id] = record
        elif article_id is not None:
            project.unloaded["articles"].add(article_id)
    return project


def read_text(path: Path, root: Path, shown: str | None = None) -> tuple[str | None, list[Problem]]:
    """A file's text, or a problem saying why it cannot be read (naming it `shown`, if given)."""
    where = Location(shown or relative(path, root))
    if not path.is_file():
        return None, [Problem(where, "missing-file", f"{where.path} does not exist", "is --root pointing at the project?")]
    if path.stat().st_size > MAX_FILE_BYTES:
        return None, [Problem(where, "file-too-large", f"{where.path} is larger than {MAX_FILE_BYTES // 2**20} MiB", "split the content or check that the right file was committed")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start: error.start].decode("utf-8")) + 1  # in characters, as editors count
        return None, [Problem(Location(where.path, line, column), "not-utf8", f"{where.path} is not UTF-8 text (byte 0x{data[error.start]:02x})", "save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(where, "empty-file", f"{where.path} is empty", "restore its content from git")]
    # One line-ending convention for everything after: files saved on Windows
    # read (and fingerprint) the same as anywhere else.
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def _load_claims_file(project: LoadedProject) -> None:
    document = project.claims_doc
    data = document.data
    if not isinstance(data, dict):
        project.problems.append(Problem(document.where(()), "wrong-type", "claims.yaml should be a mapping with 'book', 'topics' and 'claims'"))
        return
    for key in data:
        if key not in ClaimsFile.model_fields:
            project.problems.append(Problem(document.where((key,)), "unknown-field", f"unknown top-level field '{key}'", "allowed: " + ", ".join(ClaimsFile.model_fields)))
    for key in ("book", "topics", "claims"):
        if data.get(key) is None:
            project.problems.append(Problem(document.where((key,)), "missing-field", f"missing top-level field '{key}'", f"add '{key}:' to claims.yaml, with its content"))
    if data.get("topics") == []:
        project.problems.append(Problem(document.where(("topics",)), "missing-field", "the book has no topics", "add at least one topic: id, title, summary"))
    project.book = _validated(project, BookInfo, data.get("book"), ("book",))
    project.topics = [TopicRecord(t, i) for i, t in _validated_items(project, Topic, data.get("topics"), "topics")]
    project.metrics = {m.id: m for _, m in _validated_items(project, Metric, data.get("metrics"), "metrics")}
    project.claims = [ClaimRecord(c, i) for i, c in _validated_items(project, Claim, data.get("claims"), "claims")]
    project.withdrawn = [WithdrawnRecord(w, i) for i, w in _validated_items(project, Withdrawal, data.get("withdrawn"), "withdrawn")]
    project.disputes = list(_validated_items(project, Dispute, data.get("disputes"), "disputes"))


def _validated(project: LoadedProject, model, data, path: KeyPath):
    if data is None:
        return None
    value, problems = validate(model, data, project.claims_doc, path)
    project.problems.extend(problems)
    return value


def _validated_items(project: LoadedProject, model, items, key: RecordKind):
    """(index, record) for each item of a list that validates; problems for the rest."""
    if items is None:
        return []
    if not isinstance(items, list):
        project.problems.append(Problem(project.claims_doc.where((key,)), "wrong-type", f"'{key}' should be a list (each item starting with '- ')"))
        return []
    valid = []
    for index, item in enumerate(items):
        value = _validated(project, model, item, (key, index))
        if value is not None:
            valid.append((index, value))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            project.unloaded[key].add(item["id"])
    return valid


def _load_articles(root: Path, cache: FoldCache):
    folder = root / ARTICLES_DIR
    if not folder.is_dir():
        yield None, None, [Problem(Location(ARTICLES_DIR.as_posix()), "missing-file", f"{ARTICLES_DIR.as_posix()}/ does not exist", "archive articles with 'briefing add-article'")]
        return
    shown = relative(folder, root)  # once: working it out for each of 2,000 articles took a tenth of `check`
    for path in sorted(folder.iterdir()):
        if path.suffix == ".md":
            yield path.stem, *_load_article(path, root, f"{shown}/{path.name}", cache)


def _load_article(path: Path, root: Path, shown: str, cache: FoldCache) -> tuple[ArticleRecord | None, list[Problem]]:
    where = Location(shown)
    if path.is_symlink():
        return None, [Problem(where, "symlink", f"{where.path} is a symbolic link; articles must be real files inside the project", "copy the article into content/articles/")]
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        return None, [Problem(where, "bad-id", f"article file name '{path.name}' is not a valid id", "rename it to lowercase letters, digits and hyphens, e.g. 'abc-news-2024-09-27.md'")]
    text, problems = read_text(path, root, shown)
    if text is None:
        return None, problems
    front_text, body, body_line = split_front_matter(text)
    if front_text is None:
        return None, [Problem(where, "no-front-matter", f"{where.path} has no front matter", "start the file with '---', the metadata, then '---'")]
    front, problems = cache.front(front_text, where.path)
    meta = None
    if not problems:
        if isinstance(front.data, dict):
            meta, problems = validate(ArticleMeta, front.data, front)
        else:
            problems = [Problem(Location(where.path, 2), "wrong-type", "front matter should be a mapping of fields")]
    problems += _body_problems(body, where.path, body_line)
    return ArticleRecord(path.stem, where.path, meta, body, front), problems


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, body, first line of body); front matter None if absent."""
    if not text.startswith("---\n"):
        return None, text, 1
    end = _FRONT_MATTER_END.search(text, 4)
    if end is None:
        return None, text, 1
    front = text[4:end.start()]
    body_start = end.end() + 1
    return front, text[body_start:], text.count("\n", 0, body_start) + 1


def _body_problems(body: str, path: str, body_line: int) -> list[Problem]:
    # Another '---' line would end the front matter early for other tools.
    problems = []
    for match in _FRONT_MATTER_END.finditer(body) if "---" in body else ():  # the test first: 20x faster on long bodies
        line = body_line + body.count("\n", 0, match.start())
        problems.append(Problem(Location(path, line), "body-rule", "a line of '---' in the body reads as the end of front matter", "remove it or write it as '***'"))
    if not body.strip():
        problems.append(Problem(Location(path, body_line), "empty-body", "the article has no body text", "paste the article's text below the front matter"))
    return problems

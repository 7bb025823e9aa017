"""Stage 3a, history: the book's editions, read from git.

An edition is a commit on the first-parent history of HEAD that changes
claims.yaml or content/articles/, numbered from 1, oldest first: every
publication of `main` that changed the content, and nothing else (a change to
the code or the templates is not a new edition of the book). Each edition
keeps its commit, its date (the commit date, as git recorded it), its
claims.yaml as text and its articles' front matter; nothing here parses
claims, judges them or looks at the clock.

Only plumbing commands are run (rev-parse, rev-list, ls-tree, cat-file, status),
without replace objects, so the same history gives the same editions whatever
the reader's git configuration. Where there is no history to read (no git, a
tarball, a shallow clone, no commit yet) `History.status` says so and there are
no editions: the book builds without them and invents none.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .load import ARTICLES_DIR, CLAIMS_FILE, split_front_matter
from .yamlsource import parse_yaml

CONTENT_PATHS = (CLAIMS_FILE, ARTICLES_DIR.as_posix())
HistoryStatus = Literal["available", "no-git", "shallow", "no-editions"]
_NOTES = {
    "available": "",
    "no-git": "this copy of the book is not a git repository (a download or an archive, say), "
              "so its earlier editions cannot be read",
    "shallow": "this copy of the repository is a shallow clone: it holds only the latest commits, so editions "
               "cannot be counted or compared (`git fetch --unshallow` fetches the whole history)",
    "no-editions": "no commit of this repository has changed claims.yaml or content/articles/ yet",
}


@dataclass(frozen=True)
class ArticleStub:
    """What the history keeps of an archived article: enough to name it."""

    title: str
    outlet: str = ""
    published: str = ""
    blob: str = ""  # the git object of the file: another blob, another version of the article


@dataclass(frozen=True)
class Edition:
    """One publication of the book: a commit that changed its content."""

    number: int
    commit: str  # the full commit id
    date: dt.datetime  # the commit date, with the committer's offset
    claims_text: str | None  # claims.yaml as committed (None if it did not exist)
    articles: dict[str, ArticleStub] = field(default_factory=dict, hash=False)

    @property
    def short(self) -> str:
        """The commit abbreviated to 7 characters (fixed, unlike `git rev-parse --short`)."""
        return self.commit[:7]

    @property
    def as_of(self) -> dt.date:
        """The book's "as of" date in this edition: the day it was committed."""
        return self.date.date()



@dataclass
class History:
    """The editions of the book, oldest first, or why there are none."""

    status: HistoryStatus
    editions: list[Edition] = field(default_factory=list)
    uncommitted: bool = False  # the content being built differs from the latest edition

    @property
    def available(self) -> bool:
        return self.status == "available"

    @property
    def note(self) -> str:
        """Why history is not available ('' when it is)."""
        return _NOTES[self.status]

    @property
    def latest(self) -> Edition | None:
        return self.editions[-1] if self.editions else None


def read_history(root: Path) -> History:
    """The editions of the book at `root`, read from its git history."""
    state = _git(root, "rev-parse", "--is-shallow-repository", "--verify", "-q", "HEAD")
    if state is None:
        return History("no-git" if _git(root, "rev-parse", "--git-dir") is None else "no-editions")
    if state.split()[0] == b"true":
        return History("shallow")
    listing = _git(root, "rev-list", "--first-parent", "--reverse", "--no-commit-header", "--format=%H %cI",
                   "HEAD", "--", *CONTENT_PATHS) or b""
    commits = [line.decode("ascii").split(" ", 1) for line in listing.splitlines() if line.strip()]
    if not commits:
        return History("no-editions")
    trees = {sha: _article_blobs(root, sha) for sha, _ in commits}
    blobs = _read_blobs(root, [f"{sha}:./{CLAIMS_FILE}" for sha, _ in commits]
                        + sorted({oid for tree in trees.values() for oid in tree.values()}))
    stubs = {oid: article_stub(blobs[oid], oid) for tree in trees.values() for oid in tree.values() if oid in blobs}
    editions = [Edition(number, sha, dt.datetime.fromisoformat(date), blobs.get(f"{sha}:./{CLAIMS_FILE}"),
                        {aid: stubs[oid] for aid, oid in sorted(trees[sha].items()) if oid in stubs})
                for number, (sha, date) in enumerate(commits, start=1)]
    return History("available", editions, _uncommitted(root))


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """The output of a git command in `root`, or None if git is missing or the command fails."""
    environment = {key: value for key, value in os.environ.items() if key not in ("GIT_DIR", "GIT_WORK_TREE")}
    environment.update(GIT_OPTIONAL_LOCKS="0", LC_ALL="C")  # read only: never take the index lock
    try:
        run = subprocess.run(["git", "--no-replace-objects", "-C", str(root), *args], input=stdin,
                             capture_output=True, env=environment, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def _article_blobs(root: Path, commit: str) -> dict[str, str]:
    """{article id: blob id} of the articles in `commit` (files ending in .md directly in the folder)."""
    listing = _git(root, "ls-tree", "-z", commit, "--", f"{ARTICLES_DIR.as_posix()}/") or b""
    blobs = {}
    for entry in listing.split(b"\0"):
        meta, _, path = entry.decode("utf-8", "replace").partition("\t")
        name = path.rsplit("/", 1)[-1]
        if meta.split(" ")[1:2] == ["blob"] and name.endswith(".md"):
            blobs[name.removesuffix(".md")] = meta.split(" ")[2]
    return blobs


def _read_blobs(root: Path, names: list[str]) -> dict[str, str]:
    """{name: text} for each object name `cat-file` can read (as text, line endings folded)."""
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in names).encode()) or b""
    texts, position = {}, 0
    for name in names:
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split(b" ")
        position = end + 1
        if header[-1] == b"missing" or len(header) != 3:
            continue
        size = int(header[2])
        data = output[position:position + size]
        position += size + 1  # the content is followed by a newline
        texts[name] = data.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return texts


def article_stub(text: str, blob: str = "") -> ArticleStub:
    """An article's title, outlet and date from its front matter, read leniently (never fails)."""
    front, _, _ = split_front_matter(text)
    data = parse_yaml(front, "article")[0].data if front is not None else None
    data = data if isinstance(data, dict) else {}
    title, outlet, published = (data.get(key) if isinstance(data.get(key), str) else "" for key in
                                ("title", "outlet", "published"))
    return ArticleStub(title or "(untitled article)", outlet, published, blob)


def _uncommitted(root: Path) -> bool:
    """Whether claims.yaml or the articles differ from the last commit (or are not committed at all)."""
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *CONTENT_PATHS)
    return bool(status)

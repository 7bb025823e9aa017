"""`briefing diff [BASE]`: what a change does to the book, as Markdown for a pull request.

The base revision's claims.yaml and articles are read straight from git
(`git archive`), checked like the working tree, and the two books compared:
claims added, removed and changed, quotes re-anchored, figures changed, new
disagreements and follow-ups, pages affected, articles added; and whatever in
the working tree would now fail `check`.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import NamedTuple

from . import analysis, urls
from .derive import describe_figure
from .load import ARTICLES_DIR, CLAIMS_FILE
from .pipeline import BookReading, read_book
from .problems import UsageError
from .schema import Claim


def merge_base(root: Path) -> str:
    for branch in ("main", "origin/main"):
        run = _git(root, "merge-base", "HEAD", branch, check=False)
        if run.returncode == 0:
            return run.stdout.strip()
    raise UsageError("no 'main' branch to compare with; name a revision: briefing diff BASE")


def checkout_content(root: Path, revision: str, target: Path) -> None:
    """Extract claims.yaml and content/articles/ as they were at `revision` into `target`."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False).returncode != 0:
        raise UsageError(f"'{revision}' is not a git revision of this project")
    paths = [p for p in (CLAIMS_FILE, ARTICLES_DIR.as_posix())
             if _git(root, "cat-file", "-e", f"{revision}:{p}", check=False).returncode == 0]
    target.mkdir(parents=True, exist_ok=True)
    if not paths:
        return
    archive = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", revision, "--", *paths],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")  # the "data" filter refuses links and paths outside target


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=check)
    except FileNotFoundError as error:
        raise UsageError("git is not installed") from error
    except subprocess.CalledProcessError as error:
        raise UsageError(f"git {' '.join(args)} failed: {error.stderr.strip()}") from error


def diff_report(root: Path, base: str | None, as_of: dt.date) -> str:
    revision = base or merge_base(root)
    commit = _git(root, "rev-parse", "--short", f"{revision}^{{commit}}", check=False).stdout.strip()
    label = f"{base or 'main'} ({commit})" if commit and commit != base else revision
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as folder:
        checkout_content(root, revision, Path(folder))
        old = read_book(Path(folder), as_of)
    new = read_book(root, as_of)
    return render_report(label, old, new, as_of)


class Changes(NamedTuple):
    """What changed between two versions of claims.yaml."""

    added: list[Claim]
    removed: list[Claim]
    changed: list[tuple[Claim, Claim, list[str]]]  # (old claim, new claim, [field names])
    reanchored: list[tuple[str, str, str, str]]  # (claim id, article, old quote, new quote)
    figures: list[tuple[Claim, Claim]]  # (old claim, new claim)


def compare_claims(old: BookReading, new: BookReading) -> Changes:
    old_claims, new_claims = old.claims, new.claims
    added = [c for cid, c in new_claims.items() if cid not in old_claims]
    # A claim that no longer validates is broken, not removed (check reports it).
    broken = new.project.unloaded["claims"]
    removed = [c for cid, c in old_claims.items() if cid not in new_claims and cid not in broken]
    changed, reanchored, figures = [], [], []
    for cid, after in new_claims.items():
        before = old_claims.get(cid)
        if before is None or before == after:
            continue
        fields = [name for name in type(after).model_fields if getattr(before, name) != getattr(after, name)]
        changed.append((before, after, fields))
        if "figure" in fields:
            figures.append((before, after))
        for old_source, new_source in zip(before.sources, after.sources):
            if old_source.article == new_source.article and old_source.quote != new_source.quote:
                reanchored.append((cid, new_source.article, old_source.quote, new_source.quote))
    return Changes(added, removed, changed, reanchored, figures)


def render_report(base_label: str, old: BookReading, new: BookReading, as_of: dt.date) -> str:
    changes = compare_claims(old, new)
    lines = ["## What this change does to the book", "",
             f"Compared with {base_label}, as of {as_of.isoformat()}: "
             f"{len(changes.added)} claim(s) added, {len(changes.removed)} removed, {len(changes.changed)} changed; "
             f"{len(set(new.project.articles) - set(old.project.articles))} article(s) added.", ""]
    lines += _section("Claims added", [f"`{c.id}` ({c.topic}): {cell(c.text)}" for c in changes.added])
    lines += _section("Claims removed", [f"`{c.id}` ({c.topic}): {cell(c.text)}" for c in changes.removed])
    lines += _changed_table(changes.changed)
    lines += _section("Quotes re-anchored", [f"`{cid}` in `{article}`: “{cell(a)}” → “{cell(b)}”" for cid, article, a, b in changes.reanchored])
    lines += _section("Figures changed", [f"`{a.id}`: {_figure(a, old)} → {_figure(b, new)}" for a, b in changes.figures])
    lines += _derived(old, new)
    lines += _section("Pages affected", _pages(changes))
    lines += _articles(old, new)
    lines += _problems(new)
    return "\n".join(lines).rstrip() + "\n"


def cell(text: str) -> str:
    """Text from the content, made inert for GitHub Markdown (and table cells)."""
    escaped = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|#!":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _section(title: str, items: list[str]) -> list[str]:
    return [f"### {title}", "", *[f"- {item}" for item in items], ""] if items else []


def _changed_table(changed: list) -> list[str]:
    if not changed:
        return []
    rows = ["### Claims changed", "", "| claim | what changed | before | after |", "| --- | --- | --- | --- |"]
    for before, after, fields in changed:
        rows.append(f"| `{after.id}` | {', '.join(fields)} | {cell(before.text)} | {cell(after.text)} |")
    return rows + [""]


def _figure(claim: Claim, side: BookReading) -> str:
    if claim.figure is None:
        return "none"
    metric = side.project.metrics.get(claim.figure.metric)
    return cell(describe_figure(claim.figure, metric.unit if metric else "(undeclared metric)"))


def _derived(old: BookReading, new: BookReading) -> list[str]:
    if new.book is None:
        return []
    old_pairs = {frozenset((d.first.id, d.second.id)) for d in analysis.disagreements(old.book)} if old.book else set()
    old_overdue = {p.claim.id for p in analysis.follow_ups(old.book)} if old.book else set()
    disagreements = [d for d in analysis.disagreements(new.book) if frozenset((d.first.id, d.second.id)) not in old_pairs]
    overdue = [p for p in analysis.follow_ups(new.book) if p.claim.id not in old_overdue]
    return (_section("New disagreements", [f"`{d.first.id}` and `{d.second.id}` ({d.kind})" for d in disagreements])
            + _section("New follow-ups (past due)", [f"`{p.claim.id}`: due {p.claim.due.label()}" for p in overdue]))


def _pages(changes: Changes) -> list[str]:
    pages = set()
    for claim in [*changes.added, *changes.removed, *(after for _, after, _ in changes.changed)]:
        pages.add(urls.topic_page(claim.topic))
        pages.update(urls.article_page(s.article) for s in claim.sources)
    for before, _, fields in changes.changed:
        if "topic" in fields:
            pages.add(urls.topic_page(before.topic))
    if pages:
        pages.update({urls.HOME, urls.TIMELINE, urls.DATA})
    return [f"`{page.removesuffix('.md')}.html`" for page in sorted(pages)]


def _articles(old: BookReading, new: BookReading) -> list[str]:
    added = sorted(set(new.project.articles) - set(old.project.articles))
    removed = sorted(set(old.project.articles) - set(new.project.articles))
    lines = []
    for aid in added:
        meta = new.project.articles[aid].meta
        lines.append(f"`{aid}`: {cell(meta.title) if meta else '(front matter does not check)'}")
    return _section("Articles added", lines) + _section("Articles removed", [f"`{a}`" for a in removed])


def _problems(new: BookReading) -> list[str]:
    errors = new.checked.errors
    if not errors:
        return ["`briefing check` passes on this change.", ""]
    items = [f"`{p.location}` {cell(p.message)}" + (f" ({cell(p.hint)})" if p.hint else "") for p in errors]
    return _section(f"Would fail `briefing check` ({len(errors)} error(s))", items)

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

from . import analysis, derive, urls
from .derive import describe_figure
from .load import ARTICLES_DIR, CLAIMS_FILE
from .pipeline import BookReading, read_book
from .render import render_pages
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
    # git keeps no empty folders: a book with no articles yet has an empty one.
    (target / ARTICLES_DIR).mkdir(parents=True, exist_ok=True)
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
    return render_report(label, old, new, as_of, root / "templates")


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


def render_report(base_label: str, old: BookReading, new: BookReading, as_of: dt.date, templates: Path) -> str:
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
    lines += _relations(old, new)
    lines += _derived(old, new)
    lines += _pages(old, new, templates)
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


def _relations(old: BookReading, new: BookReading) -> list[str]:
    def links(reading: BookReading) -> set[tuple[str, str, str]]:
        return {(c.id, r.type, r.claim) for c in reading.claims.values() for r in c.relations}
    before, after = links(old), links(new)
    return (_section("Relations added", [f"`{a}` {kind} `{b}`" for a, kind, b in sorted(after - before)])
            + _section("Relations removed", [f"`{a}` {kind} `{b}`" for a, kind, b in sorted(before - after)]))


def _derived(old: BookReading, new: BookReading) -> list[str]:
    """What the book works out from its claims, before and after: disagreements, follow-ups, key figures."""
    if new.book is None or old.book is None:
        return []
    pairs = [{frozenset((d.first.id, d.second.id)): d for d in analysis.disagreements(r.book)} for r in (old, new)]
    states = [{cid: s.state for cid, s in analysis.statuses(r.book).items()} for r in (old, new)]
    keys = [{c.figure.metric: c for c in derive.key_figures(r.book)} for r in (old, new)]

    def moved(to_state: str, from_states: tuple[str, ...]) -> list[str]:
        return [f"`{cid}`: {analysis.statuses(new.book)[cid].label.rsplit(':', 1)[0]}, was {states[0].get(cid, 'not a projection')}"
                for cid, state in states[1].items() if state == to_state and states[0].get(cid) != to_state
                and (not from_states or states[0].get(cid) in from_states)]

    def described(d) -> str:
        return f"`{d.first.id}` and `{d.second.id}` ({d.kind})"
    return (_section("Disagreements opened", [described(d) for key, d in pairs[1].items() if key not in pairs[0]])
            + _section("Disagreements resolved", [described(d) for key, d in pairs[0].items() if key not in pairs[1]])
            + _section("Follow-ups settled", moved("settled", ()))
            + _section("Follow-ups reopened", [f"`{cid}`: now {states[1][cid]}" for cid, state in states[0].items()
                                               if state == "settled" and states[1].get(cid, "settled") != "settled"])
            + _section("Newly past due", moved("past due", ("upcoming",)))
            + _section("Key figures changed", _key_figures(keys[0], keys[1], new.book)))


def _key_figures(before: dict, after: dict, book) -> list[str]:
    lines = []
    for metric in dict.fromkeys([*before, *after]):
        old, new = before.get(metric), after.get(metric)
        if old is None or new is None or old.id != new.id or old.figure != new.figure:
            values = [f"{cell(derive.format_value(c) + ' ' + c.metric.unit)} (`{c.id}`)" if c else "none"
                      for c in (old, new)]
            lines.append(f"{cell(book.metric_title(metric) if metric in book.metrics else metric)}: "
                         f"{values[0]} → {values[1]}")
    return lines


def _pages(old: BookReading, new: BookReading, templates: Path) -> list[str]:
    """Pages whose Markdown differs, found by rendering both books (the navigation is left out:
    in the built HTML it would make every page differ)."""
    if old.book is None or new.book is None:
        return _section("Pages affected", ["cannot be worked out until both versions pass `briefing check`"])
    before, after = render_pages(old.book, templates), render_pages(new.book, templates)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    return _section("Pages affected", [f"`{urls.built_path(path)}`" + ("" if path in before else " (new)")
                                       + ("" if path in after else " (gone)") for path in changed])


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

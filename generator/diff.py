"""`briefing diff [BASE]`: what a change does to the book, as Markdown for a pull request.

The base revision's claims.yaml and articles are read straight from git
(`git archive`), checked like the working tree, and the two books compared
(changes.py, the comparison the "What changed" page uses too): claims added,
removed and changed, quotes re-anchored, figures changed, new disagreements
and follow-ups, pages affected, articles added; and whatever in the working
tree would now fail `check`. A version that does not check is compared as
its claims.yaml reads, leniently.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from . import derive, urls
from .changes import Changes, ClaimChange, FollowUp, Snapshot, compare
from .derive import describe_figure
from .load import ARTICLES_DIR, CLAIMS_FILE
from .model import ClaimView
from .reading import BookReading, read_book
from .render import render_pages
from .problems import UsageError
from .snapshot import book_from_data


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


def snapshot(reading: BookReading, as_of: dt.date) -> Snapshot:
    """A reading as the comparison sees it: its checked book, or, if it does not check, its claims read leniently."""
    data = reading.project.claims_doc.data
    book = reading.book or book_from_data(data if isinstance(data, dict) else {}, as_of)
    titles = {aid: record.meta.title if record.meta else "(front matter does not check)"
              for aid, record in reading.project.articles.items()}
    return Snapshot(book, titles)


def render_report(base_label: str, old: BookReading, new: BookReading, as_of: dt.date, templates: Path) -> str:
    changes = compare(snapshot(old, as_of), snapshot(new, as_of))
    lines = ["## What this change does to the book", "",
             f"Compared with {base_label}, as of {as_of.isoformat()}: "
             f"{len(changes.added)} claim(s) added, {len(changes.removed)} removed, {len(changes.changed)} changed; "
             f"{len(changes.articles_added)} article(s) added.", ""]
    lines += _section("Claims added", [f"`{c.id}` ({c.topic.id}): {cell(c.text)}" for c in changes.added])
    lines += _section("Claims removed", [f"`{c.id}` ({c.topic.id}): {cell(c.text)}" for c in changes.removed])
    lines += _changed_table(changes.changed)
    lines += _section("Quotes re-anchored", [f"`{r.claim.id}` in `{r.article}`: “{cell(r.before)}” → “{cell(r.after)}”"
                                             for r in changes.reanchored])
    lines += _section("Figures changed", [f"`{c.after.id}`: {_figure(c.before)} → {_figure(c.after)}" for c in changes.figures])
    lines += _section("Relations added", [f"`{a}` {kind} `{b}`" for a, kind, b in changes.relations_added])
    lines += _section("Relations removed", [f"`{a}` {kind} `{b}`" for a, kind, b in changes.relations_removed])
    lines += _derived(changes)
    lines += _pages(old, new, templates)
    lines += _section("Articles added", [f"`{aid}`: {cell(title)}" for aid, title in changes.articles_added])
    lines += _section("Articles removed", [f"`{aid}`" for aid, _ in changes.articles_removed])
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


def _changed_table(changed: list[ClaimChange]) -> list[str]:
    if not changed:
        return []
    rows = ["### Claims changed", "", "| claim | what changed | before | after |", "| --- | --- | --- | --- |"]
    for change in changed:
        rows.append(f"| `{change.after.id}` | {', '.join(change.fields)} | {cell(change.before.text)} | "
                    f"{cell(change.after.text)} |")
    return rows + [""]


def _figure(claim: ClaimView) -> str:
    if claim.figure is None:
        return "none"
    unit = claim.metric.unit if claim.metric and claim.metric.unit else "(undeclared metric)"
    return cell(describe_figure(claim.figure, unit))


def _derived(changes: Changes) -> list[str]:
    """What the book works out from its claims, before and after: disagreements, follow-ups, key figures."""
    def moved(follow_ups: list[FollowUp]) -> list[str]:
        return [f"`{f.status.claim.id}`: {f.status.label.rsplit(':', 1)[0]}, was {f.was}" for f in follow_ups]

    def described(d) -> str:
        return f"`{d.first.id}` and `{d.second.id}` ({d.kind})"
    return (_section("Disagreements opened", [described(d) for d in changes.disagreements_opened])
            + _section("Disagreements resolved", [described(d) for d in changes.disagreements_resolved])
            + _section("Follow-ups settled", moved(changes.settled))
            + _section("Follow-ups reopened", [f"`{f.status.claim.id}`: now {f.status.state}" for f in changes.reopened])
            + _section("Newly due soon", moved(changes.newly_due))
            + _section("Newly past due", moved(changes.newly_past_due))
            + _section("Key figures changed", [f"{cell(k.metric)}: {_key_value(k.before)} → {_key_value(k.after)}"
                                               for k in changes.key_figures]))


def _key_value(claim: ClaimView | None) -> str:
    return f"{cell(derive.format_value(claim) + ' ' + claim.metric.unit)} (`{claim.id}`)" if claim else "none"


def _pages(old: BookReading, new: BookReading, templates: Path) -> list[str]:
    """Pages whose Markdown differs, found by rendering both books (the navigation is left out:
    in the built HTML it would make every page differ)."""
    if old.book is None or new.book is None:
        return _section("Pages affected", ["cannot be worked out until both versions pass `briefing check`"])
    before, after = render_pages(old.book, templates), render_pages(new.book, templates)
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    return _section("Pages affected", [f"`{urls.built_path(path)}`" + ("" if path in before else " (new)")
                                       + ("" if path in after else " (gone)") for path in changed])


def _problems(new: BookReading) -> list[str]:
    errors = new.checked.errors
    if not errors:
        return ["`briefing check` passes on this change.", ""]
    items = [f"`{p.location}` {cell(p.message)}" + (f" ({cell(p.hint)})" if p.hint else "") for p in errors]
    return _section(f"Would fail `briefing check` ({len(errors)} error(s))", items)

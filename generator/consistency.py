"""Checks of what claims mean together, beyond each claim on its own.

- `updates`/`supersedes` join two figures of one series: same metric (so the
  same unit and counting basis) and the same place. Anything else is not one
  series, and a chart or "updated by" would mislead.
- `settles` looks back: a later claim says whether a projection (a `due`
  date) or an open-ended statement came true.
- A historical state ("once", "at its height": a figure whose period is
  '../END') is not dated at the date it was reported, so it never lands on the
  timeline at a publication date. (A count over an unknown period stated on a
  known day, "nearly 200 missions, CENTCOM said in the summer", keeps that day.)
"""

from __future__ import annotations

from .dates import parse_date
from .load import ClaimRecord, LoadedProject
from .problems import Problem
from .schema import Claim

SERIES_RELATIONS = ("updates", "supersedes")


def check_meaning(project: LoadedProject, record: ClaimRecord, claims: dict[str, Claim]) -> list[Problem]:
    """Problems with how `record`'s claim relates to others and to time."""
    problems = _historical_date(project, record)
    for index, relation in enumerate(record.claim.relations):
        other = claims.get(relation.claim)
        if other is None:
            continue  # an unknown claim is reported by check
        where = project.claim_location(record, "relations", index, "type")
        if relation.type in SERIES_RELATIONS:
            problems += _series(where, record.claim, other, relation.type)
        elif relation.type == "settles":
            problems += _settles(where, record.claim, other)
    return problems


def _series(where, claim: Claim, other: Claim, kind: str) -> list[Problem]:
    hint = ("use 'qualifies' or 'contradicts' for claims that bear on each other, 'settles' for a claim that says "
            "whether a projection came true, or give the figures one metric if they really count the same thing")
    if claim.figure is None or other.figure is None:
        without = claim.id if claim.figure is None else other.id
        return [Problem(where, "relation-not-a-series", f"'{claim.id}' {kind} '{other.id}', but '{without}' has no "
                        f"figure: '{kind}' joins two figures of one series", hint)]
    differences = [f"{name} '{a}' vs '{b}'" for name, a, b in (
        ("metric", claim.figure.metric, other.figure.metric), ("place", claim.figure.place, other.figure.place)) if a != b]
    if differences:
        return [Problem(where, "relation-not-a-series", f"'{claim.id}' {kind} '{other.id}', but their figures are not "
                        f"one series ({'; '.join(differences)})", hint)]
    return []


def _settles(where, claim: Claim, other: Claim) -> list[Problem]:
    if other.due is None and not other.open_ended:
        return [Problem(where, "settles-nothing", f"'{claim.id}' settles '{other.id}', which has no 'due' date and is "
                        "not open_ended: only a projection or an open-ended statement can be settled",
                        "give the other claim its 'due' (or 'open_ended: true'), or use 'qualifies'")]
    if claim.date is None or (other.date and parse_date(claim.date).end <= parse_date(other.date).start):
        return [Problem(where, "settles-not-later", f"'{claim.id}' settles '{other.id}' but is not dated after it",
                        "a claim settles an earlier one: give it the date of the event that settled it")]
    return []


def _historical_date(project: LoadedProject, record: ClaimRecord) -> list[Problem]:
    figure, date = record.claim.figure, record.claim.date
    if figure is None or not (figure.period or "").startswith("../") or date is None:
        return []
    reported = {meta.reported or meta.published for meta in
                (project.articles[s.article].meta for s in record.claim.sources if s.article in project.articles) if meta}
    if date not in reported:
        return []
    return [Problem(project.claim_location(record, "date"), "historical-dated",
                    f"claim '{record.claim.id}' describes a past state (period '{figure.period}') but carries the "
                    f"date {date} of the report that mentions it",
                    "a historical fact is not dated at the report: delete 'date' (the figure's '../END' period says "
                    "when it held by); the report's date stays on its citation")]

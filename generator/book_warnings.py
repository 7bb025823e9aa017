"""Warnings only the linked book can give: what the claims say together.

`check` proves each record; these read the whole book as of its date:
figures that disagree with no relation explaining it, and topic summaries
written before a deadline in their topic passed (a summary is hand-written,
so it can state as pending what is now past).
"""

from __future__ import annotations

from .analysis import figure_conflicts
from .load import LoadedProject
from .model import Book
from .problems import Problem


def book_warnings(book: Book, project: LoadedProject) -> list[Problem]:
    return disagreement_warnings(book, project) + summary_warnings(book, project)


def disagreement_warnings(book: Book, project: LoadedProject) -> list[Problem]:
    """A warning for each pair of figures that differ with no relation explaining it (at the later one's figure)."""
    warnings, records = [], {record.claim.id: record for record in project.claims}
    for conflict in figure_conflicts(book):
        if not conflict.explained:
            warnings.append(Problem(
                project.claim_location(records[conflict.second.id], "figure"), "figure-disagreement",
                f"figure of '{conflict.second.id}' disagrees with '{conflict.first.id}' ({conflict.kind}): {conflict.note}",
                f"if both are right, link them: relations: [{{type: qualifies, claim: {conflict.first.id}}}]",
                severity="warning"))
    return warnings


def summary_warnings(book: Book, project: LoadedProject) -> list[Problem]:
    """A warning for each topic whose summary predates a deadline of the topic that has since passed."""
    warnings = []
    for index, topic in enumerate(book.topics):
        if topic.reviewed is None:
            continue
        passed = [c for c in topic.claims if c.due and topic.reviewed < c.due.end < book.as_of]
        if passed:
            names = ", ".join(f"'{c.id}' (due {c.due.label()})" for c in passed)
            warnings.append(Problem(
                project.claims_doc.where(("topics", index, "reviewed")), "summary-stale",
                f"the summary of topic '{topic.id}' was reviewed on {topic.reviewed.isoformat()}, and since then "
                f"a deadline in it has passed: {names}",
                "read the summary against the claims as of today (is anything it calls pending now past?), "
                "then set 'reviewed' to today's date", severity="warning"))
    return warnings

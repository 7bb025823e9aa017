"""Withdrawn claims (`withdrawn:` in claims.yaml): their ids stay reserved.

A claim's id is its permanent anchor. When a claim leaves the book, its id is
recorded under `withdrawn:` with the date, the reason and where its content
went, so that links to it lead to a notice instead of nowhere.
`check_withdrawn` proves those records (an error reuses a withdrawn id, points
`see:` at no claim or names no topic); editions.py warns about the claims of
the previous edition that left the book without such a record.
"""

from __future__ import annotations

import re

from .load import LoadedProject, WithdrawnRecord
from .problems import Location, Problem, did_you_mean
from .schema import SLUG_PATTERN
from .urls import unique_id


def check_withdrawn(project: LoadedProject, topic_ids: list[str], claims: dict) -> list[Problem]:
    """Every problem with the `withdrawn:` list and with claims that reuse its ids."""
    problems: list[Problem] = []
    recorded: dict[str, Location] = {}
    for record in project.withdrawn:
        where = project.claims_doc.where(("withdrawn", record.index, "id"))
        withdrawn_id = record.withdrawal.id
        if withdrawn_id in recorded:
            problems.append(Problem(
                where, "duplicate-id", f"withdrawn claim '{withdrawn_id}' is listed twice "
                f"(first at line {recorded[withdrawn_id].line})", "keep one entry for it"))
            continue
        recorded[withdrawn_id] = where
        problems += _check_see(project, record, claims)
        problems += _check_topic(project, record, topic_ids)
    taken = set(claims) | set(recorded)
    for record in project.claims:
        claim_id = record.claim.id
        if claim_id in recorded:
            problems.append(Problem(
                project.claim_location(record, "id"), "withdrawn-id",
                f"claim id '{claim_id}' is the id of a withdrawn claim (listed under 'withdrawn:' at line "
                f"{recorded[claim_id].line}); a withdrawn id is never used again",
                f"old links to '{claim_id}' lead to its withdrawal notice: give this claim a new id, e.g. "
                f"'{unique_id(claim_id, taken)}' (or, if the withdrawal was a mistake, delete its entry under 'withdrawn:')"))
    return problems


def _check_see(project: LoadedProject, record: WithdrawnRecord, claims: dict) -> list[Problem]:
    """`see:` is a sentence, or the id of a claim (in the book or withdrawn too)."""
    withdrawal = record.withdrawal
    see = withdrawal.see
    if see is None or not re.fullmatch(SLUG_PATTERN, see):
        return []
    where = project.claims_doc.where(("withdrawn", record.index, "see"))
    if see == withdrawal.id:
        return [Problem(where, "bad-relation", f"withdrawn claim '{see}' points to itself",
                        "name the claim that carries its content now, or write a sentence saying where it went")]
    known = set(claims) | {r.withdrawal.id for r in project.withdrawn} | project.unloaded["claims"]
    if see in known:
        return []
    return [Problem(where, "unknown-claim", f"withdrawn claim '{withdrawal.id}' points to unknown claim '{see}'",
                    did_you_mean(see, sorted(claims))
                    or "name the claim that carries its content now, or write a sentence saying where it went")]


def _check_topic(project: LoadedProject, record: WithdrawnRecord, topic_ids: list[str]) -> list[Problem]:
    topic = record.withdrawal.topic
    if topic is None or topic in topic_ids or topic in project.unloaded["topics"]:
        return []
    return [Problem(project.claims_doc.where(("withdrawn", record.index, "topic")), "unknown-topic",
                    f"withdrawn claim '{record.withdrawal.id}' has unknown topic '{topic}'",
                    did_you_mean(topic, topic_ids) or "name the topic whose page should show its notice, or leave "
                    "'topic:' out to use the topic it last had in the book's history")]

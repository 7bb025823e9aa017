"""Stage 2, check: prove the loaded content against itself and its sources.

Collects every problem (never stops at the first): duplicate ids, unknown
topics, articles and related claims, quotes not found in their article, bodies
that no longer match their fingerprint. The quote spans found here are kept,
so the model does not search for them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .articletext import fingerprint
from .consistency import check_meaning
from .load import ClaimRecord, LoadedProject, paused_gc
from .problems import Problem, did_you_mean
from .foldcache import FoldCache
from .textmatch import MIN_QUOTE_LENGTH, FoldedSpan, FoldedText, closest_passage, describe_difference, find_folded, fold_plain
from .withdrawals import check_withdrawn

SourceKey = tuple[str, int]  # (claim id, index of the source in the claim)


@dataclass
class CheckResult:
    """The problems found, and where each verified quote sits in its article."""

    problems: list[Problem] = field(default_factory=list)
    spans: dict[SourceKey, FoldedSpan] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def check_project(project: LoadedProject) -> CheckResult:
    """Every problem with the project, sorted by file and line."""
    with paused_gc():
        return _check_project(project)


def _check_project(project: LoadedProject) -> CheckResult:
    result = CheckResult(problems=list(project.problems))
    cache = project.cache or FoldCache(None)
    folded = {aid: cache.fold(a.body) for aid, a in project.articles.items()}
    _check_fingerprints(project, result)
    _check_unique_ids(project, result)
    topic_ids = [t.topic.id for t in project.topics]
    claims = {r.claim.id: r.claim for r in project.claims}
    claim_ids = set(claims)
    _check_key_metrics(project, result)
    result.problems += check_withdrawn(project, topic_ids, claims)
    for record in project.claims:
        _check_topic(project, record, topic_ids, result)
        _check_metric(project, record, result)
        _check_sources(project, record, folded, result)
        _check_relations(project, record, claim_ids, result)
        result.problems += check_meaning(project, record, claims)
    _check_disputes(project, claim_ids, result)
    result.problems.sort(key=Problem.sort_key)
    if not result.errors:
        cache.save()
    return result


def _check_disputes(project: LoadedProject, claim_ids: set[str], result: CheckResult) -> None:
    """A dispute lists existing claims, each once."""
    for index, dispute in project.disputes:
        for position, claim_id in enumerate(dispute.claims):
            where = project.claims_doc.where(("disputes", index, "claims", position))
            if claim_id not in claim_ids and claim_id not in project.unloaded["claims"]:
                result.problems.append(Problem(where, "unknown-claim", f"dispute '{dispute.id}' lists unknown claim "
                                               f"'{claim_id}'", did_you_mean(claim_id, sorted(claim_ids))))
            elif claim_id in dispute.claims[:position]:
                result.problems.append(Problem(where, "duplicate-position", f"dispute '{dispute.id}' lists claim "
                                               f"'{claim_id}' twice", "list each claim once"))


def _check_fingerprints(project: LoadedProject, result: CheckResult) -> None:
    for article in project.articles.values():
        if article.meta is None:
            continue
        actual = fingerprint(article.body)
        if actual != article.meta.fingerprint:
            where = article.front.where(("fingerprint",))
            result.problems.append(Problem(
                where, "fingerprint", f"the body of '{article.id}' no longer matches its fingerprint",
                "an archived article should not change; if the edit is deliberate, run "
                f"'briefing fingerprint {article.path}' to record it"))


def _check_unique_ids(project: LoadedProject, result: CheckResult) -> None:
    for key, kind, ids in (("topics", "topic", [(r.index, r.topic.id) for r in project.topics]),
                           ("claims", "claim", [(r.index, r.claim.id) for r in project.claims]),
                           ("disputes", "dispute", [(index, d.id) for index, d in project.disputes])):
        first_seen: dict[str, int] = {}  # id -> index of the item that has it first
        for index, item_id in ids:
            if item_id in first_seen:
                first = project.claims_doc.where((key, first_seen[item_id], "id"))
                result.problems.append(Problem(
                    project.claims_doc.where((key, index, "id")), "duplicate-id",
                    f"duplicate {kind} id '{item_id}' (first at line {first.line})",
                    "ids are permanent anchors: give this one a new id"))
            else:
                first_seen[item_id] = index


def _check_topic(project: LoadedProject, record: ClaimRecord, topic_ids: list[str], result: CheckResult) -> None:
    topic = record.claim.topic
    if topic not in topic_ids and topic not in project.unloaded["topics"]:
        result.problems.append(Problem(
            project.claim_location(record, "topic"), "unknown-topic",
            f"claim '{record.claim.id}' has unknown topic '{topic}'", did_you_mean(topic, topic_ids)))


def _check_metric(project: LoadedProject, record: ClaimRecord, result: CheckResult) -> None:
    # The metric gives a figure its unit and counting basis, so it must be
    # declared; a typo would otherwise silently start a new series.
    figure = record.claim.figure
    if figure is None:
        return
    declared = project.metrics.keys() | project.unloaded["metrics"]
    if figure.metric not in declared:
        result.problems.append(Problem(
            project.claim_location(record, "figure", "metric"), "unknown-metric",
            f"claim '{record.claim.id}' has a figure with unknown metric '{figure.metric}'",
            did_you_mean(figure.metric, list(project.metrics))
            or f"declare it under 'metrics:' with its title, unit and counting basis: "
               f"{{id: {figure.metric}, title: ..., unit: ..., counting: ...}}"))
    qualifiers = project.book.qualifiers if project.book else []
    if figure.qualifier is not None and project.book is not None and figure.qualifier not in qualifiers:
        result.problems.append(Problem(
            project.claim_location(record, "figure", "qualifier"), "unknown-qualifier",
            f"claim '{record.claim.id}' has a figure qualifier '{figure.qualifier}' that is not one of the book's qualifiers",
            did_you_mean(figure.qualifier, qualifiers)
            or "use the article's own word if it is one of: " + ", ".join(qualifiers)
               + "; or add it under 'book: qualifiers:'"))


def _check_key_metrics(project: LoadedProject, result: CheckResult) -> None:
    if project.book is None:
        return
    for index, metric in enumerate(project.book.key_metrics):
        if metric not in project.metrics and metric not in project.unloaded["metrics"]:
            result.problems.append(Problem(
                project.claims_doc.where(("book", "key_metrics", index)), "unknown-metric",
                f"key metric '{metric}' is not declared under 'metrics:'", did_you_mean(metric, list(project.metrics))))


def _check_sources(project: LoadedProject, record: ClaimRecord, folded: dict[str, FoldedText], result: CheckResult) -> None:
    for index, source in enumerate(record.claim.sources):
        if source.article in project.unloaded["articles"]:
            continue  # the article's own problem says why it could not be read
        if source.article not in project.articles:
            result.problems.append(Problem(
                project.claim_location(record, "sources", index, "article"), "unknown-article",
                f"claim '{record.claim.id}' cites article '{source.article}', which does not exist",
                did_you_mean(source.article, list(project.articles)) or "archive it with 'briefing add-article'"))
            continue
        needle = fold_plain(source.quote)
        if len(needle) < MIN_QUOTE_LENGTH:
            result.problems.append(Problem(
                project.claim_location(record, "sources", index, "quote"), "quote-too-short", f"quote is shorter than {MIN_QUOTE_LENGTH} characters",
                "quote enough of the passage to identify it"))
            continue
        article = folded[source.article]
        span = find_folded(source.quote, article, needle)
        if span is None:
            result.problems.append(Problem(
                project.claim_location(record, "sources", index, "quote"), "quote-not-found", f"quote not found in article '{source.article}'",
                _quote_hint(source.quote, article)))
        else:
            result.spans[(record.claim.id, index)] = span


def _check_relations(project: LoadedProject, record: ClaimRecord, claim_ids: set[str], result: CheckResult) -> None:
    for index, relation in enumerate(record.claim.relations):
        if relation.claim == record.claim.id:
            where = project.claim_location(record, "relations", index, "claim")
            result.problems.append(Problem(where, "bad-relation", f"claim '{record.claim.id}' is related to itself", "name another claim's id"))
        elif relation.claim not in claim_ids and relation.claim not in project.unloaded["claims"]:
            result.problems.append(Problem(
                project.claim_location(record, "relations", index, "claim"), "unknown-claim", f"claim '{record.claim.id}' {relation.type} unknown claim '{relation.claim}'",
                did_you_mean(relation.claim, sorted(claim_ids))))


def _quote_hint(quote: str, article: FoldedText) -> str:
    if "..." in quote or "…" in quote:
        # An elided quote joins two passages: it can never match the article as one.
        return ("a quote is one continuous passage, and '...' stands for words left out: split it into two "
                "sources (two entries under 'sources:', one quote each)")
    passage = closest_passage(quote, article)
    if not passage:
        return ""
    difference = describe_difference(quote, passage)
    return (f"{difference}; " if difference else "") + f"closest passage in the article: \"{passage}\""


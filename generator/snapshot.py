"""An edition's claims.yaml read leniently into a Book, whatever schema it was written against.

Old editions were written against older schemas (figures had a `unit:`,
metrics had none, fields came and went), and a claims.yaml in history may
not pass today's `check`; it must never fail the build. So each claim,
topic and metric is read from plain YAML (the project's own reader: no
surprises from dates or `no`, no aliases): what validates against today's
schema class is kept as it is, and what does not keeps the fields that can
be read (ids, text, quotes, figures, topics, relations, dates), dropping the
rest. Ids that are not slugs, relations to claims that do not exist and
dates that do not parse are left out: nothing is invented.

The Book made here has no articles and no verified quote spans; it serves
the comparison of editions (changes.py), which reads claims, their topics,
figures, relations and dates, and the analysis of what they add up to.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .dates import parse_date, parse_period
from .model import Book, ClaimView, TopicView, link_relations
from .schema import (RELATION_TYPES, SLUG_PATTERN, BookInfo, Claim, Figure, FollowUpSettings, Metric, Relation,
                     Source, Speaker, Topic)
from .yamlsource import parse_yaml


def read_claims(claims_text: str | None) -> dict | None:
    """claims.yaml's plain data ({} when there was no file), or None when it cannot be read as a mapping."""
    if claims_text is None:
        return {}
    data = parse_yaml(claims_text, "claims.yaml")[0].data
    return data if isinstance(data, dict) else None


def lenient_book(claims_text: str | None, as_of: dt.date) -> Book:
    """The book an edition's claims.yaml describes, as of `as_of` (an empty book if it cannot be read)."""
    return book_from_data(read_claims(claims_text) or {}, as_of)


def book_from_data(data: dict, as_of: dt.date) -> Book:
    """A Book from claims.yaml's plain data, keeping whatever can be read."""
    topics = {topic.id: TopicView(topic) for topic in _each(data.get("topics"), _topic)}
    raw_claims: dict[str, dict] = {}
    for item in _list(data.get("claims")):
        if isinstance(item, dict) and _is_slug(item.get("id")):
            raw_claims.setdefault(item["id"], item)  # a repeated id: the first one counts, as in links
    metrics = {metric.id: metric for metric in _each(data.get("metrics"), _metric)}
    claims: dict[str, ClaimView] = {}
    for order, raw in enumerate(raw_claims.values()):
        claim = _claim(raw, set(raw_claims))
        topic = topics.setdefault(claim.topic, TopicView(_model(Topic, id=claim.topic, title=claim.topic, summary="")))
        view = ClaimView(claim, topic.topic, order=order)
        if claim.figure:
            view.metric = metrics.setdefault(claim.figure.metric, _metric_of_figure(claim.figure.metric, raw))
        claims[claim.id] = view
        topic.claims.append(view)
    link_relations(claims)
    return Book(_book_info(data.get("book")), as_of, list(topics.values()), claims, {}, metrics)


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _each(items: Any, read) -> list:
    return [record for record in map(read, _list(items)) if record is not None]


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) is not None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _known(model: type[BaseModel], data: Any) -> dict:
    """The fields of `data` that `model` declares (older schemas had others)."""
    return {key: value for key, value in data.items() if key in model.model_fields} if isinstance(data, dict) else {}


def _model(model: type[BaseModel], **fields):
    """`fields` as `model` when they validate today, else as read (unvalidated, defaults filled in)."""
    try:
        return model.model_validate(fields)
    except ValidationError:
        return model.model_construct(**{key: value for key, value in fields.items() if value is not None})


def _date(value: Any) -> str | None:
    try:
        return value if isinstance(value, str) and parse_date(value) else None
    except ValueError:
        return None


def _topic(data: Any) -> Topic | None:
    fields = _known(Topic, data)
    if not _is_slug(fields.get("id")):
        return None
    return _model(Topic, **{**fields, "title": _text(fields.get("title")) or fields["id"],
                            "summary": _text(fields.get("summary")) or "", "reviewed": _date(fields.get("reviewed"))})


def _metric(data: Any) -> Metric | None:
    fields = _known(Metric, data)
    if not _is_slug(fields.get("id")):
        return None
    return _model(Metric, id=fields["id"], title=_text(fields.get("title")) or fields["id"],
                  unit=_text(fields.get("unit")) or "", counting=_text(fields.get("counting")) or "")


def _metric_of_figure(metric: str, raw_claim: dict) -> Metric:
    """A metric no `metrics:` entry declares (older schemas): named by its id, its unit taken from the figure."""
    figure = raw_claim.get("figure") if isinstance(raw_claim.get("figure"), dict) else {}
    return Metric.model_construct(id=metric, title=metric, unit=_text(figure.get("unit")) or "", counting="")


def _book_info(data: Any) -> BookInfo:
    fields = _known(BookInfo, data)
    try:
        return BookInfo.model_validate(fields)
    except ValidationError:
        return BookInfo.model_construct(
            title=_text(fields.get("title")) or "", key_metrics=[m for m in _list(fields.get("key_metrics")) if _is_slug(m)],
            follow_up=FollowUpSettings(), qualifiers=[])


def _claim(raw: dict, claim_ids: set[str]) -> Claim:
    """A claim as today's schema reads it, or, failing that, the fields of it that can be read."""
    fields = _known(Claim, raw)
    fields["relations"] = [relation for relation in map(_relation, _list(raw.get("relations")))
                           if relation is not None and relation.claim in claim_ids and relation.claim != raw["id"]]
    fields["figure"] = _figure(raw.get("figure"))
    fields["sources"] = _each(raw.get("sources"), lambda s: _model(Source, **_known(Source, s)) if _known(Source, s) else None)
    fields["speaker"] = _model(Speaker, **_known(Speaker, raw.get("speaker"))) if _text(
        _known(Speaker, raw.get("speaker")).get("name")) else None
    try:
        return Claim.model_validate({key: value for key, value in fields.items() if value is not None})
    except ValidationError:
        return Claim.model_construct(
            id=raw["id"], topic=fields.get("topic") if _is_slug(fields.get("topic")) else "",
            text=_text(fields.get("text")) or "", date=_date(fields.get("date")), due=_date(fields.get("due")),
            open_ended=fields.get("open_ended") is True, speaker=fields["speaker"], figure=fields["figure"],
            relations=fields["relations"], sources=fields["sources"])


def _relation(data: Any) -> Relation | None:
    fields = _known(Relation, data)
    if fields.get("type") not in RELATION_TYPES or not _is_slug(fields.get("claim")):
        return None
    return _model(Relation, type=fields["type"], claim=fields["claim"], note=_text(fields.get("note")))


def _figure(data: Any) -> Figure | None:
    """A figure with a metric, a number and one readable time, or None."""
    fields = _known(Figure, data)
    value = fields.get("value")
    if not _is_slug(fields.get("metric")) or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    as_of, period = _date(fields.get("as_of")), _period(fields.get("period"))
    if (as_of is None) == (period is None):
        return None
    return _model(Figure, metric=fields["metric"], value=value, qualifier=_text(fields.get("qualifier")),
                  as_of=as_of, period=period, place=_text(fields.get("place")))


def _period(value: Any) -> str | None:
    try:
        return value if isinstance(value, str) and parse_period(value) else None
    except ValueError:
        return None

"""One typed schema class per YAML shape: claims.yaml and article front matter.

These classes are the single source of truth: `check` validates with them, and
the JSON Schemas that editors' YAML language servers read are generated from
them (`briefing schema`). Unknown keys are errors; no value is coerced.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .dates import parse_date, parse_period

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# The qualifiers English news copy puts before a number; a book in another
# language, or with other habits, declares its own under `book: qualifiers:`.
DEFAULT_QUALIFIERS = ("about", "around", "some", "nearly", "almost", "more than",
                      "at least", "fewer than", "up to", "as many as")
RELATION_TYPES = ("contradicts", "qualifies", "updates", "supersedes", "settles")


def _date(text: str) -> str:
    parse_date(text)
    return text


def _day(text: str) -> str:
    if parse_date(text).precision != "day":
        raise ValueError(f"'{text}' must be a full date, YYYY-MM-DD")
    return text


def _period(text: str) -> str:
    parse_period(text)
    return text


def _http_url(text: str) -> str:
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"'{text}' is not an http(s) URL")
    return text


Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100,
                            description="Lowercase letters, digits and single hyphens, e.g. 'us-troops-iraq'.")]
DateText = Annotated[str, AfterValidator(_date),
                     Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="A date: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (quoted).")]
DayText = Annotated[str, AfterValidator(_day), Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="A full date 'YYYY-MM-DD' (quoted).")]
PeriodText = Annotated[str, AfterValidator(_period),
                       Field(description="A period: a date, 'START/END' such as '2024-01/2024-06', or '../END' when only its end is known.")]
Text = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    """Shared settings: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Schema):
    """A citation: an archived article and a verbatim passage of it."""

    article: Slug = Field(description="The article's id: its file name in content/articles/ without '.md'.")
    quote: Text = Field(description="A verbatim passage of the article (curly/straight quotes, dashes and whitespace may differ).")


class Speaker(Schema):
    """Who made an attributed statement, named as the article names them."""

    name: Text = Field(description="As the article names them, e.g. 'a senior Defense Department official'.")
    role: Text | None = Field(None, description="Their role as the article gives it, e.g. 'Pentagon deputy press secretary'.")


class Figure(Schema):
    """A number from the sources, structured so it can be charted and compared."""

    metric: Slug = Field(description="What is measured, declared under 'metrics:' with its unit and counting basis; "
                                     "the same metric across claims makes a series.")
    value: int | float = Field(description="The number as the article gives it (a plain number, no commas).")
    qualifier: Text | None = Field(None, description="The article's own qualifier ('about', 'more than'), one of the "
                                                     "book's qualifiers; omit if exact.")
    as_of: DateText | None = Field(None, description="For a level: the date it held.")
    period: PeriodText | None = Field(None, description="For a count over time: the period it covers.")
    place: Text | None = Field(None, description="Where the figure applies, e.g. 'Iraq'.")

    @model_validator(mode="after")
    def _one_time_reference(self) -> Figure:
        if (self.as_of is None) == (self.period is None):
            raise ValueError("a figure needs exactly one of 'as_of' (a level on a date) or 'period' (a count over time)")
        return self


class Relation(Schema):
    """A link from this claim to another one."""

    type: Literal[RELATION_TYPES] = Field(description=(
        "How this claim relates to the other: 'contradicts' or 'qualifies' (the two form a dispute); 'updates' or "
        "'supersedes' (a later figure of the same metric and place); 'settles' (this later claim says whether the "
        "other's projection or deadline came true)."))
    claim: Slug = Field(description="The other claim's id.")
    note: Text | None = Field(None, description="One neutral sentence on how they relate.")


class Claim(Schema):
    """One statement of the book, proven by one or more quoted sources."""

    id: Slug = Field(description="Stable id; becomes the claim's anchor. Never reuse one.")
    topic: Slug = Field(description="The id of one of the topics.")
    text: Text = Field(description="The book's own neutral wording; no stronger than the quotes.")
    date: DateText | None = Field(None, description="When it happened, held, or was said.")
    speaker: Speaker | None = Field(None, description="For attributed statements.")
    figure: Figure | None = Field(None, description="For numbers that belong to a series or comparison.")
    due: DateText | None = Field(None, description="For projections and deadlines: when it should have happened by.")
    open_ended: bool = Field(False, description=(
        "An open-ended statement about the future with no deadline ('will continue', 'over the coming years'): "
        "shown as not revisited once it is older than book.follow_up.revisit_after_months, until a claim settles it."))
    relations: list[Relation] = Field(default_factory=list, description="Links to other claims.")
    sources: list[Source] = Field(min_length=1, description="One or more citations.")


class Topic(Schema):
    """A chapter of the book."""

    id: Slug
    title: Text
    summary: Text = Field(description="A hand-written lede of two or three sentences, true as of `reviewed`.")
    reviewed: DayText | None = Field(None, description=(
        "When the summary was last checked against the claims; shown with it, and `check` warns when a deadline "
        "in the topic has passed since."))


class FollowUpSettings(Schema):
    """When projections and open-ended statements ask for a follow-up."""

    due_soon_days: int = Field(60, ge=0, description="A projection is 'due soon' this many days before its due date.")
    revisit_after_months: int = Field(12, ge=1, description="An open-ended statement older than this is 'not revisited since'.")


class PdfSettings(Schema):
    """What the PDF book carries besides the chapters every book has."""

    article_texts: bool = Field(True, description="Print the archived text of every cited article in the sources "
                                                  "appendix, each quoted passage marked and linked both ways with the "
                                                  "notes that cite it; false for a book too large for that (the "
                                                  "appendix then lists the quoted passages alone).")


class BookInfo(Schema):
    """The book's title page."""

    title: Text
    subtitle: Text | None = None
    key_metrics: list[Slug] = Field(default_factory=list, description="Metrics shown as key figures on the home page, in order.")
    follow_up: FollowUpSettings = Field(default_factory=FollowUpSettings, description="When projections ask for a follow-up.")
    pdf: PdfSettings = Field(default_factory=PdfSettings, description="What the PDF book carries.")
    qualifiers: list[Text] = Field(default_factory=lambda: list(DEFAULT_QUALIFIERS),
                                   description="The words a figure's qualifier may be (default: about, around, some, "
                                               "nearly, almost, more than, at least, fewer than, up to, as many as).")


class Metric(Schema):
    """A measured quantity; figures with the same metric form a series."""

    id: Slug
    title: Text = Field(description="How charts and tables name it, e.g. 'U.S. troops in Iraq'.")
    unit: Text = Field(description="What one of it is, printed after each number, e.g. 'troops', 'attacks', 'hectares'.")
    counting: Text = Field(description="The counting basis: exactly what is counted, where and how, e.g. 'rocket and "
                                       "drone attacks on U.S. bases in Iraq and Syria'. Figures of one metric share it.")


class Dispute(Schema):
    """A question the sources disagree on, and the claims that take positions on it."""

    id: Slug = Field(description="Stable id; becomes the dispute's anchor on 'Where sources disagree'.")
    question: Text = Field(description="The question, asked neutrally, e.g. 'When will U.S. forces leave Iraq?'.")
    claims: list[Slug] = Field(min_length=2, description="The claims that answer it, in the order to show them.")


class Withdrawal(Schema):
    """A claim taken out of the book, recorded so that links to it keep leading somewhere."""

    id: Slug = Field(description="The withdrawn claim's id: never used again; its anchor leads to a notice.")
    date: DayText = Field(description="When it was withdrawn, 'YYYY-MM-DD' (quoted).")
    reason: Text = Field(description="Why, in one sentence, e.g. 'the outlet corrected the figure'.")
    see: Text | None = Field(None, description=(
        "Where its content went: the id of the claim that replaces it (linked), or a sentence (shown as written)."))
    topic: Slug | None = Field(None, description=(
        "The topic whose page shows the notice (default: the topic the claim last had in the book's history)."))


class ClaimsFile(Schema):
    """The whole of claims.yaml."""

    book: BookInfo
    topics: list[Topic] = Field(min_length=1)
    metrics: list[Metric] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list, description=(
        "Questions the sources disagree on. Claims linked by 'contradicts' or 'qualifies' that no dispute lists "
        "are grouped automatically."))
    claims: list[Claim]
    withdrawn: list[Withdrawal] = Field(default_factory=list, description=(
        "Claims taken out of the book: their ids stay reserved and their anchors lead to a notice."))


CAPTURE_PATTERN = r"^content/captures/[a-z0-9]+(-[a-z0-9]+)*\.(html|warc|warc\.gz)$"
FROM_PAGE_FIELDS = ("title", "outlet", "published", "author", "url")


class ArticleCapture(Schema):
    """The saved web page an article was archived from, kept byte for byte beside it."""

    path: Annotated[str, Field(pattern=CAPTURE_PATTERN)] = Field(
        description="The saved page (HTML) or web archive (WARC), e.g. 'content/captures/ID.html'.")
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="sha256 of the capture file; `briefing check` verifies it.")
    metadata: list[Literal[FROM_PAGE_FIELDS]] = Field(
        default_factory=list, description="The fields whose values came from the saved page (its metadata, or its WARC record), not from the editors.")


class Inferred(Schema):
    """Values of an article that its archived text does not state, each with the basis of the inference."""

    title: Text | None = Field(None, description="Why this headline: e.g. 'the page has no headline; supplied by the editors'.")
    outlet: Text | None = Field(None, description="Why this outlet: what in the text or page points to it.")
    published: Text | None = Field(None, description="How the page's date was worked out, if the page carries none.")
    reported: Text | None = Field(None, description="How the report's date was worked out from the text ('said on Friday' ...).")
    author: Text | None = Field(None, description="Why this author.")


class ArticleMeta(Schema):
    """The front matter of an archived article in content/articles/."""

    title: Text
    outlet: Text
    published: DayText = Field(description="The date the page carries (if it carries none, the date worked out from "
                                           "the text, with its basis under `inferred: published:`).")
    reported: DayText | None = Field(None, description=(
        "The date of the report the page carries, where it differs from `published`: a repost, an aggregator's copy "
        "or a misdated page. Citations show it first."))
    reposts: Text | None = Field(None, description="For a repost or an aggregator's copy: the outlet (and report) it reposts, as the page shows it.")
    inferred: Inferred | None = Field(None, description="Which of the values above the archived text does not state, and the basis of each.")
    author: Text | None = None
    url: Annotated[str, AfterValidator(_http_url)] | None = Field(None, description="The original address; http or https only.")
    retrieved: DayText | None = Field(None, description="When the page was archived.")
    capture: ArticleCapture | None = Field(None, description="The saved page the text was extracted from (`briefing add-article PAGE`).")
    notes: list[Text] = Field(default_factory=list, description="What a reader should know about this source.")
    fingerprint: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] = Field(
        description="sha256 of the body; `briefing fingerprint` rewrites it after a deliberate edit.")


def json_schemas() -> dict[str, dict]:
    """The JSON Schemas editors' YAML language servers read, by file name."""
    schemas = {}
    for name, model, title in (("claims.schema.json", ClaimsFile, "claims.yaml"),
                               ("article.schema.json", ArticleMeta, "Archived article front matter")):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        schemas[name] = schema
    return schemas

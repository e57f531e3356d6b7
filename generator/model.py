"""The typed, immutable model of a planning project (docs/files.md).

Loaders build these once; analysis and rendering only read them. Ids are plain strings;
lists from front matter are tuples so a model value can never be changed behind a
reader's back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

STATUSES: tuple[str, ...] = (
    "idea",
    "planned",
    "draft",
    "review",
    "scheduled",
    "published",
    "archived",
)
#: Statuses that count as planned coverage (everything but ideas and archived items).
COVERAGE_STATUSES = frozenset({"planned", "draft", "review", "scheduled", "published"})
#: Work that is promised but not out yet: the statuses that can be overdue or unowned.
IN_PROGRESS_STATUSES = frozenset({"planned", "draft", "review", "scheduled"})
FUNNELS: tuple[str, ...] = ("top", "middle", "bottom", "post")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
#: What a metric's value is (docs/results.md): a number of things, a share (0.125 is
#: 12.5 %), a duration in seconds, or a score on the metric's own scale.
UNITS: tuple[str, ...] = ("count", "ratio", "seconds", "score")
#: Which way a metric is better, and how several of its rows make one value.
DIRECTIONS: tuple[str, ...] = ("higher", "lower")
COMBINES: tuple[str, ...] = ("sum", "mean")
#: The kinds of file the results folder may hold (docs/results.md).
RESULT_KINDS: tuple[str, ...] = ("long", "ga4-pages", "search-console-pages", "columns")
ROLES: tuple[str, ...] = ("decision-maker", "practitioner", "it", "finance", "user")

# -- people, formats and deadlines (docs/files.md: owners; docs/configuration.md: formats)
#: A piece is *in flight* while someone works on it: what an owner's capacity is spent on.
IN_FLIGHT_STATUSES = IN_PROGRESS_STATUSES
#: Statuses whose draft is still to be written: an effective deadline before today is missed.
DRAFTING_STATUSES = frozenset({"idea", "planned", "draft"})
#: The largest ``capacity`` an owner may have (pieces per ISO week): beyond it is a typo.
MAX_CAPACITY = 1000
#: The largest ``effort_days`` of a format: ten years of calendar days.
MAX_EFFORT_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Owner:
    """A person responsible for pieces (``owners/*.md``), with how much they can carry."""

    id: str
    name: str
    path: str
    capacity: int | None = None  # pieces in flight per ISO week; None: not limited
    body: str = ""
    declared: bool = True  # false for owners only items name (no owners/ folder)


@dataclass(frozen=True, slots=True)
class Format:
    """A kind of piece (``formats:`` in plansite.yaml): its display name and how many
    calendar days its draft takes, which gives an item its default deadline."""

    id: str
    name: str
    effort_days: int | None = None


def effective_deadline(
    deadline: dt.date | None, day: dt.date | None, fmt: Format | None
) -> dt.date | None:
    """When the draft is due: the explicit ``deadline``; else the publication day minus
    the format's ``effort_days`` when both are known; else none (docs/files.md)."""
    if deadline is not None:
        return deadline
    if day is not None and fmt is not None and fmt.effort_days is not None:
        return day - dt.timedelta(days=fmt.effort_days)
    return None


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the customer journey, in the project's stage model."""

    id: str
    name: str
    order: int
    path: str
    funnel: str | None = None
    customer_state: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    min_items: int | None = None
    body: str = ""
    #: metric id → target for the stage's planned items together (``kpi`` in stages/*.md)
    kpi: Mapping[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Persona:
    """A person a piece is written for, with a buying-committee role."""

    id: str
    name: str
    path: str
    stages: tuple[str, ...]
    role: str | None = None
    priority: str = "medium"
    goals: tuple[str, ...] = ()
    pains: tuple[str, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()
    body: str = ""

    def applies_to(self, stage_id: str) -> bool:
        return stage_id in self.stages

    def need_at(self, stage_id: str) -> str | None:
        return dict(self.needs).get(stage_id)


@dataclass(frozen=True, slots=True)
class Channel:
    """Where content goes out; ``declared`` is false for channels only items name."""

    id: str
    name: str
    description: str = ""
    cadence: str | None = None
    max_per_week: int | None = None
    human: bool = False
    declared: bool = True
    #: metric id → target for the channel's planned items together (``channels.<id>.kpi``)
    kpi: Mapping[str, float] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Item:
    """A content item: one Markdown file under ``content/``."""

    id: str
    path: str  # source file, relative to the project root, POSIX separators
    url: str  # page, relative to the site root
    title: str
    personas: tuple[str, ...]
    stages: tuple[str, ...]
    channels: tuple[str, ...]
    status: str = "planned"
    format: str | None = None
    date: dt.date | None = None  # the calendar day in the project's time zone
    time: dt.datetime | None = None  # set when front matter gave a date-time (aware)
    owner: str | None = None
    next: tuple[str, ...] = ()
    review_by: dt.date | None = None
    campaign: str | None = None
    tags: tuple[str, ...] = ()
    #: metric id → target. Both front-matter forms are read into this map: ``{pv: 1000,
    #: cvr: 0.02}`` and the older ``{metric: cvr, target: 0.02}`` (= ``{cvr: 0.02}``).
    kpi: Mapping[str, float] = field(default_factory=dict, compare=False)
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts
    #: the front-matter ``url``: where the piece is published, matched against the rows
    #: of analytics exports (``items.json`` calls it ``source_url``)
    source_url: str | None = None
    #: the front-matter ``deadline``: when the draft is due (see ``Project.deadline``)
    deadline: dt.date | None = None

    @property
    def counts(self) -> bool:
        """Planned coverage: every status but ``idea`` and ``archived``."""
        return self.status in COVERAGE_STATUSES

    @property
    def live(self) -> bool:
        return self.status == "published"

    @property
    def is_idea(self) -> bool:
        return self.status == "idea"


def item_day(item: Item, tz: dt.tzinfo) -> dt.date | None:
    """The calendar day of an item in the project's zone (a naive time is taken as local)."""
    if item.time is not None:
        moment = item.time if item.time.tzinfo else item.time.replace(tzinfo=tz)
        return moment.astimezone(tz).date()
    return item.date


@dataclass(frozen=True, slots=True)
class Metric:
    """What a result row measures (docs/results.md). Metrics are data: the built-in
    table (``load/metrics.yaml``) plus what ``metrics:`` in plansite.yaml adds or renames."""

    id: str
    names: tuple[tuple[str, str], ...]  # (language, display name), English first
    unit: str = "count"  # one of UNITS
    better: str = "higher"  # one of DIRECTIONS
    combine: str = "sum"  # one of COMBINES: counts add, ratios and scores average
    #: the metric whose value in the same row weights this one in a mean (``pv`` for a
    #: page's bounce rate, ``impressions`` for ``ctr``); None: a plain mean
    weight: str | None = None
    #: export column names (English and Japanese) read as this metric
    columns: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """The display name in ``language``, else English, else the id."""
        names = dict(self.names)
        return names.get(language) or names.get("en") or self.id


@dataclass(frozen=True, slots=True)
class Measurement:
    """One value of one metric for one item over one period, from a results file. Rows
    of one item, metric and period are combined into one (``analysis/results.py``)."""

    item: str
    metric: str
    start: dt.date  # first day of the period the value covers
    end: dt.date  # last day, included (a single day: start == end)
    value: float
    #: the row's weight for a mean (its views, impressions or sends), None if unknown
    weight: float | None = None
    source: str = ""  # ``results/<file>:<line>`` where the row was read


@dataclass(frozen=True, slots=True)
class ResultsFile:
    """``results.files.<name>`` in plansite.yaml: how to read one file of the results
    folder when its header does not say, or to fix the period it covers."""

    name: str  # the file's path under the results folder, POSIX separators
    kind: str | None = None  # one of RESULT_KINDS; None: recognised from the header
    start: dt.date | None = None
    end: dt.date | None = None
    #: ``item`` and metric ids → the column holding them (for kind ``columns``)
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Project:
    """Everything known about a project once it loaded without errors."""

    root: Path
    config: Config
    today: dt.date
    stages: tuple[Stage, ...]
    personas: tuple[Persona, ...]
    channels: tuple[Channel, ...]
    items: tuple[Item, ...]
    assets: tuple[str, ...] = ()  # other files under content/, relative to content/
    metrics: tuple[Metric, ...] = ()  # every known metric, built-in ones first
    results: tuple[Measurement, ...] = ()  # the matched rows of the results folder
    measures: bool = False  # the results folder holds at least one file
    owners: tuple[Owner, ...] = ()  # owners/*.md; empty when the folder does not exist

    @cached_property
    def metric_by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @cached_property
    def stage_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}

    @cached_property
    def persona_by_id(self) -> dict[str, Persona]:
        return {p.id: p for p in self.personas}

    @cached_property
    def channel_by_id(self) -> dict[str, Channel]:
        return {c.id: c for c in self.channels}

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def display_names(self) -> dict[str, dict[str, str]]:
        """Kind → id → name (titles for items): built once, read by every page."""
        return {
            "persona": {p.id: p.name for p in self.personas},
            "stage": {s.id: s.name for s in self.stages},
            "channel": {c.id: c.name for c in self.channels},
            "item": {i.id: i.title for i in self.items},
            "owner": {o.id: o.name for o in self.owners},
            "format": {f.id: f.name for f in self.config.formats or ()},
        }

    # -- people, formats and deadlines ---------------------------------------------
    @cached_property
    def owner_by_id(self) -> dict[str, Owner]:
        return {o.id: o for o in self.owners}

    @cached_property
    def format_by_id(self) -> dict[str, Format]:
        return {f.id: f for f in self.config.formats or ()}

    @cached_property
    def deadlines(self) -> dict[str, dt.date]:
        """Item id → effective deadline, for the items that have one: the one home of
        the rule, read by the gaps, the pages and the exports alike."""
        out: dict[str, dt.date] = {}
        for item in self.items:
            fmt = self.format_by_id.get(item.format or "")
            due = effective_deadline(item.deadline, item_day(item, self.config.tz), fmt)
            if due is not None:
                out[item.id] = due
        return out

    @cached_property
    def linked_from(self) -> dict[str, tuple[str, ...]]:
        """Item id → ids of the items whose ``next`` names it (backlinks)."""
        back: dict[str, list[str]] = {}
        for item in self.items:
            for target in item.next:
                back.setdefault(target, []).append(item.id)
        return {k: tuple(sorted(v)) for k, v in back.items()}

    @property
    def last_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None


#: Gap kinds of docs/gaps.md, in the order reports list them. Stable: used in exports and
#: in ``ignore`` lists.
GAP_CODES: tuple[str, ...] = (
    "empty-cell",
    "under-target",
    "not-live",
    "missing-format",
    "missing-channel",
    "no-human-touch",
    "dead-end",
    "stale",
    "overdue",
    "unowned",
    "cadence-miss",
    "over-frequency",
    "over-capacity",
    "missed-deadline",
    "kpi-miss",
    "declining",
    "no-results",
    "no-kpi",
)
#: The gap kinds about measured results: reported only for a project that measures.
RESULT_GAP_CODES: tuple[str, ...] = ("kpi-miss", "declining", "no-results", "no-kpi")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A sentence as data: which one (``key``) and the values that fill it. The analysis
    says what it found; the site and the terminal word it in the project's language
    (``generator/site/wording.py``), so no sentence is written below the site."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Phrase:
        return cls(key, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Gap:
    """One hole in the plan. Empty fields do not apply to this gap kind."""

    code: str
    severity: str
    message: Phrase
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None
    format: str | None = None
    item: str | None = None
    date: dt.date | None = None
    ignored: bool = False
    metric: str | None = None  # the metric of a results gap (RESULT_GAP_CODES)
    owner: str | None = None  # the owner of an over-capacity or missed-deadline gap


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """Accepts the gaps that match every field given (``ignore`` in docs/configuration.md)."""

    code: str
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None
    format: str | None = None
    item: str | None = None
    metric: str | None = None
    owner: str | None = None

    def matches(self, gap: Gap) -> bool:
        return gap.code == self.code and all(
            want is None or want == have
            for want, have in (
                (self.stage, gap.stage),
                (self.persona, gap.persona),
                (self.channel, gap.channel),
                (self.format, gap.format),
                (self.item, gap.item),
                (self.metric, gap.metric),
                (self.owner, gap.owner),
            )
        )


@dataclass(frozen=True)
class Config:
    """The validated settings of one project."""

    title: str
    language: str = "en"
    timezone: str = "UTC"
    today: dt.date | None = None
    output: str = "site"
    site_url: str | None = None
    min_items: int = 1
    stale_after_days: int = 365
    weeks_back: int = 4
    weeks_ahead: int = 26
    history_weeks: int = 26
    holidays: str | None = None
    ignore: tuple[IgnoreRule, ...] = ()
    channels: tuple[Channel, ...] | None = None
    results_folder: str = "results"
    window_days: int = 90
    miss_below: float = 0.8
    grace_days: int = 14
    results_files: tuple[ResultsFile, ...] = ()
    #: every metric: the built-in table with plansite.yaml's additions and renames
    metrics: tuple[Metric, ...] = ()
    #: ``formats:`` in plansite.yaml; None when not defined (then any format is fine)
    formats: tuple[Format, ...] | None = None

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

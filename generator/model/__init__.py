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

from generator.model.gaps import GAP_CODES as GAP_CODES
from generator.model.gaps import RESULT_GAP_CODES as RESULT_GAP_CODES
from generator.model.gaps import SEVERITIES as SEVERITIES
from generator.model.gaps import Gap as Gap
from generator.model.gaps import IgnoreRule as IgnoreRule
from generator.model.gaps import Phrase as Phrase

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
#: The statuses ``policy.required`` may name, in workflow order: a field required from one
#: of them on is required at every later one. Archived items are exempt from the policy.
POLICY_STATUSES: tuple[str, ...] = STATUSES[:-1]
#: How a field missing under ``policy.required`` is reported.
POLICY_LEVELS: tuple[str, ...] = ("error", "warning")
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
#: The days plansite reads and plans in, both included: every date, date-time and "today"
#: lies between them, so that today plus or minus any window a setting allows (each is
#: bounded in ``load/settings.py``) is still a date Python can hold.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
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
    #: ids of the items this piece was repurposed from (a webinar cut into a blog post);
    #: a record of where material came from, never a next step
    derived_from: tuple[str, ...] = ()
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
    #: ``results`` as each file gave them (empty: ``results`` is one file's). A file that
    #: did not change keeps its very tuple between rebuilds, so only what a changed file
    #: touches is combined again.
    results_by_file: tuple[tuple[Measurement, ...], ...] = field(
        default=(), compare=False, repr=False
    )

    @property
    def result_files(self) -> tuple[tuple[Measurement, ...], ...]:
        """The matched rows, one tuple per results file."""
        return self.results_by_file or ((self.results,) if self.results else ())
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

    @cached_property
    def derived_into(self) -> dict[str, tuple[str, ...]]:
        """Item id → ids of the items whose ``derived_from`` names it (the other way of
        ``derived_from``, so each side of a repurposing shows the other)."""
        back: dict[str, list[str]] = {}
        for item in self.items:
            for source in item.derived_from:
                back.setdefault(source, []).append(item.id)
        return {k: tuple(sorted(v)) for k, v in back.items()}

    @property
    def last_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None


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
    markdown_engine: str = "python-markdown"
    ignore: tuple[IgnoreRule, ...] = ()
    channels: tuple[Channel, ...] | None = None
    results_folder: str = "results"
    window_days: int = 90
    miss_below: float = 0.8
    grace_days: int = 14
    results_files: tuple[ResultsFile, ...] = ()
    #: every metric: the built-in table with plansite.yaml's additions and renames
    metrics: tuple[Metric, ...] = ()
    #: ``policy.required``: status → front-matter fields an item needs from it on
    policy_required: tuple[tuple[str, tuple[str, ...]], ...] = ()
    policy_level: str = "error"  # ``policy.level``: how a missing field is reported
    #: ``formats:`` in plansite.yaml; None when not defined (then any format is fine)
    formats: tuple[Format, ...] | None = None

    def required_fields(self, status: str) -> tuple[str, ...]:
        """The fields ``policy.required`` asks of an item with ``status``: those of that
        status and of every earlier one (none for archived items)."""
        if status not in POLICY_STATUSES:
            return ()
        reached = POLICY_STATUSES[: POLICY_STATUSES.index(status) + 1]
        fields = (f for at, names in self.policy_required if at in reached for f in names)
        return tuple(dict.fromkeys(fields))

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

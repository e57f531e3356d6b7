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
ROLES: tuple[str, ...] = ("decision-maker", "practitioner", "it", "finance", "user")


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
    kpi: Mapping[str, object] | None = field(default=None, compare=False)
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts

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
        }

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
)
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


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """Accepts the gaps that match every field given (``ignore`` in docs/configuration.md)."""

    code: str
    stage: str | None = None
    persona: str | None = None
    channel: str | None = None
    format: str | None = None
    item: str | None = None

    def matches(self, gap: Gap) -> bool:
        return gap.code == self.code and all(
            want is None or want == have
            for want, have in (
                (self.stage, gap.stage),
                (self.persona, gap.persona),
                (self.channel, gap.channel),
                (self.format, gap.format),
                (self.item, gap.item),
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
    weeks: int = 26  # history.weeks
    holidays: str | None = None
    ignore: tuple[IgnoreRule, ...] = ()
    channels: tuple[Channel, ...] | None = None

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

"""``plansite.yaml``: every setting declared once, with its kind, default and help text.

The table ``SETTINGS`` is the single source of truth about settings: ``config.py`` reads
each one by its kind, ``plansite schema`` builds the JSON Schema from it (``schema.py``),
the defaults of ``model.Config`` are checked against it, and a test compares the
settings table of docs/configuration.md with it row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.model import POLICY_LEVELS

CONFIG_FILE = "plansite.yaml"
#: Upper bounds shared by several settings: ten years of weeks or days, and a count of
#: items far beyond any plan. Each is what one setting can make plansite lay out.
MAX_WEEKS = 520
MAX_DAYS = 3_660
MAX_COUNT = 1_000
LANGUAGES = ("en", "ja")

#: What a setting's value is. The plain kinds are read the same way for every setting of
#: that kind; ``timezone``, ``url``, ``country``, ``gap-matchers`` and ``channels`` each
#: have a dedicated reader below, because they check more than a type.
Kind = Literal[
    "text",
    "path",
    "choice",
    "integer",
    "date",
    "timezone",
    "url",
    "country",
    "gap-matchers",
    "channels",
    "number",
    "results-files",
    "metrics",
    "required-fields",
    # -- people and formats
    "formats",
]

#: How docs/configuration.md names each kind (``choice`` and ``integer`` add their bounds).
_KIND_LABELS: dict[str, str] = {
    "text": "string",
    "path": "path",
    "date": "date",
    "timezone": "IANA time zone",
    "url": "URL",
    "country": "country code",
    "gap-matchers": "list of gap matchers",
    "channels": "map id → channel",
    "results-files": "map file → how to read it",
    "metrics": "map id → metric",
    "required-fields": "map status → list of fields",
    # -- people and formats
    "formats": "map id → format",
}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting of plansite.yaml: what the validator, the schema and the docs need."""

    key: str  # dotted, as written in plansite.yaml
    kind: Kind
    default: object  # the value when the setting is absent or invalid
    help: str  # one sentence, shown by editors through the JSON Schema
    choices: tuple[str, ...] = ()  # the allowed values of a ``choice``
    minimum: int = 0  # the smallest allowed ``integer`` or ``number``
    #: How the docs word a default that is not a fixed value (title, today).
    default_note: str | None = None
    #: The largest allowed ``integer`` or ``number``. Every integer has one: each counts
    #: days, weeks or items that plansite lays out or loops over.
    maximum: float | None = None
    #: The ``model.Config`` attribute, when it is not the key's last part
    attribute: str | None = None

    @property
    def name(self) -> str:
        """The key inside its section (``min_items`` of ``coverage.min_items``)."""
        return self.key.rpartition(".")[2]

    @property
    def section(self) -> str | None:
        """The mapping the setting sits in (``coverage``), or None at the top level."""
        head, dot, _ = self.key.partition(".")
        return head if dot else None

    @property
    def field(self) -> str:
        """The ``model.Config`` attribute that holds the value."""
        return self.attribute or self.name

    @property
    def type_label(self) -> str:
        """The type as the docs' settings table writes it (Markdown; inside the table a
        ``|`` is escaped as ``\\|``)."""
        if self.kind == "choice":
            return " | ".join(f"`{choice}`" for choice in self.choices)
        if self.kind == "integer":
            return f"integer from {self.minimum} to {self.maximum:,.0f}"
        if self.kind == "number":
            return f"number from {self.minimum} to {self.maximum:g}"
        return _KIND_LABELS[self.kind]

    @property
    def default_label(self) -> str:
        """The default as the docs' settings table writes it (Markdown)."""
        if self.default_note is not None:
            return self.default_note
        if self.default is None:
            return "none"
        if self.default == ():
            return "`[]`"
        return f"`{self.default}`"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "title",
        "text",
        None,
        "Site title. Default: the project folder's name.",
        default_note="the project folder's name",
    ),
    Setting(
        "language",
        "choice",
        "en",
        "UI language: every label, date format and the first day of the week.",
        choices=LANGUAGES,
    ),
    Setting(
        "timezone",
        "timezone",
        "UTC",
        "Zone in which dates, date-times and 'today' are read, e.g. Asia/Tokyo.",
    ),
    Setting(
        "today",
        "date",
        None,
        "Fixes 'today' for reproducible builds. Overridden by --today; "
        "without either, SOURCE_DATE_EPOCH, then the clock.",
        default_note="the real date",
    ),
    Setting("output", "path", "site", "Output folder, relative to the project."),
    Setting(
        "site_url",
        "url",
        None,
        "Where the site is published, e.g. https://plan.example.com/. Used for the "
        "item links inside calendar feeds; without it they are relative.",
    ),
    Setting(
        "coverage.min_items",
        "integer",
        1,
        "Planned items a persona × stage cell needs to count as covered.",
        minimum=1,
        maximum=MAX_COUNT,
    ),
    Setting(
        "stale_after_days",
        "integer",
        365,
        "A published item dated longer ago than this, with no review_by, is stale.",
        minimum=1,
        maximum=36_500,
    ),
    Setting(
        "calendar.weeks_back",
        "integer",
        4,
        "Weeks before today the calendar shows.",
        maximum=MAX_WEEKS,
    ),
    Setting(
        "calendar.weeks_ahead",
        "integer",
        26,
        "Weeks after today the calendar shows.",
        maximum=MAX_WEEKS,
    ),
    Setting(
        "history.weeks",
        "integer",
        26,
        "ISO weeks up to the current one that the Trends page and history.csv show; "
        "0 turns them off.",
        maximum=MAX_WEEKS,
        attribute="history_weeks",
    ),
    Setting(
        "calendar.holidays",
        "country",
        None,
        "Country (e.g. JP) whose public holidays the calendar shows and flags.",
    ),
    Setting(
        "ignore",
        "gap-matchers",
        (),
        "Accepted gaps: {code, stage?, persona?, channel?, format?, item?, metric?, owner?}. "
        "They are reported as ignored, not hidden.",
    ),
    Setting(
        "channels",
        "channels",
        None,
        "Channels with name, description, cadence (RRULE), max_per_week, human, kpi. "
        "When set, items may only name these channels.",
    ),
    Setting(
        "markdown.engine",
        "choice",
        "python-markdown",
        "Markdown engine for bodies: python-markdown (with its extensions) or "
        "commonmark (CommonMark with tables, about ten times faster).",
        choices=("python-markdown", "commonmark"),
        attribute="markdown_engine",
    ),
    Setting(
        "results.folder",
        "path",
        "results",
        "Folder of the CSV exports that hold measured results, relative to the project.",
        attribute="results_folder",
    ),
    Setting(
        "results.window_days",
        "integer",
        90,
        "A result row counts toward an actual when its period ends this many days "
        "before today or later (up to today).",
        minimum=1,
        maximum=MAX_DAYS,
    ),
    Setting(
        "results.miss_below",
        "number",
        0.8,
        "A target whose attainment is below this is a kpi-miss gap.",
        maximum=1.0,
    ),
    Setting(
        "results.grace_days",
        "integer",
        14,
        "A published item with a target gets a no-results gap only when published "
        "longer ago than this.",
        maximum=MAX_DAYS,
    ),
    Setting(
        "results.files",
        "results-files",
        (),
        "How to read a file of the results folder: {kind, start, end, columns} by file name.",
        attribute="results_files",
        default_note="none",
    ),
    Setting(
        "metrics",
        "metrics",
        (),
        "Metrics to add or rename: {name, unit, better, combine, weight, columns} by id.",
        default_note="the built-in metrics",
    ),
    Setting(
        "policy.required",
        "required-fields",
        (),
        "Front-matter fields an item must have from a status on, e.g. "
        "{scheduled: [owner, date, kpi], published: [url]}; archived items are exempt.",
        attribute="policy_required",
        default_note="none",
    ),
    Setting(
        "policy.level",
        "choice",
        "error",
        "How an item missing a field that policy.required asks for is reported.",
        choices=POLICY_LEVELS,
        attribute="policy_level",
    ),
    # -- people and formats ------------------------------------------------------------
    Setting(
        "formats",
        "formats",
        None,
        "Formats with name and effort_days (calendar days a draft takes, giving items a "
        "default deadline). When set, items and stages may only name these formats.",
        default_note="the formats items name, with no effort",
    ),
)


CHANNEL_KEYS = ("name", "description", "cadence", "max_per_week", "human", "kpi")
IGNORE_KEYS = ("code", "stage", "persona", "channel", "format", "item", "metric", "owner")

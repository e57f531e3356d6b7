"""``plansite.yaml``: every setting declared once, with its kind, default and help text.

The table ``SETTINGS`` is the single source of truth about settings: ``parse_config``
reads each one by its kind, ``plansite schema`` builds the JSON Schema from it
(``schema.py``), the defaults of ``model.Config`` are checked against it, and a test
compares the settings table of docs/configuration.md with it row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.fields import FieldReader
from generator.load.yamlsafe import YamlDoc
from generator.model import GAP_CODES, Channel, Config, IgnoreRule

CONFIG_FILE = "plansite.yaml"
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
}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting of plansite.yaml: what the validator, the schema and the docs need."""

    key: str  # dotted, as written in plansite.yaml
    kind: Kind
    default: object  # the value when the setting is absent or invalid
    help: str  # one sentence, shown by editors through the JSON Schema
    choices: tuple[str, ...] = ()  # the allowed values of a ``choice``
    minimum: int = 0  # the smallest allowed ``integer``
    #: How the docs word a default that is not a fixed value (title, today).
    default_note: str | None = None

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
        return self.name

    @property
    def type_label(self) -> str:
        """The type as the docs' settings table writes it (Markdown; inside the table a
        ``|`` is escaped as ``\\|``)."""
        if self.kind == "choice":
            return " | ".join(f"`{choice}`" for choice in self.choices)
        if self.kind == "integer":
            return f"integer ≥ {self.minimum}"
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
    ),
    Setting(
        "stale_after_days",
        "integer",
        365,
        "A published item dated longer ago than this, with no review_by, is stale.",
        minimum=1,
    ),
    Setting("calendar.weeks_back", "integer", 4, "Weeks before today the calendar shows."),
    Setting("calendar.weeks_ahead", "integer", 26, "Weeks after today the calendar shows."),
    Setting(
        "history.weeks",
        "integer",
        26,
        "ISO weeks up to the current one that the Trends page and history.csv show; "
        "0 turns them off.",
        minimum=0,
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
        "Accepted gaps: {code, stage?, persona?, channel?, format?, item?}. "
        "They are reported as ignored, not hidden.",
    ),
    Setting(
        "channels",
        "channels",
        None,
        "Channels with name, description, cadence (RRULE), max_per_week, human. "
        "When set, items may only name these channels.",
    ),
)

CHANNEL_KEYS = ("name", "description", "cadence", "max_per_week", "human")
IGNORE_KEYS = ("code", "stage", "persona", "channel", "format", "item")


def parse_config(
    doc: YamlDoc | None, path: str, default_title: str
) -> tuple[Config, list[Diagnostic]]:
    """Validate the whole of plansite.yaml at once; bad values fall back to defaults.

    Every ``Config`` field is passed explicitly, from ``SETTINGS``: the dataclass's own
    defaults only serve code that builds a ``Config`` by hand (tests)."""
    diagnostics: list[Diagnostic] = []
    if doc is None:
        doc = YamlDoc(data=None)
    elif doc.data is not None and not isinstance(doc.data, dict):
        diagnostics.append(
            Diagnostic(
                path,
                doc.start.line,
                doc.start.column,
                "error",
                "type",
                "plansite.yaml must be a mapping of settings",
            )
        )
    # a reader sees no keys in a document that is not a mapping: every default applies
    values = read_settings(FieldReader(doc, path, diagnostics))
    values["title"] = values["title"] or default_title
    return Config(**values), diagnostics


def read_settings(r: FieldReader) -> dict[str, Any]:
    """Each setting's value by ``Config`` field: the value written, or the default when
    it is absent or invalid (then with a diagnostic). A section that is not a mapping is
    reported once and its settings keep their defaults."""
    r.check_unknown(_top_level_keys(), what="setting")
    sections: dict[str, FieldReader | None] = {}
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        reader: FieldReader | None = r
        if setting.section is not None:
            if setting.section not in sections:
                sections[setting.section] = _section(r, setting.section)
            reader = sections[setting.section]
        values[setting.field] = (
            setting.default if reader is None else READERS[setting.kind](reader, setting)
        )
    return values


def _top_level_keys() -> list[str]:
    """Top-level keys of plansite.yaml: settings and sections, in declaration order."""
    return list(dict.fromkeys(s.key.partition(".")[0] for s in SETTINGS))


def _section(r: FieldReader, name: str) -> FieldReader | None:
    """The reader of a section such as ``calendar``, its unknown keys reported."""
    section = r.child(name)
    if section is not None:
        section.check_unknown([s.name for s in SETTINGS if s.section == name], what="setting")
    return section


# -- the plain kinds ---------------------------------------------------------------------


def _text(r: FieldReader, setting: Setting) -> object:
    """Text; empty text counts as absent."""
    return r.text(setting.name) or setting.default


def _choice(r: FieldReader, setting: Setting) -> object:
    return r.choice(setting.name, setting.choices) or setting.default


def _integer(r: FieldReader, setting: Setting) -> object:
    assert isinstance(setting.default, int)
    return r.integer(setting.name, setting.default, minimum=setting.minimum)


def _date(r: FieldReader, setting: Setting) -> object:
    return r.day(setting.name)


# -- the kinds that check more than a type ------------------------------------------------


def _timezone(r: FieldReader, setting: Setting) -> object:
    """An IANA zone name that this machine's zone database (or tzdata) knows."""
    zone = r.text(setting.name) or setting.default
    assert isinstance(zone, str)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        r.error(
            setting.name,
            "value",
            f"unknown time zone `{zone}`",
            "use an IANA name such as Asia/Tokyo or Europe/Berlin",
        )
        return setting.default
    return zone


def _site_url(r: FieldReader, setting: Setting) -> object:
    """An http(s) address, always ending in ``/`` so item paths can be appended."""
    url = r.text(setting.name)
    if url is None:
        return setting.default
    if not url.startswith(("https://", "http://")):
        r.error(
            setting.name,
            "value",
            f"`{setting.key}` must start with https:// or http://, not `{url}`",
        )
        return setting.default
    return url if url.endswith("/") else url + "/"


def _holiday_country(r: FieldReader, setting: Setting) -> object:
    """A country code the ``holidays`` package has a calendar for, upper-cased."""
    code = r.text(setting.name)
    if code is None:
        return setting.default
    import holidays  # imported lazily: it is large and only needed when configured

    supported = holidays.list_supported_countries()
    if code.upper() not in supported:
        r.error(
            setting.name,
            "value",
            f"no public-holiday calendar for country `{code}`",
            did_you_mean(code.upper(), supported),
        )
        return setting.default
    return code.upper()


def _ignore_rules(r: FieldReader, setting: Setting) -> object:
    """Each entry a mapping with a known gap ``code``; a bad entry is left out."""
    if not r.has(setting.name):
        return ()
    value = r.data[setting.name]
    if not isinstance(value, list):
        r.error("ignore", "type", "`ignore` must be a list of {code, stage?, persona?, ...}")
        return ()
    rules: list[IgnoreRule] = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            r.error(
                ("ignore", index), "type", "each `ignore` entry must be a mapping with a `code`"
            )
            continue
        sub = FieldReader(r.doc, r.path, r.diagnostics, ("ignore", index), entry)
        sub.check_unknown(IGNORE_KEYS)
        sub.require("code")
        code = sub.choice("code", GAP_CODES)
        if code is None:
            continue
        rules.append(IgnoreRule(code, *(sub.text(k) for k in IGNORE_KEYS[1:])))
    return tuple(rules)


def _channels(r: FieldReader, setting: Setting) -> object:
    """Declared channels in file order; a channel that is not a mapping is left out."""
    section = r.child(setting.name)
    if section is None:
        return None
    channels: list[Channel] = []
    for raw_id in section.data:
        channel_id = str(raw_id)
        entry: Any = section.data[raw_id]
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            section.error(
                channel_id,
                "type",
                f"channel `{channel_id}` must be a mapping "
                "(name, description, cadence, max_per_week, human)",
            )
            continue
        c = FieldReader(r.doc, r.path, r.diagnostics, ("channels", channel_id), entry)
        c.check_unknown(CHANNEL_KEYS)
        cadence = c.text("cadence")
        if cadence is not None:
            cadence = _valid_rrule(c, cadence)
        max_per_week = c.integer("max_per_week", None, minimum=1)
        channels.append(
            Channel(
                id=channel_id,
                name=c.text("name", channel_id) or channel_id,
                description=c.text("description", "") or "",
                cadence=cadence,
                max_per_week=max_per_week,
                human=c.boolean("human", False),
            )
        )
    return tuple(channels)


def _valid_rrule(c: FieldReader, cadence: str) -> str | None:
    rule = cadence.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if "DTSTART" in rule.upper() or "\n" in rule:
        c.error(
            "cadence",
            "rrule",
            "`cadence` must be a single RRULE without DTSTART",
            "e.g. FREQ=WEEKLY;BYDAY=MO",
        )
        return None
    frequency = next(
        (
            part.split("=", 1)[1].upper()
            for part in rule.split(";")
            if part.upper().startswith("FREQ=")
        ),
        "",
    )
    if frequency in ("HOURLY", "MINUTELY", "SECONDLY"):
        c.error(
            "cadence",
            "rrule",
            f"`cadence` repeats {frequency.lower()}; a publishing cadence is daily at most",
            "e.g. FREQ=DAILY or FREQ=WEEKLY;BYDAY=MO,TH",
        )
        return None
    try:
        rrulestr(rule, dtstart=None, ignoretz=True)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        c.error(
            "cadence",
            "rrule",
            f"invalid RRULE `{cadence}`: {exc}",
            "e.g. FREQ=WEEKLY;BYDAY=MO or FREQ=MONTHLY;BYDAY=1FR",
        )
        return None
    return rule


#: How each kind of setting is read (every kind has a reader: a test checks it).
READERS: dict[str, Callable[[FieldReader, Setting], object]] = {
    "text": _text,
    "path": _text,
    "choice": _choice,
    "integer": _integer,
    "date": _date,
    "timezone": _timezone,
    "url": _site_url,
    "country": _holiday_country,
    "gap-matchers": _ignore_rules,
    "channels": _channels,
}

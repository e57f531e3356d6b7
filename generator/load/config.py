"""``plansite.yaml``: every setting declared once, with its default and help text.

The table ``SETTINGS`` is the single source for validation, ``plansite schema`` and the
settings reference in the docs; a test fails when one of them is undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.fields import FieldReader
from generator.load.yamlsafe import YamlDoc
from generator.model import GAP_CODES, Channel, Config, IgnoreRule

CONFIG_FILE = "plansite.yaml"
LANGUAGES = ("en", "ja")


@dataclass(frozen=True, slots=True)
class Setting:
    key: str  # dotted, as written in plansite.yaml
    type: str  # as the docs and the JSON Schema describe it
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("title", "string", None, "Site title. Default: the project folder's name."),
    Setting(
        "language",
        "en | ja",
        "en",
        "UI language: every label, date format and the first day of the week.",
    ),
    Setting(
        "timezone",
        "IANA time zone",
        "UTC",
        "Zone in which dates, date-times and 'today' are read, e.g. Asia/Tokyo.",
    ),
    Setting(
        "today",
        "date",
        None,
        "Fixes 'today' for reproducible builds. Overridden by --today; "
        "without either, SOURCE_DATE_EPOCH, then the clock.",
    ),
    Setting("output", "path", "site", "Output folder, relative to the project."),
    Setting(
        "site_url",
        "URL",
        None,
        "Where the site is published, e.g. https://plan.example.com/. Used for the "
        "item links inside calendar feeds; without it they are relative.",
    ),
    Setting(
        "coverage.min_items",
        "integer ≥ 1",
        1,
        "Planned items a persona × stage cell needs to count as covered.",
    ),
    Setting(
        "stale_after_days",
        "integer ≥ 1",
        365,
        "A published item dated longer ago than this, with no review_by, is stale.",
    ),
    Setting("calendar.weeks_back", "integer ≥ 0", 4, "Weeks before today the calendar shows."),
    Setting("calendar.weeks_ahead", "integer ≥ 0", 26, "Weeks after today the calendar shows."),
    Setting(
        "calendar.holidays",
        "country code",
        None,
        "Country (e.g. JP) whose public holidays the calendar shows and flags.",
    ),
    Setting(
        "ignore",
        "list of gap matchers",
        [],
        "Accepted gaps: {code, stage?, persona?, channel?, format?, item?}. "
        "They are reported as ignored, not hidden.",
    ),
    Setting(
        "channels",
        "map of id → channel",
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
    """Validate the whole of plansite.yaml at once; bad values fall back to defaults."""
    diagnostics: list[Diagnostic] = []
    if doc is None or doc.data is None:
        return Config(title=default_title), diagnostics
    if not isinstance(doc.data, dict):
        pos = doc.start
        diagnostics.append(
            Diagnostic(
                path,
                pos.line,
                pos.column,
                "error",
                "type",
                "plansite.yaml must be a mapping of settings",
            )
        )
        return Config(title=default_title), diagnostics
    r = FieldReader(doc, path, diagnostics)
    r.check_unknown({s.key.split(".")[0] for s in SETTINGS}, what="setting")

    timezone = r.text("timezone", "UTC") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.error(
            "timezone",
            "value",
            f"unknown time zone `{timezone}`",
            "use an IANA name such as Asia/Tokyo or Europe/Berlin",
        )
        timezone = "UTC"

    coverage = r.child("coverage")
    min_items = 1
    if coverage is not None:
        coverage.check_unknown(["min_items"], what="setting")
        min_items = coverage.integer("min_items", 1, minimum=1) or 1

    calendar = r.child("calendar")
    weeks_back, weeks_ahead, holidays = 4, 26, None
    if calendar is not None:
        calendar.check_unknown(["weeks_back", "weeks_ahead", "holidays"], what="setting")
        weeks_back = calendar.integer("weeks_back", 4) or 0
        weeks_ahead = calendar.integer("weeks_ahead", 26) or 0
        holidays = _holiday_country(calendar)

    config = Config(
        title=r.text("title", default_title) or default_title,
        language=r.choice("language", LANGUAGES, "en") or "en",
        timezone=timezone,
        today=r.day("today"),
        output=r.text("output", "site") or "site",
        site_url=_site_url(r),
        min_items=min_items,
        stale_after_days=r.integer("stale_after_days", 365, minimum=1) or 365,
        weeks_back=weeks_back,
        weeks_ahead=weeks_ahead,
        holidays=holidays,
        ignore=_ignore_rules(r),
        channels=_channels(r),
    )
    return config, diagnostics


def _site_url(r: FieldReader) -> str | None:
    url = r.text("site_url")
    if url is None:
        return None
    if not url.startswith(("https://", "http://")):
        r.error("site_url", "value", f"`site_url` must start with https:// or http://, not `{url}`")
        return None
    return url if url.endswith("/") else url + "/"


def _holiday_country(r: FieldReader) -> str | None:
    code = r.text("holidays")
    if code is None:
        return None
    import holidays  # imported lazily: it is large and only needed when configured

    supported = holidays.list_supported_countries()
    if code.upper() not in supported:
        r.error(
            "holidays",
            "value",
            f"no public-holiday calendar for country `{code}`",
            did_you_mean(code.upper(), supported),
        )
        return None
    return code.upper()


def _ignore_rules(r: FieldReader) -> tuple[IgnoreRule, ...]:
    if not r.has("ignore"):
        return ()
    value = r.data["ignore"]
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


def _channels(r: FieldReader) -> tuple[Channel, ...] | None:
    section = r.child("channels")
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

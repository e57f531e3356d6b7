"""``plansite.yaml``: reading every setting of ``SETTINGS`` (``settings.py``) by its kind.

``parse_config`` validates the whole file at once; each kind of setting has one reader
here (``READERS``); a bad value is a diagnostic at its line and falls back to the default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.cadence import CadenceError, parse_cadence
from generator.load.fields import FieldReader, type_name
from generator.load.libraries import holiday_countries
from generator.load.metrics import read_metrics, read_results_files
from generator.load.numbers import read_targets
from generator.load.people import read_formats
from generator.load.settings import (
    CHANNEL_KEYS,
    CONFIG_FILE,
    IGNORE_KEYS,
    LANGUAGES,
    MAX_COUNT,
    SETTINGS,
    Kind,
    Setting,
)
from generator.load.yamlsafe import YamlDoc
from generator.model import GAP_CODES, POLICY_STATUSES, Channel, Config, IgnoreRule
from generator.text import one_line

__all__ = [
    "CHANNEL_KEYS",
    "CONFIG_FILE",
    "IGNORE_KEYS",
    "LANGUAGES",
    "READERS",
    "SETTINGS",
    "Kind",
    "Setting",
    "parse_config",
]


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
    values["title"] = values["title"] or one_line(default_title)
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
    assert setting.maximum is not None, f"{setting.key} needs a maximum"
    return r.integer(
        setting.name, setting.default, minimum=setting.minimum, maximum=int(setting.maximum)
    )


def _date(r: FieldReader, setting: Setting) -> object:
    return r.day(setting.name)


def _number(r: FieldReader, setting: Setting) -> object:
    """A number between the setting's minimum and maximum, both included."""
    if not r.has(setting.name):
        return setting.default
    value = r.data[setting.name]
    low, high = setting.minimum, setting.maximum
    if isinstance(value, bool) or not isinstance(value, int | float):
        r.error(setting.name, "type", f"`{setting.key}` must be a number, not {type_name(value)}")
        return setting.default
    if value < low or (high is not None and value > high):
        r.error(setting.name, "value", f"`{setting.key}` must be from {low} to {high:g}")
        return setting.default
    return float(value)


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
    supported = holiday_countries()
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
    for channel_id, c in section.entries("channel", CHANNEL_KEYS):
        cadence = c.text("cadence")
        if cadence is not None:
            cadence = _valid_rrule(c, cadence)
        max_per_week = c.integer("max_per_week", None, minimum=1, maximum=MAX_COUNT)
        channels.append(
            Channel(
                id=channel_id,
                name=c.text("name", channel_id) or channel_id,
                description=c.text("description", "") or "",
                cadence=cadence,
                max_per_week=max_per_week,
                human=c.boolean("human", False),
                kpi=read_targets(c),
            )
        )
    return tuple(channels)


def _valid_rrule(c: FieldReader, cadence: str) -> str | None:
    """The cadence as ``load/cadence.py`` accepts it, or None with an error at its line."""
    try:
        return parse_cadence(cadence)
    except CadenceError as exc:
        c.error("cadence", "rrule", exc.message, exc.hint)
        return None


def _required_fields(r: FieldReader, setting: Setting) -> object:
    """``policy.required``: status → item fields, each status and field a known one; an
    unknown one is reported where it is written and left out."""
    # imported here: the front-matter schema is built from the settings read here
    from generator.load.schema import POLICY_FIELDS

    section = r.child(setting.name)
    if section is None:  # absent, or not a mapping (reported by ``child``)
        return setting.default
    fields = list(POLICY_FIELDS)
    policy: list[tuple[str, tuple[str, ...]]] = []
    for raw in section.data:
        status = str(raw)
        if status not in POLICY_STATUSES:
            hint = "archived items are exempt from the policy" if status == "archived" else None
            section.report(
                status,
                "error",
                "value",
                f"`{setting.key}` names unknown status `{status}`",
                hint or did_you_mean(status, POLICY_STATUSES),
                at_key=True,
            )
            continue
        names: list[str] = []
        for index, name in enumerate(section.text_list(status)):
            if name in fields:
                names.append(name)
                continue
            at = (status, index) if isinstance(section.data[raw], list) else status
            section.error(
                at,
                "value",
                f"`{setting.key}.{status}` names unknown item field `{name}`",
                did_you_mean(name, fields),
            )
        policy.append((status, tuple(dict.fromkeys(names))))
    return tuple(policy)


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
    "number": _number,
    "results-files": lambda r, setting: read_results_files(r, setting.name),
    "metrics": lambda r, setting: read_metrics(r, setting.name),
    "required-fields": _required_fields,
    # -- people and formats
    "formats": lambda r, setting: read_formats(r, setting.name),
}

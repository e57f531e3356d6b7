"""The fields of every file kind, declared once: the validator's list of known keys,
``plansite schema`` (JSON Schema for editors) and the field reference all come from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.load.config import CHANNEL_KEYS, IGNORE_KEYS, SETTINGS, Setting
from generator.load.settings import MAX_COUNT
from generator.model import (
    COMBINES,
    DIRECTIONS,
    FUNNELS,
    GAP_CODES,
    MAX_CAPACITY,
    MAX_EFFORT_DAYS,
    POLICY_STATUSES,
    PRIORITIES,
    RESULT_KINDS,
    ROLES,
    STATUSES,
    UNITS,
)

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter field: its JSON Schema and what it means."""

    name: str
    schema: dict[str, Any]
    help: str
    required: bool = False


TEXT: dict[str, Any] = {"type": "string"}
TEXT_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
ID_OR_LIST: dict[str, Any] = {"anyOf": [TEXT, TEXT_LIST]}
DATE: dict[str, Any] = {"type": "string", "format": "date"}
DATE_OR_TIME: dict[str, Any] = {"anyOf": [DATE, {"type": "string", "format": "date-time"}]}
COUNT: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_COUNT}
#: Targets by metric id: a number, or text such as "2%" or "1,000".
KPI: dict[str, Any] = {"type": "object", "additionalProperties": {"type": ["number", "string"]}}

ITEM_FIELDS: tuple[Field, ...] = (
    Field("title", TEXT, "The piece's title.", required=True),
    Field("persona", ID_OR_LIST, "Persona id(s) the piece is for.", required=True),
    Field("stage", ID_OR_LIST, "Stage id(s) the piece serves.", required=True),
    Field("channel", ID_OR_LIST, "Channel id(s) it goes out on.", required=True),
    Field("format", TEXT, "Format, e.g. blog-post, case-study, webinar, demo-video."),
    Field("status", {"enum": list(STATUSES), "default": "planned"}, "Where the piece stands."),
    Field("date", DATE_OR_TIME, "Planned or actual publication date (or date-time)."),
    Field("owner", TEXT, "Who is responsible."),
    Field("next", ID_OR_LIST, "Ids of the items that are this piece's next step."),
    Field("review_by", DATE, "Date after which the piece needs a content review."),
    Field("campaign", TEXT, "Campaign it belongs to."),
    Field("tags", ID_OR_LIST, "Free tags."),
    Field(
        "kpi",
        KPI,
        "Targets the piece is judged by, metric id → target, e.g. {pv: 1000, cvr: 0.02} "
        "(the form {metric: cvr, target: 0.02} is read as {cvr: 0.02}).",
    ),
    Field("url", TEXT, "Where the piece is published: matches the rows of analytics exports."),
    Field(
        "derived_from",
        ID_OR_LIST,
        "Id(s) of the item(s) this piece was repurposed from; not a next step.",
    ),
    Field("id", TEXT, "Item id; default: the path under content/ without .md."),
    # -- people and deadlines
    Field("deadline", DATE, "When the draft is due, on or before date."),
)

OWNER_FIELDS: tuple[Field, ...] = (
    Field("id", TEXT, "Owner id, as items name it in owner; default: the file stem."),
    Field("name", TEXT, "Display name; default: the id."),
    Field(
        "capacity",
        {"type": "integer", "minimum": 1, "maximum": MAX_CAPACITY},
        "Pieces in flight (planned, draft, review, scheduled) per ISO week.",
    ),
)

PERSONA_FIELDS: tuple[Field, ...] = (
    Field("id", TEXT, "Persona id; default: the file stem."),
    Field("name", TEXT, "Display name; default: the id."),
    Field("role", {"anyOf": [{"enum": list(ROLES)}, TEXT]}, "Buying-committee role."),
    Field("priority", {"enum": list(PRIORITIES), "default": "medium"}, "How much it matters."),
    Field("stages", TEXT_LIST, "The stages that apply to this persona; default: all."),
    Field("goals", ID_OR_LIST, "What the persona wants to achieve."),
    Field("pains", ID_OR_LIST, "What gets in their way."),
    Field(
        "needs",
        {"type": "object", "additionalProperties": TEXT},
        "Map of stage id → what the persona needs there.",
    ),
)

STAGE_FIELDS: tuple[Field, ...] = (
    Field("id", TEXT, "Stage id; default: the file stem without an NN- prefix."),
    Field("name", TEXT, "Display name; default: the id."),
    Field("order", {"type": "integer"}, "Position in the journey; default: the NN- prefix."),
    Field("funnel", {"enum": list(FUNNELS)}, "Funnel position."),
    Field("customer_state", ID_OR_LIST, "What the customer thinks and does here."),
    Field("needs", ID_OR_LIST, "What people need at this stage."),
    Field("formats", ID_OR_LIST, "Recommended formats."),
    Field("channels", ID_OR_LIST, "Recommended channels."),
    Field("min_items", COUNT, "Planned items each persona × stage cell needs."),
    Field("kpi", KPI, "Targets for the stage's planned items together, metric id → target."),
)


def keys(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.name for f in fields)


def _object(title: str, fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "title": title,
        "type": "object",
        "properties": {f.name: {**f.schema, "description": f.help} for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


#: Schemas of the two settings that are more than one value, beside their readers'
#: key lists (``IGNORE_KEYS``, ``CHANNEL_KEYS``) so the schema names the same keys.
_IGNORE_RULE: dict[str, Any] = {
    "type": "object",
    "properties": {k: ({"enum": list(GAP_CODES)} if k == "code" else TEXT) for k in IGNORE_KEYS},
    "required": ["code"],
    "additionalProperties": False,
}
_CHANNEL_PROPERTIES: dict[str, dict[str, Any]] = {
    "name": {**TEXT, "description": "Display name."},
    "description": {**TEXT, "description": "What the channel is for."},
    "cadence": {**TEXT, "description": "RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO."},
    "max_per_week": {**COUNT, "description": "Cap per persona per ISO week."},
    "human": {"type": "boolean", "description": "A human touchpoint."},
    "kpi": {**KPI, "description": "Targets for the channel's planned items, metric → target."},
}
_CHANNEL: dict[str, Any] = {
    "type": "object",
    "properties": {k: _CHANNEL_PROPERTIES[k] for k in CHANNEL_KEYS},
    "additionalProperties": False,
}
#: The fields ``policy.required`` may ask for: every item field but its id and status.
POLICY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in ITEM_FIELDS if f.name not in ("id", "status")
)
_POLICY_FIELDS: dict[str, Any] = {"enum": list(POLICY_FIELDS)}
_REQUIRED_FIELDS: dict[str, Any] = {
    "type": "object",
    "properties": {
        status: {"anyOf": [_POLICY_FIELDS, {"type": "array", "items": _POLICY_FIELDS}]}
        for status in POLICY_STATUSES
    },
    "additionalProperties": False,
}
#: The JSON Schema of each kind of setting that does not depend on the setting.
_KIND_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": TEXT,
    "path": TEXT,
    "date": DATE,
    "timezone": TEXT,
    "url": {"type": "string", "format": "uri"},
    "country": TEXT,
    "gap-matchers": {"type": "array", "items": _IGNORE_RULE},
    "channels": {"type": "object", "additionalProperties": _CHANNEL},
    "results-files": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "kind": {"enum": list(RESULT_KINDS)},
                "start": DATE,
                "end": DATE,
                "columns": {"type": "object", "additionalProperties": TEXT},
            },
            "additionalProperties": False,
        },
    },
    "required-fields": _REQUIRED_FIELDS,
    "formats": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "name": {**TEXT, "description": "Display name shown on every page."},
                "effort_days": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": MAX_EFFORT_DAYS,
                    "description": "Calendar days the draft takes: the default deadline.",
                },
            },
            "additionalProperties": False,
        },
    },
    "metrics": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "name": {"anyOf": [TEXT, {"type": "object", "additionalProperties": TEXT}]},
                "unit": {"enum": list(UNITS)},
                "better": {"enum": list(DIRECTIONS)},
                "combine": {"enum": list(COMBINES)},
                "weight": TEXT,
                "columns": TEXT_LIST,
            },
            "additionalProperties": False,
        },
    },
}


def setting_schema(setting: Setting) -> dict[str, Any]:
    """One setting's schema: its kind's, its bounds or choices, its help and default."""
    if setting.kind == "choice":
        schema: dict[str, Any] = {"enum": list(setting.choices)}
    elif setting.kind == "integer":
        schema = {"type": "integer", "minimum": setting.minimum, "maximum": setting.maximum}
    elif setting.kind == "number":
        schema = {"type": "number", "minimum": setting.minimum, "maximum": setting.maximum}
    else:
        schema = dict(_KIND_SCHEMAS[setting.kind])
    schema["description"] = setting.help
    if setting.default is not None and setting.default != ():
        schema["default"] = setting.default
    return schema


def _config_schema() -> dict[str, Any]:
    """plansite.yaml from ``SETTINGS``: a dotted key is a property of its section."""
    properties: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.section is None:
            properties[setting.key] = setting_schema(setting)
            continue
        section = properties.setdefault(
            setting.section, {"type": "object", "properties": {}, "additionalProperties": False}
        )
        section["properties"][setting.name] = setting_schema(setting)
    return {
        "title": "plansite.yaml",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """All schemas under ``$defs`` (or one, by kind: item, persona, stage, owner, config)."""
    defs = {
        "item": _object("content item front matter", ITEM_FIELDS),
        "persona": _object("persona front matter", PERSONA_FIELDS),
        "stage": _object("stage front matter", STAGE_FIELDS),
        "owner": _object("owner front matter", OWNER_FIELDS),
        "config": _config_schema(),
    }
    if kind is not None:
        return {"$schema": SCHEMA_URL, **defs[kind]}
    return {"$schema": SCHEMA_URL, "title": "plansite", "$defs": defs}

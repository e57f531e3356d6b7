"""People and formats as data: ``owners/*.md`` and ``formats:`` in plansite.yaml.

Kept apart from the loaders of stages, personas and items so the rules about who
carries how much, and how long a kind of piece takes, read in one place. Cross-file
checks (an item naming an unknown owner or format) are in ``people_checks.py``.
"""

from __future__ import annotations

from pathlib import Path

from generator.load.fields import FieldReader, nfc
from generator.load.frontmatter import Parsed
from generator.model import MAX_CAPACITY, MAX_EFFORT_DAYS, Format, Owner

#: The front-matter keys of ``owners/*.md`` (``schema.OWNER_FIELDS`` describes them).
OWNER_KEYS = ("id", "name", "capacity")
#: The keys of one entry of ``formats:``.
FORMAT_KEYS = ("name", "effort_days")


def parse_owner(parsed: Parsed) -> Owner | None:
    """One ``owners/*.md`` file: id (default the file stem), name, capacity."""
    if parsed.doc is None:
        return None
    r = FieldReader(parsed.doc, parsed.source.rel, parsed.diagnostics)
    r.check_unknown(OWNER_KEYS)
    stem = nfc(Path(parsed.source.rel).stem)
    owner_id = nfc(r.text("id", stem) or stem).strip() or stem
    return Owner(
        id=owner_id,
        name=r.text("name", owner_id) or owner_id,
        path=parsed.source.rel,
        capacity=bounded(r, "capacity", 1, MAX_CAPACITY),
        body=parsed.body,
    )


def bounded(r: FieldReader, key: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``; None (with an error) otherwise."""
    value = r.integer(key, None, minimum=low)
    if value is not None and value > high:
        r.error(key, "value", f"`{key}` must be at most {high}, not {value}")
        return None
    return value


def read_formats(r: FieldReader, key: str) -> tuple[Format, ...] | None:
    """``formats:`` — id → {name, effort_days}; None when the setting is absent. An entry
    that is not a mapping is left out, with an error at its line."""
    section = r.child(key)
    if section is None:
        return None
    formats: list[Format] = []
    for format_id, f in section.entries("format", FORMAT_KEYS):
        formats.append(
            Format(
                id=format_id,
                name=f.text("name", format_id) or format_id,
                effort_days=bounded(f, "effort_days", 0, MAX_EFFORT_DAYS),
            )
        )
    return tuple(formats)

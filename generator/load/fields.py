"""Typed reading of one YAML mapping, turning every bad value into a diagnostic.

A ``FieldReader`` wraps a parsed document and hands out values of the type a field
needs; when the value is wrong it records a diagnostic at the field's line and returns
a harmless default, so one run reports every problem in a file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import date, datetime, tzinfo
from typing import Any

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.load.yamlsafe import KeyPath, YamlDoc
from generator.model import FIRST_DAY, LAST_DAY
from generator.text import control_in, one_line

_YAML11_TYPES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


def type_name(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, datetime | date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def nfc(value: str) -> str:
    """An id or name in the one form plansite compares them in (Unicode NFC): a file name
    from macOS and the same id typed elsewhere are the same id."""
    return unicodedata.normalize("NFC", value)


class FieldReader:
    """Reads fields of the mapping at ``base`` inside ``doc``."""

    def __init__(
        self,
        doc: YamlDoc,
        path: str,
        diagnostics: list[Diagnostic],
        base: KeyPath = (),
        data: dict[str, Any] | None = None,
    ) -> None:
        self.doc = doc
        self.path = path
        self.diagnostics = diagnostics
        self.base = base
        self.data: dict[str, Any] = (
            data if data is not None else (doc.data if isinstance(doc.data, dict) else {})
        )

    # -- reporting -------------------------------------------------------------------
    def report(
        self,
        key: str | KeyPath,
        severity: Severity,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        at_key: bool = False,
    ) -> None:
        kp = self._kp(key)
        pos = self.doc.key_pos(kp) if at_key else self.doc.pos(kp)
        self.diagnostics.append(
            Diagnostic(self.path, pos.line, pos.column, severity, code, message, hint)
        )

    def error(self, key: str | KeyPath, code: str, message: str, hint: str | None = None) -> None:
        self.report(key, "error", code, message, hint)

    def _kp(self, key: str | KeyPath) -> KeyPath:
        return (*self.base, key) if isinstance(key, str) else (*self.base, *key)

    def _label(self, key: str) -> str:
        return ".".join(str(k) for k in (*self.base, key))

    # -- presence --------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def check_unknown(self, known: Iterable[str], *, what: str = "key") -> None:
        known_set = set(known)
        for key in self.data:
            if str(key) not in known_set:
                self.report(
                    str(key),
                    "warning",
                    "unknown-key",
                    f"unknown {what} `{self._label(str(key))}`",
                    did_you_mean(str(key), known_set),
                    at_key=True,
                )

    def require(self, *keys: str) -> None:
        for key in keys:
            if not self.has(key):
                pos = self.doc.pos(self.base)
                self.diagnostics.append(
                    Diagnostic(
                        self.path,
                        pos.line,
                        pos.column,
                        "error",
                        "missing-field",
                        f"missing required field `{self._label(key)}`",
                    )
                )

    # -- scalars ---------------------------------------------------------------------
    def text(self, key: str, default: str | None = None) -> str | None:
        """A string; a YAML 1.1 surprise (``no``, ``on``, ``0123``) is kept as written."""
        if not self.has(key):
            return default
        value = self.data[key]
        if isinstance(value, str):
            return self._one_line(key, value)
        return self._coerce_scalar(key, value, default)

    def _one_line(self, key: str | KeyPath, value: str) -> str:
        """``value`` as every output may show it (``text.one_line``); a control character
        that had to go is reported, naming it, at the field. Every string field of every
        file passes here, so no writer downstream meets a raw control character."""
        control = control_in(value)
        if control is not None:
            label = self._label(key) if isinstance(key, str) else ".".join(map(str, key))
            self.report(
                key,
                "warning",
                "control-character",
                f"`{label}` holds the control character U+{ord(control):04X}; it is left out",
                "remove it: an escape such as \\e or \\x07 in a quoted value makes one",
            )
        return one_line(value)

    def _coerce_scalar(self, key: str | KeyPath, value: object, default: str | None) -> str | None:
        kp = self._kp(key)
        scalar = self.doc.scalars.get(kp)
        if scalar is not None and scalar.plain and scalar.tag in _YAML11_TYPES:
            self.report(
                key,
                "warning",
                "yaml-coerced",
                f"`{scalar.raw}` is read by YAML as {_YAML11_TYPES[scalar.tag]}; "
                "used as the text it looks like",
                f'quote it: "{scalar.raw}"',
            )
            return scalar.raw
        label = self._label(key) if isinstance(key, str) else ".".join(map(str, kp))
        self.error(key, "type", f"`{label}` must be text, not {type_name(value)}")
        return default

    def text_list(self, key: str) -> tuple[str, ...]:
        """One string or a list of strings (docs/files.md: ``persona``, ``stage`` … take either)."""
        if not self.has(key):
            return ()
        value = self.data[key]
        if isinstance(value, list):
            out: list[str] = []
            for index, element in enumerate(value):
                if isinstance(element, str):
                    out.append(self._one_line((key, index), element))
                elif element is not None:
                    coerced = self._coerce_scalar((key, index), element, None)
                    if coerced is not None:
                        out.append(coerced)
            return tuple(out)
        single = self.text(key)
        return (single,) if single is not None else ()

    def integer(
        self,
        key: str,
        default: int | None = None,
        *,
        minimum: int = 0,
        maximum: int | None = None,
    ) -> int | None:
        """A whole number within its bounds: every count or span a setting or field gives
        has a largest value, so no value can make plansite loop or allocate without bound."""
        if not self.has(key):
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                key, "type", f"`{self._label(key)}` must be a whole number, not {type_name(value)}"
            )
            return default
        if value < minimum:
            self.error(key, "value", f"`{self._label(key)}` must be at least {minimum}")
            return default
        if maximum is not None and value > maximum:
            self.error(key, "value", f"`{self._label(key)}` must be at most {maximum:,}")
            return default
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self.error(
                key, "type", f"`{self._label(key)}` must be true or false, not {type_name(value)}"
            )
            return default
        return value

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str | None:
        value = self.text(key)
        if value is None:
            return default
        options = tuple(choices)
        if value not in options:
            self.error(
                key,
                "value",
                f"`{self._label(key)}` must be one of {', '.join(options)}, not `{value}`",
                did_you_mean(value, options),
            )
            return default
        return value

    def day(self, key: str) -> date | None:
        """A calendar date written ``YYYY-MM-DD``."""
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            with suppress(ValueError):
                value = date.fromisoformat(value.strip())
        if isinstance(value, date):
            return value if self._in_range(key, value) else None
        self.error(
            key, "date", f"`{self._label(key)}` must be a date such as 2026-12-07, not `{value}`"
        )
        return None

    def moment(self, key: str, zone: tzinfo) -> tuple[date | None, datetime | None]:
        """A date, or an ISO 8601 date-time placed on its calendar day in ``zone``."""
        if not self.has(key):
            return None, None
        value = self.data[key]
        if isinstance(value, str):
            text = value.strip()
            try:
                if len(text) <= 10:
                    day = date.fromisoformat(text)
                    return (day, None) if self._in_range(key, day) else (None, None)
                value = datetime.fromisoformat(text)
            except ValueError:
                self.error(
                    key,
                    "date",
                    f"`{self._label(key)}` must be a date (2026-12-07) or "
                    f"a date-time (2026-12-07T10:00:00+09:00), not `{text}`",
                )
                return None, None
        if isinstance(value, date) and not self._in_range(key, value):
            return None, None  # checked before moving zones: that could leave year 9999
        if isinstance(value, datetime):
            aware = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
            return aware.date(), aware
        if isinstance(value, date):
            return value, None
        self.error(key, "date", f"`{self._label(key)}` must be a date, not {type_name(value)}")
        return None, None

    def _in_range(self, key: str, value: date) -> bool:
        """Whether ``value`` (a date or date-time) lies in the days plansite handles;
        reported at the field when not."""
        day = value.date() if isinstance(value, datetime) else value
        if FIRST_DAY <= day <= LAST_DAY:
            return True
        self.error(
            key,
            "date",
            f"`{self._label(key)}` is {day.isoformat()}; plansite handles dates from "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
        )
        return False

    def mapping(self, key: str) -> dict[str, Any] | None:
        if not self.has(key):
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            self.error(
                key,
                "type",
                f"`{self._label(key)}` must be a mapping (key: value), not {type_name(value)}",
            )
            return None
        return value

    def child(self, key: str) -> FieldReader | None:
        """A reader for the nested mapping at ``key`` (None when absent or not a mapping)."""
        data = self.mapping(key)
        if data is None:
            return None
        return FieldReader(self.doc, self.path, self.diagnostics, self._kp(key), data)

    def entries(self, what: str, fields: tuple[str, ...]) -> Iterator[tuple[str, FieldReader]]:
        """Each entry of this mapping of id → fields (``channels``, ``formats``): its id,
        read by the one id rule (NFC, one line), and a reader for its fields, whose
        unknown keys are warned about. An entry that is not a mapping is an error at its
        line and is left out; an empty one reads as no fields."""
        for raw_id in self.data:
            entry_id = one_line(nfc(str(raw_id)))
            entry: Any = self.data[raw_id]
            if entry is None:
                entry = {}
            if not isinstance(entry, dict):
                hint = f"{what} `{entry_id}` must be a mapping ({', '.join(fields)})"
                self.error(str(raw_id), "type", hint)
                continue
            base = (*self.base, raw_id)  # the key as written: where its line is found
            reader = FieldReader(self.doc, self.path, self.diagnostics, base, entry)
            reader.check_unknown(fields)
            yield entry_id, reader

    def text_map(self, key: str) -> tuple[tuple[str, str], ...]:
        """A mapping of id → text, in file order."""
        sub = self.child(key)
        if sub is None:
            return ()
        out = []
        for k in sub.data:
            value = sub.text(str(k))
            if value is not None:
                out.append((one_line(str(k)), value))
        return tuple(out)

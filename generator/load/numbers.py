"""Numbers as exports and people write them: ``1,234``, ``12.5%``, ``0:01:35``, ``1m 35s``.

One reader for the cells of results files and the targets of ``kpi`` fields, so a target
may be written the way the export shows the value (``cvr: 2%``).
"""

from __future__ import annotations

import math
import re

from generator.load.fields import FieldReader

#: ``1m 35s``, ``2h 5m``, ``45s``, ``1 分 35 秒`` (GA4 shows durations this way).
_UNITS = re.compile(
    r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:h|時間))?\s*(?:(\d+(?:\.\d+)?)\s*(?:m|min|分))?"
    r"\s*(?:(\d+(?:\.\d+)?)\s*(?:s|sec|秒))?\s*$"
)
#: ``0:01:35``, ``01:35``, ``1:02:03.5``
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％－＋：", "0123456789.,%-+:")
#: Longer than this is not a number anyone wrote (and is not parsed: bounded work).
MAX_NUMBER_CHARS = 64
#: The magnitudes a value or a target may have: a quadrillion page views at most, and a
#: share no finer than a billionth. Within them every sum of a results file (500,000
#: rows), every ratio of an actual to a target and every percentage of one is a finite
#: float, so no page or export ever meets an infinity.
MAX_MAGNITUDE = 1e15
MIN_MAGNITUDE = 1e-9


def parse_number(text: str) -> float | None:
    """The value of a cell, or None when it is not a number.

    Thousands separators are dropped (``1,234``), a trailing ``%`` divides by 100
    (``12.5%`` is 0.125), durations become seconds (``0:01:35`` and ``1m 35s`` are 95).
    Full-width digits (``１２３``) are read too. NaN and infinities are not numbers."""
    cell = text.strip().translate(_FULLWIDTH).replace("\u00a0", "").replace(" ", " ")
    if not cell or len(cell) > MAX_NUMBER_CHARS:
        return None
    percent = cell.endswith("%")
    if percent:
        cell = cell[:-1].strip()
    value = _plain(cell)
    if value is None and not percent:
        value = parse_duration(cell)
    if value is None:
        return None
    return bounded(value / 100 if percent else value)


def bounded(value: float) -> float | None:
    """``value`` when it is a finite number of a magnitude plansite computes with
    (``MIN_MAGNITUDE`` to ``MAX_MAGNITUDE``, or 0), else None."""
    size = abs(value)
    if not math.isfinite(value) or size > MAX_MAGNITUDE or 0 < size < MIN_MAGNITUDE:
        return None
    return float(value)


def _plain(cell: str) -> float | None:
    if _GROUPED.match(cell):
        cell = cell.replace(",", "")
    if not _PLAIN.match(cell):
        return None
    return float(cell)


def parse_duration(text: str) -> float | None:
    """Seconds of ``H:MM:SS``, ``MM:SS`` or ``1h 2m 3s`` (also ``1分35秒``); else None."""
    cell = text.strip()
    if not cell or len(cell) > MAX_NUMBER_CHARS:
        return None
    clock = _CLOCK.match(cell)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    units = _UNITS.match(cell)
    if units and any(units.groups()):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in units.groups())
        return hours * 3600 + minutes * 60 + seconds
    return None


def read_targets(r: FieldReader, key: str = "kpi") -> dict[str, float]:
    """A ``kpi`` field as metric id → target. Two forms are read: the map ``{pv: 1000,
    cvr: 2%}`` and the older ``{metric: cvr, target: 0.02}`` (= ``{cvr: 0.02}``). A
    target that is not a number is an error at its line and left out; whether each
    metric is known is checked across files (``validate.py``), where the metrics are."""
    sub = r.child(key)
    if sub is None:
        return {}
    if "metric" in sub.data or "target" in sub.data:
        sub.check_unknown(("metric", "target"))
        sub.require("metric", "target")
        metric = sub.text("metric")
        target = _target(sub, "target")
        return {metric: target} if metric and target is not None else {}
    targets: dict[str, float] = {}
    for name in sub.data:
        value = _target(sub, str(name))
        if value is not None:
            targets[str(name)] = value
    return targets


def _target(sub: FieldReader, key: str) -> float | None:
    value = sub.data.get(key)
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = bounded(float(value)) if abs(value) < 1e300 else None
    elif isinstance(value, str):
        number = parse_number(value)
    if number is None:
        sub.error(
            key,
            "type",
            f"`{sub._label(key)}` must be a number such as 1000, 0.02 or 2% "
            f"(from {MIN_MAGNITUDE:g} to {MAX_MAGNITUDE:g}), not `{str(value)[:40]}`",
        )
    return number

"""Terminal views of the analysis: the export rows as aligned tables, or as JSON/CSV.

``plansite matrix``, ``gaps`` and ``calendar`` print the same rows as the matching export
(docs/commands.md); this module only lays them out. Widths count East Asian wide characters as two
columns so Japanese titles line up.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence

from generator.site.exports import to_csv


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def _text(value: object) -> str:
    return "" if value is None else str(value)


def text_table(
    rows: Sequence[Mapping[str, object]], columns: Sequence[str], *, max_width: int = 48
) -> str:
    """An aligned plain-text table with a header and a rule; numbers right-aligned."""
    last = len(columns) - 1  # the last column (a message, a title) is never cut
    cells = [
        [
            _clip("" if row.get(c) is None else str(row.get(c)), 10**6 if i == last else max_width)
            for i, c in enumerate(columns)
        ]
        for row in rows
    ]
    widths = [
        max([display_width(c), *(display_width(r[i]) for r in cells)])
        for i, c in enumerate(columns)
    ]
    numeric = [
        all(isinstance(row.get(c), int | float) for row in rows) and bool(rows) for c in columns
    ]
    lines = [
        "  ".join(_pad(c, w, right=n) for c, w, n in zip(columns, widths, numeric, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    for row_cells in cells:
        lines.append(
            "  ".join(
                _pad(v, w, right=n) for v, w, n in zip(row_cells, widths, numeric, strict=True)
            )
        )
    return "\n".join(line.rstrip() for line in lines)


def render_rows(rows: Sequence[Mapping[str, object]], columns: Sequence[str], fmt: str) -> str:
    """``text`` table, ``json`` list of objects, or ``csv`` — the export's rows and line
    ends, without the BOM (which is for spreadsheets, not for pipes)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if fmt == "csv":
        return to_csv(rows, columns)
    return text_table(rows, columns) + "\n"

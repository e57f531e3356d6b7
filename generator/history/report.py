"""A ``PlanDiff`` for people: plain text for the terminal, Markdown for a pull request.

The Markdown opens with one summary line, then a table per kind of change; a table of
more than ``FOLD`` rows is folded into ``<details>`` so the comment stays short.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.history.diff import PlanDiff, Row
from generator.model import SEVERITIES

FOLD = 10
GAP_FIELDS = ("severity", "code", "stage", "persona", "channel", "item", "message")


def as_json(diff: PlanDiff) -> str:
    return json.dumps(diff.as_json(), ensure_ascii=False, indent=2) + "\n"


def summary(diff: PlanDiff) -> str:
    """``items: 3 added, 1 changed · gaps: 2 opened (1 high), 1 closed · …``."""
    if diff.empty:
        return "no change to the plan"
    parts = []
    items = [(len(diff.added), "added"), (len(diff.removed), "removed")]
    items.append((len(diff.changed), "changed"))
    if any(n for n, _ in items):
        parts.append("items: " + ", ".join(f"{n} {word}" for n, word in items if n))
    if diff.opened or diff.closed:
        worst = [
            f"{n} {s}"
            for s in SEVERITIES
            if (n := sum(1 for g in diff.opened if g["severity"] == s))
        ]
        gaps = [f"{len(diff.opened)} opened ({', '.join(worst)})"] if worst else []
        gaps += [f"{len(diff.closed)} closed"] if diff.closed else []
        parts.append("gaps: " + ", ".join(gaps))
    if diff.coverage:
        parts.append(f"coverage: {len(diff.coverage)} cell(s) changed")
    if diff.kpi:
        parts.append(f"KPI attainment: {len(diff.kpi)} changed")
    return " · ".join(parts)


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _fields(row: Row) -> str:
    fields: dict[str, list[object]] = row["fields"]
    return "; ".join(
        "body edited" if name == "body" else f"{name}: {_value(b)} → {_value(a)}"
        for name, (b, a) in fields.items()
    )


def _change(before: object, after: object) -> str:
    return f"{_value(before)} → {_value(after)}"


# -- Markdown ---------------------------------------------------------------------------


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, one line, no raw HTML."""
    value = _value(text)
    for old, new in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;")):
        value = value.replace(old, new)
    return " ".join(value.split())


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows),
    ]
    if len(rows) > FOLD:
        return [
            f"<details><summary>{title} ({len(rows)})</summary>",
            "",
            *lines,
            "",
            "</details>",
            "",
        ]
    return [f"**{title}** ({len(rows)})", "", *lines, ""]


def as_markdown(diff: PlanDiff) -> str:
    """A pull-request comment: the summary line, then one table per kind of change."""
    lines = [f"**plansite diff** `{diff.base}` → `{diff.head}`: {summary(diff)}", ""]
    items = [
        *(["added", i, ""] for i in diff.added),
        *(["removed", i, ""] for i in diff.removed),
        *(["changed", r["id"], _fields(r)] for r in diff.changed),
    ]
    if items:
        lines += _table("Items", ["change", "item", "fields"], items)
    for title, gaps in (("Gaps opened", diff.opened), ("Gaps closed", diff.closed)):
        if gaps:
            lines += _table(title, GAP_FIELDS, [[g.get(f) for f in GAP_FIELDS] for g in gaps])
    if diff.coverage:
        rows = [
            [c["persona"], c["stage"], c["before"], c["after"], c["target"]] for c in diff.coverage
        ]
        lines += _table("Coverage", ["persona", "stage", "before", "after", "target"], rows)
    if diff.kpi:
        columns = ["scope", "id", "metric", "before", "after"]
        lines += _table("KPI attainment", columns, [[k[c] for c in columns] for k in diff.kpi])
    return "\n".join(lines).rstrip("\n") + "\n"


# -- text -------------------------------------------------------------------------------


def as_text(diff: PlanDiff) -> str:
    lines = [f"{diff.base} → {diff.head}: {summary(diff)}"]
    sections: list[tuple[str, list[str]]] = [
        ("items added", list(diff.added)),
        ("items removed", list(diff.removed)),
        ("items changed", [f"{r['id']}: {_fields(r)}" for r in diff.changed]),
        ("gaps opened", [_gap(g) for g in diff.opened]),
        ("gaps closed", [_gap(g) for g in diff.closed]),
        (
            "coverage",
            [
                f"{c['persona']} × {c['stage']}: {_change(c['before'], c['after'])}"
                f" (target {_value(c['target'])})"
                for c in diff.coverage
            ],
        ),
        (
            "KPI attainment",
            [
                f"{k['scope']} {k['id']} {k['metric']}: {_change(k['before'], k['after'])}"
                for k in diff.kpi
            ],
        ),
    ]
    for title, entries in sections:
        if entries:
            lines += ["", f"{title} ({len(entries)}):", *(f"  {e}" for e in entries)]
    return "\n".join(lines) + "\n"


def _gap(row: Row) -> str:
    where = " ".join(f"{f}={row[f]}" for f in ("stage", "persona", "channel", "item") if row.get(f))
    return f"[{row['severity']}] {row['code']} {where}: {row['message']}"

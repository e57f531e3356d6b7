"""What changed between two states of a plan: items, coverage per cell, gaps, KPIs.

Pure: two analysed projects in, a ``PlanDiff`` out. Its JSON form is the contract of
``plansite diff --format json`` (docs/history.md); ``report`` lays it out as text and
Markdown.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from generator.analysis import Analysis
from generator.model import SEVERITIES, Item, Project
from generator.site.exports import gap_rows

Row = dict[str, Any]

#: Item attributes under the name their front-matter field has (the others: the same).
FIELD_NAMES = {"personas": "persona", "stages": "stage", "channels": "channel"}
#: Not compared: the id is the identity, the others follow from other fields.
NOT_COMPARED = frozenset({"id", "url", "body_line", "time"})
#: What makes two gaps the same gap; ``owner`` and ``metric`` count when a gap has one
#: (two missed targets of one item are two gaps).
GAP_IDENTITY = ("code", "stage", "persona", "channel", "format", "item", "owner", "metric")


@dataclass(frozen=True)
class Side:
    """One state of the plan: how the user named it, the project and its analysis."""

    label: str
    project: Project
    analysis: Analysis


@dataclass(frozen=True)
class PlanDiff:
    base: str
    head: str
    added: list[str]
    removed: list[str]
    changed: list[Row]  # {id, fields: {name: [before, after]}}
    coverage: list[Row]  # {persona, stage, before, after, target}
    opened: list[Row]  # gap rows as in gaps.json
    closed: list[Row]
    kpi: list[Row] = field(default_factory=list)

    def as_json(self) -> Row:
        return {
            "base": self.base,
            "head": self.head,
            "items": {"added": self.added, "removed": self.removed, "changed": self.changed},
            "coverage": self.coverage,
            "gaps": {"opened": self.opened, "closed": self.closed},
            "kpi": self.kpi,
        }

    def opened_at_least(self, severity: str) -> list[Row]:
        """The opened gaps of ``severity`` or worse (the ``--fail-on`` ratchet)."""
        worst = SEVERITIES.index(severity)
        return [g for g in self.opened if SEVERITIES.index(str(g["severity"])) <= worst]

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.coverage
            or self.opened
            or self.closed
            or self.kpi
        )


def compare(base: Side, head: Side) -> PlanDiff:
    """Everything that differs from ``base`` to ``head``. Gap messages are worded in the
    head's language on both sides."""
    before = {item.id: item for item in base.project.items}
    after = {item.id: item for item in head.project.items}
    changed = []
    for item_id in sorted(before.keys() & after.keys()):
        fields = item_changes(before[item_id], after[item_id])
        if fields:
            changed.append({"id": item_id, "fields": fields})
    language = head.project.config.language
    opened, closed = gap_changes(active_gaps(base, language), active_gaps(head, language))
    return PlanDiff(
        base=base.label,
        head=head.label,
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=changed,
        coverage=coverage_changes(base.analysis, head.analysis),
        opened=opened,
        closed=closed,
        kpi=kpi_changes(base.analysis, head.analysis),
    )


def kpi_changes(base: Analysis, head: Analysis) -> list[Row]:
    """One row per target (of an item, a stage or a channel) whose attainment differs:
    ``{scope, id, metric, before, after}``, attainments to 4 decimals, None where a side
    has no such target or no data."""

    def attainments(analysis: Analysis) -> dict[tuple[str, str, str], float | None]:
        results = analysis.results
        return {
            (t.scope, t.id, t.metric): None if t.attainment is None else round(t.attainment, 4)
            for t in (*results.targets, *results.groups)
        }

    before, after = attainments(base), attainments(head)
    return [
        {
            "scope": scope,
            "id": id_,
            "metric": metric,
            "before": before.get(key),
            "after": after.get(key),
        }
        for key in sorted(before.keys() | after.keys())
        for scope, id_, metric in [key]
        if before.get(key) != after.get(key)
    ]


def item_values(item: Item) -> dict[str, object]:
    """Every compared field of an item by its front-matter name, as JSON values. The
    body is a short digest: a diff says that it changed, not how."""
    values: dict[str, object] = {}
    for attribute in dataclasses.fields(item):
        if attribute.name in NOT_COMPARED:
            continue
        value = getattr(item, attribute.name)
        if attribute.name == "date" and item.time is not None:
            value = item.time
        if attribute.name == "body":
            value = hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:12]
        values[FIELD_NAMES.get(attribute.name, attribute.name)] = plain(value)
    return values


def item_changes(before: Item, after: Item) -> dict[str, list[object]]:
    old, new = item_values(before), item_values(after)
    return {
        name: [old.get(name), new.get(name)]
        for name in [*old, *(n for n in new if n not in old)]
        if old.get(name) != new.get(name)
    }


def plain(value: object) -> object:
    """A JSON value: tuples as lists, dates as ISO text, mappings as plain dicts."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def coverage_changes(base: Analysis, head: Analysis) -> list[Row]:
    """The cells whose planned coverage changed; ``None`` where a cell does not exist on
    that side (a persona, stage or applicability added or removed)."""
    old = {(c.persona, c.stage): c for c in base.matrix.cells}
    new = {(c.persona, c.stage): c for c in head.matrix.cells}
    rows = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        counts = (was.planned if was else None, now.planned if now else None)
        if counts[0] != counts[1]:
            target = now.target if now else was.target if was else None
            rows.append(
                {
                    "persona": key[0],
                    "stage": key[1],
                    "before": counts[0],
                    "after": counts[1],
                    "target": target,
                }
            )
    return rows


def active_gaps(side: Side, language: str) -> list[Row]:
    """The gaps that count, as rows of gaps.json: an ignored gap is accepted, so a gap
    that becomes ignored is closed."""
    return [r for r in gap_rows(side.analysis, language, include_ignored=True) if not r["ignored"]]


def gap_key(row: Mapping[str, object]) -> tuple[object, ...]:
    return tuple(row.get(name) for name in GAP_IDENTITY)


def gap_changes(before: Sequence[Row], after: Sequence[Row]) -> tuple[list[Row], list[Row]]:
    """Gaps opened and closed. Gaps are the same when ``gap_key`` is. Of several with one
    key (a channel's cadence misses), identical rows pair first, then the worst with the
    worst. A gap whose severity worsened counts as opened, with its new severity; one
    that eased is neither."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    old: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    new: dict[tuple[object, ...], list[Row]] = defaultdict(list)
    for row in before:
        old[gap_key(row)].append(row)
    for row in after:
        new[gap_key(row)].append(row)
    opened: list[Row] = []
    closed: list[Row] = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = _unpaired(old.get(key, []), new.get(key, []))
        was.sort(key=lambda r: rank[r["severity"]])
        now.sort(key=lambda r: rank[r["severity"]])
        for i, row in enumerate(now):
            if i >= len(was) or rank[row["severity"]] < rank[was[i]["severity"]]:
                opened.append(row)
        closed.extend(was[len(now) :])
    return sorted(opened, key=lambda r: rank[r["severity"]]), sorted(
        closed, key=lambda r: rank[r["severity"]]
    )


def _unpaired(was: list[Row], now: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows of each side left once every row identical on both sides is paired."""
    left = list(was)
    rest = []
    for row in now:
        if row in left:
            left.remove(row)
        else:
            rest.append(row)
    return left, rest

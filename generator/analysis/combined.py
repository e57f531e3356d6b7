"""Result rows combined per piece and period: the first step of the results analysis.

A *piece* is an item and a metric; its rows are combined per period (rows of one item,
metric and period from several files or lines become one), ordered by end, then start.

The rows are grouped file by file. A rebuild after one results file changed passes the
previous ``Combined``: the groups of every file it still has (the very same tuple of
rows) are reused, and only the pieces that the changed files held before or hold now
are combined again. That keeps a rebuild proportional to the change, not to the
hundred thousand rows of a measured plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from math import fsum

from generator.model import Measurement, Metric, Project

#: (item, metric)
Piece = tuple[str, str]
#: Each piece's combined rows, ordered by end, then start; pieces sorted.
Pieces = dict[Piece, list[Measurement]]
#: One file's rows by piece, then by (end, start).
FileGroups = dict[Piece, dict[tuple[date, date], list[Measurement]]]


@dataclass(frozen=True)
class Combined:
    """The combined rows, and what they were made of, for the next rebuild to reuse."""

    metrics: tuple[Metric, ...]
    files: tuple[tuple[Measurement, ...], ...]
    groups: tuple[FileGroups, ...]
    pieces: Pieces


def combine(metric: Metric | None, rows: Iterable[Measurement]) -> tuple[float, float | None]:
    """The combined value of ``rows`` of one metric, and their total weight (None when a
    row has none): a sum, or a mean weighted when every row has a positive weight.

    Sums are exact (``math.fsum``), so the value does not depend on the order the rows
    come in: files listed in another order, or a rebuild that reuses part of the work,
    give the very same number."""
    values = [(r.value, r.weight) for r in rows]
    weights = [w for _, w in values]
    total = None if None in weights else fsum(w for w in weights if w is not None)
    if metric is None or metric.combine == "sum":
        return fsum(v for v, _ in values), total
    if total:
        return fsum(v * (w or 0.0) for v, w in values) / total, total
    return fsum(v for v, _ in values) / len(values), total


def combine_files(project: Project, before: Combined | None = None) -> Combined:
    """The rows of ``project`` combined per piece and period, reusing what ``before``
    (an earlier build's) combined from files that have not changed."""
    files = project.result_files
    if before is not None and before.metrics != project.metrics:
        before = None  # a metric combines differently now: nothing carries over
    known = {}
    if before is not None:
        known = {id(f): g for f, g in zip(before.files, before.groups, strict=True)}
    # ``before`` holds its tuples, so an id found there is that very tuple, not a new one
    groups = tuple(known.get(id(rows)) or _group(rows) for rows in files)
    if before is None:
        pieces: Pieces = {}
        affected: set[Piece] = set().union(*groups)
    else:
        now, then = {id(g) for g in groups}, {id(g) for g in before.groups}
        dropped = [g for g in before.groups if id(g) not in now]
        added = [g for g in groups if id(g) not in then]
        affected = set().union(*dropped, *added)
        pieces = dict(before.pieces)
    metric_by_id = project.metric_by_id
    grew = before is None
    for piece in affected:
        periods = _merged(piece, groups)
        if not periods:
            pieces.pop(piece, None)
            continue
        grew = grew or piece not in pieces
        metric = metric_by_id.get(piece[1])
        pieces[piece] = [
            rows[0] if len(rows) == 1 else _combined(metric, rows)
            for _, rows in sorted(periods.items())
        ]
    if grew:
        pieces = {piece: pieces[piece] for piece in sorted(pieces)}
    return Combined(project.metrics, files, groups, pieces)


def _group(rows: tuple[Measurement, ...]) -> FileGroups:
    """One file's rows by piece and by period."""
    groups: FileGroups = {}
    for row in rows:
        piece = groups.get((row.item, row.metric))
        if piece is None:
            piece = groups[row.item, row.metric] = {}
        period = piece.get((row.end, row.start))
        if period is None:
            piece[row.end, row.start] = [row]
        else:
            period.append(row)
    return groups


def _merged(
    piece: Piece, groups: tuple[FileGroups, ...]
) -> dict[tuple[date, date], list[Measurement]]:
    """The rows of ``piece`` from every file, by period, in file order."""
    merged: dict[tuple[date, date], list[Measurement]] = {}
    for group in groups:
        periods = group.get(piece)
        if periods is None:
            continue
        for period, rows in periods.items():
            merged.setdefault(period, []).extend(rows)
    return merged


def _combined(metric: Metric | None, rows: list[Measurement]) -> Measurement:
    """One row for the rows of one item, metric and period."""
    value, weight = combine(metric, rows)
    source = ";".join(sorted({r.source for r in rows}, key=_source_order))
    first = rows[0]
    return Measurement(first.item, first.metric, first.start, first.end, value, weight, source)


def _source_order(source: str) -> tuple[str, int]:
    path, _, line = source.rpartition(":")
    return (path, int(line) if line.isdigit() else 0)

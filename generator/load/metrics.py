"""Metrics are data: the built-in table (``metrics.yaml``, shipped with plansite) and the
two settings that shape how results are read — ``metrics`` (add or rename metrics, map
export columns to them) and ``results.files`` (how to read one file of the results
folder). docs/results.md lists the built-in metrics; a test keeps it equal to the table.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from generator.load.fields import FieldReader
from generator.model import COMBINES, DIRECTIONS, RESULT_KINDS, UNITS, Config, Metric, ResultsFile

METRIC_KEYS = ("name", "unit", "better", "combine", "weight", "columns")
RESULTS_FILE_KEYS = ("kind", "start", "end", "columns")


@cache
def builtin_metrics() -> tuple[Metric, ...]:
    """The built-in metrics, in the order of ``metrics.yaml``."""
    text = files("generator.load").joinpath("metrics.yaml").read_text(encoding="utf-8")
    table: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return tuple(
        Metric(
            id=metric_id,
            names=tuple((str(k), str(v)) for k, v in entry["name"].items()),
            unit=entry.get("unit", "count"),
            better=entry.get("better", "higher"),
            combine=entry.get("combine", "sum"),
            weight=entry.get("weight"),
            columns=tuple(str(c) for c in entry.get("columns", ())),
        )
        for metric_id, entry in table.items()
    )


def all_metrics(config: Config) -> tuple[Metric, ...]:
    """Every metric of a project: the built-in ones (renamed where plansite.yaml says),
    then the ones plansite.yaml adds, in its order."""
    declared = {m.id: m for m in config.metrics}
    builtin = builtin_metrics()
    known = {m.id for m in builtin}
    return (
        *(declared.get(m.id, m) for m in builtin),
        *(m for m in config.metrics if m.id not in known),
    )


def read_metrics(r: FieldReader, key: str) -> tuple[Metric, ...]:
    """``metrics:``: id → {name, unit, better, combine, weight, columns}. An entry for a
    built-in id changes only what it gives; a new id is a count summed unless it says
    otherwise. ``name`` is text, or a map language → text."""
    section = r.child(key)
    if section is None:
        return ()
    builtin = {m.id: m for m in builtin_metrics()}
    out: list[Metric] = []
    for raw_id in section.data:
        metric_id = str(raw_id)
        entry = section.child(metric_id) if section.data[raw_id] is not None else None
        base = builtin.get(metric_id, Metric(metric_id, (("en", metric_id),)))
        if entry is None:
            continue
        entry.check_unknown(METRIC_KEYS)
        out.append(_metric(entry, base))
    return tuple(out)


def _metric(entry: FieldReader, base: Metric) -> Metric:
    names = dict(base.names)
    if isinstance(entry.data.get("name"), dict):
        names.update(entry.text_map("name"))
    elif entry.has("name"):  # one name for every language
        names = dict.fromkeys((*names, "en", "ja"), entry.text("name") or base.id)
    columns = entry.text_list("columns")
    return Metric(
        id=base.id,
        names=tuple(names.items()),
        unit=entry.choice("unit", UNITS, base.unit) or base.unit,
        better=entry.choice("better", DIRECTIONS, base.better) or base.better,
        combine=entry.choice("combine", COMBINES, _combine(entry, base)) or base.combine,
        weight=entry.text("weight", base.weight),
        columns=(*columns, *base.columns),
    )


def _combine(entry: FieldReader, base: Metric) -> str:
    """A new metric's default: counts add, every other unit averages."""
    unit = entry.data.get("unit")
    if unit is None:
        return base.combine
    return "sum" if unit == "count" else "mean"


def read_results_files(r: FieldReader, key: str) -> tuple[ResultsFile, ...]:
    """``results.files``: file name under the results folder → {kind, start, end, columns}."""
    section = r.child(key)
    if section is None:
        return ()
    out: list[ResultsFile] = []
    for raw_name in section.data:
        name = str(raw_name).strip().replace("\\", "/").lstrip("/")
        entry = section.child(str(raw_name)) if section.data[raw_name] is not None else None
        if entry is None:
            out.append(ResultsFile(name))
            continue
        entry.check_unknown(RESULTS_FILE_KEYS)
        out.append(
            ResultsFile(
                name=name,
                kind=entry.choice("kind", RESULT_KINDS),
                start=entry.day("start"),
                end=entry.day("end"),
                columns=entry.text_map("columns"),
            )
        )
    return tuple(out)

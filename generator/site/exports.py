"""The files under ``exports/`` (docs/exports.md), built in memory as bytes.

``build_exports`` returns site-relative path → bytes; the build writes them. The row
functions are also what ``plansite matrix|gaps|calendar`` print, so the terminal and the
exports can never disagree. Every list is sorted and nothing reads the clock: the same
project and ``today`` give byte-identical files. ``docs/exports.md`` describes each file.

Safety: CSV cells that a spreadsheet would run as a formula are neutralised (``to_csv``);
the calendar feeds are written, escaped and folded by ``ics.py``.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time

from generator.analysis import Analysis
from generator.analysis.calendar import item_day, local_time
from generator.analysis.matrix import channel_ids
from generator.analysis.results import Target
from generator.model import Item, Project
from generator.paths import channel_feed_url, owner_feed_url
from generator.site.ics import calendar_ics, entries_by_item, event_blocks
from generator.site.wording import say

Row = dict[str, object]

MATRIX_COLUMNS = ("persona", "stage", "planned", "live", "ideas", "target")
GAP_COLUMNS = (
    "stage",
    "code",
    "severity",
    "persona",
    "channel",
    "format",
    "item",
    "date",
    "message",
    "owner",
    "metric",
)
CALENDAR_COLUMNS = ("date", "channel", "item", "title", "persona", "stage", "status")
RESULTS_COLUMNS = ("item", "metric", "start", "end", "value", "source")
KPI_COLUMNS = ("item", "metric", "target", "actual", "attainment")
KPI_GROUP_COLUMNS = ("scope", "id", "metric", "target", "actual", "attainment")
#: First characters that make Excel, LibreOffice or Sheets treat a cell as a formula. A
#: cell is checked after NFKC normalisation of its first character, because Excel in
#: Japanese (and other East Asian) locales also reads the full-width forms ＝ ＋ － ＠ and
#: the small forms ﹦ ﹢ ﹣ ﹫ as formula starts; U+2212 (minus sign) too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\u2212")


def build_exports(project: Project, analysis: Analysis) -> dict[str, bytes]:
    """Every export of docs/exports.md, keyed by its path in the site."""
    return dict(sorted(iter_exports(project, analysis)))


def iter_exports(
    project: Project, analysis: Analysis, events: Mapping[str, bytes] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every export as (path, bytes), one at a time: a writer can store each before the
    next is made, instead of holding them all (tens of MB for a big plan). ``events``:
    each item's VEVENT when the caller already has them (see ``event_blocks``)."""
    yield "exports/items.json", items_json(project)
    yield "exports/matrix.csv", csv_bytes(matrix_rows(analysis), MATRIX_COLUMNS)
    language = project.config.language
    yield "exports/gaps.csv", csv_bytes(gap_rows(analysis, language), GAP_COLUMNS)
    yield "exports/gaps.json", json_list_bytes(gap_rows(analysis, language, include_ignored=True))
    yield "exports/calendar.csv", csv_bytes(calendar_rows(analysis), CALENDAR_COLUMNS)
    yield "exports/results.csv", csv_bytes(results_rows(analysis), RESULTS_COLUMNS)
    yield "exports/kpi.csv", csv_bytes(kpi_rows(analysis), KPI_COLUMNS)
    yield "exports/kpi-groups.csv", csv_bytes(kpi_group_rows(analysis), KPI_GROUP_COLUMNS)
    entries = analysis.calendar.entries
    if events is None:  # each event is serialised once, for every feed it is in
        events = event_blocks(project, entries_by_item(entries).values())
    yield "exports/calendar.ics", calendar_ics(project, entries, events=events)
    for channel in sorted(set(channel_ids(project))):
        mine = [e for e in entries if e.channel == channel]
        name = f"{project.config.title} — {_channel_name(project, channel)}"
        yield channel_feed_url(channel), calendar_ics(project, mine, name, events=events)
    # -- one feed per owner: the same events as the channel feeds, the owner's pieces only
    for owner in project.owners:
        mine = [e for e in entries if project.item_by_id[e.item].owner == owner.id]
        name = f"{project.config.title} — {owner.name}"
        yield owner_feed_url(owner.id), calendar_ics(project, mine, name, events=events)


# -- rows ------------------------------------------------------------------------------


def matrix_rows(analysis: Analysis) -> list[Row]:
    """One row per applicable persona × stage cell, personas then stages in defined order."""
    return [
        {
            "persona": c.persona,
            "stage": c.stage,
            "planned": c.planned,
            "live": c.live,
            "ideas": c.ideas,
            "target": c.target,
        }
        for c in analysis.matrix.cells
    ]


def gap_rows(analysis: Analysis, language: str, *, include_ignored: bool = False) -> list[Row]:
    """Gaps in report order; active ones only, unless ``include_ignored`` (then each row
    also has an ``ignored`` flag, as in ``gaps.json``). Fields that do not apply are None."""
    gaps = analysis.gaps.gaps if include_ignored else analysis.gaps.active
    rows = []
    for g in gaps:
        row: Row = {
            "stage": g.stage,
            "code": g.code,
            "severity": g.severity,
            "persona": g.persona,
            "channel": g.channel,
            "format": g.format,
            "item": g.item,
            "date": g.date.isoformat() if g.date else None,
            "message": say(g.message, language),
            "owner": g.owner,
            "metric": g.metric,
        }
        if include_ignored:
            row["ignored"] = g.ignored
        rows.append(row)
    return rows


def calendar_rows(analysis: Analysis) -> list[Row]:
    """Every dated, non-archived item whatever the window, one row per channel."""
    return [
        {
            "date": e.date.isoformat(),
            "channel": e.channel,
            "item": e.item,
            "title": e.title,
            "persona": ";".join(e.personas),
            "stage": ";".join(e.stages),
            "status": e.status,
        }
        for e in analysis.calendar.entries
    ]


def results_rows(analysis: Analysis) -> list[Row]:
    """Every matched row, rows of one item, metric and period combined, by item, metric
    and period; ``source`` is ``results/<file>:<line>`` (several joined with ``;``)."""
    return [
        {
            "item": r.item,
            "metric": r.metric,
            "start": r.start.isoformat(),
            "end": r.end.isoformat(),
            "value": _number(r.value),
            "source": r.source,
        }
        for r in analysis.results.rows
    ]


def kpi_rows(analysis: Analysis) -> list[Row]:
    """One row per item target; ``actual`` and ``attainment`` empty without data."""
    return [_target_row(t, {"item": t.id}) for t in analysis.results.targets]


def kpi_group_rows(analysis: Analysis) -> list[Row]:
    """One row per stage target (stage order), then per channel target."""
    return [_target_row(t, {"scope": t.scope, "id": t.id}) for t in analysis.results.groups]


def _target_row(target: Target, head: Row) -> Row:
    return {
        **head,
        "metric": target.metric,
        "target": _number(target.target),
        "actual": None if target.actual is None else _number(target.actual),
        "attainment": None if target.attainment is None else round(target.attainment, 4),
    }


def _number(value: float) -> float | int:
    """Whole numbers without ``.0``; others as they are, to 6 decimals at most."""
    return int(value) if float(value).is_integer() else round(value, 6)


# -- CSV and JSON ----------------------------------------------------------------------


def to_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """RFC 4180 text (``\\r\\n``, quoting by the csv module) with a header row.

    None is an empty cell; text starting with ``= + - @``, tab or CR gets a leading ``'``
    so no spreadsheet runs it. Numbers are ours and are written as they are.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def csv_bytes(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> bytes:
    """UTF-8 with a BOM, so Excel on Japanese Windows does not read it as Shift_JIS."""
    return ("\ufeff" + to_csv(rows, columns)).encode("utf-8")


def json_bytes(value: object) -> bytes:
    return (_json_text(value) + "\n").encode("utf-8")


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)


def json_list_bytes(values: Iterable[object]) -> bytes:
    """``json_bytes`` of a list, made one element at a time: the same bytes, without the
    encoder's pieces of the whole list in memory at once (at 10,000 items those were
    50 MB, the peak of a rebuild). Each element is encoded as the list would encode it,
    one level in: a JSON text holds a line break only between tokens (one in a string is
    written ``\\n``), so indenting every line but the first by two spaces is exact."""
    texts = [_json_text(value).replace("\n", "\n  ").encode("utf-8") for value in values]
    if not texts:
        return json_bytes([])
    return b"".join((b"[\n  ", b",\n  ".join(texts), b"\n]\n"))


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value and starts_formula(value):
        return "'" + value
    return value


def starts_formula(value: str) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula (``FORMULA_PREFIXES``,
    their full-width and small forms included)."""
    return unicodedata.normalize("NFKC", value[0]).startswith(FORMULA_PREFIXES)


# -- items.json ------------------------------------------------------------------------


def items_json(project: Project) -> bytes:
    """Every item, archived included, sorted by id, with every front matter field."""
    items = sorted(project.items, key=lambda i: i.id)
    return json_list_bytes(item_record(project, item) for item in items)


def item_record(project: Project, item: Item) -> Row:
    """Front matter normalised: lists are lists, dates ISO strings, absent fields null/[].

    A date-time is written in the project's time zone, with its offset.
    """
    tz = project.config.tz
    moment = local_time(item, tz)
    day = item_day(item, tz)
    return {
        "id": item.id,
        "path": item.path,
        "url": item.url,
        "title": item.title,
        "persona": list(item.personas),
        "stage": list(item.stages),
        "channel": list(item.channels),
        "format": item.format,
        "status": item.status,
        "date": moment.isoformat() if moment else (day.isoformat() if day else None),
        "owner": item.owner,
        "next": list(item.next),
        "review_by": item.review_by.isoformat() if item.review_by else None,
        "campaign": item.campaign,
        "tags": list(item.tags),
        "kpi": dict(sorted(item.kpi.items())),
        "source_url": item.source_url,
        "derived_from": list(item.derived_from),
        # -- deadlines: as written, and as in effect (written, else date − effort_days)
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "effective_deadline": _iso(project.deadlines.get(item.id)),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _channel_name(project: Project, channel_id: str) -> str:
    channel = project.channel_by_id.get(channel_id)
    return channel.name if channel else channel_id

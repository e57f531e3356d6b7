"""Reading one file of the results folder into rows: its encoding, its kind, its period,
its columns and numbers (docs/results.md). Matching rows to items is ``results.py``.

Every problem is a diagnostic at ``results/<file>:<line>``: a bad row is left out and the
rest of the file is read. The work is bounded: a file is read once, rows beyond
``MAX_ROWS`` and cells beyond the csv module's field limit are reported, not processed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from generator.diagnostics import Diagnostic, did_you_mean
from generator.load.numbers import parse_number
from generator.model import Metric, ResultsFile

#: Rows read from one file at most (a year of daily rows for 2,500 pages is less).
MAX_ROWS = 500_000
#: Files larger than this are not read.
MAX_BYTES = 64 * 1024 * 1024
PAGE_COLUMNS = (
    "page path and screen class",
    "page path",
    "page path + query string",
    "page location",
    "landing page",
    "ページパスとスクリーン クラス",
    "ページパスとスクリーンクラス",
    "ページパス",
    "ページパス + クエリ文字列",
    "ページの場所",
    "ランディング ページ",
)
SEARCH_PAGE_COLUMNS = ("top pages", "上位のページ", "pages", "page", "ページ")
#: Search Console's own column names: in its Japanese export 表示回数 is impressions.
SEARCH_METRICS = {
    "clicks": "clicks",
    "クリック数": "clicks",
    "impressions": "impressions",
    "表示回数": "impressions",
    "ctr": "ctr",
    "position": "position",
    "掲載順位": "position",
}
LONG_COLUMNS = ("date", "item", "metric", "value")
_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
#: Distinct cells remembered by the cached readers of periods and numbers: a file repeats
#: its few periods on every row, and many of its counts.
CACHED_CELLS = 1 << 16
#: ``parse_number`` remembering the cells it read.
_number = lru_cache(maxsize=CACHED_CELLS)(parse_number)
_START = ("start date", "開始日")
_END = ("end date", "終了日")


@dataclass(frozen=True, slots=True)
class RawRow:
    """One value read from a file, before it is matched to an item."""

    key: str  # an item id, a URL or a path, as written
    metric: str
    start: date
    end: date
    value: float
    weight: float | None
    line: int


@dataclass(frozen=True)
class FileRows:
    """What one file holds: its kind, its rows and the problems met reading it."""

    kind: str | None
    rows: tuple[RawRow, ...]
    diagnostics: tuple[Diagnostic, ...]


def fold(name: str) -> str:
    """A column name as compared: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def decode_results(data: bytes) -> tuple[str | None, str]:
    """The text of a CSV export and the encoding it was in (UTF-8 with or without a BOM,
    UTF-16 with a BOM, Shift_JIS/CP932); None when it is none of them (then the second
    value says what it looks like)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None, "broken UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:65536]:
        return None, "binary"
    for codec, name in (("utf-8", "UTF-8"), ("cp932", "Shift_JIS")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    return None, "neither UTF-8, UTF-16 nor Shift_JIS"


def read_results_file(
    rel: str, data: bytes, spec: ResultsFile | None, metrics: tuple[Metric, ...]
) -> FileRows:
    """The rows of one file (``rel`` is its project-relative path, for diagnostics)."""
    text, encoding = decode_results(data)
    if text is None:
        hint = "save it as CSV in UTF-8 (or export it again)"
        return FileRows(
            None, (), (_problem(rel, 1, "error", "encoding", f"file is {encoding}", hint),)
        )
    reader = _FileReader(rel, text, spec, metrics)
    rows = tuple(reader.rows())
    return FileRows(reader.kind, rows, tuple(reader.diagnostics))


def _problem(
    rel: str, line: int, severity: str, code: str, message: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(
        rel, line, 1, "error" if severity == "error" else "warning", code, message, hint
    )


def parse_day(text: str) -> date | None:
    """``2026-12-07`` or ``20261207``; None otherwise."""
    match = _DAY.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@lru_cache(maxsize=CACHED_CELLS)
def parse_period(text: str) -> tuple[date, date] | None:
    """A day, or ``start/end`` (also ``start..end``); None when unreadable or reversed."""
    cell = text.strip()
    for separator in ("/", ".."):
        if separator in cell and not cell.startswith("/"):
            first, _, last = cell.partition(separator)
            start, end = parse_day(first), parse_day(last)
            return (start, end) if start and end and start <= end else None
    day = parse_day(cell)
    return (day, day) if day else None


class _FileReader:
    """One pass over one file: comments, header, kind, then the rows."""

    def __init__(
        self, rel: str, text: str, spec: ResultsFile | None, metrics: tuple[Metric, ...]
    ) -> None:
        self.rel, self.spec, self.metrics = rel, spec, metrics
        self.lines = text.splitlines()
        self.diagnostics: list[Diagnostic] = []
        self.kind: str | None = spec.kind if spec else None
        self.by_column = {fold(c): m.id for m in metrics for c in reversed(m.columns)}
        self.weights = {m.id: m.weight for m in metrics if m.weight}
        self.known = frozenset(m.id for m in metrics)

    def report(
        self, line: int, severity: str, code: str, message: str, hint: str | None = None
    ) -> None:
        self.diagnostics.append(_problem(self.rel, line, severity, code, message, hint))

    def comments(self) -> tuple[int, tuple[date | None, date | None]]:
        """Skip ``#`` lines and blank lines; the header's index and the dates they name."""
        start = end = None
        index = 0
        while index < len(self.lines) and (
            not self.lines[index].strip() or self.lines[index].lstrip("\ufeff").startswith("#")
        ):
            line = fold(self.lines[index].lstrip("\ufeff#"))
            match = _DAY.search(line)
            day = parse_day(match.group(0)) if match else None
            if day and line.startswith(_START):
                start = day
            elif day and line.startswith(_END):
                end = day
            index += 1
        return index, (start, end)

    def rows(self) -> list[RawRow]:
        first, (start, end) = self.comments()
        if first >= len(self.lines):
            self.report(1, "warning", "empty-results", "file holds no header and no rows")
            return []
        delimiter = "\t" if "\t" in self.lines[first] and "," not in self.lines[first] else ","
        records = csv.reader(self.lines[first:], delimiter=delimiter)
        try:
            header = [cell.strip().lstrip("\ufeff") for cell in next(records)]
        except csv.Error as exc:
            self.report(first + 1, "error", "csv", f"unreadable header: {exc}")
            return []
        start = self.spec.start if self.spec and self.spec.start else start
        end = self.spec.end if self.spec and self.spec.end else end
        return self._body(records, first, header, (start, end))

    def _body(
        self,
        records: Iterator[list[str]],
        first: int,
        header: list[str],
        period: tuple[date | None, date | None],
    ) -> list[RawRow]:
        layout = _Layout.of(self, header, first + 1, period)
        out: list[RawRow] = []
        if layout is None:
            return out
        count = 0
        while True:
            line = first + 2 + count
            try:
                record = next(records)
            except StopIteration:
                return out
            except csv.Error as exc:
                self.report(
                    line, "error", "csv", f"unreadable row: {exc}", "a cell may be too long"
                )
                return out
            count += 1
            if count > MAX_ROWS:
                self.report(
                    line,
                    "warning",
                    "too-many-rows",
                    f"more than {MAX_ROWS} rows; the rest is not read",
                )
                return out
            if not "".join(record).strip():
                continue
            if layout.long:
                found = _long_row(layout, record, line)
                if found is not None:
                    out.append(found)
            else:
                out += layout.row(record, line)


@dataclass
class _Layout:
    """Where a file keeps what: the key column, the metric columns, the period."""

    reader: _FileReader
    key: int
    metric_columns: list[tuple[int, str]]  # (column, metric id)
    period: tuple[date | None, date | None]
    date_column: int | None = None
    long: bool = False
    skip_empty_key: bool = True

    @classmethod
    def of(
        cls, r: _FileReader, header: list[str], line: int, period: tuple[date | None, date | None]
    ) -> _Layout | None:
        folded = [fold(h) for h in header]
        kind = r.kind or _recognise(folded)
        r.kind = kind
        if kind is None:
            r.report(
                line,
                "error",
                "results-kind",
                "cannot tell what kind of export this is",
                "set its kind under `results.files` in plansite.yaml (long, ga4-pages, "
                "search-console-pages, columns)",
            )
            return None
        if kind == "long":
            return _long_layout(r, folded, line)
        if kind == "columns":
            return _mapped_layout(r, header, folded, line, period)
        names = PAGE_COLUMNS if kind == "ga4-pages" else SEARCH_PAGE_COLUMNS
        key = next((i for i, h in enumerate(folded) if h in names), 0 if folded else None)
        table = SEARCH_METRICS if kind == "search-console-pages" else {}
        columns = [
            (i, table.get(h) or r.by_column[h])
            for i, h in enumerate(folded)
            if i != key and (h in table or h in r.by_column)
        ]
        date_column = next((i for i, h in enumerate(folded) if h in ("date", "日付")), None)
        if key is None or not _has_period(r, period, date_column, line):
            return None
        return cls(r, key, columns, period, date_column)

    def row(self, record: list[str], line: int) -> list[RawRow]:
        """The values of one row of a wide file (a page and its metric columns)."""
        key = record[self.key].strip() if self.key < len(record) else ""
        if not key:  # the totals row of an analytics export
            return []
        period = self.row_period(record, line)
        if period is None:
            return []
        values: dict[str, float] = {}
        for column, metric in self.metric_columns:
            cell = record[column].strip() if column < len(record) else ""
            if not cell or cell in ("-", "—", "(not set)"):
                continue
            value = _number(cell)
            if value is None:
                self.reader.report(
                    line, "error", "results-number", f"`{cell[:40]}` is not a number ({metric})"
                )
                continue
            values[metric] = value
        weights = self.reader.weights
        return [
            RawRow(
                key, metric, period[0], period[1], value, values.get(weights.get(metric, "")), line
            )
            for metric, value in values.items()
        ]

    def row_period(self, record: list[str], line: int) -> tuple[date, date] | None:
        if self.date_column is not None and self.date_column < len(record):
            period = parse_period(record[self.date_column])
            if period is None:
                self.reader.report(
                    line,
                    "error",
                    "results-date",
                    f"`{record[self.date_column][:40]}` is not a date or a start/end period",
                )
            return period
        start, end = self.period
        return (start, end) if start and end else None


def _recognise(folded: list[str]) -> str | None:
    if all(c in folded for c in LONG_COLUMNS):
        return "long"
    if folded and folded[0] in PAGE_COLUMNS:
        return "ga4-pages"
    if folded and folded[0] in SEARCH_PAGE_COLUMNS:
        return "search-console-pages"
    return None


def _has_period(
    r: _FileReader, period: tuple[date | None, date | None], date_column: int | None, line: int
) -> bool:
    if date_column is not None or (period[0] and period[1]):
        return True
    r.report(
        line,
        "error",
        "results-period",
        "the file does not say which period it covers",
        f"set `start` and `end` under `results.files` for `{r.rel.split('/', 1)[-1]}`",
    )
    return False


def _long_layout(r: _FileReader, folded: list[str], line: int) -> _Layout | None:
    missing = [c for c in LONG_COLUMNS if c not in folded]
    if missing:
        r.report(
            line,
            "error",
            "missing-column",
            f"missing column `{missing[0]}` (a long file has date,item,metric,value)",
        )
        return None
    columns = [(folded.index(c), c) for c in LONG_COLUMNS]
    if "weight" in folded:
        columns.append((folded.index("weight"), "weight"))
    return _Layout(r, folded.index("item"), columns, (None, None), folded.index("date"), long=True)


def _long_row(layout: _Layout, record: list[str], line: int) -> RawRow | None:
    cells = [record[i].strip() if i < len(record) else "" for i, _ in layout.metric_columns]
    day, item, metric, number = cells[:4]
    r = layout.reader
    period = parse_period(day)
    if period is None:
        r.report(line, "error", "results-date", f"`{day[:40]}` is not a date or a start/end period")
        return None
    if metric not in r.known:
        r.report(
            line,
            "warning",
            "unknown-metric",
            f"unknown metric `{metric[:40]}`",
            did_you_mean(metric, r.known),
        )
        return None
    value = _number(number)
    if value is None:
        r.report(line, "error", "results-number", f"`{number[:40]}` is not a number")
        return None
    weight = _number(cells[4]) if len(cells) > 4 and cells[4] else None
    return RawRow(item, metric, period[0], period[1], value, weight, line) if item else None


def _mapped_layout(
    r: _FileReader,
    header: list[str],
    folded: list[str],
    line: int,
    period: tuple[date | None, date | None],
) -> _Layout | None:
    mapping = dict(r.spec.columns) if r.spec else {}
    where = {fold(h): i for i, h in enumerate(header)}
    known = {m.id for m in r.metrics}
    missing = [name for name in mapping.values() if fold(name) not in where]
    if "item" not in mapping or missing:
        absent = "item" if "item" not in mapping else missing[0]
        r.report(
            line,
            "error",
            "missing-column",
            f"missing column `{absent}`",
            did_you_mean(absent, header),
        )
        return None
    columns = []
    for metric, name in mapping.items():
        if metric in ("item", "date"):
            continue
        if metric not in known:
            r.report(
                line,
                "warning",
                "unknown-metric",
                f"`results.files` maps unknown metric `{metric}`",
                did_you_mean(metric, known),
            )
            continue
        columns.append((where[fold(name)], metric))
    date_column = where[fold(mapping["date"])] if "date" in mapping else None
    if not _has_period(r, period, date_column, line):
        return None
    return _Layout(r, where[fold(mapping["item"])], columns, period, date_column)

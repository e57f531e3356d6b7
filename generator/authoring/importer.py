"""``plansite import``: turn a content-plan spreadsheet (CSV) into item files.

Columns are matched by header name (English or Japanese, case and spacing ignored).
Every row is checked against the project like ``plansite new`` checks its options; a bad
row is reported at its line and column and skipped, the good rows are written — each to
a new file, never over an existing one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from generator.authoring.init import ScaffoldError, markdown
from generator.authoring.new import check_ids, file_stem, outline, write_unique
from generator.build import load_project
from generator.diagnostics import Diagnostic, did_you_mean
from generator.errors import InvalidProject, PlansiteError
from generator.model import STATUSES, Project
from generator.paths import slug
from generator.site.i18n import LABELS

REQUIRED = ("title", "persona", "stage", "channel")
#: The largest sheet ``import`` reads; each cell is bounded by the csv module's limit
#: (131,072 characters), reported at its line.
MAX_IMPORT_BYTES = 64 * 2**20
#: Header names people use for each field, after ``_header`` folding.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "タイトル", "件名", "題名"),
    "persona": ("persona", "personas", "audience", "target", "ペルソナ", "ターゲット"),
    "stage": ("stage", "stages", "phase", "ステージ", "フェーズ"),
    "channel": ("channel", "channels", "medium", "チャネル", "チャンネル", "媒体"),
    "format": ("format", "contenttype", "フォーマット", "形式", "種類"),
    "status": ("status", "state", "ステータス", "状態", "進捗"),
    "date": ("date", "publishdate", "publicationdate", "公開日", "日付", "配信日", "公開予定日"),
    "owner": ("owner", "assignee", "author", "担当", "担当者"),
    "next": ("next", "nextstep", "次のステップ", "次"),
    "review_by": ("reviewby", "review", "見直し期限", "レビュー期限"),
    "campaign": ("campaign", "キャンペーン", "施策"),
    "tags": ("tags", "tag", "タグ"),
    "body": ("body", "notes", "description", "brief", "本文", "メモ", "概要", "備考"),
}
_SPLIT = re.compile(r"[;,、；，]")


def _header(text: str) -> str:
    return re.sub(r"[\s_\-・]+", "", unicodedata.normalize("NFKC", text)).casefold()


FIELD_BY_HEADER = {_header(alias): name for name, aliases in ALIASES.items() for alias in aliases}
#: Status as written in either language's UI ("Published", "公開済み") → status id.
STATUS_BY_LABEL = {
    _header(label): status for status in STATUSES for label in (status, *LABELS[f"status_{status}"])
}


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    rows: int = 0


def import_csv(
    root: Path, csv_path: Path, *, encoding: str = "utf-8", dry_run: bool = False
) -> ImportResult:
    """Write one item per good row; report every bad row. ``dry_run`` writes nothing."""
    loaded = load_project(root)
    if loaded.project is None:
        raise InvalidProject(loaded.diagnostics)
    project = loaded.project
    shown = str(csv_path)
    rows = _read_rows(csv_path, encoding, shown)
    if not rows:
        raise PlansiteError(f"{shown}: the file is empty")
    columns, result = _map_header(rows[0], shown)
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        values = {name: row[index].strip() for index, name in columns.items() if index < len(row)}
        text, problems = _item_text(
            project, values, shown, line, {name: index for index, name in columns.items()}
        )
        if problems:
            result.problems.extend(problems)
            continue
        assert text is not None
        channel = _ids(values["channel"])[0]
        if dry_run:
            result.written.append(
                project.root / "content" / slug(channel) / f"{file_stem(values['title'])}.md"
            )
            continue
        try:
            result.written.append(
                write_unique(project, slug(channel), file_stem(values["title"]), text)
            )
        except ScaffoldError as exc:
            result.problems.append(Diagnostic(shown, line, 1, "error", "write", str(exc)))
    return result


def _read_rows(path: Path, encoding: str, shown: str) -> list[list[str]]:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise PlansiteError(
                f"{shown}: the file is {size / 2**20:.0f} MiB; the limit is "
                f"{MAX_IMPORT_BYTES // 2**20} MiB (split the sheet into several files)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PlansiteError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    codec = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except LookupError:
        raise PlansiteError(f"unknown encoding `{encoding}`") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlansiteError(
            f"{shown}:{line}: not {encoding} (byte 0x{data[exc.start]:02x}); save the sheet as "
            "UTF-8 CSV, or pass --encoding shift_jis for a Japanese Excel export"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        raise InvalidProject(
            [
                Diagnostic(
                    shown,
                    reader.line_num,
                    1,
                    "error",
                    "csv",
                    f"a cell holds more than {csv.field_size_limit():,} characters"
                    if too_long
                    else f"the row cannot be read as CSV: {exc}",
                    "write long text into the item's file after importing" if too_long else None,
                )
            ]
        ) from None
    return rows


def _map_header(header: list[str], shown: str) -> tuple[dict[int, str], ImportResult]:
    result = ImportResult()
    columns: dict[int, str] = {}
    for index, name in enumerate(header):
        fieldname = FIELD_BY_HEADER.get(_header(name))
        if fieldname is None:
            if name.strip():
                result.problems.append(
                    Diagnostic(
                        shown,
                        1,
                        index + 1,
                        "warning",
                        "unknown-column",
                        f"column `{name.strip()}` is not a plansite field; ignored",
                        did_you_mean(_header(name), list(FIELD_BY_HEADER), list_known=False),
                    )
                )
            continue
        if fieldname in columns.values():
            result.problems.append(
                Diagnostic(
                    shown,
                    1,
                    index + 1,
                    "warning",
                    "duplicate-column",
                    f"a second `{fieldname}` column; ignored",
                )
            )
            continue
        columns[index] = fieldname
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        raise InvalidProject(
            [
                *result.problems,
                Diagnostic(
                    shown,
                    1,
                    1,
                    "error",
                    "missing-column",
                    f"no column for {', '.join(missing)}",
                    "the first row must name the columns, e.g. title,persona,stage,channel,date",
                ),
            ]
        )
    return columns, result


def _ids(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in _SPLIT.split(text) if p.strip()))


def _day(text: str) -> date | datetime | None:
    """ISO dates and date-times, and the ``2026/12/07`` of Japanese spreadsheets."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = re.fullmatch(r"(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?", text)
    if match:
        return date(*(int(g) for g in match.groups()))
    return date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)


@dataclass
class _Row:
    """One spreadsheet row being checked: where it is, and its problems so far."""

    shown: str  # the CSV file as the user named it
    line: int
    column_of: dict[str, int]  # field → 0-based column
    problems: list[Diagnostic] = field(default_factory=list)

    def bad(self, fieldname: str, message: str, hint: str | None = None) -> None:
        """A problem at the row's cell for ``fieldname`` (column 1 when it has none)."""
        column = self.column_of.get(fieldname, 0) + 1
        self.problems.append(
            Diagnostic(self.shown, self.line, column, "error", f"row-{fieldname}", message, hint)
        )


def _item_text(
    project: Project, values: dict[str, str], shown: str, line: int, column_of: dict[str, int]
) -> tuple[str | None, list[Diagnostic]]:
    """The item file for one row, or every problem of the row (not only the first)."""
    row = _Row(shown, line, column_of)
    for name in REQUIRED:
        if not values.get(name):
            row.bad(name, f"`{name}` is empty")
    status = _status(row, values.get("status", ""))
    day = _moment(row, "date", values.get("date", ""))
    review_by = _moment(row, "review_by", values.get("review_by", ""))
    personas, stages, channels = (_ids(values.get(k, "")) for k in ("persona", "stage", "channel"))
    if personas and stages and channels:
        try:
            check_ids(project, personas, stages, channels)
        except ScaffoldError as exc:
            row.bad("persona", str(exc).removesuffix("; nothing was written"))
    nexts = _next_steps(row, project, values.get("next", ""))
    if row.problems:
        return None, row.problems
    fields = [
        ("title", " ".join(unicodedata.normalize("NFC", values["title"]).split())),
        ("persona", list(personas)),
        ("stage", list(stages)),
        ("channel", list(channels)),
        ("format", values.get("format") or None),
        ("status", status),
        ("date", day),
        ("owner", values.get("owner") or None),
        ("next", list(nexts) or None),
        ("review_by", review_by),
        ("campaign", values.get("campaign") or None),
        ("tags", list(_ids(values.get("tags", ""))) or None),
    ]
    body = values.get("body") or outline(
        project,
        [project.stage_by_id[s] for s in stages],
        [project.persona_by_id[p] for p in personas],
    )
    return markdown(fields, body), []


def _status(row: _Row, text: str) -> str:
    """The status id of a cell written as an id or as either language's label; planned
    when the cell is empty."""
    if not text:
        return "planned"
    status = STATUS_BY_LABEL.get(_header(text), "")
    if not status:
        row.bad("status", f"unknown status `{text}`", did_you_mean(text.lower(), STATUSES))
    return status


def _moment(row: _Row, fieldname: str, text: str) -> date | datetime | None:
    """The date (or date-time) of a cell, None when it is empty or not a date."""
    if not text:
        return None
    try:
        return _day(text)
    except ValueError:
        row.bad(fieldname, f"`{text}` is not a date", "write 2026-12-07 or 2026/12/07")
        return None


def _next_steps(row: _Row, project: Project, text: str) -> tuple[str, ...]:
    """The ids of a ``next`` cell; each must be an item the project already has."""
    nexts = _ids(text)
    for target in nexts:
        if target not in project.item_by_id:
            row.bad(
                "next",
                f"unknown item `{target}` in `next`",
                did_you_mean(target, project.item_by_id, list_known=False),
            )
    return nexts

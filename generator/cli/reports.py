"""``matrix``, ``gaps`` and ``calendar``: the analysis in the terminal, as the exports' rows."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from generator import build as core
from generator.analysis import Analysis, analyse
from generator.cli.app import TABLE_FORMAT_OPTION, TODAY_OPTION, DateParam, handled, main
from generator.cli.views import render_rows
from generator.errors import InvalidProject
from generator.model import SEVERITIES, Project
from generator.site.exports import (
    CALENDAR_COLUMNS,
    GAP_COLUMNS,
    KPI_COLUMNS,
    MATRIX_COLUMNS,
    calendar_rows,
    gap_rows,
    kpi_rows,
    matrix_rows,
)
from generator.site.ics import calendar_ics


def analysed(project: Path, today: date | None) -> tuple[Project, Analysis]:
    """Load and analyse, or exit 1 with the problems (as build would)."""
    with handled():
        loaded = core.load_project(project, today=today)
        if loaded.project is None:
            raise InvalidProject(loaded.diagnostics)
    return loaded.project, analyse(loaded.project)


def emit(text: str) -> None:
    click.echo(text, nl=False)


@main.command()
@TABLE_FORMAT_OPTION
@TODAY_OPTION
@click.pass_obj
def matrix(project: Path, fmt: str, today: date | None) -> None:
    """The content matrix: one row per persona × stage cell (as exports/matrix.csv)."""
    _project, analysis = analysed(project, today)
    emit(render_rows(matrix_rows(analysis), MATRIX_COLUMNS, fmt))


@main.command()
@click.option("--stage", "stage", default=None, metavar="STAGE", help="Only this stage's gaps.")
@TABLE_FORMAT_OPTION
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(list(SEVERITIES)),
    default=None,
    help="Exit 1 when a gap this severe or worse is not ignored.",
)
@TODAY_OPTION
@click.pass_obj
def gaps(
    project: Path, stage: str | None, fmt: str, fail_on: str | None, today: date | None
) -> None:
    """The gap report (as exports/gaps.csv; JSON as exports/gaps.json, ignored gaps marked)."""
    loaded_project, analysis = analysed(project, today)
    if stage is not None and stage not in loaded_project.stage_by_id:
        raise click.BadParameter(f"unknown stage `{stage}`", param_hint="--stage")
    rows = gap_rows(analysis, loaded_project.config.language, include_ignored=fmt != "csv")
    if stage is not None:
        rows = [r for r in rows if r["stage"] == stage]
    if fmt == "text":
        active = [r for r in rows if not r.get("ignored")]
        ignored = [r for r in rows if r.get("ignored")]
        emit(render_rows(active, GAP_COLUMNS, fmt) if active else "no gaps\n")
        if ignored:
            emit(f"\nignored ({len(ignored)}):\n" + render_rows(ignored, GAP_COLUMNS, fmt))
    else:
        emit(render_rows(rows, GAP_COLUMNS, fmt))
    if fail_on is not None:
        worst = SEVERITIES.index(fail_on)
        failing = [
            r
            for r in rows
            if not r.get("ignored") and SEVERITIES.index(str(r["severity"])) <= worst
        ]
        if failing:
            click.echo(f"{len(failing)} gap(s) of severity {fail_on} or worse", err=True)
            sys.exit(1)


@main.command()
@click.option("--from", "start", type=DateParam(), default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", type=DateParam(), default=None, help="Last day (YYYY-MM-DD).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "ics"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@TODAY_OPTION
@click.pass_obj
def calendar(
    project: Path, start: date | None, end: date | None, fmt: str, today: date | None
) -> None:
    """Dated items, one row per channel (as exports/calendar.csv), optionally in a range."""
    loaded_project, analysis = analysed(project, today)
    entries = [
        e
        for e in analysis.calendar.entries
        if (start is None or e.date >= start) and (end is None or e.date <= end)
    ]
    if fmt == "ics":
        sys.stdout.buffer.write(calendar_ics(loaded_project, entries))
        return
    keep = {(e.date.isoformat(), e.channel, e.item) for e in entries}
    rows = [r for r in calendar_rows(analysis) if (r["date"], r["channel"], r["item"]) in keep]
    emit(render_rows(rows, CALENDAR_COLUMNS, fmt))


@main.command()
@TABLE_FORMAT_OPTION
@TODAY_OPTION
@click.pass_obj
def results(project: Path, fmt: str, today: date | None) -> None:
    """Targets against measured results: one row per item target (as exports/kpi.csv)."""
    _project, analysis = analysed(project, today)
    emit(render_rows(kpi_rows(analysis), KPI_COLUMNS, fmt))

"""``diff``: what a change does to the plan, for a reviewer or a CI gate."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from generator.cli.app import TABLE_FORMAT_OPTION, TODAY_OPTION, handled, main, print_diagnostics
from generator.cli.views import render_rows
from generator.history import report
from generator.history.diff import PlanDiff, Side, compare
from generator.history.git import RevisionRefused
from generator.history.plan import InvalidPlanAt, Source, analysed, plan_folder, source_of
from generator.model import SEVERITIES

FORMATS = {"text": report.as_text, "markdown": report.as_markdown, "json": report.as_json}


@main.command()
@click.argument("BASE")
@click.argument("HEAD", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Output format; markdown is ready to post as a pull-request comment.",
)
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(list(SEVERITIES)),
    default=None,
    help="Exit 1 when the change opens a gap this severe or worse (old gaps never fail).",
)
@TODAY_OPTION
@click.pass_obj
def diff(
    project: Path, base: str, head: str | None, fmt: str, fail_on: str | None, today: date | None
) -> None:
    """Compare two states of the plan: BASE and HEAD are git revisions or folders (HEAD:
    the project folder as it is). Items added, removed and changed, coverage per cell,
    gaps opened and closed. Both sides are analysed for the same today."""
    result = _compare(project, base, head, today)
    click.echo(FORMATS[fmt](result), nl=False)
    if fail_on is not None:
        failing = result.opened_at_least(fail_on)
        if failing:
            click.echo(f"{len(failing)} gap(s) of severity {fail_on} or worse opened", err=True)
            sys.exit(1)


def checked(project: Path, spec: str | None, hint: str) -> Source:
    """The state of the plan named by ``spec``; a refused revision is a usage error."""
    try:
        return source_of(project, spec)
    except RevisionRefused as exc:
        raise click.BadParameter(str(exc), param_hint=hint) from None


def _compare(project: Path, base: str, head: str | None, today: date | None) -> PlanDiff:
    with handled():
        head_source = checked(project, head, "HEAD")
        base_source = checked(project, base, "BASE")
        try:
            with plan_folder(project, head_source) as root:
                head_side = Side(head_source.label, *analysed(root, head_source.label, today))
            today = head_side.project.today  # one today for both sides
            with plan_folder(project, base_source) as root:
                base_side = Side(base_source.label, *analysed(root, base_source.label, today))
        except InvalidPlanAt as exc:
            click.echo(f"error: the plan at {exc.label} has errors:", err=True)
            print_diagnostics(exc.diagnostics, err=True)
            sys.exit(1)
    return compare(base_side, head_side)


@main.command()
@click.option(
    "--weeks",
    type=click.IntRange(1, 520),
    default=None,
    help="How many ISO weeks up to the current one (default: history.weeks, else 26).",
)
@TABLE_FORMAT_OPTION
@TODAY_OPTION
@click.pass_obj
def trends(project: Path, weeks: int | None, fmt: str, today: date | None) -> None:
    """The plan week by week, from its git history: coverage, gaps by severity and items
    by status, one row per ISO week (as exports/history.csv)."""
    from generator.history.trends import history_rows
    from generator.load.loaders import find_root, load_config, resolve_today
    from generator.paths import cache_dir
    from generator.site.trends import HISTORY_COLUMNS

    with handled():
        root = find_root(project)
        config = load_config(root)[0]
        day = resolve_today(today, config)
        rows = history_rows(root, day, config.tz, weeks or config.history_weeks, cache_dir())
    click.echo(render_rows(rows, HISTORY_COLUMNS, fmt), nl=False)

"""The command line: parse options, call one core function, turn its errors into exit codes.

Exit codes (SPEC §4): 0 ok, 1 invalid project or a failing gate, 2 usage error,
130 interrupted. Nothing outside this module imports click.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from . import __version__, newitem, scaffold
from . import build as core
from .analysis import Analysis, analyse
from .config import LANGUAGES
from .diagnostics import Diagnostic, is_fatal, summary
from .errors import InvalidProject, PlansiteError
from .exports import (
    CALENDAR_COLUMNS,
    GAP_COLUMNS,
    MATRIX_COLUMNS,
    calendar_ics,
    calendar_rows,
    gap_rows,
    matrix_rows,
)
from .model import SEVERITIES, Project
from .progress import NO_PROGRESS, Progress
from .views import render_rows


class DateParam(click.ParamType[date]):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"`{value}` is not a date such as 2026-12-07", param, ctx)


class BarProgress:
    """A click progress bar on stderr."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, label: str, total: int) -> None:
        self.finish()
        self._bar = click.progressbar(length=total, label=label, file=sys.stderr)
        self._bar.__enter__()

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _progress(quiet: bool) -> Progress:
    return BarProgress() if not quiet and sys.stderr.isatty() else NO_PROGRESS


def _print_diagnostics(diagnostics: list[Diagnostic], *, err: bool) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=err)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


@contextmanager
def _handled() -> Iterator[None]:
    """plansite's errors → message and exit code; never a traceback for the user."""
    try:
        yield
    except InvalidProject as exc:
        _print_diagnostics(exc.diagnostics, err=True)
        click.echo(f"{summary(exc.diagnostics)}; nothing was written", err=True)
        sys.exit(1)
    except PlansiteError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("interrupted; the previous site was left as it was", err=True)
        sys.exit(130)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        _fail(f"{exc.strerror or exc}{where}; the previous site was left as it was")


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM ends a build like Ctrl-C does: staging removed, old site kept."""

    def raise_interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous: Callable[..., Any] | int | None = signal.signal(signal.SIGTERM, raise_interrupt)
    except ValueError:  # not the main thread (e.g. some test runners)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "-p",
    "project",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The planning project's folder.",
)
@click.version_option(__version__, prog_name="plansite")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Compile a content plan of Markdown items into a static site: content matrix,
    gap report per phase and publishing calendar."""
    ctx.obj = project


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format of the problem list.",
)
@click.pass_obj
def check(project: Path, strict: bool, fmt: str) -> None:
    """Validate the project and list every problem, without writing anything.

    Exits 1 when there is an error (or, with --strict, a warning).
    """
    with _handled():
        diagnostics = core.check(project)
    if fmt == "json":
        click.echo(json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False, indent=2))
    else:
        _print_diagnostics(diagnostics, err=False)
        click.echo(summary(diagnostics) if diagnostics else "no problems found", err=True)
    sys.exit(1 if is_fatal(diagnostics, strict=strict) else 0)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--today", type=DateParam(), default=None, help="Build as if today were DATE (YYYY-MM-DD)."
)
@click.option(
    "--output",
    "-o",
    "output",
    default=None,
    metavar="DIR",
    help="Output folder (default: `output` in plansite.yaml, else site).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@click.pass_obj
def build(project: Path, strict: bool, today: date | None, output: str | None, quiet: bool) -> None:
    """Build the site. The previous site stays in place until the new one is complete."""
    started = time.perf_counter()
    if output is not None and not output.startswith("~"):
        output = os.path.abspath(output)  # -o is relative to where the user is, like any path
    with _handled(), _sigterm_as_interrupt():
        result = core.build(
            project, today=today, output=output, strict=strict, progress=_progress(quiet)
        )
    _print_diagnostics(result.diagnostics, err=True)
    if not quiet:
        elapsed = time.perf_counter() - started
        shown = (
            os.path.relpath(result.output)
            if result.output.is_relative_to(Path.cwd())
            else str(result.output)
        )
        click.echo(f"built {result.pages} pages into {shown}/ in {elapsed:.1f} s", err=True)


def _analysed(project: Path, today: date | None) -> tuple[Project, Analysis]:
    """Load and analyse, or exit 1 with the problems (as build would)."""
    with _handled():
        loaded = core.load_project(project, today=today)
        if loaded.project is None:
            raise InvalidProject(loaded.diagnostics)
    return loaded.project, analyse(loaded.project)


def _emit(text: str) -> None:
    click.echo(text, nl=False)


TABLE_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="Output format.",
)
TODAY_OPTION = click.option(
    "--today", type=DateParam(), default=None, help="Analyse as if today were DATE (YYYY-MM-DD)."
)


@main.command()
@TABLE_FORMAT_OPTION
@TODAY_OPTION
@click.pass_obj
def matrix(project: Path, fmt: str, today: date | None) -> None:
    """The content matrix: one row per persona × stage cell (as exports/matrix.csv)."""
    _project, analysis = _analysed(project, today)
    _emit(render_rows(matrix_rows(analysis), MATRIX_COLUMNS, fmt))


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
    loaded_project, analysis = _analysed(project, today)
    if stage is not None and stage not in loaded_project.stage_by_id:
        raise click.BadParameter(f"unknown stage `{stage}`", param_hint="--stage")
    rows = gap_rows(analysis, include_ignored=fmt != "csv")
    if stage is not None:
        rows = [r for r in rows if r["stage"] == stage]
    if fmt == "text":
        active = [r for r in rows if not r.get("ignored")]
        ignored = [r for r in rows if r.get("ignored")]
        _emit(render_rows(active, GAP_COLUMNS, fmt) if active else "no gaps\n")
        if ignored:
            _emit(f"\nignored ({len(ignored)}):\n" + render_rows(ignored, GAP_COLUMNS, fmt))
    else:
        _emit(render_rows(rows, GAP_COLUMNS, fmt))
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
    loaded_project, analysis = _analysed(project, today)
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
    _emit(render_rows(rows, CALENDAR_COLUMNS, fmt))


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    absolute = path.resolve()
    return os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(absolute)


@main.command()
@click.argument("DIR", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--model",
    type=click.Choice(scaffold.MODELS),
    default=scaffold.DEFAULT_MODEL,
    show_default=True,
    help="Stage model of the journey.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the written files and of the site.",
)
@click.pass_obj
def init(project: Path, dir: Path | None, model: str, language: str) -> None:
    """Start a planning project in DIR (default: the --project folder): settings, the
    stages of a stage model, two personas and three linked sample items.

    Refuses, and writes nothing, when DIR already holds a plan.
    """
    with _handled():
        result = scaffold.init_project(dir or project, model=model, language=language)
    where = _shown(result.root)
    click.echo(f"created a {model} plan ({language}) in {where}/:")
    for rel in result.files:
        click.echo(f"  {rel}")
    prefix = "plansite" if where == "." else f"plansite --project {shlex.quote(where)}"
    click.echo("next:")
    click.echo(f"  {prefix} build")
    click.echo(
        f'  {prefix} new "Title" --persona {result.personas[-1]} '
        f"--stage {result.stages[min(1, len(result.stages) - 1)]} --channel blog"
    )


class MomentParam(click.ParamType[date]):
    """A date (2026-12-07) or an ISO 8601 date-time (2026-12-07T10:00:00+09:00)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            return date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"`{value}` is not a date such as 2026-12-07 or 2026-12-07T10:00", param, ctx)


def _split_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--persona a --persona b,c`` → ``(a, b, c)``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@main.command()
@click.argument("TITLE")
@click.option(
    "--persona",
    "personas",
    multiple=True,
    required=True,
    metavar="ID[,ID…]",
    help="Persona id(s); repeat or separate with commas.",
)
@click.option(
    "--stage",
    "stages",
    multiple=True,
    required=True,
    metavar="ID[,ID…]",
    help="Stage id(s); repeat or separate with commas.",
)
@click.option(
    "--channel",
    "channels",
    multiple=True,
    required=True,
    metavar="ID[,ID…]",
    help="Channel id(s); the file goes under content/<first channel>/.",
)
@click.option(
    "--date",
    "when",
    type=MomentParam(),
    default=None,
    help="Planned publication date (YYYY-MM-DD, or an ISO 8601 date-time).",
)
@click.option(
    "--format",
    "fmt",
    default=None,
    metavar="FORMAT",
    help="Content format, e.g. blog-post, case-study, webinar.",
)
@click.option("--owner", default=None, metavar="NAME", help="Who is responsible for the piece.")
@click.pass_obj
def new(
    project: Path,
    title: str,
    personas: tuple[str, ...],
    stages: tuple[str, ...],
    channels: tuple[str, ...],
    when: date | None,
    fmt: str | None,
    owner: str | None,
) -> None:
    """Add a planned content item with a body outline drawn from the stage's and the
    personas' needs; prints the path of the new file. Never overwrites a file."""
    if not title.strip():
        raise click.BadParameter("the title is empty", param_hint="TITLE")
    for flag, values in (("--persona", personas), ("--stage", stages), ("--channel", channels)):
        if not _split_ids(values):
            raise click.BadParameter("name at least one id", param_hint=flag)
    request = newitem.NewItem(
        title,
        _split_ids(personas),
        _split_ids(stages),
        _split_ids(channels),
        date=when,
        format=fmt,
        owner=owner,
    )
    with _handled():
        path = newitem.new_item(project, request)
    click.echo(_shown(path))


@main.command()
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the plan to the network.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only addresses and problems.")
@click.pass_obj
def serve(project: Path, port: int, host: str, quiet: bool) -> None:
    """Build the site, serve it, and rebuild and reload open pages whenever a file of the
    project changes. A change that does not build keeps the last good site and shows the
    problems on every page. Stop with Ctrl-C."""
    from .server import DevServer, is_loopback

    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host} makes the plan readable by anyone who can "
            "reach this machine; use the default 127.0.0.1 unless you mean it",
            err=True,
        )

    def report(message: str) -> None:
        if not quiet or message.startswith(
            ("build failed", "content/", "stages/", "personas/", "plansite.yaml")
        ):
            click.echo(f"[{time.strftime('%H:%M:%S')}] {message}", err=True)

    with _handled():
        core.find_project(project)
        try:
            server = DevServer(project, host=host, port=port, on_event=report)
        except OSError as exc:
            raise PlansiteError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.start()
    click.echo(f"serving {_shown(project)} at {server.url} (Ctrl-C to stop)", err=True)
    stop = signal.SIGINT
    try:
        signal.signal(signal.SIGTERM, lambda *_: os.kill(os.getpid(), stop))
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        server.stop()


@main.command(name="import")
@click.argument("FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--encoding", default="utf-8", show_default=True,
              help="Text encoding of the CSV, e.g. shift_jis for a Japanese Excel export.")
@click.option("--dry-run", is_flag=True, help="Check every row and list the files, write none.")
@click.pass_obj
def import_(project: Path, file: Path, encoding: str, dry_run: bool) -> None:
    """Turn a content-plan spreadsheet (CSV, one row per piece) into item files.

    Columns are found by header name (title, persona, stage, channel, date, status,
    owner, format, campaign, tags, next, review_by, body — or their Japanese names).
    Bad rows are reported with their line and skipped; exits 1 if there were any.
    """
    from .importer import import_csv

    with _handled():
        result = import_csv(project, file, encoding=encoding, dry_run=dry_run)
    verb = "would write" if dry_run else "wrote"
    for path in result.written:
        click.echo(f"{verb} {_shown(path)}")
    _print_diagnostics(result.problems, err=True)
    bad_rows = len({d.line for d in result.problems if d.severity == "error"})
    done = "would be written" if dry_run else "written"
    click.echo(f"{len(result.written)} of {result.rows} rows {done}"
               + (f"; {bad_rows} bad rows skipped" if bad_rows else ""), err=True)
    sys.exit(1 if bad_rows else 0)


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["all", "item", "persona", "stage", "config"]),
    default="all",
    show_default=True,
    help="Which file's schema to print.",
)
def schema(kind: str) -> None:
    """Print the JSON Schema of item, persona and stage front matter and of plansite.yaml,
    for editor autocompletion (see docs/schema.md)."""
    from .schema import json_schema

    value = json_schema(None if kind == "all" else kind)
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()

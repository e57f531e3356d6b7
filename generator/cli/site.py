"""``check``, ``build`` and ``serve``: validate the project, write the site, serve it."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import build as core
from generator import text
from generator.cli.app import (
    DateParam,
    handled,
    main,
    print_diagnostics,
    progress_for,
    shown,
    sigterm_as_interrupt,
    terminal_json,
)
from generator.diagnostics import is_fatal, summary
from generator.errors import InvalidProject, PlansiteError
from generator.model.history import SiteHistory
from generator.output.progress import Progress

if TYPE_CHECKING:
    from generator.incremental.memo import Memo
    from generator.incremental.store import KeptMemo


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
    with handled():
        kept = _Kept(project, site=False)
        diagnostics = core.check(project, memo_source=kept.get)
        kept.save()
    if fmt == "json":
        click.echo(terminal_json([d.as_json() for d in diagnostics], indent=2))
    else:
        print_diagnostics(diagnostics, err=False)
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
@click.option(
    "--clean", is_flag=True, help="Render every page, reusing nothing from the previous site."
)
@click.option(
    "--at",
    "at",
    default=None,
    metavar="REV|DATE",
    help="Build the plan as it stood at a git revision, or at the last commit on or "
    "before DATE (YYYY-MM-DD); the working tree is not touched.",
)
@click.pass_obj
def build(
    project: Path,
    strict: bool,
    today: date | None,
    output: str | None,
    quiet: bool,
    clean: bool,
    at: str | None,
) -> None:
    """Build the site. The previous site stays in place until the new one is complete."""
    started = time.perf_counter()
    if output is not None and not output.startswith("~"):
        output = os.path.abspath(output)  # -o is relative to where the user is, like any path
    progress = progress_for(quiet)
    with handled(), sigterm_as_interrupt():
        if at is None:
            # one memo, kept on disk: the current week's sample of the history is this
            # build's own reading of the project, and the next run starts from both
            kept = _Kept(project, fresh=clean)
            try:
                result = core.build(
                    project,
                    today=today,
                    output=output,
                    strict=strict,
                    progress=progress,
                    clean=clean,
                    history=_history(project, today, kept.get),
                    memo_source=kept.get,
                )
            except InvalidProject:
                kept.save()  # what was read is still worth keeping for the fixed project
                raise
            kept.save()
        else:
            result = _build_at(project, at, output, quiet, today, strict, progress, clean)
    print_diagnostics(result.diagnostics, err=True)
    if not quiet:
        elapsed = time.perf_counter() - started
        where = shown(result.output)
        reused = result.pages - result.rendered
        note = f" ({result.rendered} rendered, {reused} unchanged)" if reused else ""
        click.echo(f"built {result.pages} pages into {where}/{note} in {elapsed:.1f} s", err=True)


class _Kept:
    """The memo kept on disk (``incremental.store.KeptMemo``), imported and read only
    when the run comes to need it: a build or check that finds nothing changed, or only
    bodies, answers without it."""

    def __init__(self, project: Path, *, fresh: bool = False, site: bool = True) -> None:
        self.project, self.fresh, self.site = project, fresh, site
        self.kept: KeptMemo | None = None

    def get(self) -> Memo:
        from generator.incremental.store import KeptMemo

        if self.kept is None:
            root = core.find_project(self.project)
            self.kept = KeptMemo(root, fresh=self.fresh, site=self.site)
        return self.kept.get()

    def save(self) -> None:
        if self.kept is not None:
            self.kept.save()


def _history(project: Path, today: date | None, memo: Callable[[], Memo]) -> SiteHistory | None:
    """The plan's history for the Trends page, when the project is kept in git."""
    from generator.history.site import site_history
    from generator.load.loaders import find_root, load_config, resolve_today

    root = find_root(project)
    config = load_config(root)[0]
    day = resolve_today(today, config)
    return site_history(root, day, config.tz, config.history_weeks, memo)


def _build_at(
    project: Path,
    at: str,
    output: str | None,
    quiet: bool,
    today: date | None,
    strict: bool,
    progress: Progress,
    clean: bool,
) -> core.BuildResult:
    from generator.history.git import RevisionRefused
    from generator.history.plan import build_at

    try:
        source, result = build_at(
            project,
            at,
            output=output,
            today=today,
            strict=strict,
            progress=progress,
            clean=clean,
        )
    except RevisionRefused as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None
    if not quiet:
        click.echo(f"the plan at {at}: commit {source.commit}", err=True)
    return result


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
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How each build is reported: a line of text on stderr, or one JSON object per "
    "line on stdout, for tools.",
)
@click.pass_obj
def serve(project: Path, port: int, host: str, quiet: bool, log_format: str) -> None:
    """Build the site, serve it, and rebuild and reload open pages whenever a file of the
    project changes. A change that does not build keeps the last good site and shows the
    problems on every page. Stop with Ctrl-C."""
    from generator.serve import DevServer, Rebuild, is_loopback

    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host} makes the plan readable by anyone who can "
            "reach this machine; use the default 127.0.0.1 unless you mean it",
            err=True,
        )

    def report(rebuild: Rebuild) -> None:
        if log_format == "json":
            click.echo(terminal_json(rebuild.as_json()))
            sys.stdout.flush()
        elif not quiet or not rebuild.ok:
            for line in rebuild.lines():
                click.echo(f"[{time.strftime('%H:%M:%S')}] {text.shown(line)}", err=True)

    with handled():
        core.find_project(project)
        try:
            server = DevServer(
                project,
                host=host,
                port=port,
                on_build=report,
                history=lambda memo: _history(project, None, lambda: memo),
            )
        except OSError as exc:
            raise PlansiteError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        with sigterm_as_interrupt():
            server.start()
            click.echo(f"serving {shown(project)} at {server.url} (Ctrl-C to stop)", err=True)
            _nap_until_interrupted()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        server.stop()


def _nap_until_interrupted() -> None:
    """Sleep until Ctrl-C (or SIGTERM) arrives."""
    while True:
        # Short naps: a signal delivered to another thread (the watcher's) only sets
        # a flag, which this thread sees when its nap ends.
        time.sleep(0.2)

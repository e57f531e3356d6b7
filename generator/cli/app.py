"""The ``plansite`` group and what every command shares: option types, the progress bar,
and ``handled()``, the one place plansite's errors become messages and exit codes.

Exit codes (docs/commands.md): 0 ok, 1 invalid project or a failing gate, 2 usage error,
130 interrupted. Only this package imports click; the core never does.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click

from generator import __version__, text
from generator.collector import freeze_at_exit
from generator.diagnostics import Diagnostic, summary
from generator.errors import InvalidProject, PlansiteError
from generator.model import FIRST_DAY, LAST_DAY
from generator.output.progress import NO_PROGRESS, Progress

freeze_at_exit()  # a command's process ends without walking its objects again


class DateParam(click.ParamType[date]):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"`{value}` is not a date such as 2026-12-07", param, ctx)
        return _in_range(self, day, param, ctx)


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


def progress_for(quiet: bool) -> Progress:
    return BarProgress() if not quiet and sys.stderr.isatty() else NO_PROGRESS


def print_diagnostics(diagnostics: list[Diagnostic], *, err: bool) -> None:
    for d in diagnostics:
        click.echo(text.shown(d.format()), err=err)


#: Characters a JSON encoder leaves raw that still act on a terminal (DEL, C1 controls
#: such as CSI, the Unicode line separators); valid JSON as ``\\uXXXX`` escapes.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")


def terminal_json(value: object, indent: int | None = None) -> str:
    """``value`` as JSON for the terminal: readable UTF-8, every control character
    escaped (the encoder escapes C0; this escapes the rest)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {text.shown(message)}", err=True)
    sys.exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """plansite's errors → message and exit code; never a traceback for the user."""
    try:
        yield
    except InvalidProject as exc:
        print_diagnostics(exc.diagnostics, err=True)
        click.echo(f"{summary(exc.diagnostics)}; nothing was written", err=True)
        sys.exit(1)
    except PlansiteError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        click.echo("interrupted; the previous site was left as it was", err=True)
        sys.exit(130)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        fail(f"{exc.strerror or exc}{where}; the previous site was left as it was")


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
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


#: Each command and the module of ``generator.cli`` that defines it, imported only when
#: the command is asked for: ``plansite build`` then starts without loading what
#: ``init``, ``diff`` or ``serve`` need (Python's imports are a good part of a quick build).
COMMANDS = {
    **dict.fromkeys(("init", "new", "import", "schema", "editor"), "authoring"),
    **dict.fromkeys(("diff", "trends"), "history"),
    **dict.fromkeys(("matrix", "gaps", "calendar", "results"), "reports"),
    **dict.fromkeys(("check", "build", "serve"), "site"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (``COMMANDS``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"generator.cli.{COMMANDS[cmd_name]}")
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it,
    with any control character in a folder name written as an escape."""
    absolute = path.resolve()
    where = os.path.relpath(absolute) if absolute.is_relative_to(Path.cwd()) else str(absolute)
    return text.shown(where)


class MomentParam(click.ParamType[date]):
    """A date (2026-12-07) or an ISO 8601 date-time (2026-12-07T10:00:00+09:00)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        try:
            day = date.fromisoformat(text) if len(text) <= 10 else datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"`{value}` is not a date such as 2026-12-07 or 2026-12-07T10:00", param, ctx)
        return _in_range(self, day, param, ctx)


D = TypeVar("D", bound=date)


def _in_range(
    kind: click.ParamType[Any], day: D, param: click.Parameter | None, ctx: click.Context | None
) -> D:
    """``day`` when it lies in the days plansite handles (``model.FIRST_DAY`` to
    ``LAST_DAY``), the same bounds as a date in a file; else a usage error."""
    plain = day.date() if isinstance(day, datetime) else day
    if not FIRST_DAY <= plain <= LAST_DAY:
        kind.fail(f"{plain.isoformat()} is outside {FIRST_DAY} to {LAST_DAY}", param, ctx)
    return day


def split_ids(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--persona a --persona b,c`` → ``(a, b, c)``."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


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

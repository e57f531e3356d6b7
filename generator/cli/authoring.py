"""``init``, ``new``, ``import`` and ``schema``: starting and growing a plan."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from pathlib import Path

import click

from generator.authoring import init as scaffold
from generator.authoring import new as newitem
from generator.cli.app import MomentParam, handled, main, print_diagnostics, shown, split_ids
from generator.load.config import LANGUAGES


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
    with handled():
        result = scaffold.init_project(dir or project, model=model, language=language)
    where = shown(result.root)
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
@click.option(
    "--derived-from",
    "derived_from",
    multiple=True,
    metavar="ID[,ID…]",
    help="Id(s) of the item(s) the piece is repurposed from.",
)
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
    derived_from: tuple[str, ...],
) -> None:
    """Add a planned content item with a body outline drawn from the stage's and the
    personas' needs; prints the path of the new file. Never overwrites a file."""
    if not title.strip():
        raise click.BadParameter("the title is empty", param_hint="TITLE")
    for flag, values in (("--persona", personas), ("--stage", stages), ("--channel", channels)):
        if not split_ids(values):
            raise click.BadParameter("name at least one id", param_hint=flag)
    request = newitem.NewItem(
        title,
        split_ids(personas),
        split_ids(stages),
        split_ids(channels),
        date=when,
        format=fmt,
        owner=owner,
        derived_from=split_ids(derived_from),
    )
    with handled():
        path = newitem.new_item(project, request)
    click.echo(shown(path))


@main.command(name="import")
@click.argument("FILE", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Text encoding of the CSV, e.g. shift_jis for a Japanese Excel export.",
)
@click.option("--dry-run", is_flag=True, help="Check every row and list the files, write none.")
@click.pass_obj
def import_(project: Path, file: Path, encoding: str, dry_run: bool) -> None:
    """Turn a content-plan spreadsheet (CSV, one row per piece) into item files.

    Columns are found by header name (title, persona, stage, channel, date, status,
    owner, format, campaign, tags, next, review_by, body — or their Japanese names).
    Bad rows are reported with their line and skipped; exits 1 if there were any.
    """
    from generator.authoring.importer import import_csv

    with handled():
        result = import_csv(project, file, encoding=encoding, dry_run=dry_run)
    verb = "would write" if dry_run else "wrote"
    for path in result.written:
        click.echo(f"{verb} {shown(path)}")
    print_diagnostics(result.problems, err=True)
    bad_rows = len({d.line for d in result.problems if d.severity == "error"})
    done = "would be written" if dry_run else "written"
    click.echo(
        f"{len(result.written)} of {result.rows} rows {done}"
        + (f"; {bad_rows} bad rows skipped" if bad_rows else ""),
        err=True,
    )
    sys.exit(1 if bad_rows else 0)


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["all", "item", "persona", "stage", "owner", "config"]),
    default="all",
    show_default=True,
    help="Which file's schema to print.",
)
def schema(kind: str) -> None:
    """Print the JSON Schema of item, persona and stage front matter and of plansite.yaml,
    for editor autocompletion (see docs/schema.md)."""
    from generator.load.schema import json_schema

    value = json_schema(None if kind == "all" else kind)
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@main.command()
@click.option("--force", is_flag=True, help="Replace editor files that plansite did not write.")
@click.pass_obj
def editor(project: Path, force: bool) -> None:
    """Write or update the VS Code files of the project: frontmatter.json for Front Matter
    CMS, the JSON Schema of plansite.yaml and .vscode/settings.json for the YAML
    extension (see docs/commands/editor.md).

    Refuses, and writes nothing, when one of them exists and plansite did not write it.
    """
    from generator.authoring.editor import write_editor_files
    from generator.load.loaders import find_root

    with handled():
        done = write_editor_files(find_root(project), force=force)
    for written in done:
        click.echo(f"{written.action:9} {written.path}")
        if written.action == "replaced":
            click.echo("          (it was not written by plansite; --force replaced it)")

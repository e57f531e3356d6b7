"""``plansite editor``: the files that teach VS Code a planning project.

Three files, all generated from the project and from plansite's own field and setting
tables, so they follow both:

- ``frontmatter.json``: the configuration of the Front Matter CMS extension. One content
  type per kind of Markdown file, whose fields offer the project's personas, stages,
  channels, formats, owners and items as choices, and one page folder per source folder.
- ``.vscode/plansite.schema.json``: the JSON Schema of plansite.yaml (``plansite schema
  --kind config``), for the YAML extension.
- ``.vscode/settings.json``: associates that schema with plansite.yaml (``yaml.schemas``).

A file plansite wrote carries a mark (``$comment`` in JSON, a first-line comment in the
settings, which VS Code reads as JSON with comments); only such files are updated. Any
other existing file is refused unless the caller forces it, and the whole run is decided
before anything is written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import PlansiteError
from generator.load.frontmatter import read_markdown
from generator.load.loaders import Loaded, project_channels, read_project
from generator.load.schema import (
    DATE,
    DATE_OR_TIME,
    ID_OR_LIST,
    ITEM_FIELDS,
    PERSONA_FIELDS,
    STAGE_FIELDS,
    Field,
    json_schema,
)
from generator.load.sources import walk
from generator.model import FUNNELS, PRIORITIES, ROLES, STATUSES
from generator.site.i18n import LABELS, Translate, translator

FRONTMATTER_FILE = "frontmatter.json"
SCHEMA_FILE = ".vscode/plansite.schema.json"
SETTINGS_FILE = ".vscode/settings.json"
#: The mark of a file plansite wrote: updated freely, unlike any other file.
MARK = "Written by `plansite editor`: run it again after changing ids; edits here are replaced."
_SETTINGS_MARK = f"// {MARK}"
#: The published JSON Schema of frontmatter.json, which the extension and editors read.
FRONTMATTER_SCHEMA_URL = "https://frontmatter.codes/frontmatter.schema.json"
#: How Front Matter writes a date field: the form plansite reads (YYYY-MM-DD).
DATE_FORMAT = "yyyy-MM-dd"
SERVE_URL = "http://127.0.0.1:8000"  # ``plansite serve`` without options
#: The YAML extension validates with JSON Schema draft 7 and flags a 2020-12 schema as
#: "not yet fully supported"; the schema of plansite.yaml uses nothing newer than draft 7
#: (a test checks it), so the file it reads declares draft 7.
DRAFT_07 = "http://json-schema.org/draft-07/schema#"


class EditorFilesRefused(PlansiteError):
    """A file to write exists and plansite did not write it; nothing was written."""


@dataclass(frozen=True)
class Written:
    """What ``write_editor_files`` did with one file: created, updated, unchanged or
    replaced (an existing file plansite had not written, with ``force``)."""

    path: str
    action: str


# -- what the files say ----------------------------------------------------------------
def editor_files(root: Path, loaded: Loaded | None = None) -> dict[str, str]:
    """Project-relative path → text of every editor file (pure apart from reading the
    project; a project with errors still yields the ids it has)."""
    loaded = loaded or read_project(root)
    return {
        FRONTMATTER_FILE: _json(frontmatter_config(root, loaded)),
        SCHEMA_FILE: _json({**json_schema("config"), "$schema": DRAFT_07, "$comment": MARK}),
        SETTINGS_FILE: f"{_SETTINGS_MARK}\n{_json(vscode_settings())}",
    }


def vscode_settings() -> dict[str, Any]:
    """The YAML extension reads plansite.yaml against the schema beside these settings."""
    return {"yaml.schemas": {SCHEMA_FILE: ["/plansite.yaml"]}}


def frontmatter_config(root: Path, loaded: Loaded) -> dict[str, Any]:
    """``frontmatter.json``: content types, page folders and date format."""
    t = translator(loaded.config.language)
    choices = _choices(root, loaded)
    folders = (
        ("content", "items", "default"),
        ("stages", "stages", "stage"),
        ("personas", "personas", "persona"),
    )
    return {
        "$schema": FRONTMATTER_SCHEMA_URL,
        "$comment": MARK,
        "frontMatter.framework.id": "other",
        "frontMatter.framework.startCommand": "plansite serve",
        "frontMatter.preview.host": SERVE_URL,
        "frontMatter.taxonomy.dateFormat": DATE_FORMAT,
        "frontMatter.content.pageFolders": [
            {"title": t(label), "path": f"[[workspace]]/{folder}", "contentTypes": [kind]}
            for folder, label, kind in folders
        ],
        "frontMatter.taxonomy.contentTypes": [
            # the item type is Front Matter's ``default``: it never writes ``type:`` into
            # an item, a key plansite does not know
            _content_type("default", ITEM_FIELDS, choices, t),
            _content_type("stage", STAGE_FIELDS, choices, t),
            _content_type("persona", PERSONA_FIELDS, choices, t),
        ],
    }


#: Which choice list each field offers, by file kind and field name.
_CHOICE_OF: dict[str, str] = {
    "persona": "persona",
    "stage": "stage",
    "stages": "stage",
    "channel": "channel",
    "channels": "channel",
    "format": "format",
    "formats": "format",
    "owner": "owner",
    "next": "item",
    "derived_from": "item",
    "status": "status",
    "funnel": "funnel",
    "role": "role",
    "priority": "priority",
}
Choices = Mapping[str, Sequence[dict[str, str] | str]]


def _choices(root: Path, loaded: Loaded) -> dict[str, list[Any]]:
    """Every choice list: ids with their display names where they have one."""
    formats = loaded.config.formats
    format_ids: Iterable[tuple[str, str]]
    if formats is not None:
        format_ids = ((f.id, f.name) for f in formats)
    else:  # without declared formats, the ones the plan already uses
        used = {i.format for i in loaded.items if i.format}
        used |= {f for s in loaded.stages for f in s.formats}
        format_ids = ((f, f) for f in sorted(used))
    out: dict[str, list[Any]] = {
        "persona": _named((p.id, p.name) for p in loaded.personas),
        "stage": _named((s.id, s.name) for s in loaded.stages),
        "channel": _named((c.id, c.name) for c in project_channels(loaded.config, loaded.items)),
        "format": _named(format_ids),
        "item": _named((i.id, i.title) for i in loaded.items),
        "metric": _named((m.id, m.name(loaded.config.language)) for m in loaded.metrics),
        "status": list(STATUSES),
        "funnel": list(FUNNELS),
        "role": list(ROLES),
        "priority": list(PRIORITIES),
    }
    if (root / "owners").is_dir():
        out["owner"] = _named(_owners(root))
    return out


def _owners(root: Path) -> list[tuple[str, str]]:
    """The people in ``owners/``: each file's ``id`` (default: its stem) and ``name``.
    A file whose front matter cannot be read still offers its stem."""
    people: list[tuple[str, str]] = []
    files, _problems = walk(root, "owners")
    for source in files:
        if not source.rel.endswith(".md"):
            continue
        data = read_markdown(source).doc
        fields = data.data if data is not None and isinstance(data.data, dict) else {}
        stem = Path(source.rel).stem
        owner_id = str(fields.get("id") or stem)
        people.append((owner_id, str(fields.get("name") or owner_id)))
    return people


def _named(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"id": key, "title": name or key} for key, name in pairs]


def _content_type(
    name: str, fields: tuple[Field, ...], choices: Choices, t: Translate
) -> dict[str, Any]:
    return {
        "name": name,
        "pageBundle": False,
        "fields": [_field(f, choices, t) for f in fields],
    }


def _field(field: Field, choices: Choices, t: Translate) -> dict[str, Any]:
    """One Front Matter field from plansite's declaration of a front-matter field,
    titled by the site's label for it where there is one."""
    title = t(field.name) if field.name in LABELS else field.name
    out: dict[str, Any] = {"title": title, "name": field.name, "description": field.help}
    options = choices.get(_CHOICE_OF.get(field.name, ""))
    schema = {k: v for k, v in field.schema.items() if k != "default"}
    if options is not None:
        out.update(type="choice", choices=list(options))
        if schema == ID_OR_LIST or schema.get("type") == "array":
            out["multiple"] = True
        if "default" in field.schema:
            out["default"] = field.schema["default"]
    elif schema in (DATE, DATE_OR_TIME):
        out.update(type="datetime", dateFormat=DATE_FORMAT)
        if field.name == "date":
            out["isPublishDate"] = True
    elif schema.get("type") == "integer":
        out["type"] = "number"
    elif schema == ID_OR_LIST or schema.get("type") == "array":
        out["type"] = "list"
    elif schema.get("type") == "object":  # kpi (metric → target), needs (stage → text)
        kind = "number" if field.name == "kpi" else "string"
        keys = choices.get("metric" if field.name == "kpi" else "stage", ())
        out["type"] = "fields"
        out["fields"] = [
            {"title": c["title"], "name": c["id"], "type": kind}
            for c in keys
            if isinstance(c, dict)
        ]
    else:
        out["type"] = "string"
        out["single"] = True
    if field.required:
        out["required"] = True
    return out


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- writing ---------------------------------------------------------------------------
def written_by_plansite(path: Path) -> bool:
    """Whether ``path`` carries plansite's mark (a file it may update)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.startswith(_SETTINGS_MARK + "\n"):
        return True
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("$comment") == MARK


def write_editor_files(
    root: Path, *, force: bool = False, files: Mapping[str, str] | None = None
) -> list[Written]:
    """Write the editor files into ``root``. An existing file without plansite's mark is
    refused (nothing is written) unless ``force``; one with the mark is updated."""
    plan = dict(files if files is not None else editor_files(root))
    foreign = [
        rel
        for rel in plan
        if (root / rel).is_symlink()
        or ((root / rel).exists() and not written_by_plansite(root / rel))
    ]
    if foreign and not force:
        raise EditorFilesRefused(
            f"{', '.join(foreign)} already exist and were not written by plansite; "
            "nothing was written. Move them aside, or run `plansite editor --force` to "
            "replace them"
        )
    done: list[Written] = []
    for rel, text in plan.items():
        path = root / rel
        if rel in foreign:
            action = "replaced"
        elif not path.exists():
            action = "created"
        elif path.read_text(encoding="utf-8") == text:
            done.append(Written(rel, "unchanged"))
            continue
        else:
            action = "updated"
        _replace(path, text)
        done.append(Written(rel, action))
    return done


def _replace(path: Path, text: str) -> None:
    """Write through a temporary file beside ``path``, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()  # replace the link itself, never the file it points at
    temporary = path.with_name(f".{path.name}.plansite-tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PlansiteError(f"could not write {path}: {exc.strerror or exc}") from exc

"""``plansite new``: one planned content item, with a body outline and a safe file name.

The ids are checked against the loaded project before anything is written, so the new
item passes ``check --strict``; the file name comes from the title by ``paths.slug``'s rules
and is created exclusively, so no file is ever overwritten and no title can reach outside
``content/<channel>/``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.authoring.init import Data, ScaffoldError, bullets, labels, markdown
from generator.build import load_project
from generator.diagnostics import did_you_mean
from generator.errors import InvalidProject
from generator.model import Persona, Project, Stage
from generator.paths import collision_key, slug

#: A file name stays short enough for every file system, with room for ``-NN.md``.
MAX_STEM_CHARS, MAX_STEM_BYTES = 80, 180
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$")


@dataclass(frozen=True)
class NewItem:
    """What ``plansite new`` was asked for; ids as the user typed them."""

    title: str
    personas: tuple[str, ...]
    stages: tuple[str, ...]
    channels: tuple[str, ...]
    date: date | datetime | None = None
    format: str | None = None
    owner: str | None = None
    #: ids of the items this piece is repurposed from
    derived_from: tuple[str, ...] = ()


def new_item(root: Path, request: NewItem) -> Path:
    """Write one planned item under ``content/<first channel>/`` and return its path."""
    loaded = load_project(root)
    if loaded.project is None:
        raise InvalidProject(loaded.diagnostics)
    project = loaded.project
    title = " ".join(unicodedata.normalize("NFC", request.title).split())
    if not title:
        raise ScaffoldError("the title is empty")
    personas, stages, channels = (
        _ids(request.personas),
        _ids(request.stages),
        _ids(request.channels),
    )
    check_ids(project, personas, stages, channels)
    derived_from = _ids(request.derived_from)
    check_items(project, derived_from)
    fields = [
        ("title", title),
        ("persona", list(personas)),
        ("stage", list(stages)),
        ("channel", list(channels)),
        ("format", request.format),
        ("status", "planned"),
        ("date", request.date),
        ("owner", request.owner),
        ("derived_from", list(derived_from)),
    ]
    body = outline(
        project,
        [project.stage_by_id[s] for s in stages],
        [project.persona_by_id[p] for p in personas],
    )
    return write_unique(project, slug(channels[0]), file_stem(title), markdown(fields, body))


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    """NFC, stripped, without blanks or repeats, in the order given."""
    clean = (unicodedata.normalize("NFC", v).strip() for v in values)
    return tuple(dict.fromkeys(v for v in clean if v))


def check_ids(
    project: Project, personas: tuple[str, ...], stages: tuple[str, ...], channels: tuple[str, ...]
) -> None:
    """Every id must exist (channels only when plansite.yaml declares them), and every
    persona must apply to one of the stages, or the item would fail ``check --strict``."""
    problems: list[str] = []
    declared = project.config.channels is not None  # else every channel an item names exists
    for kind, given, known in (
        ("persona", personas, list(project.persona_by_id)),
        ("stage", stages, list(project.stage_by_id)),
        ("channel", channels, list(project.channel_by_id) if declared else list(channels)),
    ):
        if not given:
            problems.append(f"name at least one {kind}")
        for value in given:
            if value not in known:
                hint = did_you_mean(value, known) or f"the project has no {kind}s yet"
                problems.append(f"unknown {kind} `{value}` ({hint})")
    if not problems:
        for persona_id in personas:
            persona = project.persona_by_id[persona_id]
            if not any(persona.applies_to(s) for s in stages):
                problems.append(
                    f"persona `{persona_id}` does not apply to stage "
                    f"{', '.join(f'`{s}`' for s in stages)} "
                    f"({persona.path} lists its stages: {', '.join(persona.stages) or 'none'})"
                )
    if problems:
        raise ScaffoldError("; ".join(problems) + "; nothing was written")


def check_items(project: Project, derived_from: tuple[str, ...]) -> None:
    """``--derived-from`` names existing items, or nothing is written."""
    problems = []
    for item_id in derived_from:
        if item_id not in project.item_by_id:
            hint = did_you_mean(item_id, project.item_by_id, list_known=False)
            problems.append(f"unknown item `{item_id}`" + (f" ({hint})" if hint else ""))
    if problems:
        raise ScaffoldError(f"--derived-from: {'; '.join(problems)}; nothing was written")


def outline(project: Project, stages: list[Stage], personas: list[Persona]) -> str:
    """A body drafted from what the stages and personas say readers need there."""
    t = labels(project.config.language)
    lines = [f"> {t['note']}", ""]
    for stage in stages:
        lines += [f"## {stage.name}", ""]
        if stage.customer_state:
            lines += [t["state"], "", *bullets(stage.customer_state), ""]
        needs = list(stage.needs) + [
            t["persona_need"].format(persona=p.name, need=need)
            for p in personas
            if (need := p.need_at(stage.id))
        ]
        if needs:
            lines += [t["needs"], "", *bullets(needs), ""]
    lines += [f"## {t['outline']}", ""]
    lines += [f"{n}. {step}" for n, step in enumerate(t["steps"], start=1)] + [""]
    lines += [f"## {t['next']}", "", *next_step(project, stages, personas, t)]
    return "\n".join(lines)


def next_step(project: Project, stages: list[Stage], personas: list[Persona], t: Data) -> list[str]:
    """Where the piece should lead: the stage after its last one, and what is there."""
    last = max(project.stages.index(s) for s in stages)
    if last + 1 >= len(project.stages):
        return [t["next_last"]]
    following = project.stages[last + 1]
    wanted = {p.id for p in personas}
    there = [
        i
        for i in project.items
        if following.id in i.stages and wanted & set(i.personas) and i.status != "archived"
    ][:3]
    lines = [t["next_hint"].format(stage=following.name)]
    if there:
        lines += ["", t["candidates"], "", *bullets(f"`{i.id}`: {i.title}" for i in there)]
    return lines


def file_stem(title: str) -> str:
    """A file name from a title, by ``paths.slug``'s rules, lower-cased and short.

    Letters of any script stay (a Japanese title keeps its characters); a path
    separator, ``..`` or a leading dot can never come out of it.
    """
    text = unicodedata.normalize("NFKC", title).lower()
    text = re.sub(r"['’`]", "", text)  # "don't" → "dont", not "don-t"
    text = re.sub(r"\.{2,}", ".", text)
    if not re.search(r"[^\W_]", text):
        return "untitled"
    stem = slug(text)[:MAX_STEM_CHARS]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip("-.")
    if _WINDOWS_RESERVED.match(stem.split(".")[0]):
        stem += "-item"
    return stem or "untitled"


def write_unique(project: Project, folder_name: str, stem: str, text: str) -> Path:
    """Create ``content/<folder>/<stem>.md``, or ``<stem>-2.md``, ``-3`` …: never an
    existing file, nor a name that a case-insensitive disk or another item's id or page
    would clash with."""
    root = project.root.resolve()
    folder = project.root / "content" / folder_name
    if not (project.root / "content").resolve().is_relative_to(root):
        raise ScaffoldError("content/ points outside the project; nothing was written")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaffoldError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    if not folder.resolve().is_relative_to(root):
        raise ScaffoldError(f"{folder} points outside the project; nothing was written")
    taken = {collision_key(p.name) for p in folder.iterdir()}
    taken |= {collision_key(i.id) for i in project.items}
    taken |= {collision_key(i.url) for i in project.items}
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        keys = {
            collision_key(f"{name}.md"),
            collision_key(f"{name}.html"),
            collision_key(f"{folder_name}/{name}"),
            collision_key(f"items/{folder_name}/{name}.html"),
        }
        if keys & taken:
            continue
        path = folder / f"{name}.md"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ScaffoldError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return path
    raise ScaffoldError(f"no free file name for `{stem}` in {folder}")

"""``plansite init``: a ready planning project, written from a stage-model preset.

Stage models are data, not code: ``presets/models/<model>.yaml`` holds one model's stages
with English and Japanese side by side, ``presets/common.yaml`` the channels, personas,
sample items and body labels every model shares. This module only turns that data into
Markdown files (``newitem`` reuses its writer and labels). Everything is decided before
anything is written, and nothing is ever overwritten: a folder that already holds a plan
is refused.
"""

from __future__ import annotations

import tempfile
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from generator.authoring.editor import editor_files
from generator.diagnostics import did_you_mean
from generator.errors import PlansiteError
from generator.load.config import CONFIG_FILE

PRESETS = files("generator.authoring").joinpath("presets")
#: The stage models there are: one file each, so adding a model is adding a file.
MODELS: tuple[str, ...] = tuple(
    sorted(
        p.name.removesuffix(".yaml")
        for p in PRESETS.joinpath("models").iterdir()
        if p.name.endswith(".yaml")
    )
)
DEFAULT_MODEL = "six-stage"
TIMEZONES = {"en": "UTC", "ja": "Asia/Tokyo"}  # ja plans are for Japanese teams
HOLIDAYS = {"ja": "JP"}
PROJECT_PARTS = (CONFIG_FILE, "stages", "personas", "content")
#: Keeps what a build writes out of version control: the site, and the staging folder
#: and lock that sit beside it while a build runs.
GITIGNORE = "# Written by plansite build: rebuild rather than commit.\n/site/\n/.site.plansite-*\n"
#: Keys whose lists are short ids, written inline (``[blog, sns]``); text lists are blocks.
INLINE_LISTS = frozenset(
    {"formats", "channels", "persona", "stage", "channel", "next", "derived_from"}
)

Data = Mapping[str, Any]


class ScaffoldError(PlansiteError):
    """``init`` or ``new`` refused, and wrote nothing."""


@dataclass(frozen=True)
class InitResult:
    root: Path
    model: str
    language: str
    files: tuple[str, ...]  # project-relative, in the order written
    stages: tuple[str, ...]
    personas: tuple[str, ...]


# -- preset data -------------------------------------------------------------------------
@cache
def _load(name: str) -> Data:
    data: Data = yaml.safe_load(PRESETS.joinpath(name).read_text(encoding="utf-8"))
    return data


def common() -> Data:
    return _load("common.yaml")


def stage_model(model: str) -> Data:
    if model not in MODELS:
        raise ScaffoldError(f"unknown stage model `{model}` ({did_you_mean(model, MODELS)})")
    return _load(f"models/{model}.yaml")


def preset_formats(language: str) -> dict[str, dict[str, object]]:
    """The phase table of formats as plansite.yaml's ``formats``: id → name in
    ``language`` and effort days, early phase first."""
    return {
        entry["id"]: {"name": entry[language], "effort_days": entry["effort_days"]}
        for phase in common()["formats"].values()
        for entry in phase
    }


def stage_formats(stage: Data) -> list[str]:
    """The formats a preset stage recommends: those of its phase, which its funnel
    position gives (``phases`` in common.yaml)."""
    phase = common()["phases"][stage["funnel"]]
    return [entry["id"] for entry in common()["formats"][phase]]


def labels(language: str) -> Data:
    text: Data = common()["text"]
    chosen: Data = text[language] if language in text else text["en"]
    return chosen


# -- writing Markdown with front matter --------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Indents block lists under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _ConfigDumper(_Dumper):
    """Long settings text (channel descriptions) as folded ``>-`` blocks."""


def _folded(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 60 and value == value.strip() and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ConfigDumper.add_representer(str, _folded)


def _yaml(value: object, *, inline: bool = False, config: bool = False) -> str:
    """Front matter lines stay unwrapped, so each list entry is one line to edit."""
    return yaml.dump(
        value,
        Dumper=_ConfigDumper if config else _Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=inline,
        width=88 if config else 10_000,
    )


def markdown(fields: Iterable[tuple[str, object]], body: str) -> str:
    """Front matter (YAML quoting done by PyYAML, never by hand) and a body."""
    lines = ["---"]
    for key, value in fields:
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, list) and len(value) == 1 and key in INLINE_LISTS - {"next"}:
            value = value[0]  # `persona: cfo` rather than `persona: [cfo]`
        if isinstance(value, list) and key in INLINE_LISTS:
            lines.append(f"{key}: {_yaml(value, inline=True).strip()}")
        else:
            lines.append(_yaml({key: value}).rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n" + body.strip("\n") + "\n"


def bullets(texts: Iterable[str]) -> list[str]:
    return [f"- {t}" for t in texts]


# -- plansite init -----------------------------------------------------------------------
def init_project(
    root: Path,
    *,
    model: str = DEFAULT_MODEL,
    language: str = "en",
    today: date | None = None,
) -> InitResult:
    """Write a ready project into ``root``, or raise without writing anything."""
    if language not in TIMEZONES:
        raise ScaffoldError(f"unknown language `{language}` (use en or ja)")
    data = stage_model(model)
    title = unicodedata.normalize("NFC", root.resolve().name) or "plansite"
    if today is None:
        today = datetime.now(ZoneInfo(TIMEZONES[language])).date()
    plan = project_files(data, model, language, title, today)
    occupied = occupied_parts(root)
    if occupied:
        raise ScaffoldError(
            f"{root} already holds a planning project ({', '.join(occupied)}); "
            "nothing was written. Use an empty folder, or `plansite new` to add items"
        )
    if not (root / ".gitignore").exists():  # a project's own .gitignore is left alone
        plan[".gitignore"] = GITIGNORE
    plan.update(editor_plan(root, plan))
    write_all(root, plan)
    stages = tuple(s["id"] for s in data["stages"])
    personas = tuple(p["id"] for p in common()["personas"])
    return InitResult(root, model, language, tuple(plan), stages, personas)


def editor_plan(root: Path, plan: Mapping[str, str]) -> dict[str, str]:
    """The VS Code files of the new project (``editor.py``), made from the plan written
    into a scratch folder, so they are known before anything is written. Files the
    folder already has (a team's own .vscode/settings.json) are left alone."""
    with tempfile.TemporaryDirectory(prefix="plansite-init-") as scratch:
        write_all(Path(scratch), plan)
        files = editor_files(Path(scratch))
    return {rel: text for rel, text in files.items() if _free(root, rel)}


def _free(root: Path, rel: str) -> bool:
    """Nothing is at ``rel`` yet, and no file stands where one of its folders would go."""
    path = root / rel
    if path.exists() or path.is_symlink():
        return False
    return all(p.is_dir() or not p.exists() for p in path.parents if p != root)


def occupied_parts(root: Path) -> list[str]:
    """The parts of a plan that ``root`` already has (empty folders and dot-files aside)."""
    if root.exists() and not root.is_dir():
        raise ScaffoldError(f"{root} exists and is not a folder; nothing was written")
    found: list[str] = []
    for part in PROJECT_PARTS:
        path = root / part
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            found.append(part)
        elif path.is_dir() and any(not p.name.startswith(".") for p in path.iterdir()):
            found.append(f"{part}/")
    return found


def project_files(data: Data, model: str, language: str, title: str, today: date) -> dict[str, str]:
    """Every file of a new project, project-relative path → text (pure: no I/O)."""
    stages: list[Data] = data["stages"]
    out = {CONFIG_FILE: config_text(data, model, language, title)}
    for number, stage in enumerate(stages, start=1):
        out[f"stages/{number:02d}-{stage['id']}.md"] = stage_text(stage, language)
    for persona in common()["personas"]:
        out[f"personas/{persona['id']}.md"] = persona_text(persona, stages, language)
    first_monday = today + timedelta(days=7 - today.weekday())
    for sample in common()["samples"]:
        text = sample[language]
        week = sample.get("week")
        fields = [
            ("title", text["title"]),
            ("persona", list(_as_list(sample["persona"]))),
            ("stage", [stages[sample["stage"] - 1]["id"]]),
            ("channel", [sample["channel"]]),
            ("format", sample.get("format")),
            ("status", sample.get("status", "planned")),
            ("date", None if week is None else first_monday + timedelta(weeks=week - 1)),
            ("next", list(sample.get("next", []))),
        ]
        out[f"content/{sample['file']}"] = markdown(fields, text["body"])
    return out


def config_text(data: Data, model: str, language: str, title: str) -> str:
    settings: dict[str, object] = {"title": title, "language": language}
    settings["timezone"] = TIMEZONES[language]
    if language in HOLIDAYS:
        settings["calendar"] = {"holidays": HOLIDAYS[language]}
    channels: dict[str, object] = {}
    for channel in common()["channels"]:
        entry: dict[str, object] = dict(channel[language])
        for key in ("cadence", "max_per_week", "human"):
            if key in channel:
                entry[key] = channel[key]
        channels[channel["id"]] = entry
    settings["channels"] = channels
    settings["formats"] = preset_formats(language)
    header = labels(language)["header"].format(
        title=title,
        model=data["name"][language],
        description=data["description"][language],
        command=f"plansite init --model {model} --language {language}",
    )
    lines = (  # Japanese has no spaces to wrap at: it stays one line per sentence group
        part
        for line in header.splitlines()
        for part in (textwrap.wrap(line, 86) if line.isascii() else [line]) or [""]
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    return comment + _yaml(settings, config=True)


def stage_text(stage: Data, language: str) -> str:
    text = stage[language]
    fields = [
        ("name", text["name"]),
        ("funnel", stage["funnel"]),
        ("customer_state", list(text["customer_state"])),
        ("needs", list(text["needs"])),
        ("formats", stage_formats(stage)),
        ("channels", list(stage["channels"])),
    ]
    body = "\n".join([text["summary"], "", labels(language)["works"], "", *bullets(text["works"])])
    return markdown(fields, body)


def persona_text(persona: Data, stages: list[Data], language: str) -> str:
    text = persona[language]
    needs = {
        s["id"]: s[language]["persona_needs"][persona["id"]]
        for s in stages
        if persona["id"] in s[language].get("persona_needs", {})
    }
    fields = [
        ("name", text["name"]),
        ("role", persona["role"]),
        ("priority", persona["priority"]),
        ("goals", list(text["goals"])),
        ("pains", list(text["pains"])),
        ("needs", needs),
    ]
    return markdown(fields, text["body"])


def write_all(root: Path, plan: Mapping[str, str]) -> None:
    """Create every file exclusively; on any failure (Ctrl-C too) remove what this call
    created, so a refused or broken init leaves the folder as it was."""
    created: list[Path] = []
    try:
        for rel, text in plan.items():
            path = root / rel
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                folder.mkdir()
                created.append(folder)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                created.append(path)
                handle.write(text)
    except BaseException as exc:
        for path in reversed(created):
            with suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()
        if isinstance(exc, OSError):
            raise ScaffoldError(
                f"could not write {exc.filename or root}: {exc.strerror or exc}; "
                "nothing was left behind"
            ) from exc
        raise


def _as_list(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)

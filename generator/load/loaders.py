"""Phase one and two of a build: read every file and turn its front matter into the model.

Each ``parse_*`` function handles one file and returns a model object (or None) plus
its diagnostics; ``load_project`` runs them all, then hands the results to
``validate.cross_check`` for the problems that span files. Nothing is printed or raised
for a bad file.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.errors import ProjectNotFound
from generator.incremental.memo import FileResult, Memo
from generator.load.config import CONFIG_FILE, parse_config
from generator.load.fields import FieldReader
from generator.load.frontmatter import split_front_matter
from generator.load.schema import ITEM_FIELDS, KPI_KEYS, PERSONA_FIELDS, STAGE_FIELDS, keys
from generator.load.sources import SourceFile, read_text, walk
from generator.load.yamlsafe import YamlDoc, load_yaml
from generator.model import FUNNELS, PRIORITIES, STATUSES, Config, Item, Persona, Project, Stage
from generator.paths import item_url

STAGE_KEYS = keys(STAGE_FIELDS)
PERSONA_KEYS = keys(PERSONA_FIELDS)
ITEM_KEYS = keys(ITEM_FIELDS)


_ORDER_PREFIX = re.compile(r"^(\d+)[-_](.+)$")
#: A body bigger than this is refused at load: a content item is an outline or an
#: article, and Markdown rendering time grows with size.
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass
class Parsed:
    """A file's front matter, parsed, or the reason it could not be."""

    source: SourceFile
    doc: YamlDoc | None
    body: str = ""
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Loaded:
    """Everything read from disk, before cross-file checks."""

    root: Path
    config: Config
    config_ok: bool
    stages: list[Stage]
    personas: list[Persona]
    items: list[Item]
    assets: list[str]
    broken: dict[str, set[str]]  # kind → ids of files that failed to parse
    docs: dict[str, YamlDoc]  # source path → parsed front matter, for pointing at lines
    diagnostics: list[Diagnostic]


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def find_root(path: Path) -> Path:
    """The project folder, or ``ProjectNotFound`` when it holds no plan at all."""
    if not path.is_dir():
        raise ProjectNotFound(f"{path}: no such folder")
    if (path / CONFIG_FILE).is_file() or (path / "content").is_dir():
        return path
    raise ProjectNotFound(
        f"{path.resolve()} is not a plansite project: it has neither {CONFIG_FILE} nor content/ "
        "(run `plansite init` to start one)"
    )


def read_markdown(source: SourceFile, *, require_front_matter: bool = True) -> Parsed:
    """Decode, split and parse one Markdown file."""
    text, problems = read_text(source)
    parsed = Parsed(source, None, diagnostics=problems)
    if text is None:
        return parsed
    split = split_front_matter(text)
    if split.unclosed:
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                1,
                1,
                "error",
                "front-matter",
                "front matter opened with `---` on line 1 is never closed",
                "add a line with `---` after the last YAML line",
            )
        )
        return parsed
    parsed.body, parsed.body_line = split.body, split.body_line
    body_bytes = len(split.body.encode("utf-8"))
    if body_bytes > MAX_BODY_BYTES:
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                split.body_line,
                1,
                "error",
                "body-too-large",
                f"the body is {body_bytes / 2**20:.1f} MiB; the limit is "
                f"{MAX_BODY_BYTES // 2**20} MiB",
                "split it into several items",
            )
        )
        parsed.body = ""
    if split.yaml is None:
        if require_front_matter:
            parsed.diagnostics.append(
                Diagnostic(
                    source.rel,
                    1,
                    1,
                    "error",
                    "front-matter",
                    "missing front matter: the file must start with a `---` line",
                    "start the file with ---, the YAML fields, then ---",
                )
            )
        return parsed
    doc, problems = load_yaml(split.yaml, source.rel, first_line=split.yaml_line)
    parsed.diagnostics.extend(problems)
    if doc is not None and not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        parsed.diagnostics.append(
            Diagnostic(
                source.rel,
                doc.start.line,
                1,
                "error",
                "front-matter",
                f"front matter must be a mapping of fields, but it is {what}",
            )
        )
        return parsed
    parsed.doc = doc
    return parsed


def load_config(root: Path) -> tuple[Config, bool, list[Diagnostic]]:
    path = root / CONFIG_FILE
    title = nfc(root.resolve().name) or "plansite"
    if not path.exists():
        return Config(title=title), True, []
    text, problems = read_text(SourceFile(path, CONFIG_FILE))
    if text is None:
        return Config(title=title), False, problems
    doc, problems = load_yaml(text, CONFIG_FILE)
    if doc is None:
        return Config(title=title), False, problems
    config, more = parse_config(doc, CONFIG_FILE, title)
    return config, not any(d.severity == "error" for d in more), more


def parse_stage(parsed: Parsed, index: int) -> Stage | None:
    if parsed.doc is None:
        return None
    r = FieldReader(parsed.doc, parsed.source.rel, parsed.diagnostics)
    r.check_unknown(STAGE_KEYS)
    stem = Path(parsed.source.rel).stem
    match = _ORDER_PREFIX.match(stem)
    default_id = match.group(2) if match else stem
    default_order = int(match.group(1)) if match else 10_000 + index
    stage_id = nfc(r.text("id", default_id) or default_id)
    return Stage(
        id=stage_id,
        name=r.text("name", stage_id) or stage_id,
        order=r.integer("order", default_order, minimum=-1_000_000) or 0,
        path=parsed.source.rel,
        funnel=r.choice("funnel", FUNNELS),
        customer_state=r.text_list("customer_state"),
        needs=r.text_list("needs"),
        formats=r.text_list("formats"),
        channels=tuple(nfc(c) for c in r.text_list("channels")),
        min_items=r.integer("min_items", None, minimum=1),
        body=parsed.body,
    )


def parse_persona(parsed: Parsed, all_stages: tuple[str, ...]) -> Persona | None:
    if parsed.doc is None:
        return None
    r = FieldReader(parsed.doc, parsed.source.rel, parsed.diagnostics)
    r.check_unknown(PERSONA_KEYS)
    stem = Path(parsed.source.rel).stem
    persona_id = nfc(r.text("id", stem) or stem)
    stages = tuple(nfc(s) for s in r.text_list("stages")) if r.has("stages") else all_stages
    return Persona(
        id=persona_id,
        name=r.text("name", persona_id) or persona_id,
        path=parsed.source.rel,
        stages=stages,
        role=r.text("role"),
        priority=r.choice("priority", PRIORITIES, "medium") or "medium",
        goals=r.text_list("goals"),
        pains=r.text_list("pains"),
        needs=tuple((nfc(k), v) for k, v in r.text_map("needs")),
        body=parsed.body,
    )


def parse_item(parsed: Parsed, zone: tzinfo) -> Item | None:
    if parsed.doc is None:
        return None
    rel = parsed.source.rel
    r = FieldReader(parsed.doc, rel, parsed.diagnostics)
    r.check_unknown(ITEM_KEYS)
    r.require("title", "persona", "stage", "channel")
    content_rel = rel[len("content/") :]
    default_id = nfc(content_rel[: -len(".md")])
    item_id = nfc(r.text("id", default_id) or default_id).strip()
    if not item_id:
        r.error("id", "value", "`id` must not be empty")
        item_id = default_id
    day, moment = r.moment("date", zone)
    for key in ("persona", "stage", "channel"):
        if r.has(key) and not r.text_list(key):
            r.error(key, "missing-field", f"`{key}` must name at least one id")
    if not parsed.body.strip():
        parsed.diagnostics.append(
            Diagnostic(
                rel,
                parsed.body_line,
                1,
                "warning",
                "empty-body",
                "the item has no body text",
                "outline the piece below the front matter",
            )
        )
    return Item(
        id=item_id,
        path=rel,
        url=item_url(content_rel),
        title=r.text("title", "") or "",
        personas=tuple(nfc(p) for p in r.text_list("persona")),
        stages=tuple(nfc(s) for s in r.text_list("stage")),
        channels=tuple(nfc(c) for c in r.text_list("channel")),
        status=r.choice("status", STATUSES, "planned") or "planned",
        format=r.text("format"),
        date=day,
        time=moment,
        owner=r.text("owner"),
        next=tuple(nfc(n) for n in r.text_list("next")),
        review_by=r.day("review_by"),
        campaign=r.text("campaign"),
        tags=r.text_list("tags"),
        kpi=_kpi(r),
        body=parsed.body,
        body_line=parsed.body_line,
    )


def _kpi(r: FieldReader) -> dict[str, object] | None:
    sub = r.child("kpi")
    if sub is None:
        return None
    sub.check_unknown(KPI_KEYS)
    out: dict[str, object] = {}
    metric = sub.text("metric")
    if metric is not None:
        out["metric"] = metric
    if sub.has("target"):
        target = sub.data["target"]
        if isinstance(target, bool) or not isinstance(target, int | float | str):
            sub.error("target", "type", "`kpi.target` must be a number or text")
        else:
            out["target"] = target
    return out


def resolve_today(
    override: date | None,
    config: Config,
    env: dict[str, str] | None = None,
    clock: datetime | None = None,
) -> date:
    """docs/configuration.md: ``--today``, then ``today:`` in plansite.yaml, then SOURCE_DATE_EPOCH,
    then the clock — the last two read in the project's time zone."""
    if override is not None:
        return override
    if config.today is not None:
        return config.today
    environ = os.environ if env is None else env
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(config.tz).date()
    return (clock or datetime.now(UTC)).astimezone(config.tz).date()


def read_project(root: Path, memo: Memo | None = None) -> Loaded:
    """Read and parse every file of the project (phases 1–2); with a ``memo``, files
    unchanged since its last build are not parsed again."""
    root = find_root(root)
    diagnostics: list[Diagnostic] = []
    config, config_ok, problems = load_config(root)
    diagnostics += problems
    broken: dict[str, set[str]] = {"stage": set(), "persona": set(), "item": set()}
    docs: dict[str, YamlDoc] = {}

    def markdown_files(folder: str) -> list[SourceFile]:
        files, problems = walk(root, folder)
        diagnostics.extend(problems)
        return files

    def parse(source: SourceFile, context: object, make: Callable[[Parsed], object]) -> Any:
        """The model object of one file (None if broken), its diagnostics recorded."""

        def run() -> FileResult:
            parsed = read_markdown(source)
            model = make(parsed)
            return FileResult(model, parsed.doc, tuple(parsed.diagnostics))

        result = run() if memo is None else memo.parse(source, context, run)
        if result.doc is not None:
            docs[source.rel] = result.doc
        diagnostics.extend(result.diagnostics)
        return result.model

    stages: list[Stage] = []
    for index, source in enumerate(markdown_files("stages")):
        if source.rel.endswith(".md"):
            stage = parse(source, index, partial(parse_stage, index=index))
            if stage is None:
                stem = Path(source.rel).stem
                match = _ORDER_PREFIX.match(stem)
                broken["stage"].add(nfc(match.group(2) if match else stem))
            else:
                stages.append(stage)
    stages.sort(key=lambda s: (s.order, s.path))
    stage_ids = tuple(s.id for s in stages)

    personas: list[Persona] = []
    for source in markdown_files("personas"):
        if source.rel.endswith(".md"):
            persona = parse(source, stage_ids, lambda parsed: parse_persona(parsed, stage_ids))
            if persona is None:
                broken["persona"].add(nfc(Path(source.rel).stem))
            else:
                personas.append(persona)

    items: list[Item] = []
    assets: list[str] = []
    zone = config.tz
    for source in markdown_files("content"):
        content_rel = source.rel[len("content/") :]
        if not content_rel.lower().endswith(".md"):
            assets.append(content_rel)
            continue
        item = parse(source, zone, lambda parsed: parse_item(parsed, zone))
        if item is None:
            broken["item"].add(nfc(content_rel[: -len(".md")]))
        else:
            items.append(item)
    items.sort(key=lambda i: (i.id, i.path))
    return Loaded(
        root, config, config_ok, stages, personas, items, assets, broken, docs, diagnostics
    )


def assemble(loaded: Loaded, today: date) -> Project:
    """The immutable project, once cross-file checks found no error."""
    from generator.load.validate import project_channels

    return Project(
        root=loaded.root,
        config=loaded.config,
        today=today,
        stages=tuple(loaded.stages),
        personas=tuple(loaded.personas),
        channels=project_channels(loaded.config, loaded.items),
        items=tuple(loaded.items),
        assets=tuple(sorted(loaded.assets)),
    )

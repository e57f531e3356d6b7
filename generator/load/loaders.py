"""Phase one and two of a build: read every file and turn its front matter into the model.

Each ``parse_*`` function handles one file and returns a model object (or None) plus
its diagnostics; ``load_project`` runs them all, then hands the results to
``validate.cross_check`` for the problems that span files. Nothing is printed or raised
for a bad file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.errors import PlansiteError, ProjectNotFound
from generator.load.config import CONFIG_FILE, parse_config
from generator.load.fields import FieldReader, nfc
from generator.load.frontmatter import Parsed, read_markdown
from generator.load.metrics import all_metrics
from generator.load.numbers import read_targets
from generator.load.people import parse_owner
from generator.load.results import MatchedFile, ResultsRead, read_results
from generator.load.schema import ITEM_FIELDS, PERSONA_FIELDS, STAGE_FIELDS, keys
from generator.load.settings import MAX_COUNT
from generator.load.sources import SourceFile, read_text, settled, walk
from generator.load.yamlsafe import YamlDoc, load_yaml
from generator.model import (
    FUNNELS,
    LAST_DAY,
    PRIORITIES,
    STATUSES,
    Channel,
    Config,
    Item,
    Metric,
    Owner,
    Persona,
    Project,
    Stage,
)
from generator.paths import item_url

STAGE_KEYS = keys(STAGE_FIELDS)
PERSONA_KEYS = keys(PERSONA_FIELDS)
ITEM_KEYS = keys(ITEM_FIELDS)


_ORDER_PREFIX = re.compile(r"^(\d+)[-_](.+)$")


@dataclass(frozen=True)
class FileResult:
    """One file's parse: the model object (None when the file is broken), its front
    matter for pointing at lines, and its diagnostics."""

    model: Any
    doc: YamlDoc | None
    diagnostics: tuple[Diagnostic, ...]


#: How ``read_project`` gets a file's result: given the file, what else its parse reads
#: (the time zone, the stage ids, its position) and the parse itself. The plain way runs
#: the parse; ``plansite serve`` hands in one that reuses the result of an unchanged file.
ParseFile = Callable[[SourceFile, object, Callable[[], FileResult]], FileResult]


def parse_now(source: SourceFile, context: object, parse: Callable[[], FileResult]) -> FileResult:
    return parse()


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
    metrics: tuple[Metric, ...] = ()
    results: ResultsRead = field(default_factory=lambda: ResultsRead(False, (), ()))
    #: owners/*.md; None when the folder does not exist (then any owner is fine)
    owners: list[Owner] | None = None


def _nfc_id(value: str | None) -> str | None:
    """An id naming an owner or a format, in the form their files and settings use."""
    return nfc(value) if value is not None else None


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


#: ``load_config``'s answers by project folder and the ``stat`` of its plansite.yaml.
_CONFIGS: dict[tuple[str, int, int, int, int], tuple[Config, bool, tuple[Diagnostic, ...]]] = {}


def load_config(root: Path) -> tuple[Config, bool, list[Diagnostic]]:
    """The settings in plansite.yaml, whether they can be used, and the problems found.
    A run asks more than once (the "nothing changed" digest, the history, the load), so
    the answer is kept while the file's ``stat`` is the same."""
    key: tuple[str, int, int, int, int] | None
    try:
        st = os.stat(root / CONFIG_FILE)
        key = (str(root.resolve()), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        key = None  # no file: the defaults, worked out each time
    known = None if key is None else _CONFIGS.get(key)
    if known is None:
        config, usable, problems = _read_config(root)
        known = (config, usable, tuple(problems))
        if key is not None and settled(key[3]):
            _CONFIGS[key] = known
    return known[0], known[1], list(known[2])


def _read_config(root: Path) -> tuple[Config, bool, list[Diagnostic]]:
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
        formats=tuple(nfc(f) for f in r.text_list("formats")),
        channels=tuple(nfc(c) for c in r.text_list("channels")),
        min_items=r.integer("min_items", None, minimum=1, maximum=MAX_COUNT),
        body=parsed.body,
        kpi=read_targets(r),
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
    if not parsed.body.strip() and not parsed.body_refused:
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
        format=_nfc_id(r.text("format")),
        date=day,
        time=moment,
        owner=_nfc_id(r.text("owner")),
        next=tuple(nfc(n) for n in r.text_list("next")),
        review_by=r.day("review_by"),
        campaign=r.text("campaign"),
        tags=r.text_list("tags"),
        kpi=read_targets(r),
        body=parsed.body,
        body_line=parsed.body_line,
        source_url=r.text("url"),
        derived_from=tuple(nfc(d) for d in r.text_list("derived_from")),
        deadline=r.day("deadline"),
    )


def file_result(source: SourceFile, make: Callable[[Parsed], object]) -> FileResult:
    """One Markdown file read and made a model object by ``make`` (None where the file
    is broken): what ``read_project`` does with each file, and a helper parsing item
    files ahead of the build (``build.ahead``)."""
    parsed = read_markdown(source)
    model = make(parsed)
    return FileResult(model, parsed.doc, tuple(parsed.diagnostics))


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
    if epoch:
        return _epoch_day(epoch, config.tz)
    return (clock or datetime.now(UTC)).astimezone(config.tz).date()


def _epoch_day(epoch: str, zone: tzinfo) -> date:
    """The day of ``SOURCE_DATE_EPOCH`` in ``zone``. As the reproducible-builds convention
    asks, a value that is not a plain count of seconds, or one outside the days plansite
    handles, stops the command instead of being silently replaced by the clock."""
    last = datetime.combine(LAST_DAY, datetime.min.time(), UTC).timestamp()
    if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > last:
        raise PlansiteError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 up to "
            f"{int(last)} ({LAST_DAY}), not `{epoch[:40]}`"
        )
    return datetime.fromtimestamp(int(epoch), UTC).astimezone(zone).date()


def read_project(root: Path, parse_file: ParseFile = parse_now) -> Loaded:
    """Read and parse every file of the project (phases 1–2)."""
    root = find_root(root)
    config, config_ok, problems = load_config(root)
    reader = _Reader(root, parse_file, list(problems))
    stages = reader.stages()
    stage_ids = tuple(s.id for s in stages)
    personas = reader.personas(stage_ids)
    items, assets = reader.items(config.tz)
    owners = reader.owners() if (root / "owners").is_dir() else None
    metrics = all_metrics(config)
    results = read_results(root, config, metrics, items, partial(_read_results_file, parse_file))
    return Loaded(
        root,
        config,
        config_ok,
        stages,
        personas,
        items,
        assets,
        reader.broken,
        reader.docs,
        [*reader.diagnostics, *results.diagnostics],
        metrics,
        results,
        owners,
    )


def _read_results_file(
    parse_file: ParseFile, source: SourceFile, context: object, read: Callable[[], MatchedFile]
) -> MatchedFile:
    """A results file's rows through ``parse_file``, so ``serve`` reuses an unchanged one."""
    result = parse_file(source, context, lambda: FileResult(read(), None, ()))
    rows: MatchedFile = result.model
    return rows


class _Reader:
    """Walks the three folders, parses each file and collects what ``Loaded`` holds."""

    def __init__(self, root: Path, parse_file: ParseFile, diagnostics: list[Diagnostic]):
        self.root, self.parse_file, self.diagnostics = root, parse_file, diagnostics
        self.broken: dict[str, set[str]] = {
            "stage": set(),
            "persona": set(),
            "item": set(),
            "owner": set(),
        }
        self.docs: dict[str, YamlDoc] = {}

    def markdown_files(self, folder: str) -> list[SourceFile]:
        files, problems = walk(self.root, folder)
        self.diagnostics.extend(problems)
        return files

    def parse(self, source: SourceFile, context: object, make: Callable[[Parsed], object]) -> Any:
        """The model object of one file (None if broken), its diagnostics recorded."""
        result = self.parse_file(source, context, partial(file_result, source, make))
        if result.doc is not None:
            self.docs[source.rel] = result.doc
        self.diagnostics.extend(result.diagnostics)
        return result.model

    def stages(self) -> list[Stage]:
        stages: list[Stage] = []
        for index, source in enumerate(self.markdown_files("stages")):
            if not source.rel.endswith(".md"):
                continue
            stage = self.parse(source, index, partial(parse_stage, index=index))
            if stage is None:
                stem = Path(source.rel).stem
                match = _ORDER_PREFIX.match(stem)
                self.broken["stage"].add(nfc(match.group(2) if match else stem))
            else:
                stages.append(stage)
        return sorted(stages, key=lambda s: (s.order, s.path))

    def personas(self, stage_ids: tuple[str, ...]) -> list[Persona]:
        personas: list[Persona] = []
        for source in self.markdown_files("personas"):
            if not source.rel.endswith(".md"):
                continue
            persona = self.parse(source, stage_ids, partial(parse_persona, all_stages=stage_ids))
            if persona is None:
                self.broken["persona"].add(nfc(Path(source.rel).stem))
            else:
                personas.append(persona)
        return personas

    def owners(self) -> list[Owner]:
        """``owners/*.md``, by id: like personas, one file per person."""
        owners: list[Owner] = []
        for source in self.markdown_files("owners"):
            if not source.rel.endswith(".md"):
                continue
            owner = self.parse(source, None, parse_owner)
            if owner is None:
                self.broken["owner"].add(nfc(Path(source.rel).stem))
            else:
                owners.append(owner)
        return sorted(owners, key=lambda o: (o.id, o.path))

    def items(self, zone: tzinfo) -> tuple[list[Item], list[str]]:
        items: list[Item] = []
        assets: list[str] = []
        for source in self.markdown_files("content"):
            content_rel = source.rel[len("content/") :]
            if not content_rel.lower().endswith(".md"):
                assets.append(content_rel)
                continue
            item = self.parse(source, zone, partial(parse_item, zone=zone))
            if item is None:
                self.broken["item"].add(nfc(content_rel[: -len(".md")]))
            else:
                items.append(item)
        return sorted(items, key=lambda i: (i.id, i.path)), assets


def project_channels(config: Config, items: Iterable[Item]) -> tuple[Channel, ...]:
    """Declared channels, or else every channel an item names (docs/configuration.md)."""
    if config.channels is not None:
        return config.channels
    used = sorted({c for item in items for c in item.channels})
    return tuple(Channel(id=c, name=c, declared=False) for c in used)


def assemble(loaded: Loaded, today: date) -> Project:
    """The immutable project, once cross-file checks found no error."""
    return Project(
        root=loaded.root,
        config=loaded.config,
        today=today,
        stages=tuple(loaded.stages),
        personas=tuple(loaded.personas),
        channels=project_channels(loaded.config, loaded.items),
        items=tuple(loaded.items),
        assets=tuple(sorted(loaded.assets)),
        metrics=loaded.metrics,
        results=loaded.results.rows,
        results_by_file=loaded.results.by_file,
        measures=loaded.results.measures,
        owners=project_owners(loaded.owners, loaded.items),
    )


def project_owners(declared: list[Owner] | None, items: Iterable[Item]) -> tuple[Owner, ...]:
    """``owners/*.md``, or else every owner an item names, with no capacity: like
    channels, a plan without the folder still gets a page and a feed per person."""
    if declared is not None:
        return tuple(declared)
    used = sorted({i.owner for i in items if i.owner})
    return tuple(Owner(id=o, name=o, path="", declared=False) for o in used)

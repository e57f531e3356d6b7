"""Phase three: the problems that span files.

Each check names every file involved (both halves of a duplicate), points at the exact
line of the offending id, and stays quiet about references to a file that is itself
broken — the root error is reported once, at its file, with no cascade. Relative links
in bodies are checked by ``links.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.load.links import FindLinks, links
from generator.load.loaders import Loaded
from generator.load.people_checks import people_references
from generator.load.settings import CONFIG_FILE
from generator.load.yamlsafe import KeyPath, YamlDoc
from generator.model import Item, Persona
from generator.paths import asset_url, channel_url, collision_key, persona_url, stage_url

#: The most persona × stage cells a plan may have: each cell is a page, a row of the
#: matrix export and a place the gap report looks at. A real plan has dozens.
MAX_CELLS = 10_000
#: The most channels ``plansite.yaml`` may declare: each is a page and a calendar feed.
MAX_CHANNELS = 500


def cross_check(loaded: Loaded, find_links: FindLinks | None = None) -> list[Diagnostic]:
    """Every cross-file problem of the project at once."""
    return [*references(loaded), *links(loaded, find_links)]


def sizes(loaded: Loaded) -> list[Diagnostic]:
    """A plan too large to lay out (docs/safety.md, bounded work), reported at the first
    file that goes over the limit."""
    out: list[Diagnostic] = []
    stages, personas = loaded.stages, loaded.personas
    cells = len(stages) * len(personas)
    if cells > MAX_CELLS:
        culprit = (
            stages[MAX_CELLS].path
            if len(stages) > MAX_CELLS
            else personas[MAX_CELLS // len(stages)].path
        )
        out.append(
            Diagnostic(
                culprit,
                1,
                1,
                "error",
                "too-many",
                f"{len(personas):,} personas × {len(stages):,} stages make {cells:,} matrix "
                f"cells; the limit is {MAX_CELLS:,}",
                "merge the personas or stages the plan does not tell apart",
            )
        )
    channels = loaded.config.channels or ()
    if len(channels) > MAX_CHANNELS:
        out.append(
            Diagnostic(
                CONFIG_FILE,
                1,
                1,
                "error",
                "too-many",
                f"`channels` declares {len(channels):,} channels; the limit is {MAX_CHANNELS:,}",
            )
        )
    return out


def references(loaded: Loaded) -> list[Diagnostic]:
    """The plan's size, duplicates, output clashes and references to unknown ids, with
    "did you mean"."""
    checker = _Checker(loaded)
    checker.out.extend(sizes(loaded))
    checker.duplicate_ids()
    checker.output_clashes()
    for persona in loaded.personas:
        checker.persona_references(persona)
    for stage in loaded.stages:
        checker.stage_references(stage.path, stage.channels)
    for item in loaded.items:
        checker.item_references(item)
        checker.required_fields(item)
    checker.ignore_references()
    checker.kpi_metrics()
    people_references(loaded, checker)
    return checker.out


class _Checker:
    """The cross-file checks over one ``Loaded``, collecting diagnostics in ``out``."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.docs: dict[str, YamlDoc] = loaded.docs
        self.out: list[Diagnostic] = []
        self.stages = {s.id for s in loaded.stages}
        self.personas = {p.id for p in loaded.personas}
        self.items = {i.id for i in loaded.items}
        self.persona_by_id = {p.id: p for p in loaded.personas}
        self.channels = {ch.id for ch in loaded.config.channels or ()}
        # Channel names are only checked against a valid declared list: without one every
        # name is fine, and with a broken plansite.yaml the list is unknown.
        self.check_channels = loaded.config.channels is not None and loaded.config_ok
        self.broken = loaded.broken

    # -- reporting -------------------------------------------------------------------
    def at(self, path: str, key: KeyPath) -> tuple[int, int]:
        doc = self.docs.get(path)
        if doc is None:
            return 1, 1
        pos = doc.pos(key)
        return pos.line, pos.column

    def report(
        self,
        path: str,
        key: KeyPath,
        severity: Severity,
        code: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        line, column = self.at(path, key)
        self.out.append(Diagnostic(path, line, column, severity, code, message, hint))

    # -- duplicates and clashes ------------------------------------------------------
    def duplicate_ids(self) -> None:
        loaded = self.loaded
        self.duplicates("stage", ((s.id, s.path) for s in loaded.stages))
        self.duplicates("persona", ((p.id, p.path) for p in loaded.personas))
        self.duplicates("item", ((i.id, i.path) for i in loaded.items))

    def duplicates(self, kind: str, entries: Iterable[tuple[str, str]]) -> None:
        """``entries`` are (id, path); every file after the first with an id is named."""
        first: dict[str, str] = {}
        for entry_id, path in entries:
            if entry_id in first:
                other = first[entry_id]
                self.report(
                    path,
                    ("id",),
                    "error",
                    "duplicate-id",
                    f"duplicate {kind} id `{entry_id}`: {other} has the same id",
                    "give one of them another file name or `id`",
                )
                self.report(
                    other,
                    ("id",),
                    "error",
                    "duplicate-id",
                    f"duplicate {kind} id `{entry_id}`: {path} has the same id",
                )
            else:
                first[entry_id] = path

    def output_clashes(self) -> None:
        """Pages of one kind that one output folder could not hold apart."""
        loaded = self.loaded
        self.clashes((stage_url(s.id), s.path) for s in loaded.stages)
        self.clashes((persona_url(p.id), p.path) for p in loaded.personas)
        self.clashes(
            [(i.url, i.path) for i in loaded.items]
            + [(asset_url(a), "content/" + a) for a in loaded.assets]
        )
        if loaded.config.channels is not None:
            self.clashes((channel_url(ch.id), "plansite.yaml") for ch in loaded.config.channels)
        else:  # channels named only by items: blame the first item naming each
            first_use: dict[str, str] = {}
            for item in loaded.items:
                for channel_id in item.channels:
                    first_use.setdefault(channel_id, item.path)
            self.clashes((channel_url(cid), path) for cid, path in sorted(first_use.items()))

    def clashes(self, entries: Iterable[tuple[str, str]]) -> None:
        """Two sources whose pages a case-insensitive or normalising disk would merge."""
        seen: dict[str, tuple[str, str]] = {}
        for site_path, source in entries:
            key = collision_key(site_path)
            if key in seen and seen[key] != (site_path, source):
                other_path, other_source = seen[key]
                message = f"{source} and {other_source} would both be written to `{site_path}`" + (
                    f" / `{other_path}`" if other_path != site_path else ""
                )
                self.report(
                    source,
                    ("id",),
                    "error",
                    "output-clash",
                    message,
                    "rename one of them; names may not differ only by case or accents",
                )
                self.report(other_source, ("id",), "error", "output-clash", message)
            else:
                seen.setdefault(key, (site_path, source))

    # -- references ------------------------------------------------------------------
    def persona_references(self, persona: Persona) -> None:
        """Its ``stages`` (only when written: the default is every stage) and the stage
        ids its ``needs`` are keyed by."""
        doc = self.docs.get(persona.path)
        if doc is not None and isinstance(doc.data, dict) and "stages" in doc.data:
            self.known_ids(
                persona.path, "stages", persona.stages, "stage", self.stages, self.broken["stage"]
            )
        for stage_id, _need in persona.needs:
            if stage_id not in self.stages and stage_id not in self.broken["stage"]:
                self.report(
                    persona.path,
                    ("needs", stage_id),
                    "warning",
                    "unknown-stage",
                    f"`needs` names unknown stage `{stage_id}`",
                    did_you_mean(stage_id, self.stages),
                )

    def stage_references(self, path: str, channels: tuple[str, ...]) -> None:
        """A stage's recommended ``channels``, when channels are declared."""
        if self.check_channels:
            self.known_ids(path, "channels", channels, "channel", self.channels, set())

    def item_references(self, item: Item) -> None:
        """An item's personas, stages, channels, next steps and sources (``derived_from``);
        and a persona named at stages it does not apply to, which makes the item count
        nowhere."""
        path, broken = item.path, self.broken
        self.known_ids(path, "persona", item.personas, "persona", self.personas, broken["persona"])
        self.known_ids(path, "stage", item.stages, "stage", self.stages, broken["stage"])
        if self.check_channels:
            self.known_ids(path, "channel", item.channels, "channel", self.channels, set())
        self.known_ids(path, "next", item.next, "item", self.items, broken["item"])
        if item.id in item.next:
            self.report(path, ("next",), "warning", "next-self", "`next` names the item itself")
        self.known_ids(path, "derived_from", item.derived_from, "item", self.items, broken["item"])
        if item.id in item.derived_from:
            self.report(
                path,
                ("derived_from",),
                "warning",
                "derived-self",
                "`derived_from` names the item itself",
            )
        self.persona_stage_fit(item)

    def required_fields(self, item: Item) -> None:
        """``policy.required``: each field the item's status asks for must be written and
        not empty. Reported at the item's ``status`` (what makes the field required), or
        at the start of its front matter when the status is the default."""
        wanted = self.loaded.config.required_fields(item.status)
        if not wanted:
            return
        data = _mapping(self.docs.get(item.path), ())
        missing = [f for f in wanted if data.get(f) in (None, "", [], {})]
        if missing:
            names = ", ".join(f"`{f}`" for f in missing)
            self.report(
                item.path,
                ("status",),
                "error" if self.loaded.config.policy_level == "error" else "warning",
                "required-field",
                f"a `{item.status}` item must have {names} (policy.required in plansite.yaml)",
                "fill in the field, or move the item back to an earlier status",
            )

    def persona_stage_fit(self, item: Item) -> None:
        known_stages = [s for s in item.stages if s in self.stages]
        for persona_id in item.personas:
            persona = self.persona_by_id.get(persona_id)
            if persona and known_stages and not any(persona.applies_to(s) for s in known_stages):
                self.report(
                    item.path,
                    ("persona",),
                    "warning",
                    "persona-stage",
                    f"persona `{persona_id}` does not apply to stage "
                    f"{', '.join(f'`{s}`' for s in known_stages)}, so this item counts nowhere",
                    f"{persona.path} lists its stages: {', '.join(persona.stages) or 'none'}",
                )

    def ignore_references(self) -> None:
        """``ignore`` rules naming an id that does not exist match nothing: a warning."""
        for index, rule in enumerate(self.loaded.config.ignore):
            for key, value, known in (
                ("stage", rule.stage, self.stages),
                ("persona", rule.persona, self.personas),
                ("item", rule.item, self.items),
            ):
                if value is not None and value not in known:
                    self.report(
                        "plansite.yaml",
                        ("ignore", index, key),
                        "warning",
                        f"unknown-{key}",
                        f"`ignore` names unknown {key} `{value}`; the rule matches nothing",
                        did_you_mean(value, known),
                    )

    def kpi_metrics(self) -> None:
        """Targets naming a metric plansite does not know can never be measured: a
        warning, for a project that measures (its results folder holds a file)."""
        if not self.loaded.results.measures:
            return
        known = {m.id for m in self.loaded.metrics}
        targets: list[tuple[str, KeyPath, Mapping[str, float]]]
        targets = [(i.path, ("kpi",), i.kpi) for i in self.loaded.items]
        targets += [(s.path, ("kpi",), s.kpi) for s in self.loaded.stages]
        channels = self.loaded.config.channels or ()
        targets += [("plansite.yaml", ("channels", c.id, "kpi"), c.kpi) for c in channels]
        for path, key, kpi in targets:
            for metric in kpi:
                if metric not in known:
                    self.report(
                        path,
                        (*key, metric)
                        if "metric" not in _mapping(self.docs.get(path), key)
                        else (*key, "metric"),
                        "warning",
                        "unknown-metric",
                        f"`kpi` names unknown metric `{metric}`; it cannot be measured",
                        did_you_mean(metric, known),
                    )

    def known_ids(
        self,
        path: str,
        key: str,
        values: tuple[str, ...],
        kind: str,
        known: set[str],
        broken: set[str],
    ) -> None:
        """Each id of field ``key`` names a known (or broken) ``kind``; a field written
        as a list is reported at the element, one written as a single id at the field."""
        for index, value in enumerate(values):
            if value in known or value in broken:
                continue
            as_list = _is_list(self.docs.get(path), key)
            self.report(
                path,
                (key, index) if as_list else (key,),
                "error",
                f"unknown-{kind}",
                f"unknown {kind} `{value}`",
                did_you_mean(value, known, list_known=kind != "item"),
            )


def _is_list(doc: YamlDoc | None, key: str) -> bool:
    return doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get(key), list)


def _mapping(doc: YamlDoc | None, key: KeyPath) -> dict[object, object]:
    """The mapping at ``key`` in a document, or an empty one."""
    data: object = doc.data if doc is not None else None
    for part in key:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}

"""The content matrix: how many items each persona × stage cell has (docs/files.md, Counting).

Counting rules, in one place so the matrix page, the gap report and ``matrix.csv`` can
never disagree:

* ``archived`` items count nowhere; ``idea`` items only in ``ideas``;
* every other status is *planned*; ``published`` is also *live*;
* an item counts once in each persona × stage it names, and only where that persona
  applies to that stage (ids repeated in front matter still count once);
* a cell's target is the stage's ``min_items``, else ``coverage.min_items``.

The helpers at the bottom (orderings, ``unique``) are shared by the other analysis
modules so that every list in the site sorts the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from generator.model import ROLES, Item, Persona, Project, Stage


@dataclass(frozen=True, slots=True)
class Cell:
    """One persona × stage cell where the persona applies to the stage."""

    persona: str
    stage: str
    planned: int
    live: int
    ideas: int
    target: int
    items: tuple[str, ...]  # every non-archived item in the cell (ideas included), by id

    @property
    def covered(self) -> bool:
        return self.planned >= self.target

    @property
    def live_covered(self) -> bool:
        """Published items alone reach the target."""
        return self.live >= self.target

    @property
    def state(self) -> str:
        """``empty``, ``under`` or ``covered``: the three shades of the heat map."""
        if self.planned == 0:
            return "empty"
        return "covered" if self.covered else "under"


@dataclass(frozen=True, slots=True)
class ChannelCount:
    """Items of one stage (or persona) on one channel: the stage × channel view."""

    key: str  # a stage id or a persona id
    channel: str
    planned: int
    live: int
    ideas: int
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Share of applicable cells whose planned items reach the target (planned), and
    whose published items reach it (live) — so live coverage never exceeds planned."""

    stage: str | None  # None for the whole plan
    cells: int
    planned_covered: int
    live_covered: int

    @property
    def planned_pct(self) -> float | None:
        """Percent of cells at or over target; None when no persona applies."""
        return 100 * self.planned_covered / self.cells if self.cells else None

    @property
    def live_pct(self) -> float | None:
        return 100 * self.live_covered / self.cells if self.cells else None


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """Personas sharing a buying-committee role, so the matrix shows the committee."""

    role: str | None
    personas: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    targets: tuple[tuple[str, int], ...]  # (stage id, coverage target), stage order
    cells: tuple[Cell, ...]  # personas, then stages, in their defined order
    stage_channel: tuple[ChannelCount, ...]  # every stage × channel, defined order
    persona_channel: tuple[ChannelCount, ...]  # every persona × channel, defined order
    groups: tuple[RoleGroup, ...]
    stage_coverage: tuple[Coverage, ...]  # one per stage, stage order
    overall: Coverage

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Cell]:
        return {(c.persona, c.stage): c for c in self.cells}

    def target(self, stage: str) -> int:
        """The coverage target of the stage's cells (the stage page shows it even where
        no persona applies, so it is kept per stage, not only per cell)."""
        return dict(self.targets)[stage]

    def cell(self, persona: str, stage: str) -> Cell | None:
        """The cell, or None where the persona does not apply to the stage."""
        return self._by_key.get((persona, stage))

    def coverage(self, stage: str) -> Coverage | None:
        return next((c for c in self.stage_coverage if c.stage == stage), None)


def build_matrix(project: Project) -> Matrix:
    """Count every item into the cells it names; see the module docstring for the rules."""
    items = sorted((i for i in project.items if i.status != "archived"), key=lambda i: i.id)
    targets = tuple((stage.id, _target(project, stage)) for stage in project.stages)
    target_of = dict(targets)
    # each persona's and each stage's items, in id order, found in one pass: a cell then
    # looks at its persona's items only, not at the whole plan
    by_persona = _grouped(items, lambda i: i.personas)
    by_stage = _grouped(items, lambda i: i.stages)
    cells = tuple(
        _cell(persona, stage, target_of[stage.id], by_persona.get(persona.id, []))
        for persona in project.personas
        for stage in project.stages
        if persona.applies_to(stage.id)
    )
    channels = channel_ids(project)
    stage_channel = tuple(
        _channel_count(stage.id, channel, by_stage.get(stage.id, []))
        for stage in project.stages
        for channel in channels
    )
    persona_channel = tuple(
        _channel_count(persona.id, channel, by_persona.get(persona.id, []))
        for persona in project.personas
        for channel in channels
    )
    stage_coverage = tuple(
        _coverage(stage.id, [c for c in cells if c.stage == stage.id]) for stage in project.stages
    )
    return Matrix(
        targets=targets,
        cells=cells,
        stage_channel=stage_channel,
        persona_channel=persona_channel,
        groups=role_groups(project.personas),
        stage_coverage=stage_coverage,
        overall=_coverage(None, cells),
    )


def _grouped(items: list[Item], keys: Callable[[Item], tuple[str, ...]]) -> dict[str, list[Item]]:
    """Key → the items naming it, in the order of ``items`` (each item once per key)."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        for key in dict.fromkeys(keys(item)):
            groups.setdefault(key, []).append(item)
    return groups


def _target(project: Project, stage: Stage) -> int:
    """The coverage target of every cell of a stage: the one place that derives it. Pages
    and exports read ``Matrix.targets`` or ``Cell.target``."""
    return stage.min_items if stage.min_items is not None else project.config.min_items


def _cell(persona: Persona, stage: Stage, target: int, items: list[Item]) -> Cell:
    inside = [i for i in items if persona.id in i.personas and stage.id in i.stages]
    return Cell(
        persona=persona.id,
        stage=stage.id,
        planned=sum(1 for i in inside if i.counts),
        live=sum(1 for i in inside if i.live),
        ideas=sum(1 for i in inside if i.is_idea),
        target=target,
        items=tuple(i.id for i in inside),
    )


def _channel_count(key: str, channel: str, items: list[Item]) -> ChannelCount:
    on = [i for i in items if channel in i.channels]
    return ChannelCount(
        key=key,
        channel=channel,
        planned=sum(1 for i in on if i.counts),
        live=sum(1 for i in on if i.live),
        ideas=sum(1 for i in on if i.is_idea),
        items=tuple(i.id for i in on),
    )


def _coverage(stage: str | None, cells: Iterable[Cell]) -> Coverage:
    cells = list(cells)
    return Coverage(
        stage=stage,
        cells=len(cells),
        planned_covered=sum(1 for c in cells if c.covered),
        live_covered=sum(1 for c in cells if c.live_covered),
    )


def role_groups(personas: Iterable[Persona]) -> tuple[RoleGroup, ...]:
    """Known roles first (decision-maker … user), then other roles A–Z, then no role.

    Within a group personas keep their defined order.
    """
    personas = list(personas)
    roles = unique(p.role for p in personas)
    known = [r for r in ROLES if r in roles]
    others = sorted(r for r in roles if r is not None and r not in ROLES)
    order: list[str | None] = [*known, *others]
    if None in roles:
        order.append(None)
    return tuple(RoleGroup(role, tuple(p.id for p in personas if p.role == role)) for role in order)


# -- orderings shared by the analysis modules ------------------------------------------

T = TypeVar("T")
LAST = 1 << 30  # sorts after every real position


def unique(values: Iterable[T]) -> list[T]:
    """Values once each, first occurrence first (front matter may repeat an id)."""
    return list(dict.fromkeys(values))


def channel_ids(project: Project) -> tuple[str, ...]:
    """Defined channels in their order, then any channel only items name, A–Z."""
    known = [c.id for c in project.channels]
    extra = sorted({c for i in project.items for c in i.channels} - set(known))
    return (*known, *extra)


@dataclass(frozen=True)
class Order:
    """Positions of stages, personas and channels in their defined order.

    Built once per analysis; ids the project does not define sort after the defined
    ones (channels among themselves A–Z), and a missing id (None) sorts last.
    """

    stages: Mapping[str, int]
    personas: Mapping[str, int]
    channels: Mapping[str, int]

    @classmethod
    def of(cls, project: Project) -> Order:
        return cls(
            stages={s.id: n for n, s in enumerate(project.stages)},
            personas={p.id: n for n, p in enumerate(project.personas)},
            channels={c: n for n, c in enumerate(channel_ids(project))},
        )

    def stage(self, stage_id: str | None) -> int:
        return LAST + 1 if stage_id is None else self.stages.get(stage_id, LAST)

    def persona(self, persona_id: str | None) -> int:
        return LAST + 1 if persona_id is None else self.personas.get(persona_id, LAST)

    def channel(self, channel_id: str | None) -> tuple[int, str]:
        if channel_id is None:
            return (LAST + 1, "")
        return (self.channels.get(channel_id, LAST), channel_id)

    def earliest_stage(self, stage_ids: Iterable[str]) -> str | None:
        """The first known stage in stage order: where an item's gaps are filed."""
        known = [s for s in stage_ids if s in self.stages]
        return min(known, key=self.stage) if known else None

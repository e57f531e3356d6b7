"""The gap report per phase: every gap kind of docs/gaps.md, its severity, and "create next".

Rules are quoted from docs/gaps.md next to the code that applies them; ``docs/gaps.md``
explains them for users. Only planned items (statuses that count as coverage) ever make
or fill a gap: ideas are backlog and archived items are gone. Ignored gaps are kept and
marked, never dropped, so a report always shows what the team chose to accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from generator.analysis.calendar import Calendar, is_overdue, item_day
from generator.analysis.matrix import Matrix, Order, unique
from generator.analysis.people import People, people_gaps
from generator.analysis.result_gaps import result_gaps
from generator.analysis.results import Results
from generator.model import (
    FUNNELS,
    GAP_CODES,
    IN_PROGRESS_STATUSES,
    PRIORITIES,
    SEVERITIES,
    Gap,
    Item,
    Phrase,
    Project,
    Stage,
)

# -- severity --------------------------------------------------------------------------
#: Base severity by the priority of the persona a gap concerns (for item gaps: the most
#: important of the item's personas).             high       medium     low   persona
SEVERITY_BY_PERSONA: dict[str, tuple[str, str, str]] = {
    "empty-cell": ("high", "medium", "low"),
    "under-target": ("medium", "low", "low"),
    "not-live": ("medium", "low", "low"),
    "dead-end": ("medium", "medium", "low"),
    "stale": ("medium", "low", "low"),
    "overdue": ("high", "medium", "medium"),
    "unowned": ("medium", "low", "low"),
    "over-frequency": ("high", "medium", "medium"),
}
#: Severity of gaps that concern a whole stage, by its funnel position.
#:                                top       middle    bottom    post   (no funnel: low)
SEVERITY_BY_FUNNEL: dict[str, tuple[str, str, str, str]] = {
    "missing-format": ("low", "low", "medium", "low"),
    "missing-channel": ("medium", "low", "medium", "low"),
    "no-human-touch": ("high", "high", "high", "high"),  # only ever bottom
}
#: One step up (never above high) for: a cell gap (empty-cell, under-target, not-live) at a
#: bottom-funnel stage, closest to a decision; an under-target cell with less than half its
#: target planned. A cadence-miss is medium when the slot is within the next 14 days
#: (today included), else low: imminent slots can still be filled.
CELL_CODES = ("empty-cell", "under-target", "not-live")
IMMINENT_DAYS = 14

# -- "create next" ranking -------------------------------------------------------------
#: Gaps that are fixed by making (or publishing) something, not by editing an item: the
#: cell and stage kinds, which GAP_CODES lists before the item kinds.
CREATE_CODES = GAP_CODES[: GAP_CODES.index("no-human-touch") + 1]
#: score = 100 × severity + 10 × persona priority + funnel; highest first, ties in report order.
SEVERITY_POINTS = {"high": 3, "medium": 2, "low": 1}
PRIORITY_POINTS = {"high": 3, "medium": 2, "low": 1}  # no persona (stage gaps): 0
FUNNEL_POINTS = {"bottom": 4, "middle": 3, "top": 2, "post": 1}  # no funnel: 0


def by_persona(code: str, priority: str) -> str:
    return SEVERITY_BY_PERSONA[code][_index(PRIORITIES, priority, 1)]


def by_funnel(code: str, funnel: str | None) -> str:
    if funnel not in FUNNELS:
        return "low"
    return SEVERITY_BY_FUNNEL[code][FUNNELS.index(funnel)]


def raise_one(severity: str) -> str:
    return SEVERITIES[max(SEVERITIES.index(severity) - 1, 0)]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One entry of "create next": the gap it closes, its score and what to make."""

    gap: Gap
    score: int
    text: Phrase
    format: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class GapReport:
    gaps: tuple[Gap, ...]  # all gaps, ignored included, in report order
    create_next: tuple[Suggestion, ...]  # ranked, over every stage

    @property
    def active(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if not g.ignored)

    def for_stage(self, stage: str | None) -> tuple[Gap, ...]:
        """Gaps filed under one stage; ``None`` gives the cross-stage ones (calendar)."""
        return self._by_stage.get(stage, ())

    @cached_property
    def _by_stage(self) -> dict[str | None, tuple[Gap, ...]]:
        """The gaps of each stage, in report order: pages ask for them stage by stage."""
        grouped: dict[str | None, list[Gap]] = {}
        for gap in self.gaps:
            grouped.setdefault(gap.stage, []).append(gap)
        return {stage: tuple(gaps) for stage, gaps in grouped.items()}

    def next_for_stage(self, stage: str) -> tuple[Suggestion, ...]:
        return tuple(s for s in self.create_next if s.gap.stage == stage)


def find_gaps(
    project: Project,
    matrix: Matrix,
    calendar: Calendar,
    results: Results | None = None,
    people: People | None = None,
) -> GapReport:
    """Every gap, severity set, ``ignore`` rules applied, sorted; plus "create next"."""
    found = [
        *_cell_gaps(project, matrix),
        *_stage_gaps(project),
        *_item_gaps(project),
        *_calendar_gaps(project, calendar),
        *(result_gaps(project, results) if results is not None else ()),
        *(people_gaps(project, people) if people is not None else ()),
    ]
    rules = project.config.ignore
    marked = [replace(g, ignored=True) if any(r.matches(g) for r in rules) else g for g in found]
    order = Order.of(project)
    gaps = tuple(sorted(marked, key=lambda g: gap_key(order, g)))
    return GapReport(gaps, rank(project, matrix, gaps))


def gap_key(order: Order, gap: Gap) -> tuple[object, ...]:
    """Report order: stage (none last), code, severity, persona, channel, format, item, date."""
    return (
        order.stage(gap.stage),
        gap.stage or "",
        GAP_CODES.index(gap.code),
        SEVERITIES.index(gap.severity),
        order.persona(gap.persona),
        gap.persona or "",
        order.channel(gap.channel),
        gap.format or "",
        gap.item or "",
        gap.date is None,
        gap.date or date.min,
        gap.metric or "",
        gap.message.key,
        repr(gap.message.values),
    )


def _cell_gaps(project: Project, matrix: Matrix) -> Iterable[Gap]:
    for cell in matrix.cells:
        stage, persona = project.stage_by_id[cell.stage], project.persona_by_id[cell.persona]
        names = {
            "persona": persona.name,
            "stage": stage.name,
            "planned": cell.planned,
            "target": cell.target,
        }
        codes = []
        if cell.planned == 0:  # a persona that applies to a stage has no planned item there
            codes.append("empty-cell")
        elif cell.planned < cell.target:  # at least one planned item, fewer than target
            codes.append("under-target")
        if cell.planned > 0 and cell.live == 0:  # planned items but none published
            codes.append("not-live")
        for code in codes:
            severity = by_persona(code, persona.priority)
            if stage.funnel == "bottom" and code in CELL_CODES:
                severity = raise_one(severity)
            if code == "under-target" and 2 * cell.planned < cell.target:
                severity = raise_one(severity)
            yield Gap(
                code,
                severity,
                Phrase.of(code, **names),
                stage=stage.id,
                persona=persona.id,
            )


def _stage_gaps(project: Project) -> Iterable[Gap]:
    for stage in project.stages:
        planned = [i for i in project.items if i.counts and stage.id in i.stages]
        formats = {i.format for i in planned}
        channels = {c for i in planned for c in i.channels}
        for fmt in unique(stage.formats):  # a recommended format none of them uses
            if fmt not in formats:
                yield Gap(
                    "missing-format",
                    by_funnel("missing-format", stage.funnel),
                    Phrase.of(
                        "missing-format", stage=stage.name, format=_format_name(project, fmt)
                    ),
                    stage=stage.id,
                    format=fmt,
                )
        for channel in unique(stage.channels):  # a recommended channel none of them uses
            if channel not in channels:
                yield Gap(
                    "missing-channel",
                    by_funnel("missing-channel", stage.funnel),
                    Phrase.of(
                        "missing-channel",
                        stage=stage.name,
                        channel=_channel_name(project, channel),
                    ),
                    stage=stage.id,
                    channel=channel,
                )
        human = any(c.human for c in project.channels if c.id in channels)
        if stage.funnel == "bottom" and not human:  # bottom funnel, no human channel
            yield Gap(
                "no-human-touch",
                by_funnel("no-human-touch", stage.funnel),
                Phrase.of("no-human-touch", stage=stage.name),
                stage=stage.id,
            )


def _item_gaps(project: Project) -> Iterable[Gap]:
    """dead-end, stale, overdue, unowned: one gap per item, filed at its earliest stage."""
    config, today = project.config, project.today
    order, last = Order.of(project), project.last_stage
    for item in sorted(project.items, key=lambda i: i.id):
        if not item.counts:
            continue
        day = item_day(item, config.tz)
        status = item.status
        found: list[tuple[str, str, dict[str, object]]] = []  # code, message key, values
        # a planned item none of whose stages is the last stage has no `next`
        if last is not None and last.id not in item.stages and not item.next:
            found.append(("dead-end", "dead-end", {}))
        # published and past review_by; or, without review_by, dated > stale_after_days ago
        if item.live and item.review_by is not None and item.review_by < today:
            found.append(("stale", "stale.review", {"review_by": item.review_by}))
        elif (
            item.live
            and item.review_by is None
            and day is not None
            and today - day > timedelta(days=config.stale_after_days)
        ):
            found.append(("stale", "stale.age", {"days": (today - day).days}))
        # dated before today, status planned, draft, review or scheduled
        if day is not None and is_overdue(item, today, config.tz):
            found.append(("overdue", "overdue", {"date": day, "status": status}))
        # status planned, draft, review or scheduled, with no owner
        if item.status in IN_PROGRESS_STATUSES and not (item.owner or "").strip():
            found.append(("unowned", "unowned", {"status": status}))
        priority = _top_priority(project, item)
        for code, key, values in found:
            yield Gap(
                code,
                by_persona(code, priority),
                Phrase.of(key, title=item.title, **values),
                stage=order.earliest_stage(item.stages),
                item=item.id,
                date=day,
            )


def _calendar_gaps(project: Project, calendar: Calendar) -> Iterable[Gap]:
    today = project.today
    for slot in calendar.empty_slots:  # a cadence slot in the window with no planned item
        imminent = today <= slot.date < today + timedelta(days=IMMINENT_DAYS)
        yield Gap(
            "cadence-miss",
            "medium" if imminent else "low",
            Phrase.of(
                "cadence-miss",
                date=slot.date,
                channel=_channel_name(project, slot.channel),
            ),
            channel=slot.channel,
            date=slot.date,
        )
    for breach in calendar.breaches:  # more planned items in one ISO week than max_per_week
        persona = project.persona_by_id.get(breach.persona)
        yield Gap(
            "over-frequency",
            by_persona("over-frequency", persona.priority if persona else "medium"),
            Phrase.of(
                "over-frequency",
                persona=persona.name if persona else breach.persona,
                count=breach.count,
                cap=breach.cap,
                channel=_channel_name(project, breach.channel),
                date=breach.monday,
            ),
            persona=breach.persona,
            channel=breach.channel,
            date=breach.monday,
        )


# -- create next -----------------------------------------------------------------------


def rank(project: Project, matrix: Matrix, gaps: Iterable[Gap]) -> tuple[Suggestion, ...]:
    """Active gaps that are closed by making something, best first (see the score above)."""
    ranked = []
    for position, gap in enumerate(gaps):
        if gap.ignored or gap.code not in CREATE_CODES or gap.stage is None:
            continue
        stage = project.stage_by_id[gap.stage]
        persona = project.persona_by_id.get(gap.persona or "")
        score = (
            100 * SEVERITY_POINTS[gap.severity]
            + 10 * (PRIORITY_POINTS.get(persona.priority, 2) if persona else 0)
            + FUNNEL_POINTS.get(stage.funnel or "", 0)
        )
        ranked.append((-score, position, _suggest(project, matrix, gap, stage, score)))
    return tuple(s for _, _, s in sorted(ranked, key=lambda t: (t[0], t[1])))


def _suggest(project: Project, matrix: Matrix, gap: Gap, stage: Stage, score: int) -> Suggestion:
    """A one-line suggestion from the stage's recommended formats/channels and the need."""
    persona = project.persona_by_id.get(gap.persona or "")
    need = (persona.need_at(stage.id) if persona else None) or next(iter(stage.needs), None)
    cell = matrix.cell(gap.persona, stage.id) if gap.persona else None
    used = [project.item_by_id[i] for i in (cell.items if cell else ()) if i in project.item_by_id]
    planned = [i for i in used if i.counts]
    fmt = gap.format or _pick(stage.formats, {i.format for i in planned})
    channel = gap.channel or _pick(stage.channels, {c for i in planned for c in i.channels})
    if gap.code == "no-human-touch":
        humans = [c.id for c in project.channels if c.human]
        channel = next((c for c in stage.channels if c in humans), next(iter(humans), None))
    values: dict[str, object] = {
        "stage": stage.name,
        "persona": persona.name if persona else "",
        "what": (
            Phrase.of("frag.format", format=_format_name(project, fmt))
            if fmt
            else Phrase.of("frag.piece")
        ),
        "on": Phrase.of("frag.on", channel=_channel_name(project, channel)) if channel else "",
        "need": Phrase.of("frag.need", need=need) if need else "",
        "channel": _channel_name(project, channel) if channel else "",
    }
    cell_planned = cell.planned if cell else 0
    if gap.code == "empty-cell":
        key = "suggest.create"
    elif gap.code == "under-target":
        key, values["missing"] = "suggest.add", (cell.target if cell else 1) - cell_planned
    elif gap.code == "not-live":
        key, values["planned"] = "suggest.publish", cell_planned
    elif gap.code == "missing-format":
        key = "suggest.format"
    elif gap.code == "missing-channel":
        key = "suggest.channel"
    else:
        key = "suggest.human" if channel else "suggest.human.any"
    return Suggestion(gap, score, Phrase.of(key, **values), fmt, channel)


def _pick(recommended: Iterable[str], used: set[str | None] | set[str]) -> str | None:
    """The first recommendation not yet used, else the first one, else nothing."""
    options = unique(recommended)
    return next((o for o in options if o not in used), next(iter(options), None))


def _top_priority(project: Project, item: Item) -> str:
    """The most important priority among an item's personas (medium when none is known)."""
    found = [project.persona_by_id[p].priority for p in item.personas if p in project.persona_by_id]
    return min(found, key=lambda p: _index(PRIORITIES, p, 1), default="medium")


def _channel_name(project: Project, channel_id: str | None) -> str:
    channel = project.channel_by_id.get(channel_id or "")
    return channel.name if channel else (channel_id or "")


def _format_name(project: Project, format_id: str) -> str:
    """Pages and sentences show a format's name (``formats:``), else its id."""
    fmt = project.format_by_id.get(format_id)
    return fmt.name if fmt else format_id


def _index(values: tuple[str, ...], value: str, default: int) -> int:
    return values.index(value) if value in values else default

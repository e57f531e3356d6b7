"""Small builders of the typed model, so analysis tests need no project on disk.

Defaults make the smallest valid thing: ``stage("s1")`` is stage s1 in position order,
``persona("p")`` applies to every stage of the project it joins, ``item("x")`` is a
planned item for the first persona, stage and channel. ``project(...)`` fills in what a
loader would: persona stages, undeclared channels, the calendar day of a date-time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.model import Channel, Config, IgnoreRule, Item, Persona, Project, Stage

TODAY = date(2026, 12, 2)  # a Wednesday
ALL = ("*all*",)  # persona stages placeholder: "every stage of the project"


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def stage(id: str, order: int = 0, **fields: Any) -> Stage:
    fields.setdefault("name", id.replace("-", " ").title())
    return Stage(id=id, order=order, path=f"stages/{id}.md", **fields)


def persona(id: str, stages: tuple[str, ...] | None = None, **fields: Any) -> Persona:
    """``stages=None`` means every stage of the project (filled in by ``project``)."""
    fields.setdefault("name", id.replace("-", " ").title())
    return Persona(id=id, path=f"personas/{id}.md",
                   stages=ALL if stages is None else tuple(stages), **fields)


def channel(id: str, **fields: Any) -> Channel:
    fields.setdefault("name", id.title())
    return Channel(id=id, **fields)


def _ids(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def item(
    id: str,
    *,
    persona: str | tuple[str, ...] | list[str] = "p1",
    stage: str | tuple[str, ...] | list[str] = "s1",
    channel: str | tuple[str, ...] | list[str] = "blog",
    date: str | None = None,
    time: str | None = None,
    review_by: str | None = None,
    owner: str | None = "ann",
    next: tuple[str, ...] | list[str] = ("x",),
    **fields: Any,
) -> Item:
    """A planned, owned item with a next step: by default it makes no item gap at all."""
    return Item(
        id=id,
        path=f"content/{id}.md",
        url=f"items/{id}.html",
        title=fields.pop("title", id.title()),
        personas=_ids(persona),
        stages=_ids(stage),
        channels=_ids(channel),
        date=day(date) if date else None,
        time=datetime.fromisoformat(time) if time else None,
        review_by=day(review_by) if review_by else None,
        owner=owner,
        next=tuple(next),
        **fields,
    )


def project(
    stages: list[Stage] | tuple[Stage, ...] | None = None,
    personas: list[Persona] | tuple[Persona, ...] | None = None,
    items: list[Item] | tuple[Item, ...] = (),
    channels: list[Channel] | tuple[Channel, ...] | None = None,
    today: str | date = TODAY,
    ignore: list[IgnoreRule] | tuple[IgnoreRule, ...] = (),
    **config: Any,
) -> Project:
    """A loaded project; ``config`` keywords are ``Config`` fields (``min_items=2``…)."""
    stages = tuple(stages) if stages is not None else (stage("s1"),)
    all_stages = tuple(s.id for s in stages)
    personas = tuple(
        replace(p, stages=all_stages) if p.stages == ALL else p
        for p in (personas if personas is not None else (persona("p1"),))
    )
    if channels is None:
        used = sorted({c for i in items for c in i.channels})
        channels = tuple(Channel(id=c, name=c, declared=False) for c in used)
    cfg = Config(title=config.pop("title", "Test plan"), ignore=tuple(ignore), **config)
    items = tuple(
        replace(i, date=i.time.astimezone(cfg.tz).date()) if i.time and not i.date else i
        for i in items
    )
    return Project(
        root=Path("/nonexistent"),
        config=cfg,
        today=day(today),
        stages=stages,
        personas=personas,
        channels=tuple(channels),
        items=items,
    )


def codes(gaps: Any) -> list[str]:
    return [g.code for g in gaps]

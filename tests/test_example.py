"""The example project in the repository: valid, fully built, and honest when broken."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.build import build, load_project
from tests.helpers import run
from tests.sitecheck import broken_links


def test_example_checks_clean(example_project: Path) -> None:
    """The only problems are the pages of the web site that no item plans: the analytics
    exports list the whole site, and each file says so once."""
    result = run("--project", example_project, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    problems = {(p["path"], p["line"], p["severity"], p["code"]) for p in json.loads(result.output)}
    months = ("2026-08", "2026-09", "2026-10", "2026-11")
    expected = {(f"results/ga4-pages-{m}.csv", 12, "warning", "unmatched-pages") for m in months}
    expected.add(("results/search-console-pages.csv", 2, "warning", "unmatched-pages"))
    assert problems == expected
    assert len(json.loads(result.output)) == len(expected)


def test_example_builds_a_page_for_everything(example_project: Path) -> None:
    project = load_project(example_project).project
    assert project is not None
    assert len(project.items) >= 40 and len(project.personas) >= 4
    assert len(project.channels) >= 6 and len(project.stages) == 6
    statuses = {i.status for i in project.items}
    assert statuses == {"idea", "planned", "draft", "review", "scheduled", "published", "archived"}
    result = build(example_project)
    site = result.output
    pages = [i.url for i in project.items]
    pages += [f"personas/{p.id}.html" for p in project.personas]
    pages += [f"stages/{s.id}.html" for s in project.stages]
    pages += [f"channels/{c.id}.html" for c in project.channels]
    missing = [p for p in pages if not (site / p).is_file()]
    assert missing == []
    assert broken_links(site) == []
    # a <title> is text: markup put there by mistake would show in the tab, not run
    for page in site.rglob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        assert title is not None and "<" not in title.group(1), page
        assert len(title.group(1)) < 300, page


def test_a_broken_copy_lists_every_defect(example_project: Path) -> None:
    content = example_project / "content"
    first = sorted((content / "blog").glob("*.md"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("persona:", "persona: it-manger\nxpersona:", 1), encoding="utf-8")
    (content / "email" / "broken.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    persona = example_project / "personas" / "cfo.md"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace("priority: high", "priority: urgent"),
        encoding="utf-8",
    )
    stage = example_project / "stages" / "02-interest.md"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("funnel: top", "funnel: upper"), encoding="utf-8"
    )
    (example_project / "plansite.yaml").write_text(
        (example_project / "plansite.yaml")
        .read_text(encoding="utf-8")
        .replace("timezone: Asia/Tokyo", "timezone: Asia/Tokio"),
        encoding="utf-8",
    )
    result = run("--project", example_project, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    paths = {p["path"] for p in problems if p["severity"] == "error"}
    assert paths == {
        first.relative_to(example_project).as_posix(),
        "content/email/broken.md",
        "personas/cfo.md",
        "stages/02-interest.md",
        "plansite.yaml",
    }
    assert all(p["line"] >= 1 for p in problems)
    assert "Traceback" not in result.output

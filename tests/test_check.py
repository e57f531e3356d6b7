"""`plansite check`: every error class of docs/safety.md, reported at the right place, at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import check
from tests.conftest import MakeProject
from tests.helpers import run


def codes(root: Path) -> list[tuple[str, int, str, str]]:
    return [(d.path, d.line, d.severity, d.code) for d in check(root)]


def test_base_project_is_clean(make_project: MakeProject) -> None:
    root = make_project()
    assert check(root) == []
    result = run("--project", root, "check")
    assert result.exit_code == 0
    assert result.stdout == ""


ITEM = "---\ntitle: T\npersona: cfo\nstage: awareness\nchannel: blog\n{extra}\n---\nBody.\n"


def item(extra: str = "") -> str:
    return ITEM.replace("{extra}", extra)


@pytest.mark.parametrize(
    ("extra", "line", "code", "fragment"),
    [
        ("status: pubished", 6, "value", "did you mean `published`?"),
        ("date: 2026-13-45", 6, "yaml-syntax", "invalid date `2026-13-45`"),
        ("date: next week", 6, "date", "2026-12-07"),
        ("review_by: soon", 6, "date", "must be a date"),
        ("next: [blog/nope]", 6, "unknown-item", "unknown item `blog/nope`"),
        ("owner: [a, b]", 6, "type", "must be text"),
        ("tags: {a: 1}", 6, "type", "must be text"),
        ("kpi: 3", 6, "type", "must be a mapping"),
        ("title: Again", 6, "duplicate-key", "first set on line 2"),
    ],
)
def test_item_field_errors(
    make_project: MakeProject, extra: str, line: int, code: str, fragment: str
) -> None:
    root = make_project({"content/x.md": item(extra)})
    found = [d for d in check(root) if d.path == "content/x.md"]
    assert any(d.code == code and d.line == line and fragment in d.format() for d in found), found


def test_unknown_ids_get_the_closest_id(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/x.md": """
        ---
        title: T
        persona: it-manger
        stage: [awareness, decisoin]
        channel: blgo
        ---
        Body.
    """
        }
    )
    result = run("--project", root, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "content/x.md:3:10: error: unknown persona `it-manger` (did you mean `it-manager`?)"
    ) in lines
    assert (
        "content/x.md:4:20: error: unknown stage `decisoin` (did you mean `decision`?)"
    ) in lines
    assert "content/x.md:5:10: error: unknown channel `blgo` (did you mean `blog`?)" in lines


def test_missing_required_fields(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": "---\nformat: blog-post\n---\nBody\n"})
    messages = [d.message for d in check(root) if d.path == "content/x.md"]
    for field in ("title", "persona", "stage", "channel"):
        assert f"missing required field `{field}`" in messages


def test_missing_and_unclosed_front_matter(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/a.md": "# No front matter\n",
            "content/b.md": "---\ntitle: x\n\nBody never closes\n",
            "content/c.md": "---\n- a list\n- not a mapping\n---\nBody\n",
        }
    )
    found = {d.path: d.message for d in check(root) if d.severity == "error"}
    assert "missing front matter" in found["content/a.md"]
    assert "never closed" in found["content/b.md"]
    assert "must be a mapping" in found["content/c.md"]


def test_duplicate_ids_name_both_files(make_project: MakeProject) -> None:
    root = make_project({"content/other.md": item("id: blog/first")})
    dup = [d for d in check(root) if d.code == "duplicate-id"]
    assert {d.path for d in dup} == {"content/other.md", "content/blog/first.md"}


def test_case_only_output_clash(make_project: MakeProject) -> None:
    root = make_project({"content/blog/First.md": item()})
    clash = [d for d in check(root) if d.code == "output-clash"]
    assert {d.path for d in clash} == {"content/blog/First.md", "content/blog/first.md"}


def test_undecodable_file_is_an_error_with_place(make_project: MakeProject) -> None:
    root = make_project({"content/sjis.md": item().replace("Body.", "本文").encode("shift_jis")})
    (problem,) = [d for d in check(root) if d.path == "content/sjis.md"]
    assert (problem.code, problem.line, problem.column) == ("encoding", 8, 1)
    assert "save the file as UTF-8" in problem.format()


def test_invalid_config_values(make_project: MakeProject) -> None:
    root = make_project(
        {
            "plansite.yaml": """
        language: fr
        timezone: Mars/Olympus
        calendar: {weeks_back: -1, holidays: XX}
        channels:
          blog: {cadence: "FREQ=FORTNIGHTLY"}
          sales: {human: true}
        titel: typo
    """
        }
    )
    found = {(d.line, d.code, d.severity) for d in check(root) if d.path == "plansite.yaml"}
    assert (1, "value", "error") in found  # language
    assert (2, "value", "error") in found  # timezone
    assert (3, "value", "error") in found  # weeks_back and holidays
    assert (5, "rrule", "error") in found
    assert (7, "unknown-key", "warning") in found


def test_channel_not_declared_is_an_error(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": item().replace("channel: blog", "channel: podcast")})
    assert ("content/x.md", 5, "error", "unknown-channel") in codes(root)


def test_channels_are_free_without_a_channels_section(make_project: MakeProject) -> None:
    root = make_project(
        {
            "plansite.yaml": "title: Free\n",
            "content/x.md": item().replace("channel: blog", "channel: podcast"),
        }
    )
    assert [d for d in check(root) if d.severity == "error"] == []


def test_warnings_and_strict(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/x.md": """
        ---
        title: T
        persona: cfo
        stage: awareness
        channel: blog
        chanel: typo
        ---
        See [the chart](img/chart.png) and [the other](../blog/first.md).
    """,
            "content/empty.md": item().replace("Body.", ""),
        }
    )
    found = {(d.path, d.line, d.code) for d in check(root)}
    assert ("content/x.md", 6, "unknown-key") in found
    assert ("content/x.md", 8, "broken-link") in found
    assert ("content/empty.md", 8, "empty-body") in found
    assert all(d.severity == "warning" for d in check(root))
    assert run("--project", root, "check").exit_code == 0
    assert run("--project", root, "check", "--strict").exit_code == 1


def test_yaml11_surprise_is_a_warning(make_project: MakeProject) -> None:
    root = make_project({"content/x.md": item("owner: no\ncampaign: 0123")})
    found = [d for d in check(root) if d.code == "yaml-coerced"]
    assert [d.line for d in found] == [6, 7]
    assert 'quote it: "0123"' in found[1].format()


def test_no_cascade_from_a_broken_persona(make_project: MakeProject) -> None:
    root = make_project({"personas/cfo.md": "---\nname: [unclosed\n---\nBody\n"})
    found = check(root)
    assert [d.path for d in found if d.severity == "error"] == ["personas/cfo.md"]


def test_persona_stage_and_need_references(make_project: MakeProject) -> None:
    root = make_project(
        {
            "personas/it-manager.md": """
        ---
        name: IT
        stages: [decision, nowhere]
        needs: {awarenes: wants a checklist}
        ---
        Body
    """
        }
    )
    found = {
        (d.line, d.code, d.severity) for d in check(root) if d.path == "personas/it-manager.md"
    }
    assert (3, "unknown-stage", "error") in found
    assert (4, "unknown-stage", "warning") in found


def test_every_problem_in_one_run_as_json(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/a.md": item("status: nope"),
            "content/b.md": item().replace("persona: cfo", "persona: ceo"),
            "stages/03-extra.md": "---\nname: Extra\nfunnel: side\n---\nBody\n",
            "plansite.yaml": "timezone: Nowhere/City\n",
        }
    )
    result = run("--project", root, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert {p["path"] for p in problems} == {
        "content/a.md",
        "content/b.md",
        "stages/03-extra.md",
        "plansite.yaml",
    }
    assert set(problems[0]) == {"path", "line", "column", "severity", "code", "message"}


def test_not_a_project(tmp_path: Path) -> None:
    result = run("--project", tmp_path, "check")
    assert result.exit_code == 1
    assert "not a plansite project" in result.stderr
    assert "Traceback" not in result.output


def test_usage_error_exit_code(make_project: MakeProject) -> None:
    root = make_project()
    assert run("--project", root, "build", "--today", "tomorrow").exit_code == 2
    assert run("--project", root, "check", "--format", "xml").exit_code == 2


def test_implicit_channels_differing_by_case_clash(make_project: MakeProject) -> None:
    root = make_project({
        "plansite.yaml": "title: Free\n",
        "content/a.md": item().replace("channel: blog", "channel: Podcast"),
        "content/b.md": item().replace("channel: blog", "channel: podcast"),
    })
    clash = [d for d in check(root) if d.code == "output-clash"]
    assert {d.path for d in clash} == {"content/a.md", "content/b.md"}


def test_item_named_like_a_list_page_is_fine(make_project: MakeProject) -> None:
    root = make_project({"content/index.md": item(), "content/items.md": item()})
    assert [d for d in check(root) if d.severity == "error"] == []


def test_sub_daily_cadence_is_refused(make_project: MakeProject) -> None:
    root = make_project({"plansite.yaml": "channels:\n  blog: {cadence: 'FREQ=MINUTELY'}\n"
                                          "  sales: {human: true}\n"})
    (problem,) = [d for d in check(root) if d.code == "rrule"]
    assert problem.line == 2 and "daily at most" in problem.message

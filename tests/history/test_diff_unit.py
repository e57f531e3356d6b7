"""The comparison and its reports on rows and models in memory; the revision check."""

from __future__ import annotations

import pytest

from generator.history.diff import PlanDiff, gap_changes
from generator.history.git import RevisionRefused, check_revision
from generator.history.report import FOLD, as_markdown, as_text, summary


def gap(code: str, severity: str, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "stage": None,
        "code": code,
        "severity": severity,
        "persona": None,
        "channel": None,
        "format": None,
        "item": None,
        "date": None,
        "message": f"{code} {severity}",
        "ignored": False,
    }
    row.update(fields)
    return row


def test_a_gap_that_worsens_is_opened_and_one_that_eases_is_neither() -> None:
    before = [gap("empty-cell", "medium", persona="cfo"), gap("not-live", "high", persona="it")]
    after = [gap("empty-cell", "high", persona="cfo"), gap("not-live", "low", persona="it")]
    opened, closed = gap_changes(before, after)
    assert opened == [after[0]]
    assert closed == []


def test_a_gap_is_the_same_whatever_its_message_and_date() -> None:
    before = [gap("overdue", "high", item="a", date="2026-11-01", message="late")]
    after = [gap("overdue", "high", item="a", date="2026-11-08", message="later")]
    assert gap_changes(before, after) == ([], [])
    moved = [gap("overdue", "high", item="b", date="2026-11-01", message="late")]
    assert gap_changes(before, moved) == (moved, before)


def test_an_owner_tells_gaps_apart_when_a_gap_has_one() -> None:
    before = [gap("unowned", "medium", owner="aiko")]
    after = [gap("unowned", "medium", owner="ken")]
    assert gap_changes(before, after) == (after, before)


def test_repeated_gaps_pair_identical_rows_first() -> None:
    slots = [
        gap("cadence-miss", s, channel="blog", date=d)
        for s, d in (("medium", "12-07"), ("medium", "12-14"), ("low", "12-21"))
    ]
    opened, closed = gap_changes(slots, slots[1:])
    assert (opened, closed) == ([], [slots[0]])  # the slot that was filled, not another


@pytest.mark.parametrize(
    "revision",
    [
        "HEAD",
        "HEAD~3",
        "HEAD^2",
        "origin/main",
        "v1.0",
        "release-2026.1",
        "a1b2c3d",
        "@{upstream}",
        "main@{2}",
        "feature/x+y",
        "v1^{}",
    ],
)
def test_ordinary_revisions_pass(revision: str) -> None:
    assert check_revision(revision) == revision


@pytest.mark.parametrize(
    ("revision", "why"),
    [
        ("-p", "option"),
        ("--output=/tmp/x", "option"),
        ("main..topic", "range"),
        ("main...topic", "range"),
        ("HEAD;rm -rf /", "not a revision"),
        ("$(id)", "not a revision"),
        ("HEAD\n", "not a revision"),
        ("HEAD\t", "not a revision"),
        ("a b", "not a revision"),
        ("HEAD:plansite.yaml", "not a revision"),
        ("@{-1}", "not a revision"),
        ("", "empty"),
        ("x" * 300, "too long"),
    ],
)
def test_hostile_revisions_are_refused(revision: str, why: str) -> None:
    with pytest.raises(RevisionRefused, match=why):
        check_revision(revision)


def parse_tables(markdown: str) -> list[list[dict[str, str]]]:
    """Every pipe table of a Markdown text, as rows of header → cell."""
    tables, lines = [], markdown.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and set(lines[i + 1]) <= set("|-"):
            if i and lines[i - 1].startswith("|"):
                continue
            header = [c.strip() for c in line.strip("|").split(" | ")]
            rows = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                cells = [
                    c.strip()
                    for c in row.strip().removeprefix("| ").removesuffix(" |").split(" | ")
                ]
                assert len(cells) == len(header), row
                rows.append(dict(zip(header, cells, strict=True)))
            tables.append(rows)
    return tables


def sample(items: int) -> PlanDiff:
    return PlanDiff(
        base="origin/main",
        head="HEAD",
        added=[f"blog/post-{n:02}" for n in range(items)],
        removed=["sales/old"],
        changed=[
            {
                "id": "sales/demo",
                "fields": {
                    "status": ["planned", "published"],
                    "title": ["A | B", "A <b>"],
                    "body": ["1", "2"],
                },
            }
        ],
        coverage=[{"persona": "cfo", "stage": "decision", "before": 0, "after": 2, "target": 1}],
        opened=[gap("overdue", "high", item="blog/post-00", message="late | very")],
        closed=[gap("empty-cell", "medium", persona="cfo", stage="decision")],
    )


def test_the_markdown_opens_with_a_summary_then_tables() -> None:
    text = as_markdown(sample(2))
    first = text.splitlines()[0]
    assert first.startswith("**plansite diff** `origin/main` → `HEAD`: ")
    assert first.endswith(summary(sample(2)))
    assert summary(sample(2)) == (
        "items: 2 added, 1 removed, 1 changed · gaps: 1 opened (1 high), 1 closed"
        " · coverage: 1 cell(s) changed"
    )
    items, opened, closed, coverage = parse_tables(text)
    assert [(r["change"], r["item"]) for r in items] == [
        ("added", "blog/post-00"),
        ("added", "blog/post-01"),
        ("removed", "sales/old"),
        ("changed", "sales/demo"),
    ]
    assert items[3]["fields"] == (
        "status: planned → published; title: A \\| B → A &lt;b&gt;; body edited"
    )
    assert opened[0]["severity"] == "high" and opened[0]["message"] == "late \\| very"
    assert closed[0]["code"] == "empty-cell" and closed[0]["persona"] == "cfo"
    assert coverage == [
        {"persona": "cfo", "stage": "decision", "before": "0", "after": "2", "target": "1"}
    ]
    assert "<details>" not in text


def test_a_long_list_is_folded() -> None:
    text = as_markdown(sample(FOLD + 5))
    assert "<details><summary>Items (17)</summary>" in text
    assert len(parse_tables(text)[0]) == FOLD + 7


def test_no_change_says_so() -> None:
    empty = PlanDiff("a", "b", [], [], [], [], [], [])
    assert as_text(empty) == "a → b: no change to the plan\n"
    assert as_markdown(empty).splitlines() == ["**plansite diff** `a` → `b`: no change to the plan"]

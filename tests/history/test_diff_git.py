"""``plansite diff`` and ``build --at`` on a scratch git repository with known commits."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BASE_FILES, run, write_files
from tests.history.scratch import git, git_env, scratch_repository
from tests.sitecheck import text_of

TODAY = "2026-12-07"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "plan"
    return root, scratch_repository(root)


def diff_json(root: Path, *revisions: str) -> dict[str, object]:
    result = run("-p", root, "diff", *revisions, "--format", "json", "--today", TODAY)
    assert result.exit_code == 0, result.output
    value: dict[str, object] = json.loads(result.stdout)
    return value


def gap_names(gaps: object) -> list[tuple[object, ...]]:
    assert isinstance(gaps, list)
    return [(g["severity"], g["code"], g["stage"], g["persona"], g["item"]) for g in gaps]


def test_diff_names_the_items_and_gaps_that_changed(repo: tuple[Path, list[str]]) -> None:
    root, ids = repo
    value = diff_json(root, ids[0], ids[1])
    assert value["base"] == ids[0] and value["head"] == ids[1]
    assert value["items"] == {
        "added": ["blog/second"],
        "removed": [],
        "changed": [
            {
                "id": "sales/demo",
                "fields": {"status": ["planned", "published"], "owner": ["ken", "mia"]},
            }
        ],
    }
    assert value["coverage"] == [
        {"persona": "it-manager", "stage": "awareness", "before": 0, "after": 1, "target": 1}
    ]
    gaps = value["gaps"]
    assert isinstance(gaps, dict)
    assert gap_names(gaps["opened"]) == [
        ("medium", "dead-end", "awareness", None, "blog/second"),
        ("low", "not-live", "awareness", "it-manager", None),
    ]
    assert gap_names(gaps["closed"]) == [
        ("high", "not-live", "decision", "cfo", None),
        ("high", "overdue", "decision", None, "sales/demo"),
        ("medium", "cadence-miss", None, None, None),
        ("medium", "empty-cell", "awareness", "it-manager", None),
        ("medium", "not-live", "decision", "it-manager", None),
    ]
    assert gaps["closed"][2]["date"] == "2026-12-07"  # the slot the new post fills
    assert set(gaps["closed"][0]) == {
        "stage",
        "code",
        "severity",
        "persona",
        "channel",
        "format",
        "item",
        "date",
        "message",
        "owner",
        "metric",
        "ignored",
    }  # as in gaps.json
    assert value["kpi"] == []


def test_removed_items_and_the_working_tree(repo: tuple[Path, list[str]]) -> None:
    root, ids = repo
    value = diff_json(root, ids[1], ids[2])
    assert value["items"] == {"added": ["sales/pricing"], "removed": ["blog/first"], "changed": []}
    write_files(root, {"content/blog/second.md": None})  # HEAD: the working tree
    value = diff_json(root, "HEAD")
    assert value["head"] == "working tree"
    assert value["items"] == {"added": [], "removed": ["blog/second"], "changed": []}


def test_fail_on_high_is_a_ratchet(repo: tuple[Path, list[str]]) -> None:
    root, ids = repo
    opens = run("-p", root, "diff", ids[1], ids[2], "--fail-on", "high", "--today", TODAY)
    assert opens.exit_code == 1
    assert "2 gap(s) of severity high or worse opened" in opens.stderr
    closes = run("-p", root, "diff", ids[2], ids[3], "--fail-on", "high", "--today", TODAY)
    assert closes.exit_code == 0, closes.output
    # a plan with old high gaps and a change that opens none: the change passes
    git(root, "checkout", "-q", ids[2])
    write_files(root, {"content/blog/second.md": None})
    assert run("-p", root, "gaps", "--fail-on", "high", "--today", TODAY).exit_code == 1
    old = run("-p", root, "diff", "HEAD", "--fail-on", "high", "--today", TODAY)
    assert old.exit_code == 0, old.output
    medium = run("-p", root, "diff", ids[0], ids[1], "--fail-on", "medium", "--today", TODAY)
    assert medium.exit_code == 1


def snapshot(root: Path) -> tuple[str, dict[str, str]]:
    """``git status --porcelain`` and a hash of every file, .git included."""
    status = git(root, "status", "--porcelain", "--untracked-files=all")
    hashes = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
    return status, hashes


def built_items(out: Path) -> list[str]:
    records = json.loads((out / "exports/items.json").read_text(encoding="utf-8"))
    return sorted(r["id"] for r in records)


def test_build_at_a_revision_leaves_the_work_tree_alone(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, ids = repo
    write_files(root, {"content/blog/draft.md": "---\ntitle: Draft\n---\nunfinished\n"})
    write_files(root, {"content/sales/demo.md": "---\ntitle: Edited\n---\nstaged\n"})
    git(root, "add", "content/sales/demo.md")
    before = snapshot(root)
    out = tmp_path / "site-at"
    result = run("-p", root, "build", "--at", ids[1], "-o", out, "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert built_items(out) == ["blog/first", "blog/second", "sales/demo"]
    assert snapshot(root) == before
    assert "Demo" in (out / "items/sales/demo.html").read_text(encoding="utf-8")


def test_build_at_a_date_takes_the_last_commit_on_or_before_it(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, _ids = repo
    out = tmp_path / "site-at"
    result = run("-p", root, "build", "--at", "2026-11-16", "-o", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert built_items(out) == ["blog/second", "sales/demo", "sales/pricing"]
    early = run("-p", root, "build", "--at", "2026-10-01", "-o", out)
    assert early.exit_code == 1
    assert "no commit of the current branch is on or before 2026-10-01" in early.stderr


def test_build_at_writes_into_the_projects_output_folder(repo: tuple[Path, list[str]]) -> None:
    root, ids = repo
    result = run("-p", root, "build", "--at", ids[0], "--today", TODAY, "-q")
    assert result.exit_code == 0, result.output
    assert built_items(root / "site") == ["blog/first", "sales/demo"]


@pytest.mark.parametrize(
    "revision",
    [
        "--output=/tmp/x",
        "-n",
        "HEAD;rm -rf /",
        "$(id)",
        "`id`",
        "HEAD\nmain",
        "HEAD\x00",
        "main..HEAD",
        "HEAD@{-1}",
        "a b",
        "HEAD:content",
        "",
    ],
)
def test_a_hostile_revision_is_refused(
    repo: tuple[Path, list[str]], tmp_path: Path, revision: str
) -> None:
    root, _ids = repo
    before = snapshot(root)
    for args in (["diff", "--", revision], ["build", "--at", revision, "-o", tmp_path / "o"]):
        result = run("-p", root, *args)
        assert result.exit_code == 2, (revision, result.output)
        assert "Traceback" not in result.output
        assert "revision" in result.stderr or "empty" in result.stderr
    assert snapshot(root) == before
    assert not (tmp_path / "o").exists()


def test_outside_a_repository_the_error_says_so(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    result = run("-p", root, "diff", "HEAD")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.output


def test_an_unborn_branch_is_reported(make_project) -> None:  # type: ignore[no-untyped-def]
    root = make_project()
    git(root, "init", "-q", "-b", "main")
    result = run("-p", root, "diff", "HEAD")
    assert result.exit_code == 1
    assert "has no commits yet" in result.stderr


def test_a_shallow_clone_is_reported_honestly(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, _ids = repo
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        env=git_env(),
        check=True,
        capture_output=True,
    )
    result = run("-p", clone, "diff", "HEAD~1", "--today", TODAY)
    assert result.exit_code == 1
    assert "shallow" in result.stderr and "fetch-depth: 0" in result.stderr
    at = run("-p", clone, "build", "--at", "2026-11-10", "-o", tmp_path / "o")
    assert at.exit_code == 1 and "shallow" in at.stderr
    assert run("-p", clone, "diff", "HEAD", "--today", TODAY).exit_code == 0  # what is there


def test_folders_compare_without_git(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
        write_files(folder, dict(BASE_FILES))
    write_files(
        new,
        {
            "content/blog/first.md": BASE_FILES["content/blog/first.md"].replace(
                "owner: aiko", "owner: ken\n        campaign: spring"
            )
        },
    )
    value = diff_json(new, str(old), str(new))
    assert value["items"] == {
        "added": [],
        "removed": [],
        "changed": [
            {"id": "blog/first", "fields": {"owner": ["aiko", "ken"], "campaign": [None, "spring"]}}
        ],
    }


def test_the_pull_request_recipe_of_the_ci_docs(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """docs/ci.md: a full clone of a branch, compared with origin/main as a comment."""
    root, ids = repo
    git(root, "reset", "-q", "--hard", ids[1])
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", f"file://{root}", str(clone))
    git(clone, "checkout", "-q", "-b", "topic")
    write_files(clone, {"content/blog/first.md": None})  # the CFO's awareness cell empties
    git(clone, "commit", "-q", "-am", "drop the first post", when="2026-11-30T10:00:00+00:00")
    result = run(
        "-p",
        clone,
        "diff",
        "origin/main",
        "HEAD",
        "--format",
        "markdown",
        "--fail-on",
        "high",
        "--today",
        TODAY,
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "**plansite diff** `origin/main` → `HEAD`: items: 1 removed · gaps: 1 opened (1 high)"
        " · coverage: 1 cell(s) changed"
    )
    assert "| removed | blog/first |  |" in lines
    assert "1 gap(s) of severity high or worse opened" in result.stderr


def test_without_git_the_error_says_so(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, ids = repo
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    result = run("-p", root, "diff", ids[0], "--today", TODAY)
    assert result.exit_code == 1
    assert "git is not installed" in result.stderr
    built = run("-p", root, "build", "-o", tmp_path / "site", "--today", TODAY, "-q")
    assert built.exit_code == 0, built.output  # a build needs no git
    page = text_of(tmp_path / "site/trends.html")
    assert "git is not installed (or not on the PATH)" in page


def test_kpi_attainment_changes_between_two_states(tmp_path: Path) -> None:
    """A new results file raises an item's page views: diff reports the item target's
    attainment before and after, and nothing for targets that did not move."""
    old, new = tmp_path / "old", tmp_path / "new"
    first = BASE_FILES["content/blog/first.md"].replace(
        "owner: aiko", "owner: aiko\n        kpi: {pv: 1000, cvr: 0.02}"
    )
    for folder in (old, new):
        folder.mkdir()
        write_files(folder, {**BASE_FILES, "content/blog/first.md": first})
        write_files(
            folder,
            {
                "results/sheet.csv": "date,item,metric,value\n2026-11-20,blog/first,pv,400\n"
                "2026-11-20,blog/first,cvr,0.02\n"
            },
        )
    write_files(new, {"results/more.csv": "date,item,metric,value\n2026-11-27,blog/first,pv,500\n"})
    value = diff_json(new, str(old), str(new))
    assert value["kpi"] == [
        {"scope": "item", "id": "blog/first", "metric": "pv", "before": 0.4, "after": 0.9}
    ]

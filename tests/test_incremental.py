"""Incremental builds: unchanged pages are reused, and the site is byte for byte the site
a clean build writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import cache, pagination
from generator.build import build
from tests.conftest import MakeProject
from tests.helpers import numbered_items
from tests.sitecheck import fingerprint, links_of


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_renders_nothing(example_project: Path) -> None:
    first = build(example_project)
    assert first.rendered == first.pages
    again = build(example_project)
    assert again.rendered == 0


@pytest.mark.parametrize(
    ("path", "old", "new", "most"),
    [
        # a body edit: the item's page and the pages that list the item
        (
            "content/blog/hidden-cost-of-paper-receipts.md",
            "Paper receipts look free.",
            "Paper receipts only look free.",
            15,
        ),
        # a status change moves counts: summaries change too, most item pages do not
        (
            "content/blog/corporate-card-reconciliation-guide.md",
            "status: draft",
            "status: review",
            40,
        ),
        # a title is shown wherever the item is linked, so every page is rendered again
        (
            "content/blog/hidden-cost-of-paper-receipts.md",
            'title: "The hidden cost of paper receipts"',
            "title: What paper receipts cost",
            None,
        ),
    ],
)
def test_an_edit_gives_the_clean_site(
    example_project: Path, tmp_path: Path, path: str, old: str, new: str, most: int | None
) -> None:
    build(example_project)
    edit(example_project / path, old, new)
    incremental = build(example_project)
    clean = build(example_project, output=str(tmp_path / "clean"), clean=True)
    assert fingerprint(incremental.output) == fingerprint(clean.output)
    if most is not None:
        assert 0 < incremental.rendered <= most
    else:
        assert incremental.rendered == incremental.pages


def test_a_removed_item_disappears(example_project: Path, tmp_path: Path) -> None:
    build(example_project)
    (example_project / "content/blog/corporate-card-reconciliation-guide.md").unlink()
    for other in (example_project / "content").rglob("*.md"):
        text = other.read_text(encoding="utf-8")
        if "blog/corporate-card-reconciliation-guide" in text:
            other.write_text(
                text.replace(
                    "blog/corporate-card-reconciliation-guide", "blog/hidden-cost-of-paper-receipts"
                ),
                encoding="utf-8",
            )
    incremental = build(example_project)
    clean = build(example_project, output=str(tmp_path / "clean"), clean=True)
    assert fingerprint(incremental.output) == fingerprint(clean.output)
    assert not (incremental.output / "items/blog/corporate-card-reconciliation-guide.html").exists()


def test_list_pages_follow_a_moved_item_and_a_shorter_list(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagination, "LIST_PAGE_SIZE", 5)
    root = make_project(numbered_items(11))  # with the base project's two: 13, three pages
    build(root)
    # a later date moves the first item from page 1 to the end of page 3
    edit(root / "content/list/item-000.md", "date: 2026-11-01", "date: 2027-01-04")
    incremental = build(root)
    clean = build(root, output=str(tmp_path / "clean"), clean=True)
    assert fingerprint(incremental.output) == fingerprint(clean.output)
    assert links_of(incremental.output / "page/items/3.html").count(
        "../../items/list/item-000.html"
    )
    assert 0 < incremental.rendered < incremental.pages
    # three items fewer: the lists need two pages, and their third pages go
    for n in (8, 9, 10):
        (root / f"content/list/item-{n:03}.md").unlink()
    incremental = build(root)
    clean = build(root, output=str(tmp_path / "clean-2"), clean=True)
    assert fingerprint(incremental.output) == fingerprint(clean.output)
    assert (incremental.output / "page/items/2.html").is_file()
    assert not (incremental.output / "page/items/3.html").exists()
    assert not (incremental.output / "page/personas/cfo/3.html").exists()


def test_a_new_plansite_renders_everything(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(example_project)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert build(example_project).rendered > 0
    again = build(example_project)
    assert again.rendered == 0


def test_a_hand_edited_manifest_is_not_trusted(example_project: Path, tmp_path: Path) -> None:
    site = build(example_project).output
    (site / cache.MANIFEST).write_text("{not json", encoding="utf-8")
    rebuilt = build(example_project)
    assert rebuilt.rendered == rebuilt.pages

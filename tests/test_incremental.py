"""Incremental builds: unchanged pages are reused, and the site is byte for byte the site
a clean build writes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from functools import partial
from pathlib import Path

import pytest

from generator.build import build
from generator.build import build as core_build
from generator.errors import UnsafeOutput
from generator.incremental import cache
from generator.incremental.memo import Memo
from generator.load.sources import SourceFile
from generator.output.writer import MARKER, LiveWriter
from generator.site.pages import Layout
from tests.conftest import MakeProject
from tests.helpers import REPO, numbered_items, run
from tests.sitecheck import fingerprint, links_of, served

IGNORE_CACHES = shutil.ignore_patterns("__pycache__", "*.pyc")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_renders_nothing(example_project: Path) -> None:
    first = build(example_project)
    assert first.rendered == first.pages
    again = build(example_project)
    assert again.rendered == 0


@pytest.mark.slow  # builds the example site two or more times
@pytest.mark.parametrize(
    ("path", "old", "new", "most"),
    [
        # a body edit: only the item's own page (lists show no body)
        (
            "content/blog/hidden-cost-of-paper-receipts.md",
            "Paper receipts look free.",
            "Paper receipts only look free.",
            1,
        ),
        # a status change moves counts: summaries change too, most item pages do not
        (
            "content/blog/corporate-card-reconciliation-guide.md",
            "status: draft",
            "status: review",
            40,
        ),
        # a title: the pages that list the item or name it by id (next steps, backlinks,
        # gaps, calendar), not the whole site
        (
            "content/blog/hidden-cost-of-paper-receipts.md",
            'title: "The hidden cost of paper receipts"',
            "title: What paper receipts cost",
            20,
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
    assert served(incremental.output) == served(clean.output)
    if most is not None:
        assert 0 < incremental.rendered <= most
    else:
        assert incremental.rendered == incremental.pages


@pytest.mark.slow  # builds the example site two or more times
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
    make_project: MakeProject, tmp_path: Path
) -> None:
    build = partial(core_build, layout=Layout(list_page_size=5))
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


@pytest.mark.slow  # builds the example site two or more times
def test_a_hand_edited_manifest_is_not_trusted(example_project: Path, tmp_path: Path) -> None:
    site = build(example_project).output
    (site / cache.MANIFEST).write_text("{not json", encoding="utf-8")
    rebuilt = build(example_project)
    assert rebuilt.rendered == rebuilt.pages


def test_templates_keep_to_what_page_keys_cover() -> None:
    """Page keys hold only if templates read items through their page's context or by id
    (``name("item", id)``, ``link.item(id)``, which are recorded), and never read an
    item's body (item fingerprints leave it out; pages that show a body get it as
    ``body`` in their context)."""
    folder = Path(__file__).resolve().parent.parent / "generator" / "site" / "templates"
    for template in folder.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for forbidden in (".body", "project.items", "item_by_id", "project.linked_from"):
            assert forbidden not in text, (template.name, forbidden)


# -- plansite serve: one process, a memo, the site updated in place ----------------------

EDITS: list[tuple[str, str, str, str]] = [
    # (what, path, old, new); applied in order to one project
    (
        "body",
        "content/blog/hidden-cost-of-paper-receipts.md",
        "Paper receipts look free.",
        "Paper receipts only look free.",
    ),
    (
        "status",
        "content/blog/corporate-card-reconciliation-guide.md",
        "status: draft",
        "status: review",
    ),
    (
        "title",
        "content/blog/hidden-cost-of-paper-receipts.md",
        'title: "The hidden cost of paper receipts"',
        "title: What paper receipts cost",
    ),
    ("persona", "personas/cfo.md", "name: ", "name: Chief "),
    ("stage", "stages/01-problem-awareness.md", "name: ", "name: The "),
    ("config", "plansite.yaml", "weeks_ahead: ", "weeks_ahead: 1"),
    # equal in Python, printed differently: must not pass for "unchanged"
    (
        "kpi",
        "content/sales/free-expense-process-consultation.md",
        "conversions: 25}",
        "conversions: 25.0}",
    ),
]


def _serve_build(root: Path, site: Path, memo: Memo) -> int:
    return build(root, output=str(site), memo=memo, live=True).rendered


def same_site(served: Path, clean: Path) -> bool:
    """Every file equal; of the manifest, the page keys (a served site records no digest
    of its inputs: ``plansite build`` never takes it for its own)."""
    a, b = fingerprint(served), fingerprint(clean)
    a.pop(cache.MANIFEST), b.pop(cache.MANIFEST)
    return a == b and cache.previous_manifest(served) == cache.previous_manifest(clean)


@pytest.mark.slow  # a dozen edits, each rebuilt by serve and built clean: about 6 s
def test_serve_rebuilds_equal_clean_builds(example_project: Path, tmp_path: Path) -> None:
    """Every rebuild of a serve session, after each kind of edit, is byte for byte the
    site a clean build writes; a rebuild with nothing changed renders nothing."""
    memo, site = Memo(), tmp_path / "serve" / "site"
    _serve_build(example_project, site, memo)
    assert _serve_build(example_project, site, memo) == 0
    for number, (what, path, old, new) in enumerate(EDITS):
        edit(example_project / path, old, new)
        rendered = _serve_build(example_project, site, memo)
        clean = build(example_project, output=str(tmp_path / f"clean{number}"), clean=True)
        assert same_site(site, clean.output), what
        if what == "body":
            assert rendered == 1


@pytest.mark.slow  # builds the example site two or more times
def test_serve_follows_added_removed_and_broken_files(
    example_project: Path, tmp_path: Path
) -> None:
    memo, site = Memo(), tmp_path / "serve" / "site"
    _serve_build(example_project, site, memo)
    new = example_project / "content/blog/brand-new.md"
    new.write_text(
        "---\ntitle: Brand new\npersona: cfo\nstage: problem-awareness\n"
        "channel: blog\n---\nHello.\n",
        encoding="utf-8",
    )
    _serve_build(example_project, site, memo)
    assert (site / "items/blog/brand-new.html").is_file()
    # a broken file fails the build and leaves the site as it was
    before = fingerprint(site)
    new.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(Exception, match="problem"):
        _serve_build(example_project, site, memo)
    assert fingerprint(site) == before
    new.unlink()
    _serve_build(example_project, site, memo)
    assert not (site / "items/blog/brand-new.html").exists()
    clean = build(example_project, output=str(tmp_path / "clean"), clean=True)
    assert same_site(site, clean.output)


def test_a_live_update_refuses_a_folder_plansite_did_not_make(
    example_project: Path, tmp_path: Path
) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(Exception, match="not made by plansite"):
        _serve_build(example_project, foreign, Memo())
    with pytest.raises(UnsafeOutput, match="did not create"), LiveWriter(foreign):
        pass
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (foreign / MARKER).exists()


ITEM_WITH_WARNING = """---
title: Odd
persona: cfo
stage: awareness
channel: blog
colour: blue
---
Body.
"""

# -- nothing changed: the build is skipped ------------------------------------------------


class Phases:
    """A progress reporter that records which phases a build started: the no-change
    shortcut starts none (it never loads, renders or writes)."""

    def __init__(self) -> None:
        self.started: list[str] = []

    def start(self, label: str, total: int) -> None:
        self.started.append(label)

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def test_nothing_changed_is_answered_without_loading(example_project: Path) -> None:
    # the example's analytics exports list pages no item plans, a warning that every
    # build reports (so never skips); without them the project builds without a warning
    shutil.rmtree(example_project / "results")
    first = Phases()
    site = build(example_project, today=date(2026, 11, 22), progress=first).output
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    phases = Phases()
    again = build(example_project, today=date(2026, 11, 22), progress=phases)
    assert first.started == ["Rendering pages"] and phases.started == []
    assert (again.rendered, again.pages) == (0, len(list(site.rglob("*.html"))))
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before
    # the command adds the Trends page (here saying the copy is not in git); once built,
    # the next build answers without loading
    run("--project", example_project, "build", "--today", "2026-11-22")
    result = run("--project", example_project, "build", "--today", "2026-11-22")
    assert "(0 rendered" in result.stderr


@pytest.mark.slow  # builds the example site two or more times
@pytest.mark.parametrize(
    "change",
    [
        "body",
        "asset",
        "new file",
        pytest.param("today", marks=pytest.mark.slow),  # every page anew: about 1.7 s
        "page",
    ],
)
def test_any_change_means_a_real_build(example_project: Path, tmp_path: Path, change: str) -> None:
    site = build(example_project).output
    today = None
    if change == "body":
        edit(example_project / EDITS[0][1], EDITS[0][2], EDITS[0][3])
    elif change == "asset":
        (example_project / "content/blog/chart.svg").write_text("<svg/>", encoding="utf-8")
    elif change == "new file":
        (example_project / "content/blog/new.md").write_text(
            "---\ntitle: New\npersona: cfo\nstage: interest\nchannel: blog\n---\nHi.\n",
            encoding="utf-8",
        )
    elif change == "today":
        today = date(2027, 1, 5)
    else:  # a page removed from the site by hand is written again
        (site / "items/blog/hidden-cost-of-paper-receipts.html").unlink()
    rebuilt = build(example_project, today=today)
    clean = build(example_project, today=today, output=str(tmp_path / "clean"), clean=True)
    assert served(rebuilt.output) == served(clean.output)


def test_a_build_with_warnings_is_never_skipped(make_project: MakeProject) -> None:
    root = make_project({"content/blog/odd.md": ITEM_WITH_WARNING})
    first = run("--project", root, "build")
    assert "unknown-field" in first.stderr or "warning" in first.stderr
    again = run("--project", root, "build")
    assert again.stderr.count("warning") == first.stderr.count("warning") > 0


@pytest.mark.slow  # three builds in subprocesses, one of them a copy of plansite
def test_a_label_changed_in_plansite_code_reaches_the_built_page(
    example_project: Path, tmp_path: Path
) -> None:
    """Upgrading plansite never leaves yesterday's pages: page keys cover its own code,
    not only its templates. A copy of the package with the matrix heading reworded in
    Python builds into the same output folder, without --clean; built again, it finds
    nothing to do."""
    package = tmp_path / "copy"
    shutil.copytree(REPO / "generator", package / "generator", ignore=IGNORE_CACHES)
    out = tmp_path / "out"

    def build_with(copy: Path | None) -> tuple[str, str]:
        env = {**os.environ, "PYTHONPATH": str(copy or REPO)}
        command = [sys.executable, "-m", "generator.cli", "--project", str(example_project)]
        done = subprocess.run(
            [*command, "build", "-o", str(out)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return (out / "matrix.html").read_text(encoding="utf-8"), done.stderr

    assert "<h1>Content matrix</h1>" in build_with(None)[0]
    labels = package / "generator/site/i18n.py"
    text = labels.read_text(encoding="utf-8")
    labels.write_text(text.replace('"Content matrix"', '"Coverage grid"', 1), encoding="utf-8")
    page, report = build_with(package)
    assert "<h1>Coverage grid</h1>" in page and "(0 rendered" not in report
    assert "(0 rendered" in build_with(package)[1]


def test_a_fingerprint_follows_every_field_value_and_an_item_digest_all_but_the_body() -> None:
    """Page keys are digests of pickled contexts; a slotted data class is written as its
    class and field values, an item (in a context) as the digest of all it shows."""
    from dataclasses import replace

    from generator.model import Item
    from generator.model.gaps import Gap, Phrase

    gap = Gap("missing-stage", "high", Phrase.of("missing", stage="interest"), stage="interest")
    same = Gap("missing-stage", "high", Phrase.of("missing", stage="interest"), stage="interest")
    assert cache.fingerprint(gap) == cache.fingerprint(same)
    for other in (
        replace(gap, severity="low"),
        replace(gap, owner="aiko"),
        replace(gap, message=Phrase.of("missing", stage="purchase")),
    ):
        assert cache.fingerprint(other) != cache.fingerprint(gap)

    item = Item(
        id="a",
        path="content/a.md",
        url="items/a.html",
        title="A",
        personas=("p",),
        stages=("s",),
        channels=("c",),
        body="Body one.",
    )
    digests: dict[int, tuple[Item, str]] = {}
    keyed = cache.fingerprint(("page", item), digests)
    assert cache.item_digest(item).encode() in keyed  # the item written as its digest
    assert cache.item_digest(replace(item, body="Another body.")) == cache.item_digest(item)
    assert cache.item_digest(replace(item, title="B")) != cache.item_digest(item)


@pytest.mark.parametrize("size", [0, 1, 4096, (1 << 20) + 7])
def test_a_files_digest_is_the_sha256_of_its_bytes(tmp_path: Path, size: int) -> None:
    data = (bytes(range(256)) * (size // 256 + 1))[:size]  # every byte value, \r and \n too
    path = tmp_path / "x.md"
    path.write_bytes(data)
    assert cache.file_digest(SourceFile(path, "x.md")) == hashlib.sha256(data).hexdigest()
    with pytest.raises(OSError):
        cache.file_digest(SourceFile(tmp_path, "."))  # a folder cannot be read

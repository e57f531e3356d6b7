"""Body edits found and written without loading the plan (``incremental.body_edits``):
the site after such a build is the site a fresh build makes, byte for byte, and every
edit that reaches more than a body goes the full build's way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import build as core
from generator.build import site as make
from generator.errors import InvalidProject
from generator.incremental import body_edits
from generator.incremental.cache import MANIFEST
from tests.conftest import MakeProject, copy_example
from tests.helpers import REPO, numbered_items, run
from tests.sitecheck import fingerprint, served

GA4_MONTHS = [f"ga4-pages-2026-{month}" for month in ("08", "09", "10", "11")]
ITEM = "content/blog/hidden-cost-of-paper-receipts.md"
PAGE = "items/blog/hidden-cost-of-paper-receipts.html"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Each time a build loads the whole plan (the full build's way), its folder."""
    seen: list[Path] = []
    real = core.load_project

    def counted(root: Path, **kwargs: object) -> core.Loaded:
        seen.append(root)
        return real(root, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "load_project", counted)  # as check calls it
    monkeypatch.setattr(make, "load_project", counted)  # as a build does
    yield seen


def built(root: Path, tmp_path: Path, loads: list[Path]) -> Path:
    """``root`` built into ``tmp_path/site`` (returned), that build's load forgotten."""
    site = tmp_path / "site"
    core.build(root, output=str(site))
    loads.clear()
    return site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh_site(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A build from nothing, with a cache folder of its own: what every site must be."""
    with monkeypatch.context() as scoped:
        scoped.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "fresh-cache"))
        out = tmp_path / "fresh"
        core.build(root, output=str(out), clean=True)
    return served(out)


def test_a_body_edit_rebuilds_two_files_without_loading_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    root = copy_example(REPO, tmp_path / "plan")
    site = tmp_path / "site"
    first = core.build(root, output=str(site))
    before = fingerprint(site)
    loads.clear()

    edit(root / ITEM, "Paper receipts look free.", 'Receipts look "free" & <cheap>.')
    edit(root / ITEM, "## Where the money goes", "## Where the money goes\n\nNew paragraph.")
    result = core.build(root, output=str(site))

    assert loads == []  # neither loaded nor analysed
    assert result.rendered == 1
    assert result.diagnostics == first.diagnostics  # the results files' warnings, again
    assert {d.path for d in first.diagnostics} == {
        f"results/{name}.csv" for name in ("search-console-pages", *GA4_MONTHS)
    }
    after = fingerprint(site)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {PAGE, "assets/search-index.js", MANIFEST}
    page = (site / PAGE).read_text(encoding="utf-8")
    assert 'content="The hidden cost of paper receipts — Receipts look &#34;free&#34; &amp;' in page
    assert "<p>New paragraph.</p>" in page
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)

    again = core.build(root, output=str(site))  # nothing changed since: nothing to do
    assert again.rendered == 0 and fingerprint(site) == after


def test_the_japanese_example_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    root = copy_example(REPO / "examples/ja", tmp_path / "plan")
    site = built(root, tmp_path, loads)
    post = root / "content/blog/overtime-cap-basics.md"
    post.write_text(
        post.read_text(encoding="utf-8") + "\n追記：**月45時間**を超える前に確認します。\n"
    )
    assert core.build(root, output=str(site)).rendered == 1
    assert loads == []
    assert "<strong>月45時間</strong>" in (site / "items/blog/overtime-cap-basics.html").read_text()
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)


BODIES = {
    "markup that looks like the page's own": (
        'Intro.\n\n```html\n</div>\n</article>\n<div class="body">\n```\n\n'
        '<article><div class="body">raw</div></article>\n\n<meta name="description" content="x">'
    ),
    "a long first paragraph": "Word " * 400,
    "quotes and ampersands": 'She said "no" & left <early>; it\'s fine.',
    "a table": "| a | b |\n|---|---|\n| 1 | 2 |\n\nText.",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_any_body_gives_the_page_a_fresh_build_gives(
    body: str,
    make_project: MakeProject,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    loads: list[Path],
) -> None:
    root = make_project()
    edit(root / "content/blog/first.md", "title: First post", "title: 'Q&A: \"fees\" <2026>'")
    site = built(root, tmp_path, loads)
    edit(root / "content/blog/first.md", "Body text.", body)
    assert core.build(root, output=str(site)).rendered == 1
    assert loads == []
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)


EDITS = {
    "a new link": ("Body text.", "See [the demo](../sales/demo.md)."),
    "a front-matter field": ("status: published", "status: draft"),
    "the title": ("title: First post", "title: First post, revised"),
    "a body left empty": ("# Why it matters\n\nBody text.", ""),
    "an opening with no text": ("# Why it matters\n\nBody text.", "![](chart.png)"),
}


@pytest.mark.parametrize(("old", "new"), EDITS.values(), ids=EDITS.keys())
def test_an_edit_that_reaches_further_goes_the_full_builds_way(
    old: str,
    new: str,
    make_project: MakeProject,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    loads: list[Path],
) -> None:
    root = make_project()
    site = built(root, tmp_path, loads)
    edit(root / "content/blog/first.md", old, new)
    core.build(root, output=str(site))
    assert loads == [root]
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)


def test_other_files_and_many_files_go_the_full_builds_way(
    make_project: MakeProject, tmp_path: Path, loads: list[Path]
) -> None:
    root = make_project(numbered_items(body_edits.MOST_EDITS + 1))
    site = built(root, tmp_path, loads)
    persona = root / "personas/cfo.md"
    persona.write_text(persona.read_text(encoding="utf-8") + "\nMore about the CFO.\n")
    core.build(root, output=str(site))
    assert len(loads) == 1

    for path in sorted((root / "content").rglob("item-*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n")
    core.build(root, output=str(site))
    assert len(loads) == 2


def test_a_page_not_in_plansites_shape_or_a_damaged_record_is_not_trusted(
    make_project: MakeProject,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    loads: list[Path],
) -> None:
    root = make_project()
    site = tmp_path / "site"
    core.build(root, output=str(site))
    page = site / "items/blog/first.html"
    page.write_text(page.read_text().replace('<div class="body">', "<div>"))  # by hand
    edit(root / "content/blog/first.md", "Body text.", "Body text, edited.")
    loads.clear()
    core.build(root, output=str(site))
    assert loads == [root]
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)

    record = body_edits._record_path(root)
    good = record.read_text()
    for damaged in (
        "{",
        '{"stamp": 1}',
        "[]",
        good.replace('"files":{', '"files":{"x":1,'),
        re.sub(r'"facts":\[[^\]]*\]', '"facts":7', good),
        re.sub(r'"diagnostics":\[.*\]', '"diagnostics":[[1]]', good),
    ):
        assert damaged != good
        record.write_text(damaged)
        assert body_edits.read_record(root) is None
    edit(root / "content/blog/first.md", "edited", "edited again")
    loads.clear()
    core.build(root, output=str(site))
    assert loads == [root]
    assert "edited again" in page.read_text()


def test_an_archived_item_has_no_search_entry_to_change(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loads: list[Path]
) -> None:
    root = make_project()
    edit(root / "content/blog/first.md", "status: published", "status: archived")
    site = tmp_path / "site"
    core.build(root, output=str(site))
    index = (site / "assets/search-index.js").read_bytes()
    loads.clear()
    edit(root / "content/blog/first.md", "Body text.", "Old news.")
    assert core.build(root, output=str(site)).rendered == 1
    assert loads == [] and (site / "assets/search-index.js").read_bytes() == index
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)


def test_the_next_full_build_makes_the_edited_page_again(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys of the two files written are left empty; a later full build, which can
    keep pages, makes them again rather than trust a key it did not work out."""
    root = make_project()
    site = tmp_path / "site"
    core.build(root, output=str(site))
    edit(root / "content/blog/first.md", "Body text.", "Body text, edited.")
    core.build(root, output=str(site))
    edit(root / "content/sales/demo.md", "title: Demo", "title: Live demo")
    result = core.build(root, output=str(site))
    assert 0 < result.rendered < result.pages
    assert "Body text, edited." in (site / "items/blog/first.html").read_text()
    assert served(site) == fresh_site(root, tmp_path, monkeypatch)


def test_check_after_a_body_edit_answers_without_loading(
    make_project: MakeProject, tmp_path: Path, loads: list[Path]
) -> None:
    root = make_project()
    assert run("--project", root, "build", "-q", "-o", tmp_path / "site").exit_code == 0
    edit(root / "content/blog/first.md", "Body text.", "Body text, edited.")
    loads.clear()
    result = run("--project", root, "check")
    assert result.exit_code == 0 and loads == []

    edit(root / "content/blog/first.md", "edited.", "edited, see [this](missing.md).")
    result = run("--project", root, "check")
    assert loads == [root]
    assert "missing.md" in result.output


def test_a_build_with_nothing_to_do_reports_the_kept_warnings_again(
    make_project: MakeProject, tmp_path: Path, loads: list[Path]
) -> None:
    root = make_project()
    edit(root / "content/sales/demo.md", "A live demo.", "A live demo: [notes](notes.md).")
    site = tmp_path / "site"
    first = core.build(root, output=str(site))
    assert [d.code for d in first.diagnostics] == ["broken-link"]
    loads.clear()
    again = core.build(root, output=str(site))
    assert loads == [] and again.rendered == 0
    assert again.diagnostics == first.diagnostics
    with pytest.raises(InvalidProject):  # a warning still fails a strict build
        core.build(root, output=str(site), strict=True)

    # a body edit elsewhere keeps the warning; one in the file it points into does not
    edit(root / "content/blog/first.md", "Body text.", "Body text, edited.")
    assert core.build(root, output=str(site)).diagnostics == first.diagnostics
    assert loads == []
    edit(root / "content/sales/demo.md", "A live demo:", "A live demo, again:")
    assert core.build(root, output=str(site)).diagnostics[0].code == "broken-link"
    assert loads == [root]

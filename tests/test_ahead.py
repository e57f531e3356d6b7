"""Work done ahead (``generator/build/ahead.py``): a first build of a large plan hands
parsing and Markdown rendering to helpers while it loads, and its site is byte for byte
the site of a build without them."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.build.ahead as ahead
from bench.corpus import plan_items, write_plansite
from generator.build import build
from generator.errors import InvalidProject
from generator.incremental.memo import Memo
from generator.site.markdown import body_key, packed, render_body, use_rendered
from tests.golden import site_files

pytestmark = pytest.mark.skipif(
    "fork" not in ahead.multiprocessing.get_all_start_methods(), reason="helpers are forked"
)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ahead") / "plan"
    write_plansite(root, plan_items(ahead.AHEAD_MIN_ITEMS + 20, seed=7))
    return root


def _contents(site: Path) -> dict[str, bytes]:
    return {rel: path.read_bytes() for rel, path in site_files(site).items()}


def _handed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many bodies each hand-over gave, as the build runs."""
    counts: list[int] = []
    original = ahead.Ahead.hand_over

    def hand_over(self: ahead.Ahead) -> int:
        counts.append(original(self))
        return counts[-1]

    monkeypatch.setattr(ahead.Ahead, "hand_over", hand_over)
    return counts


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many item files each build took parsed from its helpers and itself."""
    counts: list[int] = []
    original = ahead.Ahead.parse_into

    def parse_into(self: ahead.Ahead, memo: Memo) -> int:
        counts.append(original(self, memo))
        return counts[-1]

    monkeypatch.setattr(ahead.Ahead, "parse_into", parse_into)
    return counts


def _item_files(root: Path) -> int:
    return len(list((root / "content").rglob("*.md")))


def test_a_first_build_renders_bodies_ahead_and_the_site_is_the_same(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts, parsed = _handed(monkeypatch), _parsed(monkeypatch)
    build(plan, output=str(tmp_path / "alone"), workers=1)
    assert counts == [] and parsed == []  # one process: nothing is idle while it loads
    build(plan, output=str(tmp_path / "helped"), workers=2)
    assert len(counts) == 1 and counts[0] > 0
    assert parsed == [_item_files(plan)]
    assert _contents(tmp_path / "helped") == _contents(tmp_path / "alone")


def test_with_the_commonmark_engine_helpers_parse_and_render_bodies_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "plan"
    write_plansite(root, plan_items(ahead.AHEAD_MIN_ITEMS + 20, seed=11))
    with (root / "plansite.yaml").open("a", encoding="utf-8") as config:
        config.write("markdown:\n  engine: commonmark\n")
    counts, parsed = _handed(monkeypatch), _parsed(monkeypatch)
    build(root, output=str(tmp_path / "alone"), workers=1)
    build(root, output=str(tmp_path / "helped"), workers=2)
    assert parsed == [_item_files(root)] and len(counts) == 1 and counts[0] > 0
    assert _contents(tmp_path / "helped") == _contents(tmp_path / "alone")


def test_a_file_edited_after_a_helper_parsed_it_is_parsed_again(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper edits a file of its share once it has parsed it: the build reads the
    file as it is, not the helper's parse of it."""
    edited = ahead._item_files(plan)[1]  # the first file of the first helper's share
    text = Path(edited.location).read_text(encoding="utf-8")
    original = ahead._Work._parse

    def parse_then_edit(self: ahead._Work, *args: object) -> dict[str, str]:
        bodies = original(self, *args)  # type: ignore[arg-type]
        Path(edited.location).write_text(
            text.replace('title: "', 'title: "Edited in between ', 1), encoding="utf-8"
        )
        return bodies

    monkeypatch.setattr(ahead._Work, "_parse", parse_then_edit)
    try:
        build(plan, output=str(tmp_path / "site"), workers=2)
    finally:
        Path(edited.location).write_text(text, encoding="utf-8")
    page = tmp_path / "site" / "items" / (edited.rel[len("content/") : -len(".md")] + ".html")
    assert "Edited in between" in page.read_text(encoding="utf-8")


def test_a_build_over_its_previous_site_starts_no_helper(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _handed(monkeypatch)
    build(plan, output=str(tmp_path / "site"), workers=2)
    first = plan / "content" / sorted(p.name for p in (plan / "content").iterdir())[0]
    edited = next(first.glob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    build(plan, output=str(tmp_path / "site"), workers=2)
    assert len(counts) == 1  # the first build only
    build(plan, output=str(tmp_path / "site"), workers=2, clean=True)
    assert len(counts) == 2  # --clean renders every page again


def test_helpers_start_before_the_build_looks_for_what_changed(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They read item files while the build digests its inputs (2.6 s at 100,000
    items), and only for a plan with enough item files, counted no further than that."""
    import generator.build as pipeline

    events: list[str] = []
    started, looked = ahead.Ahead.__init__, pipeline.site_before

    def start(self: ahead.Ahead, *args: object) -> None:
        events.append("helpers")
        started(self, *args)  # type: ignore[arg-type]

    def look(*args: object, **kwargs: object) -> object:
        events.append("inputs")
        return looked(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ahead.Ahead, "__init__", start)
    monkeypatch.setattr(pipeline, "site_before", look)
    build(plan, output=str(tmp_path / "site"), workers=2)
    assert events == ["helpers", "inputs"]
    items = _item_files(plan)
    assert ahead._count_item_files(plan / "content", 10_000) == items
    assert 50 <= ahead._count_item_files(plan / "content", 50) < items


def test_a_body_the_helpers_cannot_render_is_reported_as_always(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "plan"
    write_plansite(root, plan_items(ahead.AHEAD_MIN_ITEMS + 5, seed=3))
    victim = sorted((root / "content").rglob("*.md"))[5]
    monkeypatch.setattr("generator.site.markdown.RENDER_SECONDS", 0.5)  # helpers' too
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text + "\n" + "![a](" * 4_000 + "\n", encoding="utf-8")
    counts = _handed(monkeypatch)
    with pytest.raises(InvalidProject) as raised:
        build(root, output=str(tmp_path / "site"), workers=2)
    assert counts and counts[0] > 0
    [problem] = [d for d in raised.value.diagnostics if d.code == "render-timeout"]
    assert problem.path == victim.relative_to(root).as_posix()


def test_a_body_is_taken_as_rendered_only_for_its_exact_text_and_engine() -> None:
    text = "Some *text*.\n"
    try:
        use_rendered({body_key("python-markdown", text): packed("<p>handed over</p>")})
        assert render_body(text, "content/a.md", 1) == "<p>handed over</p>"
        assert render_body(text + " ", "content/a.md", 1) == "<p>Some <em>text</em>.</p>"
        assert "handed" not in render_body(text, "content/a.md", 1, "commonmark")
    finally:
        use_rendered({})
    assert render_body(text, "content/a.md", 1) == "<p>Some <em>text</em>.</p>"

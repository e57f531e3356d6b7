"""`plansite build`: the pages a user gets, and that they link up from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.errors import InvalidProject
from generator.output.writer import MARKER
from tests.conftest import MakeProject
from tests.helpers import run
from tests.sitecheck import broken_links, fingerprint, links_of, text_of


def test_build_writes_every_page(make_project: MakeProject) -> None:
    root = make_project()
    result = run("--project", root, "build", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / MARKER).is_file()
    for rel in (
        "index.html",
        "items.html",
        "items/blog/first.html",
        "items/sales/demo.html",
        "personas/cfo.html",
        "personas/it-manager.html",
        "stages/awareness.html",
        "stages/decision.html",
        "channels/blog.html",
        "channels/sales.html",
        "assets/plansite.css",
    ):
        assert (site / rel).is_file(), rel
    assert "built" in result.stderr


def test_item_page_links_everything(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    page = root / "site/items/blog/first.html"
    links = links_of(page)
    for target in (
        "../../personas/cfo.html",
        "../../stages/awareness.html",
        "../../channels/blog.html",
        "../sales/demo.html",
        "../../assets/plansite.css",
    ):
        assert target in links
    demo = root / "site/items/sales/demo.html"
    assert "../blog/first.html" in links_of(demo)  # backlink: first → demo
    text = text_of(page)
    assert "Why it matters" in text and "aiko" in text


def test_no_broken_links_and_assets_copied(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/blog/img/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
            "content/blog/first.md": """
            ---
            title: First post
            persona: cfo
            stage: awareness
            channel: blog
            ---
            ![chart](img/chart.svg) and [the demo](../sales/demo.md#agenda).
        """,
            "content/blog/.draft.md.swp": "junk",
            "content/blog/notes.md~": "backup",
        }
    )
    build(root)
    site = root / "site"
    assert (site / "items/blog/img/chart.svg").is_file()
    assert not list(site.rglob("*.swp")) and not list(site.rglob("*~"))
    assert "../sales/demo.html#agenda" in links_of(site / "items/blog/first.html")
    assert broken_links(site) == []


def test_user_text_is_escaped_and_bodies_sanitised(make_project: MakeProject) -> None:
    root = make_project(
        {
            "personas/cfo.md": '---\nname: "<img src=x onerror=alert(1)>"\n---\nSigns.\n',
            "content/blog/first.md": """
            ---
            title: "<script>alert('t')</script>"
            persona: cfo
            stage: awareness
            channel: blog
            owner: '"><svg onload=alert(1)>'
            ---
            <script>alert('body')</script>
            [click](javascript:alert(1)) <a href="data:text/html,x">d</a>
            <p onclick="alert(1)">para</p>
        """,
        }
    )
    build(root)
    html = (root / "site/items/blog/first.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in html
    assert "onerror" not in html.replace("onerror=alert(1)&gt;", "")
    assert "<svg" not in html and "onclick" not in html
    assert "javascript:" not in html and "data:text" not in html
    persona = (root / "site/personas/cfo.html").read_text(encoding="utf-8")
    assert "<img src=x" not in persona and "&lt;img src=x onerror=alert(1)&gt;" in persona


def test_builds_are_byte_identical(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    build(root, today=None, output=str(tmp_path / "one"))
    build(root, today=None, output=str(tmp_path / "two"))
    assert fingerprint(tmp_path / "one") == fingerprint(tmp_path / "two")


def test_rebuild_replaces_the_whole_site(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    (root / "content/sales/demo.md").unlink()
    (root / "content/blog/first.md").write_text(
        "---\ntitle: First\npersona: cfo\nstage: awareness\nchannel: blog\n---\nBody\n",
        encoding="utf-8",
    )
    build(root)
    assert not (root / "site/items/sales/demo.html").exists()
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith(".site.plansite-"))
    assert leftovers == []  # the lock lives in plansite's cache folder, not the project


def test_invalid_project_writes_nothing(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    before = fingerprint(root / "site")
    (root / "content/bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = run("--project", root, "build")
    assert result.exit_code == 1
    assert "content/bad.md:2:" in result.stderr and "nothing was written" in result.stderr
    assert fingerprint(root / "site") == before


def test_strict_build_fails_on_warnings(make_project: MakeProject) -> None:
    root = make_project(
        {
            "content/x.md": "---\ntitle: T\npersona: cfo\nstage: awareness\n"
            "channel: blog\ncolour: red\n---\nBody\n"
        }
    )
    assert run("--project", root, "build").exit_code == 0
    result = run("--project", root, "build", "--strict", "-o", root / "strict-site")
    assert result.exit_code == 1
    assert "content/x.md:6:1: warning: unknown key `colour`" in result.stderr
    assert not (root / "strict-site").exists()


def test_quiet_and_pipe_print_no_progress(make_project: MakeProject) -> None:
    root = make_project()
    result = run("--project", root, "build", "--quiet")
    assert result.exit_code == 0 and result.output == ""


def test_parallel_rendering_gives_the_same_site(
    example_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.site import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    build(example_project, output=str(tmp_path / "one"), workers=1)
    build(example_project, output=str(tmp_path / "two"), workers=2)
    assert fingerprint(tmp_path / "one") == fingerprint(tmp_path / "two")


def test_a_worker_error_is_reported_at_its_file(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A body that will not render in time, in a forked render worker, stops the build
    with one diagnostic at its file, and nothing is written. The body never finishes (it
    is not merely slow: how slow a real one is depends on the machine's load and on
    Markdown's version), so the time limit always fires for it; and the limit is long
    enough that no ordinary body comes near it."""
    import os
    import time

    import markdown

    from generator.site import markdown as markup
    from generator.site import parallel

    real_convert = markdown.Markdown.convert
    renderer_pid = tmp_path / "renderer-pid"

    def convert(self: markdown.Markdown, source: str) -> str:
        if "NEVER-ENDING" in source:
            renderer_pid.write_text(str(os.getpid()), encoding="utf-8")
            while True:  # until the render time limit interrupts it
                time.sleep(0.01)
        return real_convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(markup, "RENDER_SECONDS", 1.0)
    root = make_project(
        {
            "content/deep.md": "---\ntitle: T\npersona: cfo\nstage: awareness\n"
            "channel: blog\n---\nA NEVER-ENDING body.\n"
        }
    )
    with pytest.raises(InvalidProject) as caught:
        build(root, workers=2)
    found = [(d.path, d.line, d.code) for d in caught.value.diagnostics]
    assert found == [("content/deep.md", 7, "render-timeout")]
    assert int(renderer_pid.read_text(encoding="utf-8")) != os.getpid()  # in a worker
    assert not (root / "site").exists()


def test_stage_pages_show_the_target_the_matrix_counts_against(make_project: MakeProject) -> None:
    """A stage's ``min_items`` overrides ``coverage.min_items``; the stage page shows the
    target the matrix computed, the same number its cells are measured against."""
    root = make_project(
        {
            "plansite.yaml": "title: T\ncoverage: {min_items: 2}\n",
            "stages/02-decision.md": "---\nname: Decision\nmin_items: 3\n---\nPeople choose.\n",
        }
    )
    build(root)
    site = root / "site"
    assert "Items per cell 2" in text_of(site / "stages/awareness.html")
    assert "Items per cell 3" in text_of(site / "stages/decision.html")
    matrix = (site / "exports/matrix.csv").read_text(encoding="utf-8-sig").splitlines()
    assert {row.split(",")[1]: row.split(",")[-1] for row in matrix[1:]} == {
        "awareness": "2",
        "decision": "3",
    }

"""The two Markdown engines: the default one's shortcuts change no byte of its output,
the ``commonmark`` engine builds the English example with the same pages, headings and
links, and both go through the sanitiser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor

from bench.corpus import plan_items
from generator.build import build
from generator.errors import InvalidProject
from generator.site.fastinline import bracket_ends
from generator.site.markdown import python_markdown, render_markdown
from tests.conftest import MakeProject
from tests.golden import GOLDEN, TODAY, build_example, site_files

#: Pieces of Markdown that start inline syntax (and some that only look like it), mixed
#: with plain words, so that generated bodies exercise every inline pattern and the
#: places where the shortcuts skip one.
TOKENS = [
    "word", "日本語", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\",
    "[", "]", "(", ")", "![", "[^1]", "[^1]: note\n", "[ref]", "[ref]: https://e.x/\n",
    "<", ">", "<b>", "</b>", "<span class=x>", "&", "&amp;", "&#123;", ";", "<https://e.x>",
    "<a@b.c>", "http://e.x", "# ", "## ", "- ", "1. ", "> ", "    ", "|", "---", ":",
    "{: .c}", "{#id}", "*[HTML]: Hyper Text\n", "HTML", "~~", "x.md", "<!-- c -->", "!",
    "[TOC]", "\n[TOC]\n", "[TOC", "TOC]", "&#91;", "{: data-toc-label='t'}", "### ",
]  # fmt: skip

bodies = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


def _corpus_bodies(count: int) -> list[str]:
    """Bodies of the benchmark corpus: articles with headings, lists, tables and links,
    a third of them in Japanese."""
    return [item.body for item in plan_items(count, seed=11)]


def test_the_fast_path_changes_no_byte_of_the_corpus() -> None:
    for body in _corpus_bodies(400):
        assert python_markdown(body, fast=True) == python_markdown(body, fast=False)


@pytest.mark.slow
def test_the_fast_path_changes_no_byte_of_a_large_corpus() -> None:
    different = [
        body
        for body in _corpus_bodies(3000)
        if python_markdown(body, fast=True) != python_markdown(body, fast=False)
    ]
    assert different == []


def test_a_body_that_asks_for_a_table_of_contents_gets_it_on_the_fast_path() -> None:
    body = "[TOC]\n\n# One\n\n## Two\n\n## 二つ目\n\n\\[TOC]\n\n&#91;TOC]\n"
    html = python_markdown(body, fast=True)
    assert html == python_markdown(body, fast=False)
    assert '<div class="toc">' in html and '<a href="#two">Two</a>' in html
    assert html.count('<div class="toc">') == 1  # the escaped markers stay text
    assert '<h2 id="_1">二つ目</h2>' in html
    assert '<div class="toc">' not in python_markdown("# One\n\nTOC\n", fast=True)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_the_fast_path_changes_no_byte_of_inline_syntax(body: str) -> None:
    assert python_markdown(body, fast=True) == python_markdown(body, fast=False)


#: Lines of block syntax, whole and in pieces (tables, headings underlined, rules,
#: definitions, quotes, footnotes, abbreviations, references), for the block checks.
BLOCK_TOKENS = [
    "a | b\n", "| a |\n", "|---|---|\n", "--- | ---\n", "|\n", "a\\| b\n", "=\n", "===\n",
    "-\n", "- - -\n", "***\n", "* * *\n", "___\n", "_ _\n", "Term\n", ": def\n", ":\n",
    "> q\n", ">\n", "[^n]: f\n", "[^n]", "*[A]: b\n", "*[", "[r]: /x\n", "]:", "\n", "\n\n",
    "    code\n", "text ", "# h\n", "1. x\n", "<div markdown=\"1\">\n", "</div>\n",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BLOCK_TOKENS), max_size=30).map("".join))
def test_the_fast_path_changes_no_byte_of_block_syntax(body: str) -> None:
    assert python_markdown(body, fast=True) == python_markdown(body, fast=False)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_the_fast_path_changes_no_byte_of_any_text(body: str) -> None:
    assert python_markdown(body, fast=True) == python_markdown(body, fast=False)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[]![(x)\\\n", max_size=40))
def test_the_table_of_closing_brackets_is_python_markdowns(data: str) -> None:
    assert bracket_ends(data) == LinkInlineProcessor._findBracketEnds(data)


def test_links_in_brackets_find_their_closing_bracket_on_the_fast_path() -> None:
    body = "[a [b] c](x.md) [[d]](y) [e] [unclosed [f](z) ] ![i [j]](k.png) [g]: z\n\n[g]\n"
    assert python_markdown(body, fast=True) == python_markdown(body, fast=False)
    assert '<a href="x.html">a [b] c</a> <a href="y">[d]</a>' in python_markdown(body)


HOSTILE = """\
<script>alert('body')</script>

[click](javascript:alert(1)) <a href="data:text/html,x">d</a>
<img src=x onerror=alert(1)>

<p onclick="alert(1)">para</p>

<div><iframe src="https://e.x"></iframe><style>p{}</style></div>
"""


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_both_engines_are_sanitised(engine: str) -> None:
    html = str(render_markdown(HOSTILE, engine=engine))
    assert "para" in html and "click" in html
    banned = ("<script", "onerror", "onclick", "javascript:", "data:text", "<iframe", "<style")
    for text in banned:
        assert text not in html, (engine, text)


def test_commonmark_heading_ids_step_round_the_ids_a_body_has() -> None:
    body = '<p id="summary">x</p>\n\n## Summary\n\n## Summary\n\n## Next &amp; *steps*\n'
    html = str(render_markdown(body, engine="commonmark"))
    assert '<h2 id="summary_1">Summary</h2>' in html
    assert '<h2 id="summary_2">Summary</h2>' in html
    assert '<h2 id="next-steps">Next &amp; <em>steps</em></h2>' in html
    again = str(render_markdown("## Summary\n", engine="commonmark"))  # nothing carried over
    assert '<h2 id="summary">Summary</h2>' in again


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_the_engine_setting_reaches_the_pages(make_project: MakeProject, engine: str) -> None:
    root = make_project(
        {
            "plansite.yaml": f"title: T\nmarkdown:\n  engine: {engine}\n",
            "content/blog/first.md": (
                "---\ntitle: First\npersona: cfo\nstage: awareness\nchannel: blog\n---\n"
                "## 導入前の課題\n\n~~gone~~ [next](../sales/demo.md#agenda)\n\n" + HOSTILE
            ),
        }
    )
    build(root)
    html = (root / "site/items/blog/first.html").read_text(encoding="utf-8")
    assert '<h2 id="_1">導入前の課題</h2>' in html
    assert 'href="../sales/demo.html#agenda"' in html
    # strike-through is CommonMark-with-GitHub syntax only: the setting did take effect
    assert ("<del>gone</del>" in html) == (engine == "commonmark")
    for banned in ("<script>alert", "onerror", "onclick", "javascript:", "<iframe"):
        assert banned not in html


def test_an_unknown_engine_is_reported(make_project: MakeProject) -> None:
    root = make_project({"plansite.yaml": "title: T\nmarkdown:\n  engine: mistune\n"})
    with pytest.raises(InvalidProject) as raised:
        build(root)
    [problem] = raised.value.diagnostics
    assert (problem.path, problem.line, problem.code) == ("plansite.yaml", 3, "value")
    assert "`markdown.engine` must be one of python-markdown, commonmark" in problem.message


_HEADING_IDS = re.compile(r'<h[1-6] id="([^"]*)"')
_HREFS = re.compile(r'<a [^>]*?href="([^"]*)"')


def test_commonmark_builds_the_english_example_like_the_golden_site(tmp_path: Path) -> None:
    """Not a second golden set (which would pin pulldown-cmark's white space); instead:
    the same files, every non-HTML file byte-identical (bodies reach no export), and on
    every page the same heading ids and link targets as the default engine's site."""
    build_example("en", tmp_path / "default")  # copies the example to default/plan
    source = tmp_path / "default" / "plan"
    root = tmp_path / "cm" / "plan"
    shutil.copytree(source, root)
    with (root / "plansite.yaml").open("a", encoding="utf-8") as config:
        config.write("\nmarkdown:\n  engine: commonmark\n")
    site = build(root, today=TODAY, output=str(tmp_path / "cm/site"), workers=1, clean=True)
    built, golden = site_files(site.output), site_files(GOLDEN / "en")
    assert list(built) == list(golden)
    pages = 0
    for rel, path in golden.items():
        mine, theirs = built[rel].read_bytes(), path.read_bytes()
        if not rel.endswith(".html"):
            assert mine == theirs, rel
            continue
        a, b = mine.decode(), theirs.decode()
        assert _HEADING_IDS.findall(a) == _HEADING_IDS.findall(b), rel
        assert _HREFS.findall(a) == _HREFS.findall(b), rel
        pages += a != b
    assert pages > 0, "no page changed: the commonmark engine was not used"


def test_a_pattern_the_fast_path_does_not_know_is_always_tried() -> None:
    """An extension's own inline pattern has no triggers in the table: it must still run
    on text that holds none of the known triggers."""
    import markdown
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    from generator.site.fastinline import FastInlineProcessor, keep_lists

    md = markdown.Markdown(extensions=["extra"])
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()%%(.+?)%%", "mark"), "mark", 65)
    md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)
    keep_lists(md)
    assert md.convert("plain %%marked%% text") == "<p>plain <mark>marked</mark> text</p>"
    # and a pattern registered after the first document is used from the next one on
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"), "ins", 64)
    assert md.reset().convert("a ++b++ %%c%%") == "<p>a <ins>b</ins> <mark>c</mark></p>"

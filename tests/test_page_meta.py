"""What every page carries besides its content: a description of its own (escaped, in the
site's language), an icon that needs no request, a submit button on every form, header
cells that name the matrix cells; and the channel colours, one per channel."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.site.palette import BACKGROUNDS, MIN_CONTRAST, channel_colours, contrast
from generator.site.search import SUMMARY_CHARS, summary
from tests.conftest import MakeProject
from tests.helpers import REPO


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.icons: list[str] = []
        self.forms = 0
        self.submits = 0
        self.cells: list[dict[str, str | None]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = found.get("content") or ""
        elif tag == "link" and found.get("rel") == "icon":
            self.icons.append(found.get("href") or "")
        elif tag == "form":
            self.forms += 1
        elif tag == "button" and found.get("type") == "submit":
            self.submits += 1
        elif tag == "td":
            self.cells.append(found)


def head_of(page: Path) -> _Head:
    reader = _Head()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


def test_every_page_has_a_description_an_icon_and_submittable_forms(
    example_sites: dict[str, Path],
) -> None:
    for language, site in example_sites.items():
        descriptions = set()
        for page in sorted(site.rglob("*.html")):
            head = head_of(page)
            description = head.meta.get("description", "")
            assert len(description) > 20, (language, page)
            descriptions.add(description)
            (icon,) = head.icons  # one that is there: no request for /favicon.ico, no 404
            assert icon.endswith("assets/favicon.svg") and (page.parent / icon).resolve().is_file()
            assert head.submits >= head.forms, (language, page)  # one per form at least
        # pages say what they are: few descriptions are shared (only pages of one list)
        assert len(descriptions) > 0.8 * len(list(site.rglob("*.html")))
    ja = head_of(example_sites["ja"] / "matrix.html").meta["description"]
    assert ja.startswith("コヨミ勤怠 コンテンツ計画｜コンテンツマトリクス：")


def test_an_item_page_is_described_by_its_opening(make_project: MakeProject) -> None:
    body = 'Fees & "hidden" <costs>\n\n## Why\n\n' + "word " * 80
    root = make_project(
        {
            "content/blog/first.md": "---\ntitle: Receipts & <tape>\npersona: cfo\n"
            f"stage: awareness\nchannel: blog\n---\n{body}",
        }
    )
    site = build(root).output
    html = (site / "items/blog/first.html").read_text(encoding="utf-8")
    (raw,) = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert raw.startswith("Receipts &amp; &lt;tape&gt; — Fees &amp; &#34;hidden&#34; Why word")
    assert raw.endswith("word…")
    bare = "---\ntitle: Bare\npersona: cfo\nstage: awareness\nchannel: blog\n---\n"
    site = build(make_project({"content/blog/bare.md": bare}, name="p2")).output
    text = (site / "items/blog/bare.html").read_text(encoding="utf-8")
    described = "Test plan — Bare: a content item of the plan."
    assert f'<meta name="description" content="{described}">' in text


@given(st.text())
def test_a_summary_is_one_short_line(markdown: str) -> None:
    text = summary(markdown)
    assert len(text) <= SUMMARY_CHARS + 1
    assert "\n" not in text and "\r" not in text and text == text.strip()


def test_matrix_cells_name_their_header_cells(example_sites: dict[str, Path]) -> None:
    for site in example_sites.values():
        head = head_of(site / "matrix.html")
        matrix_cells = [c for c in head.cells if c.get("headers")]
        assert len(matrix_cells) > 20
        for cell in matrix_cells:
            names = str(cell["headers"]).split()
            assert len(names) == 3 and all(name in head.ids for name in names)


def test_channel_colours_are_distinct_and_stand_out_in_both_schemes() -> None:
    for count in (1, 8, 9, 24, 60):
        colours = channel_colours(count)
        assert len(colours) == count == len(set(colours))
        for colour in colours:
            assert all(contrast(colour, bg) >= MIN_CONTRAST for bg in BACKGROUNDS), colour
    assert channel_colours(9)[:8] == channel_colours(8)  # adding a channel keeps the others
    css = (REPO / "generator/site/static/plansite.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)
    for scheme, (bg, panel) in ((light, BACKGROUNDS[:2]), (dark, BACKGROUNDS[2:])):
        assert f"--bg: {bg};" in scheme.split("}", 1)[0].replace("#fff;", "#ffffff;")
        assert f"--panel: {panel};" in scheme.split("}", 1)[0]


def test_a_ninth_channel_gets_a_colour_of_its_own(make_project: MakeProject) -> None:
    ids = [f"c{n}" for n in range(10)]
    channels = "".join(f"  {c}: {{name: {c.upper()}}}\n" for c in ids)
    root = make_project(
        {"plansite.yaml": f"title: T\nchannels:\n{channels}  blog: {{}}\n  sales: {{}}\n"}
    )
    html = (build(root).output / "calendar.html").read_text(encoding="utf-8")
    swatches = re.findall(
        r'<span class="swatch ch" style="--ch:(#[0-9a-f]{6})"></span><a href="channels/(\w+)', html
    )
    assert [c for _, c in swatches] == [*ids, "blog", "sales"]
    assert [colour for colour, _ in swatches] == list(channel_colours(12))

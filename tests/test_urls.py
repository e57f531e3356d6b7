"""Relative links between the pages of a site."""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from generator.site.urls import relative_link, relative_path, relative_to

#: Site-relative paths as plansite makes them: folders and file names, no ``..``.
names = st.sampled_from(["items", "blog", "a b", "日本", "x.html", "page", "2.html", "q#s"])
paths = st.lists(names, min_size=1, max_size=4).map("/".join)
folders = st.one_of(st.just("."), paths)


@given(folders, paths)
def test_a_link_is_the_relative_path_between_the_pages(start: str, target: str) -> None:
    expected = quote(posixpath.relpath(target, start), safe="/#?=&")
    assert relative_to(start, target) == expected


#: Paths with parts ``relpath`` normalises: empty, ``.`` and ``..``.
odd_paths = st.lists(st.sampled_from(["a", "b", "", ".", "..", "x.html"]), max_size=5).map("/".join)


@given(odd_paths, odd_paths)
def test_a_link_is_made_from_its_folder_and_name_as_from_its_whole_path(
    start: str, target: str
) -> None:
    assert relative_to(start, target) == quote(relative_path(target, start), safe="/#?=&")


@given(odd_paths, odd_paths)
def test_any_path_is_worked_out_as_relpath_would(start: str, target: str) -> None:
    assert relative_path(target, start) == posixpath.relpath(f"/{target}", f"/{start}")


def test_links_between_folders() -> None:
    assert relative_link("items/blog/x.html", "personas/cfo.html") == "../../personas/cfo.html"
    assert relative_link("index.html", "items/a b.html") == "items/a%20b.html"
    assert relative_link("items/x.html", "items/y.html#top") == "y.html#top"
    assert relative_link("page/items/2.html", "index.html") == "../../index.html"

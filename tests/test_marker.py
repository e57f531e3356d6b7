"""The output marker proves plansite wrote a folder: a forged, empty or copied marker
never lets a build delete someone's files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import UnsafeOutput
from generator.output.marker import MARKER, MARKER_TEXT, marker_bytes, read_marker
from generator.output.writer import leftovers
from tests.conftest import MakeProject
from tests.helpers import run


def _users_folder(tmp_path: Path, marker: bytes) -> Path:
    folder = tmp_path / "mine"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "holiday.jpg").write_bytes(b"precious")
    (folder / MARKER).write_bytes(marker)
    return folder


@pytest.mark.parametrize(
    "marker",
    [
        b"",
        MARKER_TEXT,  # the bare first line, without page fingerprints
        MARKER_TEXT + b"{}",
        MARKER_TEXT + b'{"format":"plansite-site/2","staging":false,"files":[],"sha256":"0"}',
        marker_bytes((), staging=True),  # a staging marker is not a site
    ],
)
def test_a_forged_marker_does_not_verify_and_the_folder_is_kept(
    make_project: MakeProject, tmp_path: Path, marker: bytes
) -> None:
    root = make_project()
    folder = _users_folder(tmp_path, marker)
    result = run("-p", root, "build", "-o", folder)
    assert result.exit_code == 1
    assert "is not one plansite wrote" in result.output
    assert "Traceback" not in result.output
    assert (folder / "photos" / "holiday.jpg").read_bytes() == b"precious"


def test_a_real_marker_copied_into_a_folder_of_other_files_names_them(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project()
    build(root)
    folder = _users_folder(tmp_path, (root / "site" / MARKER).read_bytes())
    with pytest.raises(UnsafeOutput, match=r"files plansite did not write \(photos/holiday.jpg"):
        build(root, output=str(folder))
    assert (folder / "photos" / "holiday.jpg").read_bytes() == b"precious"


def test_a_file_added_to_a_built_site_stops_the_next_build(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project()
    build(root)
    (root / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UnsafeOutput, match=r"notes\.txt"):
        build(root)
    assert (root / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (root / "site" / "notes.txt").unlink()
    build(root)  # gone again: the site is plansite's own once more
    build(root, clean=True)


def test_the_marker_lists_every_file_of_the_site(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    site = root / "site"
    marker = read_marker(site)
    assert marker is not None and marker.kind == "site"
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert marker.files == on_disk - {MARKER}
    body = json.loads((site / MARKER).read_bytes()[len(MARKER_TEXT) :])
    assert body["files"] == sorted(marker.files)


def test_a_site_of_an_earlier_plansite_is_still_replaced(make_project: MakeProject) -> None:
    """Its marker is the bare first line; its page fingerprints file vouches for it."""
    root = make_project()
    build(root)
    (root / "site" / MARKER).write_bytes(MARKER_TEXT)
    (root / "site" / "old-page.html").write_text("old", encoding="utf-8")
    build(root, clean=True)
    assert not (root / "site" / "old-page.html").exists()
    assert read_marker(root / "site") is not None


def test_a_forged_staging_folder_beside_the_site_is_not_deleted(
    make_project: MakeProject,
) -> None:
    root = make_project()
    fake = root / ".site.plansite-staging-x"
    fake.mkdir()
    (fake / MARKER).write_bytes(b"")
    (fake / "keep.txt").write_text("mine", encoding="utf-8")
    build(root)
    assert (fake / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert fake not in leftovers(root / "site")


def test_a_killed_builds_staging_folder_is_still_removed(make_project: MakeProject) -> None:
    root = make_project()
    build(root)
    staging = root / ".site.plansite-staging-killed"
    shutil.copytree(root / "site", staging)
    (staging / MARKER).write_bytes(marker_bytes((), staging=True))
    build(root)
    assert not staging.exists()

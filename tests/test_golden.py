"""Both example projects build to exactly their golden sites (``tests/golden/``), file
for file and byte for byte. When a change is meant to change the site, regenerate them
with ``python -m tests.golden`` and review the diff."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.golden import EXAMPLES, GOLDEN, build_example, site_files

#: Differing files shown in full (up to ``DIFF_LINES`` lines of unified diff each).
SHOWN_DIFFS = 3
DIFF_LINES = 40


def _text(data: bytes) -> list[str] | None:
    """The lines of a text file, or None for a binary one."""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def _diff(rel: str, golden: bytes, built: bytes) -> str:
    old, new = _text(golden), _text(built)
    if old is None or new is None:
        return f"{rel}: binary files differ ({len(golden)} bytes golden, {len(built)} built)"
    lines = list(difflib.unified_diff(old, new, f"golden/{rel}", f"built/{rel}", n=2))
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:DIFF_LINES])
    more = len(lines) - DIFF_LINES
    return shown + (f"... {more} more diff lines\n" if more > 0 else "")


def compare(golden: Path, built: Path) -> str:
    """Every way ``built`` differs from ``golden``, readably; empty when they agree."""
    expected, actual = site_files(golden), site_files(built)
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    different = [
        rel
        for rel in sorted(expected.keys() & actual.keys())
        if expected[rel].read_bytes() != actual[rel].read_bytes()
    ]
    report = [
        f"{heading}, {len(paths)} files:\n  " + "\n  ".join(paths)
        for heading, paths in (
            ("missing (in the golden site, not built)", missing),
            ("extra (built, not in the golden site)", extra),
            ("different", different),
        )
        if paths
    ]
    for rel in different[:SHOWN_DIFFS]:
        report.append(_diff(rel, expected[rel].read_bytes(), actual[rel].read_bytes()))
    return "\n\n".join(report)


@pytest.mark.parametrize("language", sorted(EXAMPLES))
def test_example_builds_its_golden_site(language: str, tmp_path: Path) -> None:
    golden = GOLDEN / language
    assert golden.is_dir(), f"no golden site {golden}: run `python -m tests.golden`"
    built = build_example(language, tmp_path)
    problems = compare(golden, built)
    if problems:
        pytest.fail(
            f"the {language} example no longer builds its golden site (tests/golden/{language})."
            "\nIf the change is intended, run `python -m tests.golden` and review the diff.\n\n"
            + problems,
            pytrace=False,
        )


def test_the_comparison_reports_missing_extra_and_changed_files(tmp_path: Path) -> None:
    golden, built = tmp_path / "golden", tmp_path / "built"
    for site in (golden, built):
        (site / "a").mkdir(parents=True)
        (site / "same.html").write_text("same\n", encoding="utf-8")
        (site / ".plansite-pages.json").write_text(site.name, encoding="utf-8")
    (golden / "gone.html").write_text("old\n", encoding="utf-8")
    (built / "a/new.js").write_text("new\n", encoding="utf-8")
    (golden / "page.html").write_text("one\ntwo\nthree\n", encoding="utf-8")
    (built / "page.html").write_text("one\n2\nthree\n", encoding="utf-8")
    (golden / "logo.png").write_bytes(b"\x89PNG\0\1")
    (built / "logo.png").write_bytes(b"\x89PNG\0\2")
    report = compare(golden, built)
    assert "missing (in the golden site, not built), 1 files:\n  gone.html" in report
    assert "extra (built, not in the golden site), 1 files:\n  a/new.js" in report
    assert "different, 2 files:\n  logo.png\n  page.html" in report
    assert "logo.png: binary files differ" in report
    assert "-two\n+2\n" in report
    assert ".plansite-pages.json" not in report
    assert compare(golden, golden) == ""

from __future__ import annotations

from generator.load.frontmatter import split_front_matter
from generator.load.sources import decode


def test_split_keeps_line_numbers() -> None:
    split = split_front_matter("---\ntitle: x\nstage: y\n---\n# Body\n")
    assert split.yaml == "title: x\nstage: y\n"
    assert split.yaml_line == 2
    assert split.body == "# Body\n"
    assert split.body_line == 5


def test_no_front_matter() -> None:
    split = split_front_matter("# Just a body\n")
    assert split.yaml is None and not split.unclosed
    assert split.body == "# Just a body\n"


def test_unclosed_front_matter() -> None:
    assert split_front_matter("---\ntitle: x\n# body\n").unclosed


def test_dots_close_front_matter() -> None:
    split = split_front_matter("---\ntitle: x\n...\nbody")
    assert split.yaml == "title: x\n" and split.body == "body"


def test_bom_and_crlf_are_accepted() -> None:
    text, problems = decode("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n".encode(), "a.md")
    assert problems == []
    assert text == "---\ntitle: x\n---\nbody\n"
    assert split_front_matter(text or "").yaml == "title: x\n"


def test_utf16_is_refused_with_advice() -> None:
    text, problems = decode("---\ntitle: x\n---\n".encode("utf-16"), "a.md")
    assert text is None
    assert problems[0].code == "encoding"
    assert "UTF-16" in problems[0].message and "UTF-8" in (problems[0].hint or "")


def test_shift_jis_points_at_first_bad_byte() -> None:
    data = "---\ntitle: ok\n---\n本文です\n".encode("shift_jis")
    text, problems = decode(data, "a.md")
    assert text is None
    (problem,) = problems
    assert (problem.line, problem.column) == (4, 1)
    assert "Shift_JIS" in problem.message


def test_cp1252_reports_line_and_column() -> None:
    data = "---\ntitle: café\n---\n".encode("cp1252")
    _text, (problem,) = decode(data, "a.md")
    assert (problem.line, problem.column) == (2, 11)
    assert problem.severity == "error"


def test_nul_bytes_mean_binary() -> None:
    _text, (problem,) = decode(b"---\ntitle: x\n---\n\x00\x01\x02", "a.md")
    assert problem.code == "binary-file"
    assert problem.line == 4

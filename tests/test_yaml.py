from __future__ import annotations

import time

from generator.load.yamlsafe import load_yaml


def test_positions_of_keys_and_values() -> None:
    doc, problems = load_yaml("title: x\npersona:\n  - a\n  - b\n", "f.md", first_line=2)
    assert problems == [] and doc is not None
    assert doc.keys[("persona",)].line == 3
    assert doc.values[("persona", 1)].line == 5
    assert doc.values[("persona", 1)].column == 5


def test_duplicate_keys_name_both_lines() -> None:
    doc, problems = load_yaml("title: a\nstage: s\ntitle: b\n", "f.md", first_line=2)
    assert doc is None
    (problem,) = problems
    assert problem.code == "duplicate-key"
    assert problem.line == 4
    assert "line 2" in problem.message


def test_nested_duplicate_keys() -> None:
    _doc, problems = load_yaml("kpi:\n  metric: a\n  metric: b\n", "f.md")
    assert [p.line for p in problems] == [3]


def test_python_tags_are_never_executed() -> None:
    doc, problems = load_yaml("title: !!python/object/apply:os.system ['echo hi']\n", "f.md")
    assert doc is None
    assert problems[0].code == "yaml-syntax"
    assert "tag" in problems[0].message


def test_alias_bomb_fails_fast() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    doc, problems = load_yaml("\n".join(lines) + "\n", "f.md")
    assert time.perf_counter() - started < 2
    assert doc is None and problems[0].code == "yaml-too-large"


def test_oversized_front_matter_is_refused() -> None:
    doc, problems = load_yaml("title: " + "x" * 300_000 + "\n", "f.md")
    assert doc is None and problems[0].code == "yaml-too-large"


def test_unquoted_colon_gets_a_hint() -> None:
    doc, problems = load_yaml("title: Q3: launch\n", "f.md", first_line=2)
    assert doc is None
    assert problems[0].line == 2
    assert 'title: "Q3: launch"' in (problems[0].hint or "")


def test_tabs_get_a_hint() -> None:
    doc, problems = load_yaml("title: x\npersona:\n\t- a\n", "f.md")
    assert doc is None
    assert "tabs" in (problems[0].hint or "")


def test_syntax_error_line_is_in_the_file() -> None:
    _doc, problems = load_yaml("title: [unclosed\nstage: x\n", "f.md", first_line=2)
    assert problems[0].line >= 2

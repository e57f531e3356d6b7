"""``plansite new``: ids checked against the project, a safe and unique file name, an
outline drawn from the stage's and persona's needs, and an item ``check --strict`` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.authoring.new import file_stem
from generator.build import load_project
from generator.load.yamlsafe import load_yaml
from tests.conftest import MakeProject
from tests.helpers import run

#: The base project's stages and personas, with needs for the outline.
NEEDS = {
    "stages/01-awareness.md": """
        ---
        name: Awareness
        funnel: top
        customer_state: [Senses a problem]
        needs: [Put a name to the problem, Feel understood]
        ---
        People notice a problem.
    """,
    "personas/cfo.md": """
        ---
        name: CFO
        role: decision-maker
        priority: high
        needs:
          awareness: Know what the problem costs, in yen.
        ---
        Signs the contract.
    """,
}


def new(root: Path, *args: str) -> tuple[int, str, Path | None]:
    """Run ``plansite new`` and return exit code, output and the file it printed."""
    result = run("--project", root, "new", *args)
    path = Path(result.stdout.strip()).resolve() if result.exit_code == 0 else None
    return result.exit_code, result.output, path


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    yaml_text = text.split("---\n")[1]
    doc, problems = load_yaml(yaml_text, path.name)
    assert doc is not None and not problems
    assert isinstance(doc.data, dict)
    return doc.data


def strict_ok(root: Path) -> None:
    result = run("--project", root, "check", "--strict")
    assert result.exit_code == 0, result.output


def test_english_title_gives_a_checked_item_with_an_outline(make_project: MakeProject) -> None:
    root = make_project(NEEDS)
    code, output, path = new(
        root,
        "Why approvals stall in December",
        "--persona",
        "cfo",
        "--stage",
        "awareness",
        "--channel",
        "blog",
        "--date",
        "2026-12-07",
        "--format",
        "blog-post",
        "--owner",
        "aiko",
    )
    assert code == 0, output
    assert path == (root / "content/blog/why-approvals-stall-in-december.md").resolve()
    assert front_matter(path) == {
        "title": "Why approvals stall in December",
        "persona": "cfo",
        "stage": "awareness",
        "channel": "blog",
        "format": "blog-post",
        "status": "planned",
        "date": __import__("datetime").date(2026, 12, 7),
        "owner": "aiko",
    }
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    for line in (
        "## Awareness",
        "- Senses a problem",
        "- Put a name to the problem",
        "- Feel understood",
        "- **CFO**: Know what the problem costs, in yen.",
        "Link a piece at the *Decision* stage",
        "- `sales/demo`: Demo",
    ):
        assert line in body, line
    strict_ok(root)


def test_japanese_title_keeps_its_characters(make_project: MakeProject) -> None:
    root = make_project()
    code, output, path = new(
        root,
        "稟議が12月に止まる理由",
        "--persona",
        "cfo",
        "--stage",
        "awareness",
        "--channel",
        "blog",
    )
    assert code == 0, output
    assert path is not None and path.name == "稟議が12月に止まる理由.md"
    assert front_matter(path)["title"] == "稟議が12月に止まる理由"
    strict_ok(root)


def test_japanese_project_gets_a_japanese_outline(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    assert run("init", root, "--language", "ja").exit_code == 0
    code, output, path = new(
        root,
        "経費精算の見直し方",
        "--persona",
        "practitioner",
        "--stage",
        "interest",
        "--channel",
        "blog",
    )
    assert code == 0, output
    assert path is not None
    body = path.read_text(encoding="utf-8")
    assert "## 興味・関心" in body and "読者のニーズ：" in body
    assert "- 課題を解決できそうな選択肢を知りたい" in body
    assert "**実務担当者**：" in body
    strict_ok(root)


def test_repeats_get_unique_names_and_nothing_is_overwritten(make_project: MakeProject) -> None:
    root = make_project()
    args = ("--persona", "cfo", "--stage", "awareness", "--channel", "blog")
    paths = [new(root, "Same title", *args)[2] for _ in range(3)]
    assert [p.name for p in paths if p] == ["same-title.md", "same-title-2.md", "same-title-3.md"]
    # a name that only differs in case from an existing item is taken too
    assert new(root, "FIRST", *args)[2] == (root / "content/blog/first-2.md").resolve()
    assert "title: First post" in (root / "content/blog/first.md").read_text(encoding="utf-8")
    strict_ok(root)


def test_lists_repeat_or_take_commas(make_project: MakeProject) -> None:
    root = make_project({"stages/01-awareness.md": NEEDS["stages/01-awareness.md"]})
    code, output, path = new(
        root,
        "Both",
        "--persona",
        "cfo,it-manager",
        "--stage",
        "awareness",
        "--stage",
        "decision",
        "--channel",
        "sales,blog",
    )
    assert code == 0, output
    assert path is not None and path.parent.name == "sales"
    data = front_matter(path)
    assert data["persona"] == ["cfo", "it-manager"]
    assert data["stage"] == ["awareness", "decision"]
    assert data["channel"] == ["sales", "blog"]
    strict_ok(root)


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--persona", "cfoo", "did you mean `cfo`?"),
        ("--stage", "awarenes", "did you mean `awareness`?"),
        ("--channel", "blgo", "did you mean `blog`?"),
    ],
)
def test_unknown_ids_exit_1_with_a_hint(
    make_project: MakeProject, option: str, value: str, hint: str
) -> None:
    root = make_project()
    ids = {"--persona": "cfo", "--stage": "awareness", "--channel": "blog", option: value}
    result = run("--project", root, "new", "T", *[x for kv in ids.items() for x in kv])
    assert result.exit_code == 1
    assert hint in result.output and "nothing was written" in result.output
    assert not (root / "content/blog/t.md").exists()


def test_a_persona_that_does_not_apply_to_the_stage_is_refused(make_project: MakeProject) -> None:
    root = make_project(
        {"personas/it-manager.md": "---\nname: IT\nrole: it\nstages: [decision]\n---\nIT.\n"}
    )
    code, output, _ = new(
        root, "T", "--persona", "it-manager", "--stage", "awareness", "--channel", "blog"
    )
    assert code == 1
    assert "does not apply to stage `awareness`" in output


def test_channels_are_free_when_plansite_yaml_declares_none(make_project: MakeProject) -> None:
    root = make_project({"plansite.yaml": "title: Plan\n"})
    code, output, path = new(
        root, "T", "--persona", "cfo", "--stage", "awareness", "--channel", "podcast"
    )
    assert code == 0, output
    assert path == (root / "content/podcast/t.md").resolve()
    strict_ok(root)


@pytest.mark.parametrize("value", ["2026-13-01", "next week", "07/12/2026"])
def test_bad_date_exits_2(make_project: MakeProject, value: str) -> None:
    root = make_project()
    result = run(
        "--project", root, "new", "T", "--persona", "cfo", "--stage", "awareness",
        "--channel", "blog", "--date", value,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "is not a date" in result.output
    assert not (root / "content/blog/t.md").exists()


def test_date_time_is_accepted(make_project: MakeProject) -> None:
    root = make_project()
    code, output, _ = new(
        root, "Live", "--persona", "cfo", "--stage", "decision", "--channel", "sales",
        "--date", "2026-12-17T15:00:00+09:00",
    )  # fmt: skip
    assert code == 0, output
    project = load_project(root).project
    assert project is not None
    assert project.item_by_id["sales/live"].date is not None
    strict_ok(root)


def test_missing_options_or_empty_title_are_usage_errors(make_project: MakeProject) -> None:
    root = make_project()
    assert run("--project", root, "new", "T", "--persona", "cfo").exit_code == 2
    assert (
        run(
            "--project", root, "new", "  ", "--persona", "cfo", "--stage", "awareness",
            "--channel", "blog",
        ).exit_code
        == 2
    )  # fmt: skip


def test_an_invalid_project_exits_1_and_gets_nothing(make_project: MakeProject) -> None:
    root = make_project({"content/bad.md": "---\ntitle: [unclosed\n---\n"})
    code, output, _ = new(
        root, "T", "--persona", "cfo", "--stage", "awareness", "--channel", "blog"
    )
    assert code == 1
    assert "nothing was written" in output
    assert not (root / "content/blog/t.md").exists()


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("../../x", "x.md"),
        (".hidden", "hidden.md"),
        ("a/b", "a-b.md"),
        ("a\\b", "a-b.md"),
        ("<script>alert(1)</script>", "script-alert-1-script.md"),
        ("...", "untitled.md"),
        ("CON", "con-item.md"),
        ("Don't panic: it's fine", "dont-panic-its-fine.md"),
        ("ﾃｽﾄ　タイトル", "テスト-タイトル.md"),
    ],
)
def test_hostile_titles_stay_inside_the_channel_folder(
    make_project: MakeProject, title: str, name: str
) -> None:
    root = make_project()
    code, output, path = new(
        root, title, "--persona", "cfo", "--stage", "awareness", "--channel", "blog"
    )
    assert code == 0, output
    assert path == (root / "content" / "blog" / name).resolve()
    assert front_matter(path)["title"] == " ".join(title.split())
    strict_ok(root)


def test_file_stem_is_short_and_never_a_path() -> None:
    for title in ("x" * 500, "長" * 500, "a" + "/.." * 50, "\x00\n\t", "-.-", "a..b"):
        stem = file_stem(title)
        assert stem and "/" not in stem and "\\" not in stem and ".." not in stem
        assert not stem.startswith((".", "-")) and len(stem.encode("utf-8")) <= 180

"""``plansite init``: every stage-model preset, in both languages, gives a project that
builds and passes ``check --strict``; a folder that holds a plan is never touched."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from generator.authoring import init as scaffold
from generator.build import load_project
from generator.load.config import LANGUAGES
from generator.model import FUNNELS, PRIORITIES, ROLES
from tests.helpers import REPO, run, write_files

#: The stage ids of every model, in order, as docs/commands/init.md lists them.
EXPECTED_STAGES = {
    "six-stage": [
        "problem-awareness",
        "interest",
        "information-gathering",
        "comparison",
        "purchase",
        "retention",
    ],
    "journey-5": ["awareness", "consideration", "decision", "retention", "advocacy"],
    "aisas": ["attention", "interest", "search", "action", "share"],
    "aidma": ["attention", "interest", "desire", "memory", "action"],
    "aisceas": ["attention", "interest", "search", "comparison", "examination", "action", "share"],
    "aida-s": ["attention", "interest", "desire", "action", "satisfaction"],
    "funnel": ["top", "middle", "bottom", "post-purchase"],
}
SIX_STAGE_JA = ["問題認知", "興味・関心", "情報収集・理解", "比較・検討", "購入・決定", "継続利用"]
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_models_are_the_documented_ones() -> None:
    assert set(scaffold.MODELS) == set(EXPECTED_STAGES)
    assert scaffold.DEFAULT_MODEL == "six-stage"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", sorted(EXPECTED_STAGES))
def test_every_preset_builds_and_passes_check_strict(
    tmp_path: Path, model: str, language: str
) -> None:
    root = tmp_path / f"{model}-{language}"
    result = run("init", root, "--model", model, "--language", language)
    assert result.exit_code == 0, result.output
    assert "plansite.yaml" in result.output and "new " in result.output

    check = run("--project", root, "check", "--strict")
    assert check.exit_code == 0, check.output
    assert check.output.strip() == "no problems found"
    build = run("--project", root, "build", "--quiet")
    assert build.exit_code == 0, build.output
    assert (root / "site" / "index.html").is_file()

    loaded = load_project(root)
    assert loaded.project is not None and not loaded.diagnostics
    project = loaded.project
    assert [s.id for s in project.stages] == EXPECTED_STAGES[model]
    assert project.config.language == language
    assert project.config.timezone == ("Asia/Tokyo" if language == "ja" else "UTC")
    assert project.config.title == root.name
    assert {p.role for p in project.personas} == {"decision-maker", "practitioner"}
    assert len(project.items) == 3
    for stage in project.stages:
        assert stage.name and stage.funnel in FUNNELS
        assert stage.customer_state and stage.needs and stage.formats and stage.channels
        assert stage.body.strip()
    for persona in project.personas:
        assert persona.goals and persona.pains
        assert {k for k, _ in persona.needs} == {s.id for s in project.stages}


def test_channels_carry_the_cadences_and_caps_of_the_nurturing_playbook(tmp_path: Path) -> None:
    assert run("init", tmp_path / "plan").exit_code == 0
    project = load_project(tmp_path / "plan").project
    assert project is not None
    by_id = project.channel_by_id
    assert list(by_id) == ["blog", "newsletter", "sns", "email", "webinar", "sales"]
    assert by_id["blog"].cadence == "FREQ=WEEKLY;BYDAY=MO"
    assert by_id["newsletter"].cadence == "FREQ=MONTHLY;BYDAY=1FR"
    assert by_id["sns"].cadence == "FREQ=WEEKLY;BYDAY=WE,FR"
    assert by_id["email"].max_per_week == 2
    assert [c.id for c in project.channels if c.human] == ["sales"]


def test_japanese_six_stage_uses_the_usual_names_and_keeps_ascii_ids(tmp_path: Path) -> None:
    assert run("init", tmp_path / "計画", "--language", "ja").exit_code == 0
    project = load_project(tmp_path / "計画").project
    assert project is not None
    assert [s.name for s in project.stages] == SIX_STAGE_JA
    assert all(KEBAB.match(s.id) for s in project.stages)
    assert project.config.title == "計画"
    assert project.config.holidays == "JP"
    assert project.channel_by_id["newsletter"].name == "メールマガジン"
    assert sorted(p.name for p in project.personas) == ["実務担当者", "決裁者"]


def test_samples_link_with_next_and_are_dated_from_today(tmp_path: Path) -> None:
    scaffold.init_project(tmp_path / "p", model="funnel", today=date(2026, 11, 22))  # a Sunday
    project = load_project(tmp_path / "p").project
    assert project is not None
    items = project.item_by_id
    first = items["blog/sample-problem-raising-post"]
    second = items["webinar/sample-how-to-webinar"]
    third = items["blog/sample-case-study"]
    assert first.next == (second.id,) and second.next == (third.id,)
    assert (first.stages, second.stages, third.stages) == (("top",), ("middle",), ("bottom",))
    assert first.date == date(2026, 11, 23) and second.date == date(2026, 12, 7)
    assert third.status == "idea" and third.date is None  # backlog: no dead end, no gap


def test_init_defaults_to_the_project_folder(tmp_path: Path) -> None:
    result = run("--project", tmp_path / "here", "init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "here" / "stages" / "01-problem-awareness.md").is_file()


@pytest.mark.parametrize(
    "existing",
    [
        {"plansite.yaml": "title: Mine\n"},
        {"content/blog/post.md": "---\ntitle: Mine\n---\nText.\n"},
        {"stages/01-x.md": "---\nname: X\n---\n"},
        {"personas/notes.txt": "anything"},
        {"content": "a file where the folder should be"},
    ],
)
def test_init_refuses_a_folder_that_holds_a_plan_and_writes_nothing(
    tmp_path: Path, existing: dict[str, str | bytes | None]
) -> None:
    root = tmp_path / "plan"
    root.mkdir()
    write_files(root, {"README.md": "keep me\n", **existing})
    before = tree(root)
    result = run("init", root, "--model", "aisas")
    assert result.exit_code == 1
    assert "already holds a planning project" in result.output
    assert "nothing was written" in result.output
    assert tree(root) == before


def test_init_accepts_empty_folders_and_dot_files(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    (root / "content").mkdir(parents=True)
    (root / "stages").mkdir()
    (root / "stages" / ".gitkeep").write_text("", encoding="utf-8")
    (root / "README.md").write_text("mine\n", encoding="utf-8")
    assert run("init", root).exit_code == 0
    assert (root / "README.md").read_text(encoding="utf-8") == "mine\n"
    assert run("--project", root, "check", "--strict").exit_code == 0


def test_init_refuses_a_file_as_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "plan"
    target.write_text("not a folder", encoding="utf-8")
    result = run("init", target)
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_unknown_model_or_language_is_a_usage_error(tmp_path: Path) -> None:
    assert run("init", tmp_path / "a", "--model", "aidmaa").exit_code == 2
    assert run("init", tmp_path / "b", "--language", "fr").exit_code == 2
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


# -- the preset data itself --------------------------------------------------------------
@pytest.mark.parametrize("model", sorted(EXPECTED_STAGES))
def test_preset_data_is_complete_in_both_languages(model: str) -> None:
    data = scaffold.stage_model(model)
    common = scaffold.common()
    channels = {c["id"] for c in common["channels"]}
    personas = {p["id"] for p in common["personas"]}
    for language in LANGUAGES:
        assert data["name"][language] and data["description"][language]
    for stage in data["stages"]:
        assert KEBAB.match(stage["id"]), stage["id"]
        assert stage["funnel"] in FUNNELS
        assert set(stage["channels"]) <= channels
        assert scaffold.stage_formats(stage)  # its phase has formats
        assert set(stage) == {"id", "funnel", "channels", *LANGUAGES}
        for language in LANGUAGES:
            text = stage[language]
            for key in ("name", "summary"):
                assert isinstance(text[key], str) and text[key].strip(), (stage["id"], key)
            for key in ("customer_state", "needs", "works"):
                assert text[key] and all(isinstance(t, str) for t in text[key])
            assert set(text["persona_needs"]) == personas
        assert len(stage["en"]["needs"]) == len(stage["ja"]["needs"])


def test_common_data_is_complete_in_both_languages() -> None:
    common = scaffold.common()
    for persona in common["personas"]:
        assert persona["role"] in ROLES and persona["priority"] in PRIORITIES
        for language in LANGUAGES:
            assert {"name", "goals", "pains", "body"} <= set(persona[language])
    for channel in common["channels"]:
        for language in LANGUAGES:
            assert channel[language]["name"] and channel[language]["description"]
    assert set(common["text"]["en"]) == set(common["text"]["ja"])
    for sample in common["samples"]:
        assert all(sample[language]["title"] for language in LANGUAGES)


def test_presets_ship_as_package_data() -> None:
    presets = files("generator.authoring").joinpath("presets")
    assert presets.joinpath("common.yaml").is_file()
    names = {p.name for p in presets.joinpath("models").iterdir()}
    assert {f"{m}.yaml" for m in EXPECTED_STAGES} <= names


def test_init_writes_a_gitignore_that_git_honours(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    scaffold.init_project(root, today=date(2026, 12, 7))
    assert (root / ".gitignore").read_text(encoding="utf-8") == scaffold.GITIGNORE
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    ignored = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--", "site/index.html",
         ".site.plansite-lock", "content/blog/x.md"],
        capture_output=True, text=True,
    ).stdout.split()
    assert ignored == ["site/index.html", ".site.plansite-lock"]


def test_init_leaves_an_existing_gitignore_alone(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    root.mkdir()
    (root / ".gitignore").write_bytes(b"*.log\n")
    result = scaffold.init_project(root, today=date(2026, 12, 7))
    assert (root / ".gitignore").read_bytes() == b"*.log\n"
    assert ".gitignore" not in result.files


#: The phase table of formats, as `init --language ja` writes it into plansite.yaml.
FORMATS_JA = {
    "tutorial": "チュートリアル",
    "guide": "ガイドブック",
    "blog-post": "ブログ記事",
    "explainer": "図解資料",
    "case-study": "導入事例",
    "faq": "FAQ集",
    "checklist": "チェックリスト",
    "webinar": "ウェビナー",
    "demo-video": "デモ動画",
    "roi-calculator": "費用対効果シミュレーター",
    "proposal-template": "提案書テンプレート",
    "onboarding-guide": "製品活用ガイド",
    "update-mail": "アップデート情報メール",
    "community-event": "ユーザーコミュニティイベント",
}


def test_init_writes_the_phase_table_of_formats(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    assert run("init", root, "--model", "six-stage", "--language", "ja").exit_code == 0
    written = yaml.safe_load((root / "plansite.yaml").read_text(encoding="utf-8"))["formats"]
    assert {k: v["name"] for k, v in written.items()} == FORMATS_JA
    assert all(isinstance(v["effort_days"], int) and v["effort_days"] > 0 for v in written.values())
    project = load_project(root).project
    assert project is not None and project.config.formats is not None
    assert [(f.id, f.name) for f in project.config.formats] == list(FORMATS_JA.items())
    by_stage = {s.id: s.formats for s in project.stages}
    early = ("tutorial", "guide", "blog-post", "explainer")
    assert by_stage["problem-awareness"] == by_stage["interest"] == early
    assert by_stage["comparison"] == ("case-study", "faq", "checklist", "webinar")
    assert by_stage["purchase"] == ("demo-video", "roi-calculator", "proposal-template")
    english = yaml.safe_load(
        "".join(scaffold.project_files(
            scaffold.stage_model("funnel"), "funnel", "en", "p", date(2026, 12, 7)
        )["plansite.yaml"])
    )["formats"]
    assert english["roi-calculator"]["name"] == "ROI calculator"
    assert english["explainer"]["name"] == "Illustrated explainer"


def test_japanese_format_names_reach_the_built_site(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    assert run("init", root, "--model", "six-stage", "--language", "ja").exit_code == 0
    assert run("--project", root, "build", "--quiet").exit_code == 0
    page = (root / "site/items/blog/sample-problem-raising-post.html").read_text("utf-8")
    assert "ブログ記事" in page and ">blog-post<" not in page
    stage = (root / "site/stages/purchase.html").read_text(encoding="utf-8")
    assert "費用対効果シミュレーター" in stage


def test_the_docs_table_of_formats_is_the_preset_table() -> None:
    text = (REPO / "docs/commands/init.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|[^|]*\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \| (\d+) \|$", text, re.M)
    en, ja = scaffold.preset_formats("en"), scaffold.preset_formats("ja")
    assert [r[0] for r in rows] == list(en)
    for format_id, name_en, name_ja, days in rows:
        assert (name_en.strip(), name_ja.strip()) == (en[format_id]["name"], ja[format_id]["name"])
        assert int(days) == en[format_id]["effort_days"]

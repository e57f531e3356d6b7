"""VS Code files: ``frontmatter.json`` for Front Matter CMS, and the JSON Schema of
plansite.yaml wired through ``.vscode/settings.json`` (``plansite init`` and
``plansite editor``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.authoring.editor import vscode_settings
from generator.build import load_project
from generator.model import STATUSES
from tests.conftest import MakeProject
from tests.helpers import REPO, run

FIXTURE = REPO / "tests/fixtures/frontmatter/frontmatter.schema.json"


def frontmatter_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def settings_json(root: Path) -> Any:
    """``.vscode/settings.json`` as VS Code reads it: JSON with comments."""
    text = (root / ".vscode/settings.json").read_text(encoding="utf-8")
    return json.loads("\n".join(line for line in text.splitlines() if not line.startswith("//")))


def fields(config: dict[str, Any], content_type: str) -> dict[str, dict[str, Any]]:
    types = {t["name"]: t for t in config["frontMatter.taxonomy.contentTypes"]}
    return {f["name"]: f for f in types[content_type]["fields"]}


def ids(field: dict[str, Any]) -> list[str]:
    return [c["id"] if isinstance(c, dict) else c for c in field["choices"]]


class YamlServerLoader(yaml.SafeLoader):
    """Reads YAML as the YAML language server does (YAML 1.2 core schema): an unquoted
    date such as 2026-11-22 stays a string, which the schema checks as ``format: date``."""


YamlServerLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def config_validator(root: Path) -> jsonschema.Draft7Validator:
    """The schema that settings.json associates with plansite.yaml, from its path there,
    read as the YAML extension reads it: JSON Schema draft 7."""
    schemas = settings_json(root)["yaml.schemas"]
    [(path, globs)] = schemas.items()
    assert globs == ["/plansite.yaml"]
    schema = json.loads((root / path).read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    newer = ("$ref", "$defs", "prefixItems", "unevaluated", "dependent", "$anchor", "$dynamic")
    assert not [word for word in newer if word in json.dumps(schema)]
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def test_init_writes_a_frontmatter_config_that_the_published_schema_accepts(
    tmp_path: Path,
) -> None:
    root = tmp_path / "plan"
    result = run("init", root, "--model", "six-stage", "--language", "ja")
    assert result.exit_code == 0, result.output
    assert "frontmatter.json" in result.output
    config = json.loads((root / "frontmatter.json").read_text(encoding="utf-8"))
    errors = sorted(frontmatter_validator().iter_errors(config), key=str)
    assert not errors, errors[:3]

    project = load_project(root).project
    assert project is not None and project.config.formats is not None
    item = fields(config, "default")
    assert ids(item["persona"]) == [p.id for p in project.personas]
    assert ids(item["stage"]) == [s.id for s in project.stages]
    assert ids(item["channel"]) == [c.id for c in project.channels]
    assert ids(item["format"]) == [f.id for f in project.config.formats]
    assert ids(item["status"]) == list(STATUSES) and item["status"]["default"] == "planned"
    assert ids(item["next"]) == ids(item["derived_from"]) == [i.id for i in project.items]
    titles = {c["id"]: c["title"] for c in item["format"]["choices"]}
    assert titles["roi-calculator"] == "費用対効果シミュレーター"
    assert {c["title"] for c in item["persona"]["choices"]} == {"決裁者", "実務担当者"}
    multiple = {name for name, f in item.items() if f.get("multiple")}
    assert multiple == {"persona", "stage", "channel", "next", "derived_from"}
    assert item["owner"]["type"] == "string"  # no owners/ folder
    assert item["date"]["type"] == "datetime" and item["date"]["dateFormat"] == "yyyy-MM-dd"
    assert item["title"]["required"] and item["persona"]["title"] == "ペルソナ"
    assert item["kpi"]["type"] == "fields"
    assert {f["name"] for f in item["kpi"]["fields"]} == {m.id for m in project.metrics}
    needs = fields(config, "persona")["needs"]
    assert [f["name"] for f in needs["fields"]] == [s.id for s in project.stages]
    stage = fields(config, "stage")
    assert ids(stage["formats"]) == ids(item["format"]) and stage["formats"]["multiple"]
    assert ids(fields(config, "persona")["stages"]) == [s.id for s in project.stages]
    folders = {f["path"]: f["contentTypes"] for f in config["frontMatter.content.pageFolders"]}
    assert folders == {
        "[[workspace]]/content": ["default"],
        "[[workspace]]/stages": ["stage"],
        "[[workspace]]/personas": ["persona"],
    }
    # the files it writes are not part of the plan: the project still checks clean
    assert run("--project", root, "check", "--strict").exit_code == 0


def test_the_vendored_schema_rejects_what_the_extension_rejects() -> None:
    """The copy is the real schema, not a permissive stand-in."""
    validator = frontmatter_validator()
    bad_choice = {"frontMatter.taxonomy.contentTypes": [
        {"name": "default", "fields": [{"name": "persona", "type": "choice"}]}
    ]}
    assert not validator.is_valid(bad_choice)  # a choice field needs its choices
    bad_type = {"frontMatter.taxonomy.contentTypes": [
        {"name": "default", "fields": [{"name": "x", "type": "dropdown", "choices": []}]}
    ]}
    assert not validator.is_valid(bad_type)


def test_editor_writes_owner_choices_and_updates_its_own_files(
    make_project: MakeProject,
) -> None:
    root = make_project(
        {"owners/aiko.md": "---\nname: Aiko Sato\n---\n", "owners/k.md": "---\nid: ken\n---\n"}
    )
    first = run("--project", root, "editor")
    assert first.exit_code == 0, first.output
    assert first.output.split() == [
        "created", "frontmatter.json", "created", ".vscode/plansite.schema.json",
        "created", ".vscode/settings.json",
    ]
    config = json.loads((root / "frontmatter.json").read_text(encoding="utf-8"))
    assert frontmatter_validator().is_valid(config)
    item = fields(config, "default")
    assert item["owner"]["choices"] == [
        {"id": "aiko", "title": "Aiko Sato"},
        {"id": "ken", "title": "ken"},
    ]
    assert not item["owner"].get("multiple")
    assert ids(item["channel"]) == ["blog", "sales"]
    assert ids(item["format"]) == []  # no formats declared or used yet

    (root / "personas/cmo.md").write_text("---\nname: CMO\n---\nBody.\n", encoding="utf-8")
    again = run("--project", root, "editor")
    assert again.exit_code == 0
    assert "updated   frontmatter.json" in again.output
    assert "unchanged .vscode/settings.json" in again.output
    config = json.loads((root / "frontmatter.json").read_text(encoding="utf-8"))
    assert "cmo" in ids(fields(config, "default")["persona"])


@pytest.mark.parametrize("foreign", ["frontmatter.json", ".vscode/settings.json"])
def test_editor_refuses_files_it_did_not_write(make_project: MakeProject, foreign: str) -> None:
    own = '{\n  // my settings\n  "editor.tabSize": 2\n}\n'
    root = make_project({foreign: own})
    refused = run("--project", root, "editor")
    assert refused.exit_code == 1
    assert foreign in refused.stderr and "--force" in refused.stderr
    assert (root / foreign).read_text(encoding="utf-8") == own
    written = {"frontmatter.json", ".vscode/settings.json", ".vscode/plansite.schema.json"}
    assert [p for p in written - {foreign} if (root / p).exists()] == []  # nothing at all

    forced = run("--project", root, "editor", "--force")
    assert forced.exit_code == 0
    assert f"replaced  {foreign}" in forced.output and "not written by plansite" in forced.output
    assert (root / foreign).read_text(encoding="utf-8") != own


def test_init_leaves_a_teams_own_vscode_settings_alone(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    own = '{"editor.rulers": [88]}\n'
    (root / ".vscode").mkdir(parents=True)
    (root / ".vscode/settings.json").write_text(own, encoding="utf-8")
    result = run("init", root)
    assert result.exit_code == 0
    assert (root / ".vscode/settings.json").read_text(encoding="utf-8") == own
    assert (root / "frontmatter.json").is_file()
    assert (root / ".vscode/plansite.schema.json").is_file()


def test_plansite_yaml_schema_accepts_what_the_yaml_server_reads(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    assert run("init", root, "--language", "ja").exit_code == 0
    validator = config_validator(root)
    config_text = (root / "plansite.yaml").read_text(encoding="utf-8")
    written = yaml.load(config_text, Loader=YamlServerLoader)
    assert not list(validator.iter_errors(written))
    for example in sorted((REPO / "examples").glob("*/plansite.yaml")):
        data = yaml.load(example.read_text(encoding="utf-8"), Loader=YamlServerLoader)
        assert not list(validator.iter_errors(data)), example

    dated = yaml.load(
        config_text + "today: 2026-11-22\nresults:\n  files:\n    ga4.csv: {start: 2026-11-01}\n",
        Loader=YamlServerLoader,
    )
    assert dated["today"] == "2026-11-22"  # what the YAML server sees: a string
    assert not list(validator.iter_errors(dated))
    for bad in ("today: 2026-13-45\n", "languge: ja\n", "policy:\n  required: {shipped: [url]}\n"):
        data = yaml.load(config_text + bad, Loader=YamlServerLoader)
        assert list(validator.iter_errors(data)), bad


def _blocks(page: str, language: str) -> list[str]:
    text = (REPO / page).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


@pytest.mark.parametrize("page", ["docs/schema.md", "docs/commands/editor.md"])
def test_the_documented_vscode_recipe_is_the_written_one(page: str) -> None:
    recipes = [json.loads(b) for b in _blocks(page, "json") if "yaml.schemas" in b]
    assert recipes and all(r == vscode_settings() for r in recipes)


def test_the_documented_editor_run_is_what_it_prints(make_project: MakeProject) -> None:
    [console] = [b for b in _blocks("docs/commands/editor.md", "") if "$ plansite editor" in b]
    root = make_project()
    result = run("--project", root, "editor")
    assert console.splitlines()[1:] == result.output.splitlines()


def test_init_skips_editor_files_where_a_file_blocks_their_folder(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    root.mkdir()
    (root / ".vscode").write_text("not a folder\n", encoding="utf-8")
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert (root / ".vscode").read_text(encoding="utf-8") == "not a folder\n"
    assert (root / "frontmatter.json").is_file() and "settings.json" not in result.output


def test_editor_outside_a_project_writes_nothing(tmp_path: Path) -> None:
    result = run("--project", tmp_path, "editor")
    assert result.exit_code == 1 and "not a plansite project" in result.stderr
    assert list(tmp_path.iterdir()) == []

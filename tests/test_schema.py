"""`plansite schema`: JSON Schema from the same field tables the validator uses."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.load.config import SETTINGS
from generator.load.frontmatter import split_front_matter
from generator.load.schema import json_schema
from tests.helpers import REPO


def as_json(value: object) -> object:
    """YAML data as an editor's YAML extension sees it: dates are strings."""

    def default(v: object) -> str:
        if isinstance(v, datetime | date):
            return v.isoformat()
        raise TypeError(v)

    return json.loads(json.dumps(value, default=default))


def front_matter(path: Path) -> object:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    assert split.yaml is not None
    return as_json(yaml.safe_load(split.yaml))


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    for kind in ("item", "persona", "stage", "owner", "config"):
        jsonschema.Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("example", [REPO, REPO / "examples/ja"])
def test_examples_validate_against_the_schema(example: Path) -> None:
    checks = [("config", example / "plansite.yaml")]
    checks += [("stage", p) for p in sorted((example / "stages").glob("*.md"))]
    checks += [("persona", p) for p in sorted((example / "personas").glob("*.md"))]
    checks += [("owner", p) for p in sorted((example / "owners").glob("*.md"))]
    checks += [("item", p) for p in sorted((example / "content").rglob("*.md"))]
    for kind, path in checks:
        validator = jsonschema.Draft202012Validator(json_schema(kind))
        data = (
            as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
            if kind == "config"
            else front_matter(path)
        )
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (path, errors)


def test_schema_catches_what_the_validator_catches() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("item"))
    bad = {
        "title": "T",
        "persona": "a",
        "stage": "s",
        "channel": "c",
        "status": "pubished",
        "colour": "red",
    }
    messages = " ".join(e.message for e in validator.iter_errors(bad))
    assert "pubished" in messages and "colour" in messages
    assert list(validator.iter_errors({"title": "T"}))  # persona, stage, channel missing


def test_every_setting_is_in_the_config_schema() -> None:
    properties = json_schema("config")["properties"]
    for setting in SETTINGS:
        head, _, tail = setting.key.partition(".")
        assert head in properties
        if tail:
            assert tail in properties[head]["properties"]

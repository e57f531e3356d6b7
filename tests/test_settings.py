"""plansite.yaml: the ``SETTINGS`` declarations are the one source of every default, of
the readers and of the schema; ``parse_config`` keeps its values and messages."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date

import pytest

from generator.load.config import READERS, SETTINGS, Kind, parse_config
from generator.load.schema import json_schema
from generator.load.yamlsafe import load_yaml
from generator.model import Config, IgnoreRule


def parse(text: str) -> tuple[Config, list[tuple[int, int, str, str, str]]]:
    doc, problems = load_yaml(text, "plansite.yaml")
    assert problems == []
    config, diagnostics = parse_config(doc, "plansite.yaml", "Folder")
    return config, sorted((d.line, d.column, d.severity, d.code, d.message) for d in diagnostics)


def test_each_config_field_is_declared_once() -> None:
    assert sorted(s.field for s in SETTINGS) == sorted(f.name for f in dataclasses.fields(Config))


def test_config_defaults_are_the_declared_defaults() -> None:
    """``Config`` keeps defaults for code that builds one by hand; they may not drift."""
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for setting in SETTINGS:
        declared = fields[setting.field].default
        if declared is dataclasses.MISSING:  # title: the folder's name, known at load
            assert setting.default is None and setting.default_note, setting.key
        else:
            assert declared == setting.default, setting.key


def test_every_kind_has_a_reader_and_a_schema() -> None:
    kinds = set(typing.get_args(Kind))
    assert set(READERS) == kinds
    assert {s.kind for s in SETTINGS} <= kinds
    for setting in SETTINGS:
        if setting.kind == "choice":
            assert setting.choices, setting.key
    assert json_schema("config")["properties"]  # builds for every kind declared


def test_no_file_and_an_empty_file_give_the_declared_defaults() -> None:
    expected = Config(title="Folder")
    assert parse_config(None, "plansite.yaml", "Folder") == (expected, [])
    assert parse("") == (expected, [])
    assert parse("title: ''\noutput: ''\ntimezone: ''\n") == (expected, [])


def test_a_file_that_is_not_a_mapping_is_one_error_and_defaults() -> None:
    assert parse("- a\n- b\n") == (
        Config(title="Folder"),
        [(1, 1, "error", "type", "plansite.yaml must be a mapping of settings")],
    )


def test_valid_values_are_kept() -> None:
    config, problems = parse(
        "title: Plan\nlanguage: ja\ntimezone: Asia/Tokyo\ntoday: 2026-12-07\noutput: out\n"
        "site_url: https://plan.example.com\ncoverage: {min_items: 3}\nstale_after_days: 30\n"
        "calendar: {weeks_back: 0, weeks_ahead: 1, holidays: jp}\n"
        "ignore: [{code: stale, item: a}]\n"
    )
    assert problems == []
    assert config == Config(
        title="Plan",
        language="ja",
        timezone="Asia/Tokyo",
        today=date(2026, 12, 7),
        output="out",
        site_url="https://plan.example.com/",
        min_items=3,
        stale_after_days=30,
        weeks_back=0,  # zero is a value, not "absent"
        weeks_ahead=1,
        holidays="JP",
        ignore=(IgnoreRule("stale", item="a"),),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("language: JA\n", (1, 11, "error", "value", "`language` must be one of en, ja, not `JA`")),
        ("timezone: Mars/Base\n", (1, 11, "error", "value", "unknown time zone `Mars/Base`")),
        (
            "today: soon\n",
            (1, 8, "error", "date", "`today` must be a date such as 2026-12-07, not `soon`"),
        ),
        (
            "site_url: plan.example.com\n",
            (
                1,
                11,
                "error",
                "value",
                "`site_url` must start with https:// or http://, not `plan.example.com`",
            ),
        ),
        (
            "coverage: {min_items: 0}\n",
            (1, 23, "error", "value", "`coverage.min_items` must be at least 1"),
        ),
        (
            "stale_after_days: x\n",
            (1, 19, "error", "type", "`stale_after_days` must be a whole number, not text"),
        ),
        (
            "calendar: {weeks_back: -1}\n",
            (1, 24, "error", "value", "`calendar.weeks_back` must be at least 0"),
        ),
        (
            "calendar: {holidays: XX}\n",
            (1, 22, "error", "value", "no public-holiday calendar for country `XX`"),
        ),
        (
            "calendar: 3\n",
            (1, 11, "error", "type", "`calendar` must be a mapping (key: value), not a number"),
        ),
        (
            "calendar: {colour: red}\n",
            (1, 12, "warning", "unknown-key", "unknown setting `calendar.colour`"),
        ),
        ("titel: x\n", (1, 1, "warning", "unknown-key", "unknown setting `titel`")),
    ],
)
def test_an_invalid_value_is_reported_and_its_default_used(
    text: str, problem: tuple[int, int, str, str, str]
) -> None:
    config, problems = parse(text)
    assert problems == [problem]
    assert config == Config(title="Folder")

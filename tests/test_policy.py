"""``policy.required`` and ``policy.level``: fields an item needs from a status on."""

from __future__ import annotations

import itertools
import json
import time

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.build import check
from generator.load.config import parse_config
from generator.load.schema import json_schema
from generator.load.yamlsafe import load_yaml
from generator.model import POLICY_STATUSES, Config
from tests.conftest import MakeProject
from tests.helpers import run

CONFIG = """\
title: Policy
policy:
  required:
    scheduled: [owner, date, kpi]
    published: url
{level}
"""


def item(status: str, extra: str = "") -> str:
    return (
        f"---\ntitle: T\npersona: cfo\nstage: awareness\nchannel: blog\nstatus: {status}\n"
        f"{extra}---\nBody.\n"
    )


def _project(make_project: MakeProject, level: str = "") -> MakeProject:
    return make_project(
        {
            "plansite.yaml": CONFIG.replace("{level}", level),
            "content/blog/first.md": None,
            "content/sales/demo.md": None,
            "content/a/draft.md": item("draft"),
            "content/a/scheduled.md": item("scheduled", "owner: aiko\n"),
            "content/a/published.md": item(
                "published", "owner: aiko\ndate: 2026-11-02\nkpi: {pv: 100}\n"
            ),
            "content/a/complete.md": item(
                "published", "owner: aiko\ndate: 2026-11-02\nkpi: {pv: 100}\nurl: /x/\n"
            ),
            "content/a/archived.md": item("archived"),
            "content/a/empty-owner.md": item("review"),
        }
    )


def test_missing_fields_are_errors_at_the_status_line(make_project: MakeProject) -> None:
    root = _project(make_project)
    found = [d for d in check(root) if d.code == "required-field"]
    assert [(d.path, d.line, d.severity) for d in found] == [
        ("content/a/published.md", 6, "error"),
        ("content/a/scheduled.md", 6, "error"),
    ]
    scheduled = found[1].format()
    assert "`date`, `kpi`" in scheduled and "`owner`" not in scheduled
    published = found[0].format()  # what `scheduled` asks is asked of later statuses too
    assert "`url`" in published and "`owner`" not in published
    result = run("--project", root, "check")
    assert result.exit_code == 1
    assert "content/a/scheduled.md:6:" in result.stdout + result.stderr
    build = run("--project", root, "build")
    assert build.exit_code != 0
    assert not (root / "site" / "index.html").exists()


def test_level_warning_reports_and_still_builds(make_project: MakeProject) -> None:
    root = _project(make_project, "  level: warning")
    found = [d for d in check(root) if d.code == "required-field"]
    assert {d.severity for d in found} == {"warning"} and len(found) == 2
    result = run("--project", root, "build")
    assert result.exit_code == 0
    assert "content/a/published.md:6:" in result.stdout + result.stderr
    assert (root / "site" / "index.html").exists()


def test_default_status_is_located_at_the_front_matter(make_project: MakeProject) -> None:
    root = make_project(
        {
            "plansite.yaml": "title: P\npolicy:\n  required:\n    planned: [owner]\n",
            "content/x.md": "---\ntitle: T\npersona: cfo\nstage: awareness\nchannel: blog\n"
            "---\nBody.\n",
            "content/idea.md": item("idea"),
        }
    )
    found = [(d.path, d.line) for d in check(root) if d.code == "required-field"]
    assert found == [("content/x.md", 2)]  # the first line of the front matter


@pytest.mark.parametrize(
    ("policy", "line", "fragment"),
    [
        ("    shipped: [url]\n", 4, "unknown status `shipped`"),
        ("    archived: [url]\n", 4, "archived items are exempt"),
        ("    published: [url, onwer]\n", 4, "unknown item field `onwer` (did you mean `owner`"),
        ("    review: ownr\n", 4, "unknown item field `ownr`"),
    ],
)
def test_unknown_status_or_field_is_located_in_plansite_yaml(
    make_project: MakeProject, policy: str, line: int, fragment: str
) -> None:
    root = make_project({"plansite.yaml": f"title: P\npolicy:\n  required:\n{policy}"})
    found = [d for d in check(root) if d.path == "plansite.yaml" and d.severity == "error"]
    assert [d.line for d in found] == [line], found
    assert fragment in found[0].format()


def test_unknown_level_and_shape(make_project: MakeProject) -> None:
    root = make_project({"plansite.yaml": "title: P\npolicy:\n  required: [url]\n  level: loud\n"})
    found = [(d.line, d.code) for d in check(root) if d.path == "plansite.yaml"]
    assert found == [(3, "type"), (4, "value")]


def test_policy_in_the_json_schema() -> None:
    policy = json_schema("config")["properties"]["policy"]["properties"]
    assert policy["level"]["enum"] == ["error", "warning"]
    assert "archived" not in policy["required"]["properties"]
    assert "owner" in json.dumps(policy["required"]["properties"]["scheduled"])


@pytest.mark.slow  # a server, a watcher and an edit
def test_serve_reports_a_policy_added_while_it_runs(make_project: MakeProject) -> None:
    from generator.serve import DevServer, Rebuild
    from tests.test_serve import get, version, wait_for_version

    root = make_project()
    reports: list[Rebuild] = []
    dev = DevServer(root, port=0, on_build=reports.append)
    dev.start()
    time.sleep(0.5)  # let the watcher register before the edit
    try:
        before = version(dev)
        config = root / "plansite.yaml"
        config.write_text(
            config.read_text(encoding="utf-8") + "policy:\n  required:\n    published: [url]\n",
            encoding="utf-8",
        )
        wait_for_version(dev, before)
        status, body = get(dev, "/items/blog/first.html")
    finally:
        dev.stop()
    assert status == 200 and 'role="alert"' in body
    assert "content/blog/first.md" in body and "`url`" in body
    problems = reports[-1].as_json()["problems"]
    assert [(p["path"], p["line"], p["code"]) for p in problems] == [
        ("content/blog/first.md", 6, "required-field")
    ]


POLICY_FIELDS = ("owner", "date", "kpi", "url", "format", "campaign")


@given(
    st.dictionaries(
        st.sampled_from(POLICY_STATUSES),
        st.lists(st.sampled_from(POLICY_FIELDS), unique=True),
    )
)
def test_required_fields_only_grow_along_the_workflow(policy: dict[str, list[str]]) -> None:
    config = Config(title="t", policy_required=tuple((k, tuple(v)) for k, v in policy.items()))
    asked = [set(config.required_fields(status)) for status in POLICY_STATUSES]
    assert all(earlier <= later for earlier, later in itertools.pairwise(asked))
    assert asked[-1] == {f for names in policy.values() for f in names}
    assert config.required_fields("archived") == ()
    for status, names in policy.items():
        assert set(names) <= set(config.required_fields(status))


@given(st.dictionaries(st.text(min_size=1, max_size=12), st.lists(st.text(max_size=12))))
def test_any_policy_text_is_read_without_crashing(policy: dict[str, list[str]]) -> None:
    text = yaml.safe_dump({"policy": {"required": policy}}, allow_unicode=True)
    doc, problems = load_yaml(text, "plansite.yaml")
    assert doc is not None and not problems
    config, diagnostics = parse_config(doc, "plansite.yaml", "t")
    kept = dict(config.policy_required)
    assert set(kept) <= set(POLICY_STATUSES)
    bad_keys = [k for k in policy if k not in POLICY_STATUSES]
    assert len([d for d in diagnostics if "unknown status" in d.message]) == len(bad_keys)
    for status, names in kept.items():
        assert set(names) <= set(policy[status])

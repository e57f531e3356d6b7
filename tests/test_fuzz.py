"""Bad input never gives a traceback: generated files through `check` and `build`.

The CI profile runs a bounded number of examples; ``HYPOTHESIS_PROFILE=long`` runs many
more on demand (see docs/commands.md).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build, check
from generator.errors import InvalidProject
from generator.load.frontmatter import split_front_matter
from generator.load.sources import decode
from generator.load.yamlsafe import load_yaml
from tests.helpers import BASE_FILES, write_files

#: Generated projects, built and checked many times over: the whole module is slow.
pytestmark = pytest.mark.slow

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "title",
        "persona",
        "stage",
        "channel",
        "format",
        "status",
        "date",
        "owner",
        "next",
        "review_by",
        "campaign",
        "tags",
        "kpi",
        "id",
        "colour",
    ]
)
front_matter = st.dictionaries(
    field_names, values | st.sampled_from(["cfo", "awareness", "blog"]), max_size=10
)


@given(st.binary(max_size=300))
def test_decode_never_raises(data: bytes) -> None:
    text, problems = decode(data, "x.md")
    assert (text is None) == bool(problems)


@pytest.mark.slow  # about 1.7 s for the CI profile's examples
@given(st.text(max_size=400))
def test_split_and_yaml_never_raise(text: str) -> None:
    split = split_front_matter(text)
    if split.yaml is not None:
        doc, problems = load_yaml(split.yaml, "x.md", first_line=split.yaml_line)
        assert doc is not None or problems
        assert all(p.line >= 1 and p.column >= 1 for p in problems)


def _project(files: dict[str, str | bytes | None]) -> Path:
    """A project alone in its own temporary folder, so anything written beside it shows."""
    root = Path(tempfile.mkdtemp(prefix="plansite-fuzz-")) / "plan"
    root.mkdir()
    write_files(root, {**BASE_FILES, **files})
    return root


def _build_or_diagnose(root: Path) -> None:
    outside = sorted(p.name for p in root.parent.iterdir())
    assert outside == ["plan"]
    diagnostics = check(root)
    assert all(d.path and d.line >= 1 for d in diagnostics)
    try:
        result = build(root)
    except InvalidProject as exc:
        assert exc.diagnostics
        assert not (root / "site").exists()
    else:
        assert result.output == (root / "site").resolve()
    assert sorted(p.name for p in root.parent.iterdir()) == outside


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(front_matter, st.text(max_size=200))
def test_generated_items_check_and_build_without_traceback(
    fields: dict[str, object], body: str
) -> None:
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    root = _project({"content/fuzz.md": text})
    try:
        _build_or_diagnose(root)
    finally:
        shutil.rmtree(root.parent)


@given(st.text(max_size=300))
def test_arbitrary_item_text_without_traceback(text: str) -> None:
    root = _project({"content/fuzz.md": text})
    try:
        _build_or_diagnose(root)
    finally:
        shutil.rmtree(root.parent)


names = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"),
    min_size=1,
    max_size=20,
).filter(lambda n: n not in (".", ".."))


@given(names)
def test_any_file_name_stays_inside_the_site(name: str) -> None:
    item = "---\ntitle: T\npersona: cfo\nstage: awareness\nchannel: blog\n---\nBody\n"
    try:
        root = _project({f"content/{name}.md": item, f"personas/{name}.md": "---\n---\nP\n"})
    except OSError:
        return  # the file system itself refuses the name
    try:
        _build_or_diagnose(root)
        site = (root / "site").resolve()
        if site.exists():
            assert all(p.resolve().is_relative_to(site) for p in site.rglob("*"))
    finally:
        shutil.rmtree(root.parent)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "title",
                "language",
                "timezone",
                "today",
                "coverage",
                "calendar",
                "ignore",
                "channels",
                "stale_after_days",
                "site_url",
            ]
        ),
        values,
        max_size=5,
    )
)
def test_generated_config_without_traceback(config: dict[str, object]) -> None:
    root = _project({"plansite.yaml": yaml.safe_dump(config, allow_unicode=True)})
    try:
        try:
            _build_or_diagnose(root)
        except Exception as exc:  # only plansite's own refusals are acceptable
            from generator.errors import PlansiteError

            assert isinstance(exc, PlansiteError), exc
    finally:
        shutil.rmtree(root.parent)


@given(
    st.booleans(),
    st.lists(
        st.sampled_from([".", "..", "content", "stages", "site", "out", "a b", "~"]),
        min_size=1,
        max_size=4,
    ),
)
def test_output_folder_is_refused_or_stays_in_its_place(up: bool, parts: list[str]) -> None:
    """Whatever relative `output` is configured: a refusal, or a site written exactly
    there and nothing else touched beside the project."""
    from generator.errors import UnsafeOutput
    from generator.output.writer import MARKER

    if parts.count("..") > (0 if up else 1):
        return  # would climb out of the temporary folder this test owns
    output = "/".join(["..", *parts] if up else parts)
    root = _project({"plansite.yaml": f"output: '{output}'\n"})
    box = root.parent
    try:
        before = {p for p in box.rglob("*") if "site" not in p.parts and "out" not in p.parts}
        try:
            result = build(root)
        except UnsafeOutput:
            assert {p for p in box.rglob("*")} >= before
            return
        out = result.output
        assert out.is_relative_to(box) and (out / MARKER).is_file()
        assert not out.is_relative_to(root / "content") and not root.is_relative_to(out)
        for path in before:
            assert path.exists()
    finally:
        shutil.rmtree(box)

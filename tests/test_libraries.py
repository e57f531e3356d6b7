"""The facts about the installed libraries that plansite remembers across runs."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib.machinery import ModuleSpec
from importlib.metadata import version
from importlib.util import spec_from_file_location
from pathlib import Path

import holidays
import pytest

from generator.load import libraries
from generator.load.libraries import DISTRIBUTIONS, holiday_countries, library_key, versions


@pytest.fixture(autouse=True)
def _fresh_read() -> Iterator[None]:
    libraries._kept.cache_clear()
    yield
    libraries._kept.cache_clear()


def _kept_file(cache: Path) -> Path:
    return cache / "libraries.json"


def test_the_facts_are_the_ones_the_libraries_give(own_cache_folder: Path) -> None:
    assert versions() == {name: version(name) for name in DISTRIBUTIONS}
    assert holiday_countries() == set(holidays.list_supported_countries())
    kept = json.loads(_kept_file(own_cache_folder).read_bytes())
    assert kept["key"] == library_key() and set(kept["facts"]) == {"versions", "holiday_countries"}


def test_a_later_run_reads_them_without_importing_the_libraries(tmp_path: Path) -> None:
    ask = (  # what the calls import (a site hook may have imported metadata already)
        "import sys\n"
        "before = set(sys.modules)\n"
        "from generator.load.libraries import holiday_countries, versions\n"
        "print(versions()['holidays'], 'JP' in holiday_countries(),"
        " 'holidays' in sys.modules, 'importlib.metadata' in set(sys.modules) - before)\n"
    )
    env = {"PLANSITE_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", ask], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.split() == [version("holidays"), "True", "True", "True"]
    assert runs[1].stdout.split() == [version("holidays"), "True", "False", "False"]


@pytest.mark.parametrize(
    "kept",
    [
        b"{not json",
        json.dumps({"key": [["markdown", None]], "facts": {"versions": {"markdown": "0"}}}),
        json.dumps({"key": "KEY", "facts": {"versions": ["0"], "holiday_countries": "JP"}}),
        json.dumps({"key": "KEY", "facts": {"versions": {"markdown": "0"}}}),
        json.dumps(["KEY"]),
    ],
)
def test_a_file_of_other_libraries_or_another_shape_is_not_taken(
    own_cache_folder: Path, kept: str | bytes
) -> None:
    path = _kept_file(own_cache_folder)
    data = kept.encode() if isinstance(kept, str) else kept
    path.write_bytes(data.replace(b'"KEY"', json.dumps(library_key()).encode()))
    assert versions() == {name: version(name) for name in DISTRIBUTIONS}
    assert holiday_countries() == set(holidays.list_supported_countries())
    mended = json.loads(path.read_bytes())  # and the file is made right
    assert mended["key"] == library_key()
    assert mended["facts"]["versions"] == versions()


def test_the_key_changes_when_a_package_is_rewritten_or_its_folder_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "markdown"
    package.mkdir(parents=True)
    init = package / "__init__.py"
    init.write_text("__version__ = '1'\n")
    real = libraries.find_spec

    def spec_of(name: str) -> ModuleSpec | None:
        if name != "markdown":
            return real(name)
        return spec_from_file_location(name, init, submodule_search_locations=[str(package)])

    monkeypatch.setattr(libraries, "find_spec", spec_of)
    first = library_key()
    assert first[0][:2] == ["markdown", str(init)]
    init.write_text("__version__ = '2.0'\n")  # an upgrade rewrites the package
    second = library_key()
    (tmp_path / "site-packages" / "markdown-2.0.dist-info").mkdir()  # and its folder
    third = library_key()
    assert first[0] != second[0] != third[0] and first[1:] == second[1:] == third[1:]

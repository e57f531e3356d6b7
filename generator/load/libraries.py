"""What plansite needs to know of the libraries it runs with, remembered across runs.

Two facts cost more to find out than a whole small rebuild takes to do its work: the
versions of the libraries a site is made with (``importlib.metadata`` and the ``email``
package it parses metadata with take 30–45 ms to import and ask) and the countries the
``holidays`` package has calendars for (importing it takes 25 ms). Every command needs
the first, and every command on a project with ``holidays`` set needs the second.

So both are kept in plansite's cache folder (``libraries.json``) under a key that
changes whenever a library may have: for each one, the ``stat`` of its package's
``__init__`` file and of the folder that holds the package (installing, upgrading or
removing a distribution rewrites the one and changes the entries of the other). Finding
them does not import the libraries. A fact is worked out again when the key differs or
the file is missing, damaged or of another shape; a file that cannot be written only
costs the next run the same time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from typing import Any, TypeVar

from generator.paths import cache_dir, replace_file

#: Distribution name → the package it installs.
DISTRIBUTIONS = {
    "markdown": "markdown",
    "nh3": "nh3",
    "jinja2": "jinja2",
    "markupsafe": "markupsafe",
    "pyyaml": "yaml",
    "python-dateutil": "dateutil",
    "holidays": "holidays",
}

_FILE = "libraries.json"

T = TypeVar("T")


def versions() -> dict[str, str]:
    """The installed version of each of ``DISTRIBUTIONS``, by distribution name."""
    found = _remembered("versions", _versions_now, _is_versions)
    return {name: found[name] for name in DISTRIBUTIONS}


def holiday_countries() -> frozenset[str]:
    """The country codes (aliases included) the ``holidays`` package has calendars for."""
    return frozenset(_remembered("holiday_countries", _holiday_countries_now, _is_names))


def _is_versions(value: object) -> bool:
    return (
        isinstance(value, dict)
        and value.keys() == DISTRIBUTIONS.keys()
        and all(isinstance(v, str) for v in value.values())
    )


def _is_names(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(code, str) for code in value)


def _versions_now() -> dict[str, str]:
    from importlib.metadata import version  # imported only when the key changed

    return {name: version(name) for name in DISTRIBUTIONS}


def _holiday_countries_now() -> list[str]:
    """Read from the package's registry, which names the countries without importing
    every country's module: ``list_supported_countries`` does, and that took a quarter
    of a second; it stays the fallback should the registry change."""
    import holidays  # imported only when the key changed

    try:
        from holidays.registry import EntityLoader

        return sorted(EntityLoader.get_country_codes(True))
    except (ImportError, AttributeError, TypeError):
        return sorted(holidays.list_supported_countries())


def _remembered(fact: str, work_out: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """``fact`` as the cache file keeps it for the libraries as they are, if it has the
    shape ``valid`` checks; else worked out, and written to the file."""
    kept = _kept()
    if valid(kept["facts"].get(fact)):
        return kept["facts"][fact]  # type: ignore[no-any-return]
    value = kept["facts"][fact] = work_out()
    data = json.dumps(kept, separators=(",", ":")).encode()
    replace_file(cache_dir() / _FILE, lambda out: out.write(data))
    return value


@cache
def _kept() -> dict[str, Any]:
    """The cache file's facts when its key is the libraries' as they are now (an empty
    table otherwise); read once per process."""
    key = library_key()
    try:
        data = json.loads((cache_dir() / _FILE).read_bytes())
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("facts"), dict):
        return {"key": key, "facts": data["facts"]}
    return {"key": key, "facts": {}}


def library_key() -> list[list[object]]:
    """For each package: where it is, and the ``stat`` of its ``__init__`` file and of
    the folder holding the package (None for a package not found)."""
    key: list[list[object]] = []
    for package in DISTRIBUTIONS.values():
        spec = find_spec(package)
        origin = spec.origin if spec is not None else None
        if spec is None or origin is None:
            key.append([package, None])
            continue
        inside = spec.submodule_search_locations is not None  # a package's __init__
        home = os.path.dirname(os.path.dirname(origin) if inside else origin)
        key.append([package, origin, *_stat(origin), *_stat(home)])
    return key


def _stat(path: str) -> tuple[int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, 0, 0)
    return (info.st_ino, info.st_size, info.st_mtime_ns)

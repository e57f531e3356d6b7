"""Which programs the bench measures, and which version of each.

A figure is only worth quoting with the code that produced it, so the bench decides once,
at the start, how every tool is started (the installed plansite or a snapshot of one
commit) and records the versions for the report.
"""

from __future__ import annotations

import compileall
import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The tools a round builds with, in the order the first round uses. ``commonmark`` is
#: plansite with ``markdown: {engine: commonmark}``, on the same content.
TOOLS = ("plansite", "commonmark", "mkdocs", "hugo")
#: The tools that are plansite, whatever the engine.
PLANSITES = ("plansite", "commonmark")
#: The plansite repository: where ``--plansite-ref`` takes its snapshot from.
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Tools:
    """How to start each tool; ``plansite`` is a command prefix (a snapshot runs with -m)."""

    plansite: tuple[str, ...]
    mkdocs: str | None
    hugo: str | None
    plansite_env: dict[str, str] | None = None  # PYTHONPATH of a --plansite-ref snapshot
    plansite_source: str = "installed"
    #: ``plansite serve`` has ``--log-format json``; older refs only print a human log.
    serve_json: bool = False

    def env(self, tool: str) -> dict[str, str] | None:
        """The environment of a child running ``tool`` (None: this process's own)."""
        return self.plansite_env if tool in PLANSITES else None


def find_tool(name: str) -> str | None:
    """The console script installed beside this Python (not a pyenv shim), else on PATH."""
    here = shutil.which(name, path=str(Path(sys.executable).parent))
    return here or shutil.which(name)


def snapshot_plansite(tools: Tools, ref: str, dest: Path) -> Tools:
    """Extract ``generator/`` at git ``ref`` into ``dest``, to measure a fixed commit.

    The installed plansite is editable, so its code changes whenever someone edits the work
    tree; a snapshot keeps every round of a long run on the same code. ``python -m
    generator.cli`` with the snapshot first on PYTHONPATH runs it instead of the install.
    """
    commit = git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if commit is None:
        raise SystemExit(f"--plansite-ref: `{ref}` is not a commit of {REPO}")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", commit, "generator"],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    # Byte-compiled, as pip compiles a package it installs: where PYTHONDONTWRITEBYTECODE
    # is set, each run would otherwise compile every module again (0.12 s a run).
    compileall.compile_dir(dest / "generator", quiet=1)
    return plansite_in(tools, dest, f"git {commit[:12]} snapshot")


def plansite_in(tools: Tools, folder: Path, source: str) -> Tools:
    """``tools`` with plansite run from the ``generator/`` in ``folder``, not the install.

    ``python -P -m generator.cli`` with ``folder`` first on PYTHONPATH: without ``-P``,
    Python would put the current folder first, and a bench started from the repository
    root would run the work tree's plansite instead of ``folder``'s.
    """
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return dataclasses.replace(
        tools,
        plansite=(sys.executable, "-P", "-m", "generator.cli"),
        plansite_env=dict(os.environ, PYTHONPATH=path),
        plansite_source=source,
    )


def serve_speaks_json(tools: Tools) -> bool:
    """Whether the measured plansite's ``serve`` has ``--log-format json``.

    Asked of the code being measured, not assumed: ``--plansite-ref`` may name a commit from
    before the option existed, and its rebuilds can then only be read from the human log.
    """
    try:
        done = subprocess.run(
            [*tools.plansite, "serve", "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            env=tools.env("plansite"),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and "--log-format" in done.stdout


def version_of(cmd: Sequence[str], env: dict[str, str] | None = None) -> str:
    """The first version number a tool prints for ``cmd`` (``--version`` or the like)."""
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    found = re.search(r"\d+\.\d+(?:\.\d+)?", done.stdout + done.stderr)
    return found.group(0) if done.returncode == 0 and found else "unknown"


def git(*args: str) -> str | None:
    """The output of a git command in this repository, or None when git cannot answer."""
    try:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def installed_state() -> str:
    """Which code the editable install runs: HEAD, and whether generator/ differs from it."""
    head = git("rev-parse", "--short=12", "HEAD")
    if head is None:
        return "installed"
    dirty = git("status", "--porcelain", "--", "generator")
    return f"installed, work tree at git {head}" + (" with uncommitted changes" if dirty else "")

"""Shared checks of the hostile-input tests: what every run must leave behind, whatever
the input — an exit code of 0 or 1, no traceback, no raw control character in any
output or on the terminal, nothing written outside the output folder."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

#: C0 controls but tab and line feed, DEL and C1: never in an output file or a message.
#: A carriage return is allowed only as the first half of CRLF (CSV and ICS line ends).
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
OUTPUT_SUFFIXES = (".html", ".csv", ".json", ".ics", ".js", ".txt", ".xml")


def raw_controls(text: str) -> list[str]:
    return sorted({repr(m.group()) for m in RAW_CONTROL.finditer(text)})


def output_problems(site: Path) -> list[str]:
    """Every output file of ``site`` that holds a raw control character, with them."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in OUTPUT_SUFFIXES:
            bad = raw_controls(path.read_bytes().decode("utf-8", "replace"))
            if bad:
                found.append(f"{path.relative_to(site)}: {', '.join(bad)}")
    return found


def snapshot(root: Path, skip: str = "site") -> dict[bytes, str]:
    """Every path under ``root`` but the output folder, with a digest of its bytes (paths
    as bytes: a hostile project may hold names that are not UTF-8)."""
    shot: dict[bytes, str] = {}
    base = os.fsencode(root)
    for folder, dirs, names in os.walk(base):
        rel_folder = os.path.relpath(folder, base)
        if rel_folder == b".":
            dirs[:] = [d for d in dirs if d != os.fsencode(skip)]
        for name in [*names, *dirs]:
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, base)
            if os.path.isfile(full) and not os.path.islink(full):
                with open(full, "rb") as handle:
                    shot[rel] = hashlib.sha256(handle.read()).hexdigest()
            else:
                shot[rel] = "folder"
    return shot


def plansite(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run plansite from this checkout in a child process, as a user would, with the
    memory capped at 1 GiB (a run that needs more fails the test)."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "-p", str(root), *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )


def assert_survived(
    result: subprocess.CompletedProcess[str], allowed: tuple[int, ...] = (0, 1)
) -> None:
    """Exit 0 or 1, no traceback, and a terminal output without raw control characters."""
    both = result.stdout + result.stderr
    assert result.returncode in allowed, both[-2000:]
    assert "Traceback" not in both, both[-2000:]
    assert not raw_controls(both), raw_controls(both)

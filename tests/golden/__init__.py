"""Golden sites: each example project built with a fixed today, kept in the repository.

``tests/test_golden.py`` builds the examples again and compares every file with the
golden copy; ``python -m tests.golden`` writes the golden copies anew (see README.md in
this folder).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.build import build

GOLDEN = Path(__file__).resolve().parent
REPO = GOLDEN.parent.parent

#: Each example: the folder of its golden site -> its project folder.
EXAMPLES: dict[str, Path] = {"en": REPO, "ja": REPO / "examples/ja"}

#: Both examples pin this day in plansite.yaml; it is passed explicitly as well, so the
#: golden sites never depend on the clock or on that setting.
TODAY = date(2026, 12, 7)

#: Files of a built site that are plansite's own bookkeeping, not the site: left out of
#: the golden copies and of the comparison. ``.plansite-pages.json`` holds cache keys,
#: which change whenever plansite's code or templates do, even when no page changes;
#: ``.plansite-site`` only marks the folder as one that plansite may replace.
BOOKKEEPING = frozenset({".plansite-pages.json", ".plansite-site"})

#: What a project is made of (a built ``site/`` lying in an example is not copied).
PROJECT_PARTS = ("plansite.yaml", "content", "personas", "owners", "stages", "results")


def build_example(language: str, workdir: Path) -> Path:
    """Copy the example into ``workdir`` and build it there, in this process and on one
    worker (deterministic, and quicker than forking for a site this small); returns the
    site folder."""
    source, root = EXAMPLES[language], workdir / "plan"
    root.mkdir(parents=True)
    for part in PROJECT_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, root / part)
        elif (source / part).exists():
            shutil.copy2(source / part, root / part)
    return build(root, today=TODAY, output=str(workdir / "site"), workers=1, clean=True).output


def site_files(site: Path) -> dict[str, Path]:
    """Every file of a site by its POSIX path inside it, bookkeeping left out."""
    found = {path.relative_to(site).as_posix(): path for path in site.rglob("*")}
    return {
        rel: path
        for rel, path in sorted(found.items())
        if path.is_file() and rel not in BOOKKEEPING
    }

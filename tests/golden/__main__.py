"""``python -m tests.golden``: build both examples and write them as the golden sites.

Run it from the repository root after a change that is meant to change the site, then
review ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.golden import EXAMPLES, GOLDEN, build_example, site_files


def regenerate(language: str) -> tuple[int, int]:
    """Replace ``tests/golden/<language>`` with a fresh build; returns (files, changed)."""
    target = GOLDEN / language
    old = {rel: path.read_bytes() for rel, path in site_files(target).items()}
    with tempfile.TemporaryDirectory(prefix="plansite-golden-") as work:
        site = build_example(language, Path(work))
        new = {rel: path.read_bytes() for rel, path in site_files(site).items()}
    if target.exists():
        shutil.rmtree(target)
    for rel, data in new.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    changed = sum(old.get(rel) != data for rel, data in new.items())
    changed += len(old.keys() - new.keys())
    return len(new), changed


def main() -> int:
    for language in EXAMPLES:
        files, changed = regenerate(language)
        print(f"tests/golden/{language}: {files} files, {changed} added, changed or removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

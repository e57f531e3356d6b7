"""What the incremental core keeps on disk, and how it looks at files cheaply: a file's
``stat`` signature, where each project's files go in plansite's cache folder, and the
stamp that says which plansite wrote them (``paths.replace_file`` writes them whole).

Light on purpose: a build that finds nothing to do, or only bodies to update, reads and
writes these files without loading the rest of plansite.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from generator import __version__
from generator.incremental.cache import FORMAT, library_versions, package_digest
from generator.paths import cache_dir

Signature = tuple[int, int, int, int, int]


def signature(path: str | Path) -> Signature | None:
    """What changes whenever the file's bytes may have changed (None if it is gone)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def memo_path(root: Path) -> Path:
    """Where the memo of the project in ``root`` is kept: one file per project folder."""
    folder = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:32]
    return cache_dir() / "memo" / f"{folder}.pickle"


def stamp(root: Path) -> bytes:
    """What a memo is only valid for: this plansite, these libraries, this Python, this
    project folder."""
    facts = (
        FORMAT,
        __version__,
        package_digest(),
        library_versions(),
        sys.version,
        os.fsencode(root.resolve()),
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest().encode() + b"\n"

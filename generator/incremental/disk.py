"""What the incremental core keeps on disk, and how it looks at files cheaply: a file's
``stat`` signature, where each project's files go in plansite's cache folder, the stamp
that says which plansite wrote them, and writing such a file whole.

Light on purpose: a build that finds nothing to do, or only bodies to update, reads and
writes these files without loading the rest of plansite.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

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


def replace_file(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a cache file through a temporary one that replaces it in one step, so a
    reader sees the old file or the new one, whole. A cache that cannot be written only
    costs time: ``OSError`` is swallowed; a failing ``write`` leaves no trace."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(scratch, path)
    except OSError:
        return
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(scratch)

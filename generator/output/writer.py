"""Phase six: write the site safely.

The new site is written to a staging folder beside the output and swapped in only when
complete, so a failed, interrupted or killed build leaves the previous site exactly as
it was. plansite deletes only folders that carry its marker file, refuses output folders
that could swallow the project or someone else's files, and takes a lock so two builds
never interleave.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from generator.errors import BuildLocked, UnsafeOutput
from generator.output.marker import MARKER as MARKER  # re-exported: the name callers know
from generator.output.marker import check_marked, files_in, marker_bytes, read_marker
from generator.paths import cache_dir

SOURCE_FOLDERS = ("content", "stages", "personas", "owners")


def resolve_output(root: Path, output: str) -> Path:
    """The absolute output folder, refusing any that could destroy something (docs/safety.md)."""
    if output.strip() == "" or output.startswith("~"):
        raise UnsafeOutput(
            f"refusing output folder `{output}`: write a real path (plansite does not expand ~)"
        )
    candidate = Path(output) if Path(output).is_absolute() else root / output
    if candidate.is_symlink():
        raise UnsafeOutput(f"refusing output folder {candidate}: it is a symlink")
    out = candidate.resolve()
    project = root.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
        raise UnsafeOutput(
            f"refusing output folder {out}: it is the file-system root or your home folder"
        )
    if project.is_relative_to(out):
        raise UnsafeOutput(
            f"refusing output folder {out}: it contains the project "
            f"{project}, which a build would replace"
        )
    for folder in SOURCE_FOLDERS:
        source = project / folder
        if out.is_relative_to(source):
            raise UnsafeOutput(
                f"refusing output folder {out}: it lies inside the project's sources ({folder}/)"
            )
    if out.exists():
        if not out.is_dir():
            raise UnsafeOutput(f"refusing output folder {out}: it exists and is not a folder")
        check_marked(out)
    return out


def safe_join(base: Path, rel: str) -> Path:
    """``base/rel`` for a site-relative POSIX path that cannot climb out of ``base``.
    Called once per file of a site, so it works on strings, not ``PurePosixPath``: the
    same rules (empty and ``.`` segments are dropped, ``..`` and absolute paths refused)."""
    if "\\" in rel or "\x00" in rel:
        raise UnsafeOutput(f"refusing to write `{rel}`: backslash or NUL in path")
    parts = [part for part in rel.split("/") if part not in ("", ".")]
    if rel.startswith("/") or ".." in parts or not parts:
        raise UnsafeOutput(f"refusing to write `{rel}`: it would leave the output folder")
    target = base.joinpath(*parts)
    # The name is plain (checked above), so only a symlinked folder on the way could lead
    # out: resolving the parent is enough, and a site has few folders, so it is cached.
    if os.path.islink(target) or not _within(base, target.parent):
        raise UnsafeOutput(f"refusing to write `{rel}`: it would leave the output folder")
    return target


def _within(base: Path, folder: Path) -> bool:
    """Whether ``folder`` lies inside ``base`` once symlinks are resolved. Answered once
    per folder that exists and is no symlink (a folder we created in staging cannot turn
    into a symlink behind our back); every time for anything else."""
    try:
        real = stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        real = False
    if real:
        return _within_cached(str(base), str(folder))  # a str hashes faster than a Path
    return folder.resolve().is_relative_to(_resolved(base))


@lru_cache(maxsize=4096)
def _within_cached(base: str, folder: str) -> bool:
    return Path(folder).resolve().is_relative_to(_resolved(Path(base)))


@lru_cache(maxsize=4096)
def _resolved_cached(path: Path) -> Path:
    return path.resolve()


def _resolved(path: Path) -> Path:
    """``path.resolve()``, cached once the folder exists (a folder we created in staging
    cannot turn into a symlink behind our back)."""
    return _resolved_cached(path) if path.is_dir() and not path.is_symlink() else path.resolve()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_file(base: Path, rel: str, data: bytes, *, replace: bool = False) -> None:
    """Create ``base/rel``, exclusively, so two sources can never share one file. With
    ``replace`` (a live site, see ``LiveWriter``) an existing file is swapped for the new
    one atomically: a reader sees the old bytes or the new, never half of them."""
    if not replace:
        global _new_folders
        if _new_folders is None or _new_folders.base is not base:
            _new_folders = NewFolders(base)
        _create(_new_folders.path_of(rel), data)
        return
    target = safe_join(base, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".plansite-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


class NewFolders:
    """The folders made so far inside ``base``, a staging folder this build created,
    each after the checks ``safe_join`` makes: a file going into one of them needs only
    its own name checked. Made for every file, the checks, the ``mkdir`` and Python's
    buffered ``open`` took eight system calls a page; now it takes three (``_create``)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._made: dict[str, str] = {}  # folder, as given → the folder made

    def folder_of(self, rel: str) -> tuple[str, str]:
        """The made folder ``rel`` goes into, and its own name; raises for anything
        unsafe (``safe_join``)."""
        folder, _, name = rel.rpartition("/")
        made = self._made.get(folder)
        if made is None or _odd(rel, name):
            target = safe_join(self.base, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            made = self._made[folder] = str(target.parent)
        return made, name

    def path_of(self, rel: str) -> str:
        made, name = self.folder_of(rel)
        return f"{made}/{name}"  # not os.path.join: this runs once per file of a site


def _odd(rel: str, name: str) -> bool:
    """Whether ``rel`` needs ``safe_join``'s checks whatever its folder."""
    return name in ("", ".", "..") or "\\" in name or "\x00" in name or rel[:1] == "/"


_new_folders: NewFolders | None = None

#: A new file: never through a symlink, never over a file that is there.
_CREATE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _create(path: str, data: bytes) -> None:
    """Write ``data`` into a new file at ``path``: open, write (as often as it takes),
    close."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux's renameat2(RENAME_EXCHANGE), if available."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


class SiteWriter:
    """Collects a site in a staging folder; ``commit`` swaps it in.

    Leaving the ``with`` block without ``commit`` (an error, Ctrl-C) removes the staging
    folder and keeps the old site untouched.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.parent = out.parent
        self.prefix = f".{out.name}.plansite-"
        self.staging: Path | None = None
        self._lock_fd: int | None = None
        self._new: NewFolders | None = None  # the staging folder's, once it is made
        self._listed: dict[str, set[str]] = {}  # folder of the current site → its files

    def __enter__(self) -> SiteWriter:
        self.parent.mkdir(parents=True, exist_ok=True)
        self._lock()
        self._remove_leftovers()
        self.staging = Path(tempfile.mkdtemp(prefix=self.prefix + "staging-", dir=self.parent))
        # mkdtemp makes the folder private (0700); a site is meant to be read, by a web
        # server's user too, so give it the permissions any new folder would get.
        os.chmod(self.staging, 0o777 & ~_umask())
        (self.staging / MARKER).write_bytes(marker_bytes((), staging=True))
        self._new = NewFolders(self.staging)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.staging is not None and self.staging.exists():
                _remove_marked(self.staging)
        finally:
            self._unlock()

    #: Rendered pages are new files in the staging folder.
    replace = False

    def write(self, rel: str, data: bytes) -> None:
        assert self.staging is not None
        write_file(self.staging, rel, data)

    def keep(self, rel: str) -> bool:
        """Carry ``rel`` over from the current site unchanged (False if it is missing).
        Called for every unchanged file of a site, so each folder of the current site
        is listed once (a symlink is not ours to keep) and the checks ``safe_join``
        makes are made once per folder; each file's own name is checked on its own."""
        folder, _, name = rel.rpartition("/")
        listed = self._listed.get(folder)
        if name not in (self._list(folder) if listed is None else listed):
            return False
        assert self._new is not None
        made, name = self._new.folder_of(rel)
        source = f"{self.out}/{rel}"  # not os.path.join: this runs once per file of a site
        try:
            os.link(source, f"{made}/{name}")
        except FileExistsError:
            raise UnsafeOutput(f"refusing to write `{rel}` twice") from None
        except OSError:  # another file system, or no hard links: copy
            shutil.copyfile(source, f"{made}/{name}")
        return True

    def _list(self, folder: str) -> set[str]:
        """The names of the regular files in ``folder`` of the current site."""
        names = self._listed[folder] = set()
        with contextlib.suppress(OSError), os.scandir(os.path.join(self.out, folder)) as found:
            names.update(e.name for e in found if e.is_file(follow_symlinks=False))
        return names

    def rendered(self, paths: Iterable[str]) -> None:
        """Pages written into the staging folder by the render workers (nothing to do)."""

    def copy(self, rel: str, source: Path) -> None:
        assert self.staging is not None
        target = safe_join(self.staging, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target, follow_symlinks=True)

    def commit(self, files: Iterable[str] | None = None) -> None:
        """Swap the finished staging folder in place of the output folder. ``files``:
        every file it holds, when the caller knows them all (it wrote or kept each one),
        saves listing the folder for its marker."""
        assert self.staging is not None
        staging = self.staging
        (staging / MARKER).write_bytes(marker_bytes(files_in(staging) if files is None else files))
        if self.out.exists():
            if _exchange(staging, self.out):
                return  # ``staging`` now holds the old site; __exit__ removes it
            old = Path(tempfile.mkdtemp(prefix=self.prefix + "old-", dir=self.parent))
            old.rmdir()
            os.replace(self.out, old)
            os.replace(staging, self.out)
            self.staging = old
        else:
            os.replace(staging, self.out)
            self.staging = None

    # -- housekeeping ----------------------------------------------------------------
    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; builds are still atomic
            return
        fd = os.open(lock_path(self.out), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise BuildLocked(
                f"another plansite build is writing {self.out}; wait for it to finish"
            ) from None
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _remove_leftovers(self) -> None:
        """Staging folders of builds that were killed (-9) before they could clean up."""
        for entry in leftovers(self.out):
            _remove_marked(entry)


def lock_path(out: Path) -> Path:
    """The lock of the output folder ``out``: in plansite's cache folder, never beside the
    sources, one file per output folder (named by a digest of its absolute path). Where
    the cache folder cannot be made, the system's temporary folder serves."""
    name = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    for base in (cache_dir() / "locks", Path(tempfile.gettempdir()) / "plansite-locks"):
        try:
            base.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return base / f"{name[:32]}.lock"
    raise BuildLocked(f"cannot create a lock for {out}: no writable cache or temporary folder")


def leftovers(out: Path) -> list[Path]:
    """Staging folders beside ``out`` left by builds that were killed (-9)."""
    return [
        entry
        for entry in out.parent.glob(f".{out.name}.plansite-*")
        if entry.is_dir() and not entry.is_symlink() and read_marker(entry) is not None
    ]


class LiveWriter:
    """Updates a site in place, file by file: for ``plansite serve``, whose site is its
    own private folder that nothing else writes. Changed files are replaced atomically,
    unchanged ones are not touched, and at ``commit`` the files this build did not
    produce are removed. The interface is ``SiteWriter``'s."""

    replace = True

    def __init__(self, out: Path, present: set[str] | None = None) -> None:
        self.out = out
        self.root = str(out)
        self.staging: Path | None = out  # where pages are rendered to: the site itself
        self.produced: set[str] = {MARKER}
        # files the previous update in this process left here: nothing else writes to a
        # live site, so they need no check
        self.present = present or set()

    def __enter__(self) -> LiveWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        if not (self.out / MARKER).is_file():
            if any(self.out.iterdir()):
                raise UnsafeOutput(f"refusing to update {self.out}: plansite did not create it")
            (self.out / MARKER).write_bytes(marker_bytes((), staging=True))
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def write(self, rel: str, data: bytes) -> None:
        write_file(self.out, rel, data, replace=True)
        self.produced.add(rel)

    def copy(self, rel: str, source: Path) -> None:
        self.write(rel, source.read_bytes())

    def keep(self, rel: str) -> bool:
        if rel in self.present:
            self.produced.add(rel)
            return True
        # plain os.path: this runs for every page of every rebuild
        target = os.path.join(self.root, rel)
        if os.path.isfile(target) and not os.path.islink(target):
            self.produced.add(rel)
            return True
        return False

    def rendered(self, paths: Iterable[str]) -> None:
        """Pages written straight into the site by the render workers."""
        self.produced.update(paths)

    def commit(self) -> None:
        """Remove what the previous build wrote and this one did not."""
        for folder, dirs, names in os.walk(self.out, topdown=False):
            base = Path(folder)
            rel_folder = base.relative_to(self.out).as_posix()
            for name in names:
                rel = name if rel_folder == "." else f"{rel_folder}/{name}"
                if rel not in self.produced:
                    (base / name).unlink()
            for name in dirs:
                with contextlib.suppress(OSError):  # not empty: still has pages
                    (base / name).rmdir()
        (self.out / MARKER).write_bytes(marker_bytes(self.produced))


def _remove_marked(folder: Path) -> None:
    """Delete a folder, but only one that plansite itself created (its marker verifies)."""
    if folder.is_symlink() or read_marker(folder) is None:
        return
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(folder)

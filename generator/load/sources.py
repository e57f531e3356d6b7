"""Finding and decoding the project's files: the only module that reads source bytes.

Everything is UTF-8. A BOM and CRLF line endings are accepted and normalised away;
UTF-16, Shift_JIS, cp1252 and binary files are refused with the place of the first bad
byte and what to do about it, because guessing an encoding silently corrupts Japanese
text.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.text import shown

#: Files bigger than this are not read at all (a content item is text, not a data dump).
MAX_FILE_BYTES = 8 * 1024 * 1024
#: The longest file name most file systems store, in bytes: a page plansite names after a
#: source file (``x.md`` → ``x.html``) must fit too.
MAX_NAME_BYTES = 255
#: Characters no source file name may hold: C0 and C1 controls, DEL, the Unicode line
#: separators, and the backslash (a folder separator on Windows).
_BAD_NAME_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\\\\]")

#: What stands for a byte that is not UTF-8 in a name read from the file system.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")

_BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".swo", ".swx", ".tmp", ".orig", ".rej")


#: A file changed less than this long ago may change again within the same tick of the
#: file system's clock, leaving its ``stat`` signature as it was (git's "racily clean"
#: rule): what was read from it is not remembered by its signature.
RACY_SECONDS = 2.0


def settled(mtime_ns: int) -> bool:
    """Whether a file last modified at ``mtime_ns`` is old enough for its ``stat`` to
    stand for its bytes (``RACY_SECONDS``)."""
    return time.time() - mtime_ns / 1e9 > RACY_SECONDS


def is_ignored_name(name: str) -> bool:
    """Dot-files, editor backups and lock files are never part of a project."""
    return (
        name.startswith((".", "#", "~$"))
        or name.endswith(_BACKUP_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
    )


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found in the project: its location and its project-relative POSIX path.

    The location is kept as given (a string from the folder walk, which makes no
    ``Path`` for each of tens of thousands of files); ``path`` makes one when needed."""

    location: str | Path
    rel: str

    @property
    def path(self) -> Path:
        return Path(self.location)


def walk(root: Path, folder: str) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every non-ignored file under ``root/folder``, sorted, following symlinks only
    while they stay inside the project and never around a loop."""
    base = root / folder
    if not base.is_dir():
        return [], []
    walker = _Walker(root)
    walker.visit(base, folder)
    return walker.found, walker.problems


class _Walker:
    """One walk through a project folder: the files found, the problems met, and the
    real paths of the folders read so far (how a symlink loop is noticed)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.seen_dirs: set[Path] = set()
        self.found: list[SourceFile] = []
        self.problems: list[Diagnostic] = []

    def visit(self, directory: Path, rel: str) -> None:
        """Read ``directory``, whose project-relative POSIX path is ``rel`` (carried down
        rather than recomputed: a project can hold tens of thousands of files)."""
        real = directory.resolve()
        if real in self.seen_dirs:
            self.problems.append(
                _link_problem(self.root, directory, "symlink loop; folder already read")
            )
            return
        self.seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(_io_problem(self.root, directory, exc))
            return
        for entry in entries:
            if is_ignored_name(entry.name) or not self._may_follow(entry):
                continue
            problem = name_problem(entry.name, entry.is_dir())
            if problem is not None:
                self.problems.append(_name_diagnostic(f"{rel}/{entry.name}", problem))
                continue
            try:
                if entry.is_dir():
                    self.visit(Path(entry.path), f"{rel}/{entry.name}")
                elif entry.is_file():
                    self.found.append(SourceFile(entry.path, f"{rel}/{entry.name}"))
            except OSError as exc:
                self.problems.append(_io_problem(self.root, Path(entry.path), exc))

    def _may_follow(self, entry: os.DirEntry[str]) -> bool:
        """Plain entries, and symlinks that resolve to somewhere inside the project: a
        link out of it could make a build publish files the project does not hold."""
        if not entry.is_symlink():
            return True
        path = Path(entry.path)
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            self.problems.append(_link_problem(self.root, path, "broken symlink or symlink loop"))
            return False
        if not target.is_relative_to(self.real_root):
            self.problems.append(
                _link_problem(self.root, path, "symlink points outside the project; not followed")
            )
            return False
        return True


@lru_cache(maxsize=65536)
def name_problem(name: str, is_folder: bool) -> str | None:
    """Why a file or folder name cannot be part of a project, or None. Such a name could
    not be shown or written safely: it would end up in a page's file name and address,
    in messages and in exports. (Remembered: every walk of a project asks again.)"""
    if not name.isascii() and _NOT_UTF8.search(name):
        return "the name is not valid UTF-8"
    if _BAD_NAME_CHARS.search(name):
        return "the name holds a line break, a control character or a backslash"
    page = name[:-3] + ".html" if not is_folder and name.lower().endswith(".md") else name
    if len(page.encode("utf-8")) > MAX_NAME_BYTES:
        return f"the name is too long: a page named after it would pass {MAX_NAME_BYTES} bytes"
    return None


def display_path(rel: str) -> str:
    """A project path as messages show it: bytes that are not UTF-8 as ``\\xNN`` and
    control characters as escapes, so a file name can neither garble a terminal nor
    break the JSON or HTML a message is written into."""
    return shown(rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def _name_diagnostic(rel: str, problem: str) -> Diagnostic:
    return Diagnostic(
        display_path(rel),
        1,
        1,
        "error",
        "file-name",
        f"{problem}; the file is not read",
        "rename it with letters, digits, spaces, `-`, `_` and `.`",
    )


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _link_problem(root: Path, path: Path, message: str) -> Diagnostic:
    return Diagnostic(relative(root, path), 1, 1, "warning", "symlink", message)


def _io_problem(root: Path, path: Path, exc: OSError) -> Diagnostic:
    reason = exc.strerror or exc.__class__.__name__
    return Diagnostic(relative(root, path), 1, 1, "error", "unreadable", f"cannot read: {reason}")


def read_text(source: SourceFile) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or the reason it cannot be used."""
    try:
        fd = os.open(source.location, READ_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                return None, [
                    Diagnostic(
                        source.rel,
                        1,
                        1,
                        "error",
                        "file-too-large",
                        f"file is {size // (1024 * 1024)} MiB; the limit is "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MiB",
                        "split it into several items",
                    )
                ]
            data = read_rest(fd, size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None, [
            Diagnostic(source.rel, 1, 1, "error", "unreadable", "file vanished while reading")
        ]
    except OSError as exc:
        return None, [
            Diagnostic(
                source.rel,
                1,
                1,
                "error",
                "unreadable",
                f"cannot read: {exc.strerror or exc.__class__.__name__}",
            )
        ]
    return decode(data, source.rel)


#: How plansite opens a file to read it: read only, and as bytes on every system.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_rest(fd: int, size: int) -> bytes:
    """Everything left to read from ``fd``, with plain system calls: a file of ``size``
    bytes (as ``fstat`` said) in one read. Python's buffered file objects cost more than
    reading a small item file: reading 10,000 of them took 0.24-0.35 s, now 0.11-0.13 s."""
    chunks = []
    while chunk := os.read(fd, max(size, 1 << 16)):
        chunks.append(chunk)
    return b"".join(chunks)


def decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (BOM allowed) to text with LF line endings, or a diagnostic."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_encoding_problem(rel, 1, 1, "file is UTF-16")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _place(data, nul)
        if _looks_utf16(data):
            return None, [_encoding_problem(rel, 1, 1, "file is UTF-16")]
        return None, [
            Diagnostic(
                rel,
                line,
                column,
                "error",
                "binary-file",
                "file contains NUL bytes: this is not a text file",
                "content items, personas and stages must be UTF-8 Markdown",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _place(data, exc.start)
        guess = _guess_encoding(data)
        what = f"file is not UTF-8 (looks like {guess})" if guess else "file is not UTF-8"
        return None, [
            _encoding_problem(
                rel, line, column, f"{what}: byte 0x{data[exc.start]:02x} cannot be decoded"
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _encoding_problem(rel: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(
        rel, line, column, "error", "encoding", message, "save the file as UTF-8 in your editor"
    )


def _place(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _looks_utf16(data: bytes) -> bool:
    sample = data[:200]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def _guess_encoding(data: bytes) -> str | None:
    for codec, name in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("cp1252", "Windows-1252")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return None

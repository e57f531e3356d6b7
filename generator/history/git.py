"""The plan at a revision: git run as a subprocess, a revision's files written to a
temporary folder that is always removed.

git runs with a fixed argument list, never through a shell; every revision is checked
by ``check_revision`` before it reaches git and passed after ``--end-of-options``, every
path after ``--``. Only regular files under the plan's folders are written, at paths
checked to stay inside the temporary folder: a symbolic link or a submodule in the plan
is refused. Why the command line and ``ls-tree`` + ``cat-file --batch`` rather than a
library or ``git archive``: docs/history.md.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import IO

from generator.errors import PlansiteError

#: What a revision's plan is made of, relative to the project folder.
PLAN_PATHS = ("plansite.yaml", "stages", "personas", "owners", "content", "results")
_REGULAR = {b"100644", b"100755"}
_SAFE_REVISION = re.compile(r"[A-Za-z0-9_./~^@{}+-]+")  # 'HEAD~2', 'origin/main', 'v1.0^{}'
_MAX_REVISION = 256


class GitError(PlansiteError):
    """git is missing, the folder is not in a repository, or a revision is not there.
    ``reason`` says which, for a page that explains it in the project's language:
    ``no-git``, ``not-repository`` or ``failed``."""

    def __init__(self, message: str, reason: str = "failed") -> None:
        super().__init__(message)
        self.reason = reason


class RevisionRefused(PlansiteError):
    """A revision argument that plansite will not hand to git (a usage error)."""


def check_revision(revision: str) -> str:
    """The revision unchanged, or ``RevisionRefused`` saying why: an option-like start,
    a range, whitespace, control or shell characters, or anything outside the letters of
    git's revision syntax that plansite accepts."""
    if not revision:
        raise RevisionRefused("the revision is empty")
    if len(revision) > _MAX_REVISION:
        raise RevisionRefused("the revision is too long")
    if revision.startswith("-"):
        raise RevisionRefused(f"`{_shown(revision)}` looks like an option, not a revision")
    if ".." in revision:
        raise RevisionRefused(
            f"`{_shown(revision)}` is a range; name one revision (diff takes BASE and HEAD)"
        )
    if not _SAFE_REVISION.fullmatch(revision) or "@{-" in revision:
        raise RevisionRefused(
            f"`{_shown(revision)}` is not a revision plansite accepts: use a branch, tag or "
            "commit name of letters, digits and . _ / - ~ ^ @ { } +"
        )
    return revision


def _shown(text: str) -> str:
    """An argument quoted safely in a message: control characters made visible."""
    return text.encode("unicode_escape").decode("ascii")[:80]


@dataclass(frozen=True)
class Repository:
    """The repository a project folder lies in, and the folder's place in it."""

    top: Path
    prefix: str  # the project folder relative to ``top``, POSIX, "" or ending in "/"
    shallow: bool

    def git(self, *args: str, stdin: IO[bytes] | None = None) -> bytes:
        return run_git(self.top, args, stdin=stdin)

    def commit(self, revision: str) -> str:
        """The commit a (checked) revision names, or ``GitError`` with the likely cause."""
        check_revision(revision)
        try:
            out = self.git(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
            )
        except GitError:
            out = b""
        if out.strip():
            return out.decode("ascii").strip()
        if not self.has_commits():
            raise GitError(f"{self.top} has no commits yet: there is no {revision} to read")
        if self.shallow:
            raise GitError(
                f"`{revision}` is not in this clone, which is shallow (only the latest "
                "commits were fetched): fetch the whole history (`git fetch --unshallow`, "
                "or `fetch-depth: 0` in GitHub Actions)"
            )
        raise GitError(f"`{revision}` names no commit in {self.top}")

    def has_commits(self) -> bool:
        try:
            return bool(self.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}").strip())
        except GitError:
            return False

    def commit_on_or_before(self, day: date, zone: tzinfo) -> str:
        """The last commit of HEAD's first-parent line whose committer date is on or
        before the end of ``day`` in ``zone``."""
        if not self.has_commits():
            raise GitError(f"{self.top} has no commits yet")
        if self.shallow:
            raise GitError(
                "this clone is shallow (only the latest commits were fetched), so the "
                f"plan as of {day} may be missing: fetch the whole history "
                "(`git fetch --unshallow`, or `fetch-depth: 0` in GitHub Actions)"
            )
        end = datetime.combine(day, time(23, 59, 59), zone).isoformat()
        out = self.git("rev-list", "-1", "--first-parent", f"--before={end}", "HEAD", "--")
        commit = out.decode("ascii").strip()
        if not commit:
            raise GitError(f"no commit of the current branch is on or before {day}")
        return commit


def run_git(where: Path, args: Sequence[str], *, stdin: IO[bytes] | None = None) -> bytes:
    """``git -C where args``: standard output, or ``GitError`` with git's first line."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(where), *args],
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH); it is needed to read revisions", "no-git"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[0] if message else 'failed'}")
    return done.stdout


def find_repository(project: Path) -> Repository:
    """The repository holding the project folder, or ``GitError`` naming the cause."""
    folder = project.resolve()
    if not folder.is_dir():
        raise GitError(f"{project}: no such folder")
    if not _may_be_in_repository(folder):
        raise _not_a_repository(folder)
    try:
        out = run_git(
            folder, ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"]
        )
    except GitError as exc:
        if "not a git repository" in str(exc):
            raise _not_a_repository(folder) from None
        raise
    lines = out.decode("utf-8").split("\n")
    if len(lines) < 3:
        raise GitError(f"{folder}: this git cannot tell where the repository is")
    return Repository(Path(lines[0]), lines[1], lines[2] == "true")


def _may_be_in_repository(folder: Path) -> bool:
    """False only where git would surely answer "not a git repository": no ``.git`` in
    the folder or any folder above it, and no ``GIT_DIR`` or ``GIT_WORK_TREE`` in the
    environment. Spares starting git on every build of a plan kept outside git."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    return any(os.path.lexists(parent / ".git") for parent in (folder, *folder.parents))


def _not_a_repository(folder: Path) -> GitError:
    return GitError(
        f"{folder} is not in a git repository: reading a revision needs one "
        "(to compare two folders, name both)",
        "not-repository",
    )


@contextmanager
def materialised(repo: Repository, commit: str, name: str) -> Iterator[Path]:
    """The plan's files at ``commit`` written under a new temporary folder, as a project
    folder called ``name`` (the site title defaults to the folder's name); the whole
    temporary folder is removed afterwards, whatever happens."""
    scratch = Path(tempfile.mkdtemp(prefix="plansite-rev-"))
    try:
        root = scratch / (name or "plan")
        root.mkdir()
        entries = _plan_files(repo, commit)
        if entries:
            _write_blobs(repo, entries, root, scratch / "objects")
        yield root
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class Checkout:
    """The plan's files at one commit after another, in one temporary folder. Moving to
    the next commit rewrites only the files that differ: the others keep their stat
    signature, so a memo reuses their parse (a week's samples differ in a few files)."""

    def __init__(self, repo: Repository, name: str) -> None:
        self.repo = repo
        self.scratch = Path(tempfile.mkdtemp(prefix="plansite-rev-"))
        self.root = self.scratch / (name or "plan")
        self.root.mkdir()
        self.files: dict[str, str] = {}  # path inside the project → object id

    def move_to(self, commit: str) -> Path:
        """The project folder, now holding the plan as it is at ``commit``."""
        entries = _plan_files(self.repo, commit)
        wanted = {path: oid for oid, path in entries}
        for path in self.files.keys() - wanted.keys():
            (self.root / path).unlink()
        changed = [(oid, path) for path, oid in wanted.items() if self.files.get(path) != oid]
        for _, path in changed:
            if path in self.files:
                (self.root / path).unlink()  # written anew: a new inode, a new signature
        if changed:
            _write_blobs(self.repo, changed, self.root, self.scratch / "objects")
        self.files = wanted
        return self.root

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Checkout:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plan_files(repo: Repository, commit: str) -> list[tuple[str, str]]:
    """(object id, path inside the project) of every file of the plan at ``commit``."""
    paths = [f"{repo.prefix}{p}" for p in PLAN_PATHS]
    out = repo.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, raw_path = record.split(b"\t", 1)
        mode, _kind, oid = meta.split()
        path = raw_path.decode("utf-8", "surrogateescape")[len(repo.prefix) :]
        if mode not in _REGULAR:
            what = "a symbolic link" if mode == b"120000" else "not a regular file"
            raise GitError(f"{path} at {commit[:12]} is {what}; plansite reads only files")
        entries.append((oid.decode("ascii"), _inside(path)))
    return entries


def _inside(path: str) -> str:
    """A relative POSIX path that cannot leave the folder it is written into."""
    parts = path.split("/")  # every part, empty ones too: "a//b" and "/a" are refused
    if any(p in ("", ".", "..") for p in parts) or "\\" in path or "\x00" in path:
        raise GitError(f"refusing the path `{_shown(path)}` from the repository")
    return path


def _write_blobs(repo: Repository, entries: list[tuple[str, str]], root: Path, ids: Path) -> None:
    """Stream every blob through one ``git cat-file --batch`` and write it under root.
    The object ids go in from a file, so neither pipe can fill up and block the other."""
    ids.write_bytes("".join(f"{oid}\n" for oid, _ in entries).encode("ascii"))
    made: set[Path] = set()
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    with ids.open("rb") as feed:
        try:
            proc = subprocess.Popen(
                ["git", "-C", str(repo.top), "cat-file", "--batch"],
                stdin=feed,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except FileNotFoundError:
            raise GitError("git is not installed (or not on PATH)") from None
        assert proc.stdout is not None
        try:
            for oid, path in entries:
                header = proc.stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    raise GitError(f"{path}: object {oid[:12]} is missing from the repository")
                data = proc.stdout.read(int(header[2]))
                proc.stdout.read(1)  # the newline after each object
                target = root / path
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                with open(target, "xb") as out:  # never through an existing file or link
                    out.write(data)
        finally:
            proc.stdout.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()

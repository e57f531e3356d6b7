"""The memo kept on disk between one-off runs (``incremental.store``): a build or check
starts where the last one left off, gives the very answer a fresh run gives, and never
trusts what it reads back."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analysis import analyse
from generator.build import build, load_project
from generator.incremental import store
from generator.incremental.inputs import FileDigests, recorded_check
from generator.incremental.store import load_memo, memo_path
from generator.load.sources import SourceFile
from tests.conftest import MakeProject
from tests.helpers import REPO, numbered_items, run
from tests.sitecheck import fingerprint


def plansite(*args: str | Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own, as a user runs it one command after another
    (with the test's cache folder, or ``cache``)."""
    env = {**os.environ, **({"PLANSITE_CACHE_DIR": str(cache)} if cache else {})}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow  # four builds of the example, three as processes of their own
def test_the_next_build_starts_from_the_kept_memo_and_matches_a_fresh_build(
    example_project: Path, tmp_path: Path
) -> None:
    first = plansite("--project", example_project, "build", "-o", tmp_path / "site")
    assert first.returncode == 0, first.stderr
    memo = load_memo(example_project)  # read back by another process than the writer
    assert memo.files and memo.analysis is not None and memo.pages and memo.lasting
    items = {
        p.relative_to(example_project).as_posix() for p in example_project.glob("content/*/*.md")
    }
    assert items <= memo.files.keys()

    edit(  # a title, shown on other pages: the plan is loaded, from the memo
        example_project / "content/blog/hidden-cost-of-paper-receipts.md",
        'title: "The hidden cost of paper receipts"',
        "title: What paper receipts cost",
    )
    second = plansite("--project", example_project, "build", "-o", tmp_path / "site")
    assert second.returncode == 0, second.stderr
    assert " unchanged)" in second.stderr

    fresh = plansite(
        "--project", example_project, "build", "-o", tmp_path / "fresh", cache=tmp_path / "other"
    )
    assert fresh.returncode == 0, fresh.stderr
    assert fingerprint(tmp_path / "site") == fingerprint(tmp_path / "fresh")


def _damaged(data: bytes, how: str) -> bytes:
    if how == "cut short":
        return data[: len(data) // 2]
    if how == "a byte flipped":
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
    if how == "another plansite":
        head = len(store.MAGIC)
        return data[:head] + b"0" * 64 + data[head + 64 :]
    assert how == "not a memo"
    return b"\x00" * 100


@pytest.mark.parametrize("how", ["cut short", "a byte flipped", "another plansite", "not a memo"])
def test_a_damaged_or_foreign_memo_is_ignored_and_rewritten(
    make_project: MakeProject, tmp_path: Path, how: str
) -> None:
    root = make_project()
    assert run("--project", root, "build", "-q", "-o", tmp_path / "a").exit_code == 0
    kept = memo_path(root)
    good = kept.read_bytes()
    kept.write_bytes(_damaged(good, how))
    assert not load_memo(root).files

    (root / "content/blog/first.md").write_text(  # a title: the plan is loaded again
        (root / "content/blog/first.md").read_text().replace("First post", "New title"),
        encoding="utf-8",
    )
    result = run("--project", root, "build", "-q", "-o", tmp_path / "a")
    assert result.exit_code == 0, result.output
    assert "New title" in (tmp_path / "a/items/blog/first.html").read_text(encoding="utf-8")
    assert load_memo(root).files  # written anew


class _Planted:
    """What an attacker would plant: unpickling it runs a command."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def _with_checksums(root: Path, first: bytes, second: bytes) -> bytes:
    """A file in the memo's own format, stamp and digests right, around two parts."""
    trailer = b"".join(
        b"%016x" % len(part) + hashlib.sha256(part).hexdigest().encode() for part in (first, second)
    )
    return store.MAGIC + store.stamp(root) + first + second + trailer + b"\n"


def test_a_planted_memo_cannot_run_anything(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    target = tmp_path / "ran"
    planted = pickle.dumps({"files": _Planted(target)}, protocol=5)
    kept = memo_path(root)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(_with_checksums(root, planted, pickle.dumps({}, protocol=5)))
    assert not load_memo(root).files
    assert run("--project", root, "build", "-q", "-o", tmp_path / "site").exit_code == 0
    assert not target.exists()


def test_a_memo_of_the_wrong_shape_is_ignored(make_project: MakeProject) -> None:
    root = make_project()
    kept = memo_path(root)
    kept.parent.mkdir(parents=True, exist_ok=True)
    wrong = pickle.dumps({"files": ["not", "a", "table"]}, protocol=5)
    kept.write_bytes(_with_checksums(root, wrong, pickle.dumps({}, protocol=5)))
    assert not load_memo(root).files


def test_check_repeats_the_last_answer_only_for_the_same_inputs(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project({"content/blog/extra.md": "---\ntitle: Extra\n---\nNo tags at all.\n"})
    built = run("--project", root, "build", "-o", tmp_path / "site")
    first = run("--project", root, "check", "--format", "json")
    assert first.output and first.exit_code == 1  # the build recorded what check shows
    fresh = run("--project", root, "check", "--format", "json")
    assert fresh.output == first.output and fresh.exit_code == first.exit_code
    assert built.exit_code == 1

    (root / "content/blog/extra.md").unlink()
    fixed = run("--project", root, "check", "--format", "json")
    assert fixed.exit_code == 0 and fixed.output.strip() == "[]"


def test_a_same_size_edit_that_keeps_the_modification_time_is_still_seen(
    make_project: MakeProject,
) -> None:
    root = make_project()
    path = root / "content/blog/first.md"
    old = os.stat(path)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**10))  # not "racily clean"
    source = SourceFile(str(path), "content/blog/first.md")
    known = FileDigests(root)
    before = known(source)
    known.save()

    stamp = os.stat(path)
    path.write_bytes(path.read_bytes().replace(b"Body text.", b"Body TEXT."))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, same mtime
    assert FileDigests(root)(source) != before  # the change time moved


def test_a_kept_check_answer_that_is_not_diagnostics_is_ignored(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project()
    build(root, output=str(tmp_path / "site"))
    checked = memo_path(root).with_suffix(".checked.json")
    for bad in ['{"inputs": 1}', "[]", '{"inputs": "x", "diagnostics": [[1, 2]]}', "\x00"]:
        checked.write_text(bad, encoding="utf-8")
        assert recorded_check(root, "x") is None
    result = run("--project", root, "check")
    assert result.exit_code == 0


@pytest.mark.slow  # four builds of 400 items
def test_an_edit_of_one_item_leaves_the_kept_memo_a_setting_writes_it(
    make_project: MakeProject, tmp_path: Path
) -> None:
    root = make_project(numbered_items(400))  # a body edit is well under 5 % of the work
    site = tmp_path / "site"
    assert run("--project", root, "build", "-q", "-o", site).exit_code == 0
    kept = memo_path(root)
    first = kept.read_bytes()

    post = root / "content/blog/first.md"
    post.write_text(post.read_text().replace("Body text.", "New words."), encoding="utf-8")
    body = run("--project", root, "build", "-o", site)
    assert "(1 rendered," in body.stderr
    assert kept.read_bytes() == first  # one page: the next run redoes it, cheaper than a write
    assert "New words." in (site / "items/blog/first.html").read_text(encoding="utf-8")

    again = run("--project", root, "build", "-o", site)  # from the memo as it was: still right
    assert again.exit_code == 0 and "New words." in (site / "items/blog/first.html").read_text()

    post.write_text(post.read_text().replace("status: published", "status: draft"))
    assert run("--project", root, "build", "-q", "-o", site).exit_code == 0
    # one item's front matter: analysed again, which the next such edit redoes anyway
    assert kept.read_bytes() == first
    assert "status-draft" in (site / "items/blog/first.html").read_text(encoding="utf-8")

    config = root / "plansite.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "stale_after_days: 120\n", "utf-8")
    assert run("--project", root, "build", "-q", "-o", site).exit_code == 0
    assert kept.read_bytes() != first  # a setting: every page's key anew, worth keeping


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the memo is written beside the build by fork")
def test_the_memo_is_written_while_the_pages_render(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """A process forked once the pages are planned writes the memo's first tables
    then, and the rest once the build sends what rendering added; ``save`` waits for it.
    The file holds what the build's own memo holds: its first tables pickle to the same
    bytes, and what rendering added is equal item by item and page by page."""
    root = make_project(numbered_items(50))
    kept = store.KeptMemo(root)
    build(root, output=str(tmp_path / "site"), memo_source=kept.get)
    assert kept.writer is not None and kept.late is None  # forked, and sent the rest
    kept.save()
    assert kept.writer is None
    beside = load_memo(root)
    memo_path(root).unlink()
    assert kept.memo is not None
    store.save_memo(root, kept.memo)
    direct = load_memo(root)
    assert len(beside.files) == len(direct.files) > 50
    assert pickle.dumps(first_tables(beside)) == pickle.dumps(first_tables(direct))
    assert store._late_work(beside) == store._late_work(direct)
    assert {k: v[0] for k, v in beside.event_cache.items()} == {
        k: v[0] for k, v in direct.event_cache.items()
    }
    # the items a page read are the very items of the parsed files, as in the build
    items = {id(entry.result.model) for entry in beside.files.values()}
    assert all(id(i) in items for _, _, read, _ in beside.finals.values() for i in read if i)


def first_tables(memo: store.Memo) -> dict[str, object]:
    """The tables a memo writes before rendering ends, with those keyed by object ids
    (which differ from one reading to the next) as lists of their entries."""
    tables = memo.part(store.Memo.LOAD_PART + store.Memo.SITE_EARLY)
    return {
        k: list(v.values()) if k in ("digests", "plans", "bodies") else v for k, v in tables.items()
    }


def test_a_build_that_stops_while_rendering_keeps_the_memo_it_had(
    make_project: MakeProject, tmp_path: Path
) -> None:
    """The writer forked once the pages are planned waits for the rest; a build that stops
    before it is done with the memo closes the pipe, and the writer leaves no file."""
    root = make_project(numbered_items(5))
    first = store.KeptMemo(root)
    build(root, output=str(tmp_path / "site"), memo_source=first.get)
    first.save()
    had = memo_path(root).read_bytes()
    kept = store.KeptMemo(root, fresh=True)
    memo = kept.get()
    memo.work = 1
    loaded = load_project(root, memo=memo)
    memo.planned(loaded.project, analyse(loaded.project))
    assert kept.writer is not None and kept.late is not None
    kept.save()  # as the command does when the build raised
    assert kept.writer is None and kept.late is None
    assert memo_path(root).read_bytes() == had
    assert not [p for p in memo_path(root).parent.iterdir() if p.name.startswith(".")]

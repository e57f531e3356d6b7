"""Safe writing: refused output folders, the staging swap, kills, locks and ids."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import BuildLocked, UnsafeOutput
from generator.output.writer import MARKER, SiteWriter, resolve_output, safe_join, write_file
from generator.site import render
from tests.conftest import MakeProject
from tests.helpers import REPO, default_signals, run
from tests.sitecheck import fingerprint


@pytest.mark.parametrize(
    "output", [".", "..", "content", "content/site", "stages", "personas", "~", "~/site", "/", ""]
)
def test_unsafe_output_folders_are_refused(make_project: MakeProject, output: str) -> None:
    root = make_project()
    before = fingerprint(root)
    with pytest.raises(UnsafeOutput):
        build(root, output=output)
    assert fingerprint(root) == before


def test_refusals_through_the_cli(make_project: MakeProject) -> None:
    root = make_project()
    result = run("--project", root, "build", "-o", root / "content")
    assert result.exit_code == 1
    assert "refusing output folder" in result.stderr and "Traceback" not in result.output


def test_config_output_dotdot_is_refused(make_project: MakeProject) -> None:
    root = make_project({"plansite.yaml": "title: x\noutput: ..\n"})
    result = run("--project", root, "build")
    assert result.exit_code == 1 and "contains the project" in result.stderr


def test_home_folder_is_refused(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_project()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    with pytest.raises(UnsafeOutput, match="home"):
        resolve_output(root, str(tmp_path / "home"))


def test_foreign_non_empty_folder_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"precious")
    with pytest.raises(UnsafeOutput, match="not made by plansite"):
        build(root, output=str(foreign))
    assert (foreign / "holiday.jpg").read_bytes() == b"precious"


def test_symlink_output_is_refused(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    real = tmp_path / "real"
    real.mkdir()
    (root / "linked").symlink_to(real)
    with pytest.raises(UnsafeOutput, match="symlink"):
        build(root, output="linked")


def test_empty_and_own_folders_are_accepted(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    empty = tmp_path / "empty"
    empty.mkdir()
    build(root, output=str(empty))
    assert (empty / MARKER).is_file()
    build(root, output=str(empty))  # now it carries the marker


def test_safe_join_never_leaves_the_base(tmp_path: Path) -> None:
    for bad in ("../x", "a/../../x", "/etc/passwd", "a\\..\\b", "", "."):
        with pytest.raises(UnsafeOutput):
            safe_join(tmp_path, bad)
    assert safe_join(tmp_path, "items/a.html") == tmp_path / "items" / "a.html"


def test_new_files_are_checked_once_their_folder_is_made(tmp_path: Path) -> None:
    """The checks of ``safe_join`` run once per folder; what follows in the same folder
    still has its own name checked, and never goes through a symlink or over a file."""
    base = tmp_path / "staging"
    base.mkdir()
    write_file(base, "items/blog/a.html", b"a")
    write_file(base, "items/blog/b.html", b"b" * 100_000)
    assert (base / "items/blog/b.html").read_bytes() == b"b" * 100_000
    for bad in ("items/blog/..", "items/blog/a\\b", "/items/blog/c.html"):
        with pytest.raises(UnsafeOutput):
            write_file(base, bad, b"x")
    (tmp_path / "elsewhere").write_bytes(b"keep")
    (base / "items/blog/link.html").symlink_to(tmp_path / "elsewhere")
    for taken in ("items/blog/a.html", "items/blog/link.html"):
        with pytest.raises(FileExistsError):
            write_file(base, taken, b"x")
    assert (tmp_path / "elsewhere").read_bytes() == b"keep"
    assert (base / "items/blog/a.html").read_bytes() == b"a"


def test_hostile_ids_stay_inside_the_site(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project(
        {
            "personas/evil.md": "---\nid: ../../../escaped\nname: Evil\n---\nBody\n",
            "stages/03-odd.md": "---\nid: '%2e%2e/%2e%2e/x'\nname: Odd\n---\nBody\n",
            "content/odd.md": "---\ntitle: T\nid: 'a\\..\\b'\npersona: ../../../escaped\n"
            "stage: '%2e%2e/%2e%2e/x'\nchannel: blog\n---\nBody\n",
        }
    )
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    build(root)
    site = root / "site"
    written = [p.resolve() for p in site.rglob("*")]
    assert all(p.is_relative_to(site.resolve()) for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before
    assert (site / "personas/escaped.html").is_file()


def test_a_failing_build_keeps_the_old_site(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()
    build(root)
    before = fingerprint(root / "site")
    calls = 0
    real = render.render_tracked

    def failing(project: object, page: object) -> tuple[bytes, tuple[str, ...]]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return real(project, page)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.site.parallel.render_tracked", failing)
    with pytest.raises(OSError):
        build(root, clean=True)
    assert fingerprint(root / "site") == before
    assert not [p for p in root.iterdir() if "staging" in p.name]


def test_disk_full_is_reported_without_traceback(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project()

    def full(self: SiteWriter, rel: str, data: bytes) -> None:
        raise OSError(28, "No space left on device", rel)

    monkeypatch.setattr(SiteWriter, "write", full)
    result = run("--project", root, "build")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.output


def test_two_builds_cannot_interleave(make_project: MakeProject) -> None:
    root = make_project()
    with SiteWriter(root / "site"), pytest.raises(BuildLocked):
        build(root)


SLOW_BUILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import generator.site.parallel as p
    real = p.render_tracked
    def slow(project, page):
        time.sleep(0.05)
        return real(project, page)
    p.render_tracked = slow
    from generator.cli import main
    sys.argv = ["plansite", "--project", sys.argv[1], "build", "--clean"]
    main()
""")


def _start_slow_build(root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(root)],
        env=env,
        preexec_fn=default_signals,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        staging = [p for p in root.iterdir() if "staging" in p.name]
        if staging and (staging[0] / "index.html").exists():
            return proc
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("the build never started writing")


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 130), (signal.SIGINT, 130), (signal.SIGKILL, -9)]
)
@pytest.mark.slow  # builds killed by signals, in subprocesses
def test_killed_build_keeps_the_old_site(make_project: MakeProject, sig: int, code: int) -> None:
    extra = {
        f"content/blog/p{i}.md": f"---\ntitle: P{i}\npersona: cfo\nstage: awareness\n"
        f"channel: blog\n---\nBody {i}\n"
        for i in range(60)
    }
    root = make_project(extra)
    build(root)
    before = fingerprint(root / "site")
    proc = _start_slow_build(root)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert fingerprint(root / "site") == before
    if sig != signal.SIGKILL:
        assert b"previous site was left as it was" in err
        assert not [p for p in root.iterdir() if "staging" in p.name]
    build(root)  # the next build cleans up what a kill -9 left behind
    assert not [p for p in root.iterdir() if "staging" in p.name]


def test_the_site_folder_is_readable_like_any_new_folder(make_project: MakeProject) -> None:
    root = make_project()
    old = os.umask(0o022)
    try:
        build(root)
    finally:
        os.umask(old)
    assert (root / "site").stat().st_mode & 0o777 == 0o755


def test_a_build_leaves_nothing_beside_the_sources(
    make_project: MakeProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock lives in plansite's cache folder: after a build the project holds its
    sources and the output folder, nothing else."""
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project()
    before = {p.name for p in root.iterdir()}
    build(root)
    assert {p.name for p in root.iterdir()} == before | {"site"}
    assert list((tmp_path / "cache" / "locks").glob("*.lock"))

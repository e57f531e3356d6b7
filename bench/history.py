"""``python -m bench.history``: what the plan's git history adds to a build.

Writes the plansite project of ``bench/corpus.py`` (N items) into a new git repository
and commits it once a week for ``--weeks`` weeks up to the corpus's today: the first
commit holds the whole plan, each later one moves some items a status further on and
retitles a few (as a team's week of work would). Then it times ``plansite build`` in a
child process, best of ``--repeat``:

- **without history**: the same project copied outside git (no Trends samples);
- **cold with trends**: in the repository, with an empty cache folder, so every week is
  sampled;
- **rebuild after one new commit**: the same edits in both copies, one more commit in the
  repository, then a build of each into its previous output folder, with the cache kept:
  only the new commit is sampled, and its sample is the build's own reading of the folder.
  The difference is what history adds to such a rebuild.

The same N, weeks and seed give the same commits (their dates are fixed too).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.corpus import write_corpus
from bench.vocabulary import TODAY

#: How a week moves an item on.
NEXT_STATUS = {"idea": "planned", "planned": "draft", "draft": "review", "review": "scheduled"}
STATUS_LINE = re.compile(r"^status: (\w+)$", re.MULTILINE)


def git(repo: Path, *args: str, when: datetime | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=repo,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def write_history(base: Path, n: int, weeks: int, seed: int) -> Path:
    """The corpus in a repository with ``weeks`` weekly commits; returns the project."""
    _items, folders = write_corpus(base, n, seed, ("plansite",))
    root = folders["plansite"]
    rng = random.Random(seed)
    git(root, "init", "-q", "-b", "main")
    first = datetime.combine(TODAY - timedelta(weeks=weeks - 1), datetime.min.time())
    files = sorted((root / "content").rglob("*.md"))
    for week in range(weeks):
        if week:
            _work_a_week(rng, files, max(1, n // 100))
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"week {week + 1}", when=first + timedelta(weeks=week))
    return root


def _work_a_week(rng: random.Random, files: list[Path], count: int) -> None:
    for path in rng.sample(files, count):
        text = path.read_text(encoding="utf-8")
        found = STATUS_LINE.search(text)
        if found and found.group(1) in NEXT_STATUS:
            text = STATUS_LINE.sub(f"status: {NEXT_STATUS[found.group(1)]}", text, count=1)
        else:
            text = text.replace("\ntitle: \"", "\ntitle: \"Revised ", 1)
        path.write_text(text, encoding="utf-8")


def timed_build(project: Path, out: Path, cache: Path) -> float:
    env = {**os.environ, "PLANSITE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "generator.cli", "--project", str(project)]
    began = time.perf_counter()
    done = subprocess.run([*command, "build", "-q", "-o", str(out)], env=env, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"the build of {project} failed:\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - began


def measure(base: Path, n: int, weeks: int, seed: int, repeat: int) -> dict[str, float]:
    root = write_history(base, n, weeks, seed)
    plain = base / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    names = ("without history", "cold with trends", "rebuild without", "rebuild with trends")
    figures: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        scratch = base / f"round-{round_}"
        scratch.mkdir()
        figures["without history"].append(timed_build(plain, scratch / "a", scratch / "c1"))
        cache = scratch / "c2"
        figures["cold with trends"].append(timed_build(root, scratch / "b", cache))
        for folder in (plain, root):  # the same week of work in both
            _work_a_week(random.Random(round_), sorted((folder / "content").rglob("*.md")), 5)
        git(root, "commit", "-q", "-am", f"round {round_}", when=_now(weeks))
        figures["rebuild without"].append(timed_build(plain, scratch / "a", scratch / "c1"))
        figures["rebuild with trends"].append(timed_build(root, scratch / "b", cache))
        shutil.rmtree(scratch)
    return {name: min(times) for name, times in figures.items()}


def _now(weeks: int) -> datetime:
    """The new commit's time: a day after the last weekly one, still before today."""
    first = datetime.combine(TODAY - timedelta(weeks=weeks - 1), datetime.min.time())
    return first + timedelta(weeks=weeks - 1, days=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="plansite-history-") as base:
        figures = measure(Path(base), args.items, args.weeks, args.seed, args.repeat)
    print(f"{args.items} items, {args.weeks} weekly commits, best of {args.repeat}, elapsed")
    for name, seconds in figures.items():
        print(f"  {name:<22} {seconds:7.2f} s")
    ratio = figures["cold with trends"] / figures["without history"]
    added = figures["rebuild with trends"] - figures["rebuild without"]
    print(f"  cold with trends ÷ without: {ratio:.2f} (target: under 2)")
    print(f"  added to a rebuild after one new commit: {added:.2f} s (target: under 2 s)")


if __name__ == "__main__":
    main()

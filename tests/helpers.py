"""Helpers shared by the tests: a base project, file writing, running the CLI."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
#: A small valid project: two stages, two personas, two items.
BASE_FILES: dict[str, str] = {
    "plansite.yaml": """
        title: Test plan
        channels:
          blog: {name: Blog, cadence: "FREQ=WEEKLY;BYDAY=MO"}
          sales: {name: Sales, human: true}
    """,
    "stages/01-awareness.md": """
        ---
        name: Awareness
        funnel: top
        ---
        People notice a problem.
    """,
    "stages/02-decision.md": """
        ---
        name: Decision
        funnel: bottom
        ---
        People choose.
    """,
    "personas/cfo.md": """
        ---
        name: CFO
        role: decision-maker
        priority: high
        ---
        Signs the contract.
    """,
    "personas/it-manager.md": """
        ---
        name: IT manager
        role: it
        ---
        Checks security.
    """,
    "content/blog/first.md": """
        ---
        title: First post
        persona: cfo
        stage: awareness
        channel: blog
        status: published
        date: 2026-11-02
        owner: aiko
        next: [sales/demo]
        ---
        # Why it matters

        Body text.
    """,
    "content/sales/demo.md": """
        ---
        title: Demo
        persona: [cfo, it-manager]
        stage: decision
        channel: sales
        date: 2026-12-01
        owner: ken
        ---
        A live demo.
    """,
}


def numbered_items(
    count: int, *, first: date = date(2026, 11, 1), folder: str = "list", persona: str = "cfo"
) -> dict[str, str | bytes | None]:
    """``count`` items for one persona at the awareness stage on the blog, a day apart
    from ``first``: lists long enough to run over several pages."""
    return {
        f"content/{folder}/item-{n:03}.md": (
            f"---\ntitle: Item {n}\npersona: {persona}\nstage: awareness\nchannel: blog\n"
            f"date: {first + timedelta(days=n)}\n---\nBody {n}.\n"
        )
        for n in range(count)
    }


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, text in files.items():
        path = root / rel
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def run(*args: str | Path) -> Result:
    """Run the CLI in-process, as a user would type it."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def default_signals() -> None:
    """For ``Popen(preexec_fn=...)``: the child takes Ctrl-C as a user's terminal would,
    even when the test run itself was started with SIGINT ignored (``&``, ``nohup``, some
    CI runners), which a child would otherwise inherit."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

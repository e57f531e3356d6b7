"""A scratch git repository of a plan with known commits over several weeks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import BASE_FILES, write_files

#: The commits of the scratch plan: (date, message, files changed).
COMMITS: list[tuple[str, str, dict[str, str | bytes | None]]] = [
    ("2026-11-02T10:00:00+00:00", "the base plan", dict(BASE_FILES)),
    (
        "2026-11-09T10:00:00+00:00",
        "publish the demo, add a post for IT",
        {
            "content/sales/demo.md": """
                ---
                title: Demo
                persona: [cfo, it-manager]
                stage: decision
                channel: sales
                status: published
                date: 2026-12-01
                owner: mia
                ---
                A live demo.
            """,
            "content/blog/second.md": """
                ---
                title: Second post
                persona: it-manager
                stage: awareness
                channel: blog
                date: 2026-12-07
                owner: aiko
                ---
                Security first.
            """,
        },
    ),
    (
        "2026-11-16T10:00:00+00:00",
        "drop the first post, plan a pricing page that is already late",
        {
            "content/blog/first.md": None,
            "content/sales/pricing.md": """
                ---
                title: Pricing
                persona: cfo
                stage: decision
                channel: sales
                date: 2026-11-20
                owner: ken
                ---
                What it costs.
            """,
        },
    ),
    (
        "2026-11-23T10:00:00+00:00",
        "publish the pricing page, a new post for the CFO",
        {
            "content/sales/pricing.md": """
                ---
                title: Pricing
                persona: cfo
                stage: decision
                channel: sales
                status: published
                date: 2026-11-20
                owner: ken
                ---
                What it costs.
            """,
            "content/blog/third.md": """
                ---
                title: Third post
                persona: cfo
                stage: awareness
                channel: blog
                status: published
                date: 2026-11-23
                owner: aiko
                next: [sales/pricing]
                ---
                Why it matters.
            """,
        },
    ),
]


def git_env(when: str = "2026-11-01T00:00:00+00:00") -> dict[str, str]:
    """A git that reads no user or system configuration and stamps fixed names and dates."""
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Plan Author",
        "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Plan Author",
        "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }


def git(root: Path, *args: str, when: str = "2026-11-01T00:00:00+00:00") -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=git_env(when), capture_output=True, text=True, check=True
    )
    return done.stdout


def scratch_repository(root: Path) -> list[str]:
    """The scratch plan committed in ``root``; the commits' ids, oldest first."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    ids = []
    for when, message, files in COMMITS:
        write_files(root, files)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", message, when=when)
        ids.append(git(root, "rev-parse", "HEAD").strip())
    return ids

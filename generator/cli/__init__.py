"""The command line: parse options, call one core function, turn its errors into exit
codes. ``app`` holds the group and the shared pieces; each other module adds commands."""

from __future__ import annotations

from generator.cli import authoring, history, reports, site
from generator.cli.app import main

__all__ = ["authoring", "history", "main", "reports", "site"]

"""The command line: parse options, call one core function, turn its errors into exit
codes. ``app`` holds the group and the shared pieces; each other module adds commands,
and is imported when one of its commands is run (``app.COMMANDS``)."""

from __future__ import annotations

from generator.cli.app import main

__all__ = ["main"]

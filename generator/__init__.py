"""plansite: compile a content plan of Markdown items into a static site."""

from __future__ import annotations

__version__ = "0.1.0"

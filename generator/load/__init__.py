"""Phases 1–3: read the project's files, parse their front matter, validate them."""

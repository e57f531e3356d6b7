"""Reuse between builds: what changed since the last one, and what may be kept."""

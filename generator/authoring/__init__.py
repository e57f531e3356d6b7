"""Starting and growing a project: ``init``, ``new``, ``import``."""

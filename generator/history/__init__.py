"""The plan over time: a git revision's plan loaded beside the working tree's, the
difference between two states of a plan, a build as of a revision (docs/history.md)."""

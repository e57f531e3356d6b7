"""Analysis: the content matrix, the gap report and the publishing calendar of a project.

Pure functions over the typed model: a ``Project`` in, an ``Analysis`` out, no file
access and no clock (``project.today`` is the only "now"), so every page and export built
from it is reproducible and each part is unit-tested without a project on disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analysis.calendar import Calendar, build_calendar
from generator.analysis.combined import Pieces
from generator.analysis.gaps import GapReport, find_gaps
from generator.analysis.matrix import Matrix, build_matrix
from generator.analysis.people import People, analyse_people
from generator.analysis.results import Results, analyse_results
from generator.model import Project

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True)
class Analysis:
    """Everything the pages and exports show about a plan, computed once per build."""

    matrix: Matrix
    calendar: Calendar
    gaps: GapReport
    results: Results
    people: People


def analyse(project: Project, pieces: Pieces | None = None) -> Analysis:
    """Matrix, calendar, results and people first: the gap report reads them (cells,
    cadence slots, caps, attainments, weekly loads). ``pieces``: the result rows already
    combined, when the caller kept an earlier build's work (``analysis.combined``)."""
    matrix = build_matrix(project)
    calendar = build_calendar(project)
    results = analyse_results(project, pieces)
    people = analyse_people(project, calendar.window)
    gaps = find_gaps(project, matrix, calendar, results, people)
    return Analysis(matrix, calendar, gaps, results, people)

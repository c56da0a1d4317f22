"""Committed assignment notebooks match the bank, and `swcourse check` validates the specs."""

from __future__ import annotations

from pathlib import Path

import nbformat

from swcourse.core.course import require_course
from swcourse.grading.generate import render_all


def test_committed_notebooks_are_current(course_root: Path) -> None:
    """Is any notebook in quizzes/source stale against quizzes/bank (regenerate if so)?"""
    stale = [
        str(g.path.relative_to(course_root))
        for g in render_all(require_course(course_root))
        if not g.current
    ]
    assert stale == [], "run `swcourse assignments generate`; stale: " + ", ".join(stale)


def test_source_notebooks_have_no_outputs(course_root: Path) -> None:
    """Are the committed source notebooks free of outputs and execution counts?"""
    for path in (course_root / "quizzes" / "source").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path

"""Read an nbgrader gradebook into the plain score matrix that `analysis` works on.

Every generated question's grade cell is named `q{N}-{item id}-grade` (autograded) or
`q{N}-{item id}-answer` (a reflection graded by hand), see `notebooks.item_cells`; that name is
how a gradebook score is traced back to its bank item, its type and its learning objectives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

from ..classreport.analysis import Cell, ItemColumn, ScoreMatrix
from ..classreport.variant_report import Pool, pools
from ..core.atomic import atomic_path as atomic_path  # report, roster, exports import it here
from ..core.course import Course

GRADE_NAME = re.compile(r"^q(?P<number>\d+)-(?P<item>q-\d{2}-[a-z0-9-]+)-(?:grade|answer)$")


@dataclass(frozen=True)
class AssignmentScores:
    """One assignment's scores, with what the report needs to name things."""

    assignment: str
    title: str
    matrix: ScoreMatrix
    objective_texts: dict[str, str]
    pools: dict[str, Pool] = field(default_factory=dict)  # drawn questions (variant_report)


@contextmanager
def open_gradebook(course_dir: Path) -> Iterator[Gradebook]:
    """The course's gradebook, opened for reading.

    Gradebook() creates a missing database and adds the course id it is given, so we check the
    file exists first and pass an empty course id, which nbgrader never inserts.
    """
    database = course_dir / "gradebook.db"
    if not database.is_file():
        raise FileNotFoundError(f"no gradebook at {database}: run `nbgrader autograde` first")
    with Gradebook(f"sqlite:///{database}", course_id="") as gradebook:
        yield gradebook


def item_column(name: str, max_points: float, bank: dict[str, Any]) -> ItemColumn:
    """The column for one grade cell; a name that is not a bank item keeps only its points."""
    match = GRADE_NAME.match(name)
    item = bank.get(match["item"]) if match else None
    if match is None or item is None:
        return ItemColumn(name=name, max_points=max_points)
    return ItemColumn(
        name=name,
        max_points=max_points,
        item_id=item.id,
        number=int(match["number"]),
        type=item.type,
        objectives=tuple(item.objectives),
    )


def cell_score(grade: Any) -> Cell:
    """The score of a grade, or None while it still needs a manual grade.

    nbgrader's Grade.score is 0 when neither an automatic nor a manual score exists, which would
    count an ungraded reflection (or a deleted grade cell) as a wrong answer.
    """
    if grade.needs_manual_grade:
        return None
    return float(grade.score)


def _columns(assignment: Any, bank: dict[str, Any]) -> list[tuple[str, str, ItemColumn]]:
    """(notebook, cell name, column) for every grade cell, in question order."""
    several = len(assignment.notebooks) > 1
    found = [
        (
            nb.name,
            cell.name,
            item_column(
                f"{nb.name}/{cell.name}" if several else cell.name, float(cell.max_score), bank
            ),
        )
        for nb in assignment.notebooks
        for cell in nb.grade_cells
    ]
    return sorted(found, key=lambda c: (c[0], c[2].number or 10**6, c[1]))


def _row(submission: Any, columns: list[tuple[str, str, ItemColumn]]) -> tuple[Cell, ...]:
    grades = {(nb.name, grade.name): grade for nb in submission.notebooks for grade in nb.grades}
    return tuple(cell_score(grades[(n, c)]) if (n, c) in grades else None for n, c, _ in columns)


def read_matrix(gradebook: Gradebook, assignment: str, bank: dict[str, Any]) -> ScoreMatrix:
    """Students who submitted by grade cells of one assignment, from an open gradebook."""
    try:
        record = gradebook.find_assignment(assignment)
    except MissingEntry as exc:
        raise KeyError(f"assignment {assignment!r} is not in the gradebook") from exc
    columns = _columns(record, bank)
    submissions = sorted(record.submissions, key=lambda s: s.student_id)
    return ScoreMatrix(
        students=tuple(s.student_id for s in submissions),
        items=tuple(column for _, _, column in columns),
        scores=tuple(_row(s, columns) for s in submissions),
    )


def read_assignment(
    course: Course, assignment: str, course_dir: Path | None = None
) -> AssignmentScores:
    """One assignment's score matrix, its title, and the text of the objectives it assesses.

    `course` gives the bank, the objectives and the titles; `course_dir` is the nbgrader
    course holding gradebook.db, by default the repository's quizzes/.
    """
    course_dir = course_dir or course.layout.quizzes
    found = pools(course, assignment)  # a pool's slots read like items: q{N}-{pool id}-grade
    with open_gradebook(course_dir) as gradebook:
        matrix = read_matrix(gradebook, assignment, {**course.items, **found})
    return AssignmentScores(
        assignment=assignment,
        title=course.assignment_titles.get(assignment, assignment),
        matrix=matrix,
        objective_texts=course.objective_texts,
        pools=found,
    )

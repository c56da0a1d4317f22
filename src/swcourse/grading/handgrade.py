"""Hand grading by question: every student's answer to one reflection on one screen.

Formgrader goes student by student, each page a whole notebook; with 80 students and three
reflections that is 240 long pages. Here the instructor picks a reflection, reads its rubric
once, and scores every student's answer in a column of short fields. Each score is written to
nbgrader's gradebook exactly as formgrader's grade API writes it (nbgrader's
server_extensions/formgrader/apihandlers.py, GradeHandler.put): `manual_score` set (or cleared),
`needs_manual_grade` false unless neither a manual nor an automatic score is left, one commit;
so formgrader, feedback and exports see the same grade.

This module reads and writes data only; `handgrade_app` draws the widgets.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.answers import answers_path, read_answers

ANSWER_ID = re.compile(r"^q(?P<number>\d+)-(?P<item>q-\d{2}-[a-z0-9-]+)-answer$")
SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.DOTALL)


@dataclass(frozen=True)
class Entry:
    """One student's answer to the question and its grade as the gradebook holds it."""

    student: str
    name: str
    grade_id: str  # the Grade row's primary key, as formgrader's API uses it
    answer: str
    manual_score: float | None
    auto_score: float | None


@dataclass(frozen=True)
class Question:
    number: int
    cell: str  # the grade cell name, q{N}-{item id}-answer
    notebook: str
    item: Any  # the bank's Reflection
    entries: tuple[Entry, ...]

    @property
    def graded(self) -> int:
        return sum(e.manual_score is not None for e in self.entries)


@contextmanager
def gradebook(course_dir: Path) -> Iterator[Any]:
    """The course's gradebook, quiet about SQLAlchemy's notes on nbgrader's queries."""
    from nbgrader.api import Gradebook

    database = course_dir / "gradebook.db"
    if not database.is_file():
        raise FileNotFoundError(f"no gradebook at {database}: collect and autograde first")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{database}", course_id="") as db:
            yield db


def _answer_text(
    course_dir: Path, assignment: str, student: str, notebook: str, cell: str, number: int
) -> str:
    """What the student wrote: the saved-answers file first, else the answer cell."""
    import nbformat

    for stage in ("autograded", "submitted"):
        folder = course_dir / stage / student / assignment
        saved = read_answers(answers_path(folder, notebook)).get(number)
        if isinstance(saved, str) and saved.strip():
            return saved
        path = folder / f"{notebook}.ipynb"
        if not path.is_file():
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            return "(the notebook could not be read)"
        for c in nb.cells:
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == cell:
                return SOLUTION.sub("", c.source).strip()
    return ""


def reflections(course_dir: Path, assignment: str, bank: dict[str, Any]) -> list[Question]:
    """Every hand-graded question of `assignment`, with each submitted student's answer."""
    questions = []
    with gradebook(course_dir) as db:
        record = db.find_assignment(assignment)
        for notebook in record.notebooks:
            for cell in notebook.grade_cells:
                match = ANSWER_ID.match(cell.name)
                if match is None or match["item"] not in bank:
                    continue
                number = int(match["number"])
                entries = []
                for submission in sorted(record.submissions, key=lambda s: s.student_id):
                    grade = db.find_grade(
                        cell.name, notebook.name, assignment, submission.student_id
                    )
                    student = submission.student
                    name = " ".join(p for p in (student.first_name, student.last_name) if p)
                    entries.append(
                        Entry(
                            submission.student_id,
                            name,
                            grade.id,
                            _answer_text(
                                course_dir,
                                assignment,
                                submission.student_id,
                                notebook.name,
                                cell.name,
                                number,
                            ),
                            grade.manual_score,
                            grade.auto_score,
                        )
                    )
                questions.append(
                    Question(number, cell.name, notebook.name, bank[match["item"]], tuple(entries))
                )
    return sorted(questions, key=lambda q: (q.notebook, q.number))


def parse_score(text: str, max_points: float) -> float | None:
    """A typed score: empty clears the grade; otherwise a number from 0 to the maximum."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a number: type a score from 0 to {max_points:g}, or leave it empty"
        ) from None
    if not 0 <= value <= max_points:
        raise ValueError(f"{value:g} is outside 0 to {max_points:g}")
    return value


def save_score(course_dir: Path, grade_id: str, manual_score: float | None) -> None:
    """Write one manual score the way formgrader's GradeHandler.put does."""
    with gradebook(course_dir) as db:
        grade = db.find_grade_by_id(grade_id)
        grade.manual_score = manual_score
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        db.db.commit()

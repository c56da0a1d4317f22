"""Export nbgrader grades as CSV files an LMS gradebook imports.

`export_grades` writes three files into one folder, each atomically:

`grades.csv` (nbgrader)
    Written by nbgrader's own CsvExportPlugin, so it is byte for byte what `nbgrader export`
    writes: assignment, duedate, timestamp, student_id, last_name, first_name, email, raw_score,
    late_submission_penalty, score, max_score; one row per student and assignment, 0 for an
    assignment a student did not submit.

`canvas-grades.csv` (Canvas)
    Columns "Student", "ID", "SIS User ID", "SIS Login ID", "Section", then one column per
    assignment titled "<assignment title> (<assignment id>)". The first row after the header is
    "Points Possible" with each assignment's maximum. Then one row per student: "Student" is
    "Last, First" (or the student id when nbgrader has no name), "SIS Login ID" is the nbgrader
    student id, "ID", "SIS User ID" and "Section" are empty. Import it in Canvas with
    Grades > Import: Canvas matches students by SIS Login ID (then by name), and a column whose
    header is not an existing assignment becomes a new assignment with that header as its
    title; later imports of the same header update it.

`moodle-grades.csv` (Moodle)
    Columns "username", then one column per assignment title; scores are plain numbers with a
    decimal point. Import it in Moodle with Grades > Import > CSV file: map "username" (Map from)
    to the user identifier "username" (Map to), and each assignment column to its grade item.

In both LMS files the score is nbgrader's `score` (raw score less any late penalty, never
below 0) and a student with no submission for an assignment gets an empty cell. A score still
awaiting a hand grade counts 0 in nbgrader's total, so export after grading the reflections.
The nbgrader student ids must be the students' LMS login names (as with JupyterHub logins taken
from the LMS); otherwise the LMS will not find the students.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook
from nbgrader.plugins import CsvExportPlugin

from .gradebook import assignment_titles, atomic_path, open_gradebook

NBGRADER_CSV, CANVAS_CSV, MOODLE_CSV = "grades.csv", "canvas-grades.csv", "moodle-grades.csv"
NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                    "email", "raw_score", "late_submission_penalty", "score", "max_score"]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "Points Possible"


@dataclass(frozen=True)
class Column:
    """One assignment as an LMS column."""

    id: str
    title: str
    max_score: float


@dataclass(frozen=True)
class Person:
    id: str
    first_name: str
    last_name: str

    @property
    def display(self) -> str:
        """Canvas's "Student" column reads "Last, First"; fall back to the id."""
        if self.first_name and self.last_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.id


@dataclass(frozen=True)
class GradeTable:
    """Final scores per (student id, assignment id); a missing pair means no submission."""

    columns: list[Column]
    people: list[Person]
    scores: dict[tuple[str, str], float]

    def cell(self, person: Person, column: Column) -> str:
        score = self.scores.get((person.id, column.id))
        return "" if score is None else number(score)


def number(value: float) -> str:
    """A plain decimal number (no exponent, no trailing zeros) that every LMS parses."""
    return f"{round(value, 4):.4f}".rstrip("0").rstrip(".")


def final_score(submission: Any) -> float:  # noqa: ANN401 - an nbgrader SubmittedAssignment
    """nbgrader's exported `score`: the raw score less the late penalty, never below 0."""
    return max(0.0, float(submission.score) - float(submission.late_submission_penalty or 0.0))


def read_grades(gradebook: Gradebook, titles: dict[str, str]) -> GradeTable:
    """Every assignment and student in the gradebook, assignments in assignments.yaml order."""
    order = {assignment_id: index for index, assignment_id in enumerate(titles)}
    records = sorted(gradebook.assignments, key=lambda a: (order.get(a.name, len(order)), a.name))
    columns = [Column(a.name, titles.get(a.name, a.name), float(a.max_score)) for a in records]
    people = sorted((Person(s.id, s.first_name or "", s.last_name or "")
                     for s in gradebook.students), key=lambda p: p.id)
    scores = {(submission.student_id, a.name): final_score(submission)
              for a in records for submission in a.submissions}
    return GradeTable(columns, people, scores)


def canvas_rows(table: GradeTable) -> list[list[str]]:
    """Header, the Points Possible row, then one row per student."""
    header = CANVAS_IDENTITY + [f"{c.title} ({c.id})" for c in table.columns]
    points = [POINTS_POSSIBLE, "", "", "", ""] + [number(c.max_score) for c in table.columns]
    students = [[p.display, "", "", p.id, ""] + [table.cell(p, c) for c in table.columns]
                for p in table.people]
    return [header, points, *students]


def moodle_rows(table: GradeTable) -> list[list[str]]:
    """Header, then one row per student keyed by username."""
    header = ["username"] + [c.title for c in table.columns]
    return [header, *([p.id] + [table.cell(p, c) for c in table.columns] for p in table.people)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with atomic_path(path) as temporary:
        with temporary.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return path


def write_nbgrader_csv(gradebook: Gradebook, path: Path) -> Path:
    """nbgrader's own export, written to a temporary file and moved into place."""
    with atomic_path(path) as temporary:
        CsvExportPlugin(to=str(temporary)).export(gradebook)
    return path


def export_grades(root: Path, course_dir: Path, out_dir: Path) -> list[Path]:
    """Write the nbgrader, Canvas and Moodle CSV files into `out_dir`; return their paths.

    `root` is the course repository (for assignment titles); `course_dir` is the nbgrader
    course whose gradebook.db holds the grades.
    """
    titles = assignment_titles(root)
    with open_gradebook(course_dir) as gradebook:
        native = write_nbgrader_csv(gradebook, out_dir / NBGRADER_CSV)
        table = read_grades(gradebook, titles)
    return [native, write_csv(out_dir / CANVAS_CSV, canvas_rows(table)),
            write_csv(out_dir / MOODLE_CSV, moodle_rows(table))]

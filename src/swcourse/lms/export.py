"""Export nbgrader grades as CSV files that Canvas and Moodle import without hand editing.

`export_grades` writes these files into one folder, each atomically and with nbgrader's file
mode (0644 under the usual umask). Every file is written by the csv module (minimal quoting, so
a name with a comma or a quote is one quoted cell) in UTF-8. The instructor guide documents
every column; in short:

`grades.csv` (nbgrader)
    Byte for byte what `nbgrader export` writes (nbgrader's CsvExportPlugin).
`canvas-grades.csv` (Canvas: Grades > Import)
    "Student" ("Last, First"), "ID" (Canvas user id), "SIS User ID", "SIS Login ID", "Section",
    taken from the imported roster (`swcourse roster import`), then one column per assignment.
    The header is "<title> (<Canvas assignment id>)" when lms.yaml gives the id, which Canvas
    matches to that existing assignment; otherwise it is "<title>", which Canvas matches to an
    assignment of exactly that name or creates. The "Points Possible" row gives each
    assignment's maximum (used for a new assignment). No submission: an empty cell.
`moodle-<assignment>.csv` (Moodle: Grades > Import > CSV file), one per assignment
    The identity column (username, idnumber or email, per lms.yaml) and "<title>"; a student
    with no submission is left out (an empty cell would clear a grade entered in Moodle).
`moodle-grade-items.csv`
    Each assignment's title, maximum grade and id: Moodle's CSV import reads no maximum and a
    new grade item gets 100, so create each grade item with this maximum before importing.

The score is nbgrader's `score` (raw score less any late penalty, never below 0). A score still
awaiting a hand grade counts 0 in nbgrader's total, so export after grading the reflections.
"""

from __future__ import annotations

import csv
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook
from nbgrader.plugins import CsvExportPlugin

from ..core.course import Course
from ..grading.gradebook import atomic_path, open_gradebook
from .config import LmsConfig, load_lms_config
from .roster import Member, load_roster

NBGRADER_CSV, CANVAS_CSV, MOODLE_ITEMS_CSV = (
    "grades.csv",
    "canvas-grades.csv",
    "moodle-grade-items.csv",
)
NBGRADER_COLUMNS = [
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ITEMS = ["Grade item", "Maximum grade", "ID number"]
POINTS_POSSIBLE = "Points Possible"


def moodle_file(assignment: str) -> str:
    return f"moodle-{assignment}.csv"


@dataclass(frozen=True)
class Column:
    """One assignment as an LMS column."""

    id: str
    title: str
    max_score: float
    canvas_id: int | None = None

    @property
    def canvas_header(self) -> str:
        """Canvas reads a trailing "(digits)" as an assignment id; anything else is a name."""
        return f"{self.title} ({self.canvas_id})" if self.canvas_id else self.title


@dataclass(frozen=True)
class Person:
    id: str
    first_name: str
    last_name: str
    email: str = ""
    member: Member | None = field(default=None, compare=False)

    @property
    def display(self) -> str:
        """Canvas's "Student" column reads "Last, First"; fall back to the id."""
        if self.first_name and self.last_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.id

    def known_to(self, lms: str) -> bool:
        """Whether the roster says this student is enrolled in `lms` (a plain roster counts)."""
        return self.member is not None and bool({lms, "plain"} & set(self.member.sources))

    def moodle_identity(self, identity: str) -> str:
        member = self.member or Member(self.id)
        return {
            "username": member.moodle_username or self.id,
            "email": member.email or self.email,
            "idnumber": member.moodle_idnumber,
        }[identity]


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


def final_score(submission: Any) -> float:
    """nbgrader's exported `score`: the raw score less the late penalty, never below 0."""
    return max(0.0, float(submission.score) - float(submission.late_submission_penalty or 0.0))


def read_grades(
    gradebook: Gradebook,
    titles: dict[str, str],
    roster: dict[str, Member] | None = None,
    config: LmsConfig | None = None,
) -> GradeTable:
    """Every assignment and student in the gradebook, assignments in assignments.yaml order."""
    roster, config = roster or {}, config or LmsConfig()
    ids = config.canvas.assignment_ids
    order = {assignment_id: index for index, assignment_id in enumerate(titles)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's score queries
        records = sorted(
            gradebook.assignments, key=lambda a: (order.get(a.name, len(order)), a.name)
        )
        columns = [
            Column(a.name, titles.get(a.name, a.name), float(a.max_score), ids.get(a.name))
            for a in records
        ]
        people = sorted(
            (
                Person(s.id, s.first_name or "", s.last_name or "", s.email or "", roster.get(s.id))
                for s in gradebook.students
            ),
            key=lambda p: p.id,
        )
        scores = {
            (submission.student_id, a.name): final_score(submission)
            for a in records
            for submission in a.submissions
        }
    return GradeTable(columns, people, scores)


def canvas_rows(table: GradeTable) -> list[list[str]]:
    """Header, the Points Possible row, then one row per student with the roster's ids.

    A student the roster does not know keeps the nbgrader id as SIS Login ID, which Canvas
    matches when the hub logins are the Canvas logins.
    """
    header = CANVAS_IDENTITY + [c.canvas_header for c in table.columns]
    points = [POINTS_POSSIBLE, "", "", "", ""] + [number(c.max_score) for c in table.columns]
    students = []
    for p in table.people:
        m = p.member or Member(p.id)
        students.append(
            [p.display, m.canvas_id, m.sis_user_id, m.sis_login_id or p.id, m.section]
            + [table.cell(p, c) for c in table.columns]
        )
    return [header, points, *students]


def moodle_rows(table: GradeTable, column: Column, identity: str = "username") -> list[list[str]]:
    """One assignment: the identity column and the title; students with no grade left out."""
    rows = [[identity, column.title]]
    for p in table.people:
        if (p.id, column.id) in table.scores and p.moodle_identity(identity):
            rows.append([p.moodle_identity(identity), table.cell(p, column)])
    return rows


def moodle_item_rows(table: GradeTable) -> list[list[str]]:
    return [MOODLE_ITEMS, *([c.title, number(c.max_score), c.id] for c in table.columns)]


def only_known(
    table: GradeTable, lms: str, identity: str = "username"
) -> tuple[GradeTable, list[str]]:
    """The table without students the LMS does not know, and the ids left out."""

    def known(p: Person) -> bool:
        return p.known_to(lms) and (lms != "moodle" or bool(p.moodle_identity(identity)))

    kept = [p for p in table.people if known(p)]
    left = [p.id for p in table.people if not known(p)]
    return GradeTable(table.columns, kept, table.scores), left


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def write_nbgrader_csv(gradebook: Gradebook, path: Path) -> Path:
    """nbgrader's own export, written to a temporary file and moved into place."""
    with atomic_path(path) as temporary, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        CsvExportPlugin(to=str(temporary)).export(gradebook)
    return path


@dataclass(frozen=True)
class Exported:
    paths: list[Path]
    left_out: dict[str, list[str]]  # LMS -> student ids left out as unknown to it


def lms_files(table: GradeTable, out_dir: Path, config: LmsConfig, lms_only: bool) -> Exported:
    """Write the Canvas and Moodle files of `table` into `out_dir`."""
    identity = config.moodle.identity
    canvas, moodle, left = table, table, {}
    if lms_only:
        canvas, left["canvas"] = only_known(table, "canvas")
        moodle, left["moodle"] = only_known(table, "moodle", identity)
    paths = [
        write_csv(out_dir / CANVAS_CSV, canvas_rows(canvas)),
        write_csv(out_dir / MOODLE_ITEMS_CSV, moodle_item_rows(table)),
    ]
    paths += [
        write_csv(out_dir / moodle_file(c.id), moodle_rows(moodle, c, identity))
        for c in table.columns
    ]
    return Exported(paths, {k: v for k, v in left.items() if v})


def export_grades(
    course: Course, course_dir: Path, out_dir: Path, lms_only: bool = False
) -> Exported:
    """Write the nbgrader, Canvas and Moodle CSV files into `out_dir`.

    `course` is the loaded course (for assignment titles); `course_dir` is the nbgrader
    course whose gradebook.db holds the grades, with roster.json and lms.yaml beside it.
    With `lms_only`, students the roster does not place in an LMS are left out of its files.
    """
    titles = course.assignment_titles
    config = load_lms_config(course_dir)
    roster = load_roster(course_dir)
    with open_gradebook(course_dir) as gradebook:
        native = write_nbgrader_csv(gradebook, out_dir / NBGRADER_CSV)
        table = read_grades(gradebook, titles, roster, config)
    exported = lms_files(table, out_dir, config, lms_only)
    return Exported([native, *exported.paths], exported.left_out)

"""Grade exports for nbgrader, Canvas and Moodle, from a real nbgrader gradebook."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from swcourse.grading.export import (CANVAS_IDENTITY, NBGRADER_COLUMNS, Column, GradeTable, Person,
                                     canvas_rows, export_grades, moodle_rows, number)
from swcourse.grading.gradebook import assignment_titles, atomic_path

from .conftest import Cycle

STUDENTS = {"perfect", "partial", "empty", "wrongtypes", "deleted"}


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def gradebook_score(course: Path, assignment: str, student: str) -> float:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return max(0.0, submission.score - (submission.late_submission_penalty or 0.0))


@pytest.fixture(scope="module")
def exported(cycle: Cycle, course_root: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    paths = export_grades(course_root, cycle.course, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no temp files
    return {p.name: p for p in paths}


def test_nbgrader_csv_is_what_nbgrader_export_writes(exported: dict[str, Path],
                                                      cycle: Cycle) -> None:
    """Is grades.csv identical to `nbgrader export`'s output, with its documented columns?"""
    text = exported["grades.csv"].read_text()
    assert text == cycle.grades_csv
    columns, rows = read(exported["grades.csv"])
    assert columns == NBGRADER_COLUMNS
    assert {r["student_id"] for r in rows} == STUDENTS


def test_canvas_csv_has_points_possible_and_one_row_per_student(
        exported: dict[str, Path], cycle: Cycle, course_root: Path) -> None:
    """Does the Canvas file have the identity columns, a "<title> (<id>)" column, a Points
    Possible row with the assignment's maximum, and each student's nbgrader score?"""
    columns, rows = read(exported["canvas-grades.csv"])
    title = assignment_titles(course_root)[cycle.assignment]
    header = f"{title} ({cycle.assignment})"
    assert columns == CANVAS_IDENTITY + [header]
    points, students = rows[0], rows[1:]
    assert points["Student"] == "Points Possible"
    assert float(points[header]) == sum(item.points for item in cycle.items)
    assert sorted(r["SIS Login ID"] for r in students) == sorted(STUDENTS)
    perfect = next(r for r in students if r["SIS Login ID"] == "perfect")
    assert float(perfect[header]) == pytest.approx(
        gradebook_score(cycle.course, cycle.assignment, "perfect"))
    assert float(perfect[header]) == sum(i.points for i in cycle.items if i.type != "reflection")


def test_moodle_csv_has_username_and_plain_numbers(exported: dict[str, Path], cycle: Cycle,
                                                   course_root: Path) -> None:
    """Does the Moodle file have "username" and the assignment title as columns, one row per
    student, and plain-number scores equal to the gradebook's?"""
    columns, rows = read(exported["moodle-grades.csv"])
    title = assignment_titles(course_root)[cycle.assignment]
    assert columns == ["username", title]
    assert sorted(r["username"] for r in rows) == sorted(STUDENTS)
    for row in rows:
        assert row[title] == number(gradebook_score(cycle.course, cycle.assignment,
                                                    row["username"]))
    assert next(r for r in rows if r["username"] == "empty")[title] == "0"


def test_a_missing_submission_is_an_empty_cell(cycle: Cycle, course_root: Path,
                                               tmp_path: Path) -> None:
    """With a second assignment only one student submitted, do the others get an empty cell
    in both LMS files, while nbgrader's own CSV gives them 0?"""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(cycle.course / "gradebook.db", course / "gradebook.db")
    second = "ch03-history-casework"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        gradebook.add_assignment(second)
        gradebook.add_notebook(second, second)
        gradebook.add_grade_cell("q1-q-03-paid-agents-shift-grade", second, second, max_score=2,
                                 cell_type="code")
        with gradebook.db.no_autoflush:  # else SQLAlchemy 2 warns inside nbgrader's method
            gradebook.add_submission(second, "partial")
        grade = gradebook.find_grade("q1-q-03-paid-agents-shift-grade", second, second, "partial")
        grade.auto_score, grade.needs_manual_grade = 1.5, False
        gradebook.db.commit()
    paths = {p.name: p for p in export_grades(course_root, course, tmp_path / "out")}
    title = assignment_titles(course_root)[second]
    _, moodle = read(paths["moodle-grades.csv"])
    assert {r["username"]: r[title] for r in moodle} == {
        s: ("1.5" if s == "partial" else "") for s in STUDENTS}
    columns, canvas = read(paths["canvas-grades.csv"])
    assert columns[-1] == f"{title} ({second})"  # assignments.yaml order: chapter 2, then 3
    assert canvas[0][columns[-1]] == "2"
    assert {r["SIS Login ID"]: r[columns[-1]] for r in canvas[1:]}["empty"] == ""
    _, native = read(paths["grades.csv"])
    assert {r["student_id"]: r["score"] for r in native if r["assignment"] == second}["empty"] \
        == "0.0"


def test_lms_rows_from_a_hand_made_table() -> None:
    """Do the Canvas and Moodle rows put names, ids, points and scores where the formats expect
    them, with plain numbers and empty cells for missing work?"""
    table = GradeTable([Column("a1", "First", 10.0), Column("a2", "Second", 2.5)],
                       [Person("ada", "Ada", "Lovelace"), Person("bob", "", "")],
                       {("ada", "a1"): 7.25, ("bob", "a2"): 1 / 3})
    assert canvas_rows(table) == [
        CANVAS_IDENTITY + ["First (a1)", "Second (a2)"],
        ["Points Possible", "", "", "", "", "10", "2.5"],
        ["Lovelace, Ada", "", "", "ada", "", "7.25", ""],
        ["bob", "", "", "bob", "", "", "0.3333"]]
    assert moodle_rows(table) == [["username", "First", "Second"], ["ada", "7.25", ""],
                                  ["bob", "", "0.3333"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(moodle_rows(table))
    assert "e-" not in buffer.getvalue() and "e+" not in buffer.getvalue()


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    """If writing fails part-way, is the previous file left intact and no temporary file left?"""
    target = tmp_path / "grades.csv"
    target.write_text("previous\n")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]

"""`swcourse grade` records a class the way `nbgrader autograde --create --force` does, item by
item: students, submissions and their timestamps, every grade and comment, the autograded/
folders (files, modes, notebooks and their metadata) and the feedback made from them.

The class is the session's instructor cycle (conftest.py), graded there by nbgrader itself. Its
course is copied and every record nbgrader wrote about the students is removed through
nbgrader's own Gradebook API, so `swcourse grade` creates them again from nothing.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner

from swcourse.cli import main

from .conftest import STUDENTS, Cycle, run
from .test_cycle import plain

NAMES = [s.name for s in STUDENTS]
# What only a kernel run leaves, which nothing reads: nbclient's timing of each cell, and the
# widget state of the answer boxes (their outputs are cleared by QuietAnswerBoxes).
KERNEL_ONLY = {"execution", "widgets"}


def gradebook_records(course: Path, assignment: str) -> dict[str, Any]:
    """Everything the gradebook holds about the class's work, keyed by names, not row ids."""
    from nbgrader.api import Course, Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        found: dict[str, Any] = {
            "courses": sorted(c.id for c in gradebook.db.query(Course)),
            "students": sorted(
                (s.id, s.first_name, s.last_name, s.email, s.lms_user_id)
                for s in gradebook.students
            ),
        }
        for submission in gradebook.assignment_submissions(assignment):
            key = submission.student.id
            found[f"{key}/submission"] = fields(submission, SUBMISSION)
            for notebook in submission.notebooks:
                found[f"{key}/{notebook.name}"] = fields(notebook, NOTEBOOK)
                for kind, rows, names in (
                    ("grade", notebook.grades, GRADE),
                    ("comment", notebook.comments, COMMENT),
                ):
                    for row in rows:
                        found[f"{key}/{notebook.name}/{kind}/{row.name}"] = fields(row, names)
        return found


# The columns compared for each kind of record nbgrader writes about a student's work.
SUBMISSION = ("timestamp", "extension", "duedate", "total_seconds_late")
NOTEBOOK = ("late_submission_penalty", "flagged", "score", "needs_manual_grade")
GRADE = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
COMMENT = ("auto_comment", "manual_comment")


def fields(row: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in names)


def notebook_record(path: Path) -> Any:
    nb = nbformat.read(path, as_version=4)
    meta = {k: v for k, v in nb.metadata.items() if k not in KERNEL_ONLY}
    cells = []
    for cell in nb.cells:
        outputs: list[Any] = []
        for output in cell.get("outputs", []):  # a kernel splits a print as its flush timer falls
            if (
                outputs
                and output.output_type == "stream" == outputs[-1]["output_type"]
                and (output.name == outputs[-1]["name"])
            ):
                outputs[-1] = {**outputs[-1], "text": outputs[-1]["text"] + output.text}
            else:
                outputs.append(dict(output))
        cell_meta = {k: v for k, v in cell.metadata.items() if k not in KERNEL_ONLY}
        cells.append((cell.cell_type, cell.source, cell_meta, outputs, cell.get("execution_count")))
    return nb.nbformat, nb.nbformat_minor, meta, cells


def folder_record(folder: Path) -> dict[str, Any]:
    """Each file under `folder`: its mode and what it holds (a notebook, item by item)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            mode = stat.S_IMODE(path.stat().st_mode)
            held = notebook_record(path) if path.suffix == ".ipynb" else path.read_bytes()
            found[str(path.relative_to(folder))] = (mode, held)
    return found


def feedback_text(course: Path, student: str, assignment: str) -> str:
    return plain(next((course / "feedback" / student / assignment).glob("*.html")).read_text())


@pytest.fixture(scope="module")
def regraded(cycle: Cycle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cycle's course with nbgrader's records of the students removed, then graded (and its
    feedback generated) by `swcourse grade`."""
    from nbgrader.api import Gradebook

    course = tmp_path_factory.mktemp("regraded") / "course"
    shutil.copytree(cycle.course, course, symlinks=True)
    for folder in ("autograded", "feedback"):
        shutil.rmtree(course / folder, ignore_errors=True)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="") as gradebook:
        for name in NAMES:
            gradebook.remove_submission(cycle.assignment, name)
            gradebook.remove_student(name)
        assert not gradebook.students
    result = CliRunner().invoke(main, ["grade", "--course", str(course), cycle.assignment])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].endswith("(5 without a kernel)"), result.output
    run(["generate_feedback", cycle.assignment, "--force"], course, cycle.exchange)
    return course


def test_the_gradebook_holds_what_nbgrader_wrote(cycle: Cycle, regraded: Path) -> None:
    """Are the students, submissions (timestamps included), notebooks, grades and comments
    `swcourse grade` writes from nothing the ones `nbgrader autograde` wrote, item by item?"""
    ours = gradebook_records(regraded, cycle.assignment)
    theirs = gradebook_records(cycle.course, cycle.assignment)
    assert sorted(ours) == sorted(theirs)
    for key, value in theirs.items():
        assert ours[key] == value, key
    assert len([k for k in ours if "/grade/" in k]) >= 5 * 2  # the comparison covered grades


def test_the_autograded_folders_are_nbgraders(cycle: Cycle, regraded: Path) -> None:
    """Does every student's autograded/ folder hold the same files, with the same modes, and
    notebooks equal cell by cell (sources, metadata, outputs, counts) and in their metadata?"""
    for name in NAMES:
        ours = folder_record(regraded / "autograded" / name / cycle.assignment)
        theirs = folder_record(cycle.course / "autograded" / name / cycle.assignment)
        assert sorted(ours) == sorted(theirs), name
        for path, value in theirs.items():
            assert ours[path] == value, (name, path)
    assert sorted(os.listdir(regraded / "autograded")) == sorted(
        os.listdir(cycle.course / "autograded")
    )


def test_the_feedback_made_from_them_is_the_same(cycle: Cycle, regraded: Path) -> None:
    """Does generate_feedback, run on what `swcourse grade` wrote, give each student the page
    it gives from nbgrader's own autograde?"""
    for name in NAMES:
        assert feedback_text(regraded, name, cycle.assignment) == feedback_text(
            cycle.course, name, cycle.assignment
        ), name


def test_a_student_whose_records_fail_is_rolled_back_alone(cycle: Cycle, tmp_path: Path) -> None:
    """A submission nbgrader cannot record (its timestamp.txt holds no time): is that student
    failed with a reason in words, nothing of theirs left in the gradebook or autograded/, and
    every other student of the same batch recorded exactly as nbgrader records them?"""
    course = tmp_path / "course"
    shutil.copytree(cycle.course, course, symlinks=True)
    shutil.rmtree(course / "autograded")
    odd = course / "submitted" / "odd" / cycle.assignment
    shutil.copytree(course / "submitted" / "perfect" / cycle.assignment, odd)
    (odd / "timestamp.txt").write_text("last Tuesday, about noon")
    result = CliRunner().invoke(main, ["grade", "--course", str(course), cycle.assignment])
    assert result.exit_code == 1, result.output
    assert any(
        line.startswith(f"odd/{cycle.assignment}: failed:") and "timestamp.txt" in line
        for line in result.output.splitlines()
    ), result.output
    assert not (course / "autograded" / "odd" / cycle.assignment).exists()  # as nbgrader leaves it
    assert gradebook_records(course, cycle.assignment) == gradebook_records(
        cycle.course, cycle.assignment
    )


def test_progress_is_told_of_each_student_as_they_are_recorded(
    cycle: Cycle, tmp_path: Path
) -> None:
    """With two workers, is the progress bar told of each notebook once, right after that
    student's autograded folder is written, so it moves student by student and not once a
    batch of 50 is recorded?"""
    import sqlite3

    from swcourse.grading.autograde import grade
    from swcourse.sandbox.sandbox import Limits

    course = tmp_path / "course"
    shutil.copytree(cycle.course, course, symlinks=True)
    shutil.rmtree(course / "autograded")
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("UPDATE grade SET auto_score = NULL")
    told: list[tuple[str, str, list[str]]] = []

    def progress(outcome: Any) -> None:
        told.append((outcome.student, outcome.status, sorted(os.listdir(course / "autograded"))))

    outcomes = grade(course, cycle.assignment, 2, Limits(), progress=progress)
    assert sorted(student for student, _, _ in told) == sorted(NAMES)
    for count, (student, status, written) in enumerate(told, start=1):
        assert status == "graded", student
        assert student in written and len(written) == count, (student, written)
    assert [o.student for o in outcomes] == sorted(NAMES)

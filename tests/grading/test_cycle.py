"""The full instructor cycle on a real generated assignment, with exact scores per item."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from swcourse.core.scoring import score

from . import answers
from .conftest import NBGRADER, STUDENTS, Cycle, recorded_scores, tool_env


def expected(student_name: str, item) -> float | None:  # noqa: ANN001
    student = next(s for s in STUDENTS if s.name == student_name)
    if answers.is_reflection(item):
        return 0.0 if student.answer is None else None  # unchanged answer cell scores 0
    if student.answer is None:
        return 0.0
    return score(item, student.answer(item))


@pytest.mark.parametrize("student", ["perfect", "partial", "empty", "wrongtypes"])
def test_each_item_scores_exactly_what_the_rules_give(cycle: Cycle, student: str) -> None:
    """Does nbgrader record, for every item, the score the core's scoring rules give?"""
    recorded = recorded_scores(cycle, student)
    for number, item in enumerate(cycle.items, start=1):
        grade_id = f"q{number}-{item.id}-{'answer' if answers.is_reflection(item) else 'grade'}"
        assert recorded[grade_id] == expected(student, item), (student, item.id)


def test_totals_make_sense(cycle: Cycle) -> None:
    """Perfect earns every autograded point, empty earns none, partial lands in between."""
    auto = [i for i in cycle.items if not answers.is_reflection(i)]
    best = sum(i.points for i in auto)
    totals = {s: sum(v or 0 for v in recorded_scores(cycle, s).values())
              for s in ("perfect", "partial", "empty")}
    assert totals["perfect"] == best
    assert totals["empty"] == 0
    assert 0 < totals["partial"] < best


def test_deleted_grade_cell_is_left_for_the_instructor(cycle: Cycle) -> None:
    """When a student deletes a grade cell, is that item left ungraded (flagged for a hand
    grade in formgrader, as nbgrader does) while every other item is graded normally?"""
    recorded = recorded_scores(cycle, "deleted")
    perfect = recorded_scores(cycle, "perfect")
    deleted = next(f"q{n}-{i.id}-grade" for n, i in enumerate(cycle.items, 1)
                   if not answers.is_reflection(i))
    assert recorded.pop(deleted) is None
    assert perfect.pop(deleted) is not None
    assert recorded == perfect


def test_feedback_hides_hidden_tests_and_keys(cycle: Cycle) -> None:
    """Does any feedback page show the hidden tests, the grading call or an item's key data?"""
    for student, html in cycle.feedback.items():
        assert "BEGIN HIDDEN TESTS" not in html, student
        assert "_grade_answer" not in html, student
        assert "&#39;key&#39;" not in html and "'key'" not in html, student
        for item in cycle.items:
            for option in getattr(item, "options", []):
                assert option.explanation not in html, (student, item.id)


def test_export_lists_every_student_with_their_total(cycle: Cycle) -> None:
    """Does nbgrader's CSV export carry each student's autograded total?"""
    rows = {row["student_id"]: row for row in csv.DictReader(io.StringIO(cycle.grades_csv))}
    assert set(rows) >= {s.name for s in STUDENTS}
    perfect_total = sum(v or 0 for v in recorded_scores(cycle, "perfect").values())
    assert float(rows["perfect"]["raw_score"]) == perfect_total


def test_validate_gives_full_marks_to_the_source(cycle: Cycle) -> None:
    """Does `nbgrader validate` pass the instructor's source notebook (the perfect answers)?"""
    source = cycle.course / "source" / cycle.assignment / f"{cycle.assignment}.ipynb"
    result = subprocess.run([NBGRADER, "validate", str(source)], cwd=cycle.course, text=True,
                            capture_output=True, env=tool_env())
    assert "Success! Your notebook passes all the tests." in result.stdout, result.stdout

"""The generated cells of a drawn question, run as a kernel runs them: the answer box shows,
and the hidden test grades, the item drawn for the student whose folder or session it is."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import nbformat
import pytest

from swcourse.core.answers import answers_path, write_answer
from swcourse.core.course import require_course
from swcourse.variants import grading_student

STEM = "ch05-principles-values"


def cell(course_root: Path, grade_id: str) -> str:
    notebook = course_root / "quizzes" / "source" / STEM / f"{STEM}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    return next(c.source for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


def run(source: str) -> Any:
    """Run a cell and return its last expression's value, as a kernel shows it."""
    tree = ast.parse(source)
    last = ast.Expression(tree.body.pop().value)  # type: ignore[attr-defined]
    scope: dict[str, Any] = {}
    exec(compile(tree, "<cell>", "exec"), scope)
    return eval(compile(last, "<cell>", "eval"), scope)


def test_whose_draw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is the student the submission folder's under autograde, else SWCOURSE_STUDENT, else the
    hub user?"""
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    monkeypatch.delenv("SWCOURSE_STUDENT", raising=False)
    graded = tmp_path / "submitted" / "alice" / STEM
    assert grading_student(STEM, graded) == "alice"
    assert grading_student(STEM, tmp_path / "home" / STEM) == "hubuser"
    monkeypatch.setenv("SWCOURSE_STUDENT", "bob")
    assert grading_student(STEM, tmp_path / "home" / STEM) == "bob"
    assert grading_student(STEM, graded) == "alice"


def test_box_shows_the_students_own_item(
    course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does the box of question 2 show the partial student's second drawn item (see
    test_cycle.DRAWN), with its options but no key and no prompt left in its data?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "partial")
    monkeypatch.delenv("SWCOURSE_STUDENT", raising=False)
    widget = run(cell(course_root, "q2-q-05-principles-pool-box"))
    assert widget.question["item"] == "q-05-recording-opening"
    assert "key" not in widget.question and "prompt" not in widget.question
    assert {o["id"] for o in widget.question["options"]} == {"a", "b", "c", "d"}


@pytest.mark.parametrize(("drawn", "expected"), [(True, 1.0), (False, 0.0)])
def test_hidden_test_grades_the_drawn_item(
    course_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn: bool, expected: float
) -> None:
    """In partial's submission folder, does question 1 earn its point for the key of the item
    partial drew (q-05-guilt-or-wisdom) and nothing for the key of one they did not draw?"""
    bank = dict(require_course(course_root).items)
    key = bank["q-05-guilt-or-wisdom" if drawn else "q-05-college-choice"].key
    folder = tmp_path / "submitted" / "partial" / STEM
    folder.mkdir(parents=True)
    write_answer(answers_path(folder, STEM), STEM, 1, key)
    monkeypatch.chdir(folder)
    monkeypatch.delenv("SWCOURSE_STUDENT", raising=False)
    assert run(cell(course_root, "q1-q-05-principles-pool-grade")) == expected

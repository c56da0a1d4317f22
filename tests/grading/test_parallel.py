"""`swcourse grade`: the same gradebook records as `nbgrader autograde`, and hostile
submissions scored for what their answers are worth, with nothing damaged."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core.scoring import score

from . import answers
from .conftest import Cycle

STUDENTS = ["perfect", "partial", "empty", "wrongtypes", "deleted"]


def fresh_copy(cycle: Cycle, target: Path) -> Path:
    """The cycle's course after collect, with nbgrader's autograde results wiped."""
    course = target / "course"
    shutil.copytree(cycle.course, course)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("UPDATE grade SET auto_score = NULL")
    return course


def records(course: Path, assignment: str, students: list[str]) -> dict[str, dict[str, Any]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s: {g.name: (g.auto_score, g.needs_manual_grade) for g in
                    gradebook.find_submission_notebook(assignment, assignment, s).grades}
                for s in students}


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_grade(course: Path, assignment: str, *extra: str) -> str:
    result = CliRunner().invoke(main, ["grade", "--course", str(course), assignment,
                                       "--workers", "2", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_parallel_grading_writes_what_nbgrader_writes(cycle: Cycle, tmp_path: Path) -> None:
    """Item by item, does `swcourse grade` record what `nbgrader autograde` recorded, without
    touching a submitted file?"""
    course = fresh_copy(cycle, tmp_path)
    before = digest(course / "submitted")
    output = run_grade(course, cycle.assignment)
    assert "5 graded, 0 failed, 0 timed out" in output
    assert records(course, cycle.assignment, STUDENTS) == records(cycle.course, cycle.assignment, STUDENTS)
    assert digest(course / "submitted") == before
    assert len(list((course / "autograded").rglob("*.ipynb"))) == len(STUDENTS)


def hostile(course: Path, assignment: str, name: str, cycle: Cycle, first: str | None = None,
            every: Any = answers.perfect, broken: bool = False) -> None:
    """A submission copied from the perfect student's, with code placed before answer 1."""
    source = course / "submitted" / "perfect" / assignment
    target = course / "submitted" / name / assignment
    shutil.copytree(source, target)
    path = target / f"{assignment}.ipynb"
    if broken:
        path.write_text('{"cells": [ this is not json', encoding="utf-8")
        return
    nb = nbformat.read(path, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for number, item in enumerate(cycle.items, start=1):
        if answers.is_reflection(item):
            continue
        cell = cells[f"q{number}-{item.id}-answer"]
        cell.source = f"answer_{number} = {every(item)!r}"
        if number == 1 and first:
            cell.source = first + "\n" + cell.source
    nbformat.write(nb, path)


def auto_total(course: Path, assignment: str, student: str) -> float:
    return sum(v[0] or 0 for v in records(course, assignment, [student])[student].values())


@pytest.fixture(scope="module")
def hostile_class(cycle: Cycle, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    course = fresh_copy(cycle, tmp_path_factory.mktemp("hostile"))
    gradebook, source = course / "gradebook.db", course / "source"
    other = course / "submitted" / "partial"
    hostile(course, cycle.assignment, "looper", cycle, "while True:\n    pass")
    hostile(course, cycle.assignment, "talker", cycle, "for i in range(10**8):\n    print('x' * 1000)")
    hostile(course, cycle.assignment, "quitter", cycle, "import sys\nsys.exit(3)")
    hostile(course, cycle.assignment, "forker", cycle,
            "import os, time\nwhile True:\n    if os.fork() == 0:\n        time.sleep(120)\n        os._exit(0)")
    hostile(course, cycle.assignment, "snooper", cycle,
            f"import os\nprint('FOUND', [p for p in {[str(gradebook), str(source), str(other)]!r} "
            "if os.path.exists(p)], os.listdir('..'))")
    hostile(course, cycle.assignment, "vandal", cycle,
            f"try:\n    open({str(gradebook)!r}, 'wb').write(b'')\n    print('WROTE')\n"
            "except OSError as exc:\n    print('REFUSED', type(exc).__name__)")
    hostile(course, cycle.assignment, "patcher", cycle,
            "import builtins, sys\nimport swcourse.grading.cells as cells\n"
            "cells.grade_answer = lambda *a, **k: 99.0\nbuiltins.AssertionError = Exception\n"
            "sys.displayhook = lambda value: print(99.0)\n"
            "get_ipython().display_formatter.formatters['text/plain'].for_type("
            "float, lambda obj, p, cycle: p.text('99.0'))", every=answers.partial)
    hostile(course, cycle.assignment, "broken", cycle, broken=True)
    hostile(course, cycle.assignment, "killer", cycle)  # stops its own kernel at answer 2
    path = course / "submitted" / "killer" / cycle.assignment / f"{cycle.assignment}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("q2-")
                and c.metadata["nbgrader"]["grade_id"].endswith("-answer"))
    cell.source = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n" + cell.source
    nbformat.write(nb, path)
    before = digest(course / "submitted")
    output = run_grade(course, cycle.assignment, "--cell-timeout", "5", "--output-chars", "20000")
    assert digest(course / "submitted") == before
    return course, output


def expected_total(cycle: Cycle, lost: set[int] = frozenset(), answer: Any = answers.perfect) -> float:
    return round(sum(0 if n in lost else score(item, answer(item))
                     for n, item in enumerate(cycle.items, start=1)
                     if not answers.is_reflection(item)), 2)


@pytest.mark.parametrize(("student", "lost"), [("looper", {1}), ("quitter", {1}), ("forker", {1}),
                                                ("talker", {1}), ("snooper", set()), ("vandal", set())])
def test_hostile_code_costs_only_the_answers_it_breaks(hostile_class: tuple[Path, str], cycle: Cycle,
                                                       student: str, lost: set[int]) -> None:
    """Does an infinite loop, sys.exit, a fork loop, a flood of output, snooping or vandalism
    cost exactly the answers it prevents, and nothing else?"""
    course, _ = hostile_class
    assert round(auto_total(course, cycle.assignment, student), 2) == expected_total(cycle, lost)


def test_a_kernel_killer_keeps_the_answers_graded_before_it(hostile_class: tuple[Path, str],
                                                            cycle: Cycle) -> None:
    """When a notebook kills its kernel at question 2, is question 1 still credited and the
    rest scored zero?"""
    course, output = hostile_class
    later = set(range(2, len(cycle.items) + 1))
    assert round(auto_total(course, cycle.assignment, "killer"), 2) == expected_total(cycle, later)
    assert "killer/" in output and "stopped its own kernel" in output


def test_patching_the_grader_inside_the_notebook_earns_nothing(hostile_class: tuple[Path, str],
                                                               cycle: Cycle) -> None:
    """If a notebook patches the grading helper, builtins and the display hook, does it still
    score only what its (partly wrong) answers are worth?"""
    course, _ = hostile_class
    assert round(auto_total(course, cycle.assignment, "patcher"), 2) == expected_total(
        cycle, answer=answers.partial)


def test_the_sandbox_hides_the_course_and_keeps_the_gradebook(hostile_class: tuple[Path, str],
                                                              cycle: Cycle) -> None:
    """Could a submission see the gradebook, sources or other submissions, or write the gradebook?"""
    course, _ = hostile_class
    def text(student: str) -> str:
        nb = nbformat.read(course / "autograded" / student / cycle.assignment /
                           f"{cycle.assignment}.ipynb", as_version=4)
        return json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "FOUND [] [" in text("snooper")
    assert "REFUSED" in text("vandal") and "WROTE" not in text("vandal")
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert records(course, cycle.assignment, ["perfect", "partial"]) == records(
        cycle.course, cycle.assignment, ["perfect", "partial"])


def test_bad_notebooks_are_reported_and_the_batch_goes_on(hostile_class: tuple[Path, str]) -> None:
    """Is an unreadable notebook named with its reason, while every other submission is graded,
    and are timeouts and output limits reported?"""
    _, output = hostile_class
    assert "broken/" in output and "failed: not a readable notebook" in output
    assert "talker/" in output and "output was cut" in output
    assert "13 graded, 1 failed, 0 timed out" in output

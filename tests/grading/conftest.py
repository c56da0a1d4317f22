"""The instructor cycle, run once for the module: a temporary nbgrader course and exchange,
students who fetch and submit with their own config, then collect, autograde, feedback, export."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import nbformat
import pytest

from swcourse.core.answers import answers_path, write_answer
from swcourse.core.course import CourseLayout, require_course

from . import answers

NBGRADER = str(Path(sys.executable).parent / "nbgrader")
T = TypeVar("T")
COURSE_ID = "casework-groupwork"


def tool_env() -> dict[str, str]:
    """nbgrader runs `alembic` and kernels from PATH: put this environment's bin first."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def run(args: list[str], cwd: Path, exchange: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [NBGRADER, *args, f"--Exchange.root={exchange}"],
        cwd=cwd,
        text=True,
        capture_output=True,
        env=tool_env(),
    )
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@dataclass
class Student:
    name: str
    answer: Callable[[Any], Any] | None  # None: submits the notebook untouched
    delete_grade_cell: bool = False


STUDENTS = [
    Student("perfect", answers.perfect),
    Student("partial", answers.partial),
    Student("empty", None),
    Student("wrongtypes", answers.wrong_type),
    Student("deleted", answers.perfect, delete_grade_cell=True),
]


def asked(spec: Any, bank: dict[str, Any], student: str) -> list[Any]:
    """The items `student` is asked, question by question: a pool's slot holds the item the
    answer box shows them (core/variants.py), as a student answering in the box would see."""
    from swcourse.core.variants import drawn_for_slot

    return [
        bank[drawn_for_slot(s.ids, s.draw, s.place, student, spec.id, s.pool)]
        if s.drawn
        else bank[s.ids[0]]
        for s in spec.slots()
    ]


def fill(notebook: Path, items: list[Any], student: Student) -> None:
    """Answer the way the answer boxes do: each answer saved through core.answers into
    `<notebook>.answers.json` beside the notebook (the wrong-type student's file is one edited
    by hand, holding values no box would save). The notebook itself is left as released."""
    nb = nbformat.read(notebook, as_version=4)
    if student.answer is not None:
        path = answers_path(notebook.parent, notebook.stem)
        for number, item in enumerate(items, start=1):
            write_answer(path, notebook.stem, number, student.answer(item))
    if student.delete_grade_cell:
        first_graded = next(  # a drawn question's grade id names its pool, not its item
            c.metadata["nbgrader"]["grade_id"]
            for c in nb.cells
            if str(c.metadata.get("nbgrader", {}).get("grade_id", "")).endswith("-grade")
        )
        nb.cells = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != first_graded
        ]
    nbformat.write(nb, notebook)


@dataclass
class Cycle:
    course: Path
    exchange: Path
    assignment: str
    items: list[Any]
    feedback: dict[str, str]
    grades_csv: str


@pytest.fixture(scope="session")
def cycle(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> Cycle:
    return run_cycle(tmp_path_factory, course_root, 0)


@pytest.fixture(scope="session")
def variant_cycle(tmp_path_factory: pytest.TempPathFactory, course_root: Path) -> Cycle:
    """The cycle on the first assignment that draws items per student (its `items` are the
    perfect student's; each student's own come from `asked`)."""
    specs = require_course(course_root).assignments
    index = next(i for i, s in enumerate(specs) if any(slot.drawn for slot in s.slots()))
    return run_cycle(tmp_path_factory, course_root, index)


def run_cycle(factory: pytest.TempPathFactory, course_root: Path, index: int) -> Cycle:
    layout = CourseLayout(course_root)
    spec = require_course(layout.root).assignments[index]
    bank = dict(require_course(layout.root).items)
    items = asked(spec, bank, "perfect")
    base = factory.mktemp("nbgrader")
    course, exchange = base / "course", base / "exchange"
    exchange.mkdir()
    course.mkdir()
    shutil.copy(course_root / "quizzes" / "nbgrader_config.py", course)
    shutil.copytree(course_root / "quizzes" / "source" / spec.id, course / "source" / spec.id)
    run(["generate_assignment", spec.id, "--force"], course, exchange)
    run(["release_assignment", spec.id, f"--course={COURSE_ID}", "--force"], course, exchange)
    for student in STUDENTS:
        home = base / "students" / student.name
        home.mkdir(parents=True)
        (home / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
        )
        run(["fetch_assignment", spec.id, f"--course={COURSE_ID}"], home, exchange)
        fill(home / spec.id / f"{spec.id}.ipynb", asked(spec, bank, student.name), student)
        run(
            ["submit", spec.id, f"--course={COURSE_ID}", f"--student={student.name}"],
            home,
            exchange,
        )
    run(["collect", spec.id, f"--course={COURSE_ID}"], course, exchange)
    run(["autograde", spec.id, "--create", "--force"], course, exchange)
    run(["generate_feedback", spec.id, "--force"], course, exchange)
    run(["export", "--to=grades.csv"], course, exchange)
    feedback = {
        s.name: next((course / "feedback" / s.name / spec.id).glob("*.html")).read_text()
        for s in STUDENTS
    }
    return Cycle(course, exchange, spec.id, items, feedback, (course / "grades.csv").read_text())


def recorded_scores(cycle: Cycle, student: str) -> dict[str, float | None]:
    """grade_id -> score nbgrader recorded (None where a hand grade is still owed)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{cycle.course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(cycle.assignment, cycle.assignment, student)
        return {
            grade.name: (
                grade.score
                if grade.auto_score is not None or grade.manual_score is not None
                else None
            )
            for grade in submission.grades
        }


def in_own_thread(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own and return its result (or raise its exception).

    Playwright's sync API refuses to start in a thread where an asyncio loop counts as running,
    and code tested earlier in the session (Jupyter's clients nest event loops) can leave one
    marked so in the main thread; a new thread never has one, whatever ran before."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed to the caller, with its traceback
            result["error"] = exc

    thread = threading.Thread(target=target, name="playwright")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]  # type: ignore[no-any-return]


__all__ = ["STUDENTS", "Cycle", "Student", "in_own_thread", "json", "recorded_scores"]

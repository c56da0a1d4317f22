"""Plain `nbgrader autograde` on saved-answers files that went wrong, and on an assignment
released before the answer boxes (typed `answer_N = ...` literals), which still grades."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import nbformat
import pytest

from swcourse.core.answers import answers_path, write_answer
from swcourse.core.course import require_course

from . import answers
from .conftest import COURSE_ID, run

ASSIGNMENT = "case-study-intake"
FIXTURES = Path(__file__).parent / "fixtures" / "old-style"


def intake_items(course_root: Path) -> list[Any]:
    nb = nbformat.read(FIXTURES / f"{ASSIGNMENT}.ipynb", as_version=4)
    ids = [
        m.group(1)
        for c in nb.cells
        if (m := re.match(r"q\d+-(.+)-question$", c.metadata["nbgrader"]["grade_id"]))
    ]
    bank = {item.id: item for item in list(require_course(course_root).all_items)}
    return [bank[i] for i in ids]


def course_with(base: Path, source: Path, config: Path) -> tuple[Path, Path]:
    course, exchange = base / "course", base / "exchange"
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    exchange.mkdir()
    shutil.copy(config, course / "nbgrader_config.py")
    shutil.copy(source, course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    run(["generate_assignment", ASSIGNMENT, "--force"], course, exchange)
    run(["release_assignment", ASSIGNMENT, f"--course={COURSE_ID}", "--force"], course, exchange)
    return course, exchange


def fetch(base: Path, exchange: Path, student: str) -> Path:
    home = base / "students" / student
    home.mkdir(parents=True)
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = {COURSE_ID!r}\n"
    )
    run(["fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}"], home, exchange)
    return home


def submit(home: Path, exchange: Path, student: str) -> None:
    run(["submit", ASSIGNMENT, f"--course={COURSE_ID}", f"--student={student}"], home, exchange)


def grade_all(course: Path, exchange: Path) -> None:
    run(["collect", ASSIGNMENT, f"--course={COURSE_ID}"], course, exchange)
    run(["autograde", ASSIGNMENT, "--create", "--force"], course, exchange)
    run(["generate_feedback", ASSIGNMENT, "--force"], course, exchange)


def scores(course: Path, student: str) -> dict[str, float | None]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {g.name: (None if g.needs_manual_grade else g.score) for g in notebook.grades}


def feedback(course: Path, student: str) -> str:
    html = next((course / "feedback" / student / ASSIGNMENT).glob("*.html")).read_text()
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def damaged(course_root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    """Today's notebook; students whose answers files were truncated, hand-edited or lost."""
    base = tmp_path_factory.mktemp("damaged")
    items = intake_items(course_root)
    source = course_root / "quizzes" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    course, exchange = course_with(base, source, course_root / "quizzes" / "nbgrader_config.py")
    for student in ("truncated", "handedited", "missing"):
        home = fetch(base, exchange, student)
        path = answers_path(home / ASSIGNMENT, ASSIGNMENT)
        for number, item in enumerate(items, start=1):
            write_answer(path, ASSIGNMENT, number, answers.perfect(item))
        if student == "truncated":
            text = path.read_text()
            path.write_text(text[: len(text) // 2])
        elif student == "handedited":
            data = json.loads(path.read_text())
            data["answers"]["2"] = "b"  # not an entry: the value was typed over the whole entry
            data["answers"]["x"] = {"value": "a"}  # not a question number
            path.write_text(json.dumps(data))
        else:
            path.unlink()
        submit(home, exchange, student)
    grade_all(course, exchange)
    return course, items


def graded_ids(items: list[Any]) -> list[tuple[int, Any, str]]:
    return [
        (n, item, f"q{n}-{item.id}-{'answer' if answers.is_reflection(item) else 'grade'}")
        for n, item in enumerate(items, start=1)
    ]


@pytest.mark.parametrize("student", ["truncated", "missing"])
def test_an_unreadable_or_missing_file_scores_zero_and_says_why(
    damaged: tuple[Path, list[Any]], student: str
) -> None:
    """A truncated or missing answers file: every question scores 0 (nothing is guessed), the
    reflection is left untouched, and the feedback names the file and what was kept."""
    course, items = damaged
    recorded = scores(course, student)
    for _, _, grade_id in graded_ids(items):
        assert recorded[grade_id] == 0.0, (student, grade_id)
    text = feedback(course, student)
    assert f"{ASSIGNMENT}.answers.json" in text
    expected = "damaged or incomplete" if student == "truncated" else "is not with this notebook"
    assert expected in text
    assert "no answers were kept" in text or "every question counts as unanswered" in text
    assert "Traceback" not in text


def test_a_hand_edited_file_keeps_every_readable_answer(damaged: tuple[Path, list[Any]]) -> None:
    """A hand-edited file: the broken entry is left out and named; the others grade in full."""
    course, items = damaged
    recorded = scores(course, "handedited")
    for number, item, grade_id in graded_ids(items):
        if answers.is_reflection(item):
            assert recorded[grade_id] is None  # written, so it waits for a hand grade
        else:
            assert recorded[grade_id] == (0.0 if number == 2 else float(item.points)), grade_id
    text = feedback(course, "handedited")
    assert "entry '2' is not an answer; it was left out" in text
    assert "entry 'x' is not an answer; it was left out" in text


@pytest.fixture(scope="module")
def old_style(
    course_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Any]]:
    """Released before the answer boxes, answered as then (literals typed into answer cells),
    autograded with today's configuration."""
    base = tmp_path_factory.mktemp("old-style")
    items = intake_items(course_root)
    course, exchange = course_with(
        base, FIXTURES / f"{ASSIGNMENT}.ipynb", FIXTURES / "old_nbgrader_config.py"
    )
    home = fetch(base, exchange, "typed")
    notebook = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for number, item in enumerate(items, start=1):
        value = answers.partial(item)
        cells[f"q{number}-{item.id}-answer"].source = (
            value if answers.is_reflection(item) else f"answer_{number} = {value!r}"
        )
    nbformat.write(nb, notebook)
    submit(home, exchange, "typed")
    shutil.copy(course_root / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    grade_all(course, exchange)
    return course, items


def test_old_style_typed_answers_still_grade(old_style: tuple[Path, list[Any]]) -> None:
    """Does a submission with typed answers, made before the answer boxes, score exactly what
    it scored then (worked out by hand), with its reflection waiting for a hand grade?"""
    course, items = old_style
    recorded = scores(course, "typed")
    for _, item, grade_id in graded_ids(items):
        assert recorded[grade_id] == answers.expected_partial(item), grade_id
    text = feedback(course, "typed")
    assert answers.partial(items[-1]) in text  # the typed reflection is what graders read


def test_a_writer_killed_mid_save_never_leaves_half_a_file(tmp_path: Path) -> None:
    """Kill a process that saves answers as fast as it can, at twenty random moments: the file
    is always whole, and every answer saved before the kill is still there."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from swcourse.core.answers import read_answers

    writer = (
        "import sys, itertools\nfrom swcourse.core.answers import write_answer\n"
        "for i in itertools.count():\n"
        "    write_answer(sys.argv[1], 'ps1', 1 + i % 5, 'words ' * (i % 300))\n"
        "    write_answer(sys.argv[1], 'ps1', 100, i)\n"
    )
    for round_ in range(20):
        path = tmp_path / f"round{round_}" / "ps1.answers.json"
        path.parent.mkdir()
        process = subprocess.Popen([sys.executable, "-c", writer, str(path)])
        time.sleep(random.uniform(0.5, 1.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        saved = read_answers(path)
        assert not saved.problems, saved.problems
        done = saved.get(100)  # iteration `done` finished, so questions 1..min(done+1, 5) saved
        if done is not None:
            assert set(range(1, min(done + 1, 5) + 1)) <= set(saved.answers), (done, saved.answers)


def test_validate_names_the_unanswered_questions(damaged: tuple[Path, list[Any]]) -> None:
    """Does nbgrader's Validate, on a student's copy, name each question with no saved answer
    by number (reflections included), in words and without a traceback?"""
    import subprocess

    from .conftest import NBGRADER, tool_env

    course, items = damaged
    folder = course.parent / "students" / "handedited" / ASSIGNMENT
    result = subprocess.run(
        [NBGRADER, "validate", str(folder / f"{ASSIGNMENT}.ipynb")],
        cwd=folder,
        text=True,
        capture_output=True,
        env=tool_env(),
    )
    assert "Question 2: no answer saved yet." in result.stdout, result.stdout
    assert "Question 1:" not in result.stdout and "Traceback" not in result.stdout
    assert "Questions" not in result.stdout  # the reflection, written in its box, counts
    reflection = len(items)
    answers_path(folder, ASSIGNMENT).write_text(
        (folder / f"{ASSIGNMENT}.answers.json")
        .read_text()
        .replace(f'"{reflection}": {{', '"99": {', 1)
    )
    unwritten = subprocess.run(
        [NBGRADER, "validate", str(folder / f"{ASSIGNMENT}.ipynb")],
        cwd=folder,
        text=True,
        capture_output=True,
        env=tool_env(),
    )
    assert (
        f"Questions {reflection - 1}, {reflection}: no answer saved yet." in unwritten.stdout
        or f"Question {reflection}: no answer saved yet." in unwritten.stdout
    ), unwritten.stdout

"""`swcourse grade`: the same gradebook records (and autograded notebooks) as `nbgrader autograde`,
and hostile submissions scored for what their answers are worth, with nothing else changed.

These tests run student code in bubblewrap and need root (the sandbox gives student code and
the runner their own user ids); CI runs as root with /usr/bin/bwrap installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import nbformat
import pytest
from click.testing import CliRunner

from swcourse.cli import main
from swcourse.core.scoring import score
from swcourse.sandbox.sandbox import available

from . import answers
from .conftest import Cycle
from .hostile import (
    AFTER,
    AFTER_SHOWS,
    PAYLOADS,
    REFUSED,
    TWICE,
    Payload,
    hostile_file,
    plant_refused,
)

pytestmark = pytest.mark.skipif(available() is not None, reason=f"sandboxed grading: {available()}")

STUDENTS = ["perfect", "partial", "empty", "wrongtypes", "deleted"]


def fresh_copy(cycle: Cycle, target: Path) -> Path:
    """The cycle's course after collect, with nbgrader's autograde results wiped."""
    course = target / "course"
    shutil.copytree(cycle.course, course, symlinks=True)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    shutil.rmtree(course / "feedback", ignore_errors=True)
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("UPDATE grade SET auto_score = NULL")
    return course


def records(course: Path, assignment: str, students: list[str]) -> dict[str, dict[str, Any]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            s: {
                g.name: (g.auto_score, g.needs_manual_grade)
                for g in gradebook.find_submission_notebook(assignment, assignment, s).grades
            }
            for s in students
        }


def digest(folder: Path) -> dict[str, str]:
    """Every entry, links and pipes included, by what it is and holds (never following a link)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(folder))] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif not path.is_dir():
            found[str(path.relative_to(folder))] = f"special:{path.lstat().st_mode}"
    return found


def run_grade(course: Path, assignment: str, *extra: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["grade", "--course", str(course), assignment, *extra])
    assert result.exit_code == code, result.output
    return result.output


def autograded_cells(course: Path, assignment: str, student: str) -> list[Any]:
    """Each cell's source, outputs and count; stream pieces joined (a kernel splits a print into
    messages as its flush timer falls, so even two nbgrader runs differ there)."""
    nb = nbformat.read(course / "autograded" / student / assignment / f"{assignment}.ipynb", 4)
    cells = []
    for cell in nb.cells:
        outputs: list[Any] = []
        for output in cell.get("outputs", []):
            if (
                outputs
                and output.output_type == "stream" == outputs[-1]["output_type"]
                and output.name == outputs[-1]["name"]
            ):
                outputs[-1] = {**outputs[-1], "text": outputs[-1]["text"] + output.text}
            else:
                outputs.append(dict(output))
        cells.append((cell.cell_type, cell.source, outputs, cell.get("execution_count")))
    return cells


@pytest.fixture(scope="module")
def clean_run(cycle: Cycle, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    course = fresh_copy(cycle, tmp_path_factory.mktemp("clean"))
    before = digest(course / "submitted")
    output = run_grade(course, cycle.assignment, "--workers", "2")
    assert digest(course / "submitted") == before
    return course, output


def test_parallel_grading_writes_what_nbgrader_writes(
    cycle: Cycle, clean_run: tuple[Path, str]
) -> None:
    """Item by item, does `swcourse grade` record what `nbgrader autograde` recorded, and write the
    same autograded notebooks (feedback is made from them), without starting a kernel?"""
    course, output = clean_run
    assert output.strip().splitlines()[-1] == (
        "5 notebooks: 5 graded, 0 stopped their kernel, "
        "0 reached a limit, 0 timed out, 0 failed "
        "(5 without a kernel)"
    )
    assert records(course, cycle.assignment, STUDENTS) == records(
        cycle.course, cycle.assignment, STUDENTS
    )
    for student in STUDENTS:
        assert autograded_cells(course, cycle.assignment, student) == autograded_cells(
            cycle.course, cycle.assignment, student
        ), student


def test_the_sandbox_path_records_the_same(cycle: Cycle, tmp_path: Path) -> None:
    """With every notebook run in the sandbox (--always-run), are the records still nbgrader's?"""
    course = fresh_copy(cycle, tmp_path)
    output = run_grade(course, cycle.assignment, "--workers", "2", "--always-run")
    assert "(0 without a kernel)" in output
    assert records(course, cycle.assignment, STUDENTS) == records(
        cycle.course, cycle.assignment, STUDENTS
    )


def add_cells(path: Path, after: int, sources: list[str]) -> None:
    """Add code cells of the student's own (no nbgrader metadata, as JupyterLab makes them)
    right after question `after`'s answer box."""
    nb = nbformat.read(path, as_version=4)
    box = next(
        i
        for i, c in enumerate(nb.cells)
        if re.fullmatch(rf"q{after}-.+-box", c.metadata.get("nbgrader", {}).get("grade_id", ""))
    )
    nb.cells[box + 1 : box + 1] = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)


def write_hostile(course: Path, cycle: Cycle, name: str, payload: Payload, code: str) -> None:
    """A submission copied from the perfect student's (answers saved by the boxes), with the
    payload's code in a cell the student added and its hand-made answers file, if any."""
    from swcourse.core.answers import answers_path, write_answer

    target = course / "submitted" / name / cycle.assignment
    shutil.copytree(course / "submitted" / "perfect" / cycle.assignment, target)
    saved = answers_path(target, cycle.assignment)
    if payload.partial:
        for number, item in enumerate(cycle.items, start=1):
            write_answer(saved, cycle.assignment, number, answers.partial(item))
    if payload.answers_file:
        hostile_file(saved, payload.answers_file)
    if code:
        add_cells(target / f"{cycle.assignment}.ipynb", payload.at, [code, AFTER])


def auto_total(course: Path, assignment: str, student: str) -> float:
    values = records(course, assignment, [student])[student].values()
    return round(sum(v[0] or 0 for v in values), 2)


def expected_total(
    cycle: Cycle, lost: set[int] = frozenset(), answer: Any = answers.perfect
) -> float:
    return round(
        sum(
            0 if n in lost else score(item, answer(item))
            for n, item in enumerate(cycle.items, start=1)
            if not answers.is_reflection(item)
        ),
        2,
    )


@pytest.fixture(scope="module")
def hostile_class(
    cycle: Cycle, clean_run: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    """Every payload (twice where carrying over is the attack), graded on ONE worker, so each
    second copy runs right after the first on the same worker."""
    course = fresh_copy(cycle, tmp_path_factory.mktemp("hostile"))
    for name, payload in PAYLOADS.items():
        code = payload.code
        for token, value in (
            ("@GRADEBOOK@", course / "gradebook.db"),
            ("@SOURCE@", course / "source"),
            ("@PEER@", course / "submitted" / "partial"),
            ("@ANSWERS@", f"{cycle.assignment}.answers.json"),
        ):
            code = code.replace(token, str(value))
        write_hostile(course, cycle, name, payload, code)
        if name in TWICE:
            write_hostile(course, cycle, f"{name}-again", payload, code)
    # A clean student who needs a kernel (a cell of their own that is not a literal), right after.
    write_hostile(course, cycle, "saboteur-victim", Payload(), "answer_0 = str(1)")
    broken = course / "submitted" / "broken" / cycle.assignment
    shutil.copytree(course / "submitted" / "perfect" / cycle.assignment, broken)
    (broken / f"{cycle.assignment}.ipynb").write_text('{"cells": [ not json', encoding="utf-8")
    plant_refused(course, cycle.assignment)
    before = digest(course / "submitted")
    output = run_grade(
        course,
        cycle.assignment,
        "--workers",
        "1",
        "--cell-timeout",
        "6",  # short enough to catch the loopers; long enough for a fresh kernel on a busy machine
        "--output-chars",
        "200000",  # well above what a clean notebook shows (answer boxes included)
        "--disk-mb",
        "64",
        code=1,
    )
    assert digest(course / "submitted") == before
    return course, output


def autograded_text(course: Path, assignment: str, student: str) -> str:
    """Every output of a student's autograded notebook, as one text."""
    nb = nbformat.read(
        course / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4
    )
    return json.dumps([c.get("outputs", []) for c in nb.cells])


@pytest.mark.parametrize("student", sorted(PAYLOADS))
def test_hostile_code_costs_only_the_answers_it_breaks(
    hostile_class: tuple[Path, str], cycle: Cycle, student: str
) -> None:
    """Does each payload cost exactly the answers it breaks (and no later cell of the student's
    own), is the limit or failure it ran into named, and does its second copy (same worker,
    right after) score the same?"""
    course, output = hostile_class
    payload = PAYLOADS[student]
    answer = answers.partial if payload.partial else answers.perfect
    expected = expected_total(cycle, payload.lost, answer)
    assert auto_total(course, cycle.assignment, student) == expected
    lines = [line for line in output.splitlines() if line.startswith(f"{student}/")]
    for words in payload.said:
        assert any(words in line for line in lines), (words, lines)
    if payload.code:
        shown = AFTER_SHOWS in autograded_text(course, cycle.assignment, student)
        assert shown == payload.after_runs, (student, lines)
    if student in TWICE:
        assert auto_total(course, cycle.assignment, f"{student}-again") == expected
    if student == "saboteur":
        assert auto_total(course, cycle.assignment, "saboteur-victim") == expected_total(cycle)
        assert not any(line.startswith("saboteur-victim/") for line in output.splitlines())


def test_nothing_else_changes(
    hostile_class: tuple[Path, str], clean_run: tuple[Path, str], cycle: Cycle
) -> None:
    """After the hostile class: is the gradebook sound, are clean students' records and
    autograded files identical to a clean run, and did no autograded notebook balloon?"""
    course, _ = hostile_class
    clean, _ = clean_run
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert records(course, cycle.assignment, STUDENTS) == records(clean, cycle.assignment, STUDENTS)
    for student in STUDENTS:
        folder = f"autograded/{student}"
        assert digest(course / folder) == digest(clean / folder), student
    for path in (course / "autograded").rglob("*.ipynb"):
        assert path.stat().st_size < 2_000_000, path
    assert not any(p.is_symlink() for p in (course / "autograded").rglob("*"))


def test_the_sandbox_hides_the_host(hostile_class: tuple[Path, str], cycle: Cycle) -> None:
    """Could a submission see the gradebook, sources, other submissions or any host path (in
    /proc/self/mountinfo), or write the gradebook?"""
    course, _ = hostile_class

    def text(student: str) -> str:
        return autograded_text(course, cycle.assignment, student)

    assert "FOUND [] MOUNTS" in text("snooper")
    mounts = text("snooper").split("MOUNTS", 1)[1]
    for host_path in (str(course), "/work", "/root", str(Path.cwd()), "pytest"):
        assert host_path not in mounts, host_path
    assert "REFUSED" in text("vandal") and "WROTE" not in text("vandal")


def test_refused_submissions_are_named_and_the_batch_goes_on(
    hostile_class: tuple[Path, str], cycle: Cycle
) -> None:
    """Are links, special files and unreadable notebooks refused for that student with a reason,
    is the exit code 1, and is the summary last?"""
    course, output = hostile_class
    for student, words in REFUSED.items():
        assert any(
            line.startswith(f"{student}/") and words in line for line in output.splitlines()
        ), student
        assert not (course / "autograded" / student).exists()
    assert "broken/" in output and "not a readable notebook" in output
    assert f"{len(REFUSED) + 1} failed" in output.strip().splitlines()[-1]


def test_check_only_lists_refused_submissions(
    hostile_class: tuple[Path, str], cycle: Cycle
) -> None:
    """Does `swcourse grade --check-only` name every submission nbgrader should not be given?"""
    course, _ = hostile_class
    output = run_grade(course, cycle.assignment, "--check-only", code=1)
    for student, words in REFUSED.items():
        assert f"{student}: refused:" in output and words in output
    assert f"{len(REFUSED)} submission(s) refused" in output


def save_answers(course: Path, cycle: Cycle, student: str, answer: Any, code: str = "") -> Path:
    """A student who answered through the answer boxes (answers saved, notebook as released);
    with `code`, also a code cell of their own after the first answer box."""
    from swcourse.core.answers import answers_path, write_answer

    folder = course / "submitted" / student / cycle.assignment
    shutil.copytree(course / "submitted" / "empty" / cycle.assignment, folder)
    saved = answers_path(folder, cycle.assignment)
    for number, item in enumerate(cycle.items, start=1):
        if not answers.is_reflection(item):
            write_answer(saved, cycle.assignment, number, answer(item))
    if code:
        add_cells(folder / f"{cycle.assignment}.ipynb", 1, [code])
    return saved


def test_saved_answers_are_graded_from_the_file(cycle: Cycle, tmp_path: Path) -> None:
    """Are the saved answers scored (kernel-free, or in the sandbox when the notebook holds a
    cell of the student's own), a damaged file named, and a linked file refused? Of the ten
    submissions, the linked one is refused and saved-code needs a kernel: 8 without one."""
    course = fresh_copy(cycle, tmp_path)
    save_answers(course, cycle, "saved-perfect", answers.perfect)
    save_answers(course, cycle, "saved-partial", answers.partial)
    save_answers(course, cycle, "saved-code", answers.perfect, code="answer_0 = str(1)")
    damaged = save_answers(course, cycle, "saved-damaged", answers.perfect)
    damaged.write_text('{"format": "swcourse-answers", "vers', encoding="utf-8")
    linked = save_answers(course, cycle, "saved-linked", answers.perfect)
    linked.unlink()
    os.symlink(course / "submitted" / "saved-perfect" / cycle.assignment / linked.name, linked)
    before = digest(course / "submitted")
    output = run_grade(course, cycle.assignment, "--workers", "2", code=1)
    assert digest(course / "submitted") == before
    assert auto_total(course, cycle.assignment, "saved-perfect") == expected_total(cycle)
    assert auto_total(course, cycle.assignment, "saved-code") == expected_total(cycle)
    assert auto_total(course, cycle.assignment, "saved-partial") == expected_total(
        cycle, answer=answers.partial
    )
    assert auto_total(course, cycle.assignment, "saved-damaged") == 0
    lines = output.splitlines()
    assert any(
        line.startswith("saved-damaged/") and "damaged or incomplete" in line for line in lines
    )
    assert any(line.startswith("saved-linked/") and "is a symbolic link" in line for line in lines)
    assert lines[-1].endswith("1 failed (8 without a kernel)"), lines[-1]


def test_nbgrader_itself_refuses_linked_submissions(cycle: Cycle, tmp_path: Path) -> None:
    """With RefuseLinks configured as the guide says, does plain `nbgrader autograde` grade the
    clean student and leave nothing in autograded/ for the linked and piped ones?"""
    from .conftest import run

    course = fresh_copy(cycle, tmp_path)
    for student in ("partial", "empty", "wrongtypes", "deleted"):
        shutil.rmtree(course / "submitted" / student)
    plant_refused(course, cycle.assignment)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(
            "\nfrom swcourse.grading.intake import RefuseLinks\n"
            "c.Autograde.sanitize_preprocessors.insert(0, RefuseLinks)\n"
            "c.GenerateFeedback.preprocessors.insert(0, RefuseLinks)\n"
        )
    before = digest(course / "submitted")
    with pytest.raises(AssertionError, match="refused"):
        run(["autograde", cycle.assignment, "--create", "--force"], course, cycle.exchange)
    assert digest(course / "submitted") == before
    graded = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{cycle.assignment}"))
    assert graded == ["perfect"]  # nbgrader leaves an empty folder for each refused student
    assert not any(
        p.is_file() or p.is_symlink()
        for student in REFUSED
        for p in (course / "autograded" / student).rglob("*")
    )
    assert auto_total(course, cycle.assignment, "perfect") == expected_total(cycle)

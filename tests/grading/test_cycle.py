"""The full instructor cycle on a real generated assignment, with exact scores per item."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from swcourse.core.course import require_course

from . import answers
from .conftest import NBGRADER, STUDENTS, Cycle, recorded_scores, run, tool_env


def expected(student_name: str, item) -> float | None:
    """Hand-worked expectations (see answers.expected_partial), never the scorer's output."""
    student = next(s for s in STUDENTS if s.name == student_name)
    if answers.is_reflection(item):
        return 0.0 if student.answer is None else None  # an unwritten reflection scores 0
    if student.answer is None or student_name == "wrongtypes":
        return 0.0
    return float(item.points) if student_name == "perfect" else answers.expected_partial(item)


@pytest.mark.parametrize("student", ["perfect", "partial", "empty", "wrongtypes"])
def test_each_item_scores_exactly_what_the_rules_give(cycle: Cycle, student: str) -> None:
    """Does plain `nbgrader autograde`, reading the saved-answers file, record for every item
    exactly the score worked out by hand?"""
    recorded = recorded_scores(cycle, student)
    for number, item in enumerate(cycle.items, start=1):
        grade_id = f"q{number}-{item.id}-{'answer' if answers.is_reflection(item) else 'grade'}"
        assert recorded[grade_id] == expected(student, item), (student, item.id)


def test_totals_make_sense(cycle: Cycle) -> None:
    """Perfect earns every autograded point, empty earns none, partial lands in between."""
    auto = [i for i in cycle.items if not answers.is_reflection(i)]
    best = sum(i.points for i in auto)
    totals = {
        s: sum(v or 0 for v in recorded_scores(cycle, s).values())
        for s in ("perfect", "partial", "empty")
    }
    assert totals["perfect"] == best
    assert totals["empty"] == 0
    assert 0 < totals["partial"] < best


def test_deleted_grade_cell_is_left_for_the_instructor(cycle: Cycle) -> None:
    """When a student deletes a grade cell, is that item left ungraded (flagged for a hand
    grade in formgrader, as nbgrader does) while every other item is graded normally?"""
    recorded = recorded_scores(cycle, "deleted")
    perfect = recorded_scores(cycle, "perfect")
    deleted = next(
        f"q{n}-{i.id}-grade" for n, i in enumerate(cycle.items, 1) if not answers.is_reflection(i)
    )
    assert recorded.pop(deleted) is None
    assert perfect.pop(deleted) is not None
    assert recorded == perfect


def regrade(cycle: Cycle, tmp_path: Path) -> Cycle:
    """A copy of the cycle's course with nbgrader's autograde undone (autograded/ removed,
    every automatic score cleared), graded again by `swcourse grade`."""
    import sqlite3

    from click.testing import CliRunner

    from swcourse.cli import main

    course = tmp_path / "course"
    shutil.copytree(cycle.course, course)
    shutil.rmtree(course / "autograded", ignore_errors=True)
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("UPDATE grade SET auto_score = NULL")
    result = CliRunner().invoke(main, ["grade", "--course", str(course), cycle.assignment])
    assert result.exit_code == 0, result.output
    return Cycle(course, cycle.exchange, cycle.assignment, cycle.items, {}, "")


def plain(html: str) -> str:
    """The feedback page's words, without tags, entities or line breaks."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_feedback_hides_hidden_tests_and_keys(cycle: Cycle) -> None:
    """Does any feedback page show the hidden tests, the grading call, an item's key data, or
    the explanation of an option the student did not choose?"""
    for student, html in cycle.feedback.items():
        assert "BEGIN HIDDEN TESTS" not in html, student
        assert "_grade_answer" not in html and "_saved_answer" not in html, student
        assert "&#39;key&#39;" not in html and "'key'" not in html, student
        text = plain(html)
        assert "Traceback (most recent call last)" not in text, student
        assert "import " not in text and "answer_box(" not in text, student
        fill = next(s.answer for s in STUDENTS if s.name == student)
        for item in cycle.items:
            chosen = fill(item) if fill and item.type in ("single", "multiple") else None
            chosen = [chosen] if isinstance(chosen, str) else chosen
            chosen = chosen if isinstance(chosen, list) else []
            for option in getattr(item, "options", []):
                if option.id not in chosen:
                    assert " ".join(option.explanation.split()) not in text, (student, item.id)


def test_feedback_tells_the_answer_in_words(cycle: Cycle) -> None:
    """Does the perfect student's feedback show each chosen option's text and explanation, the
    points earned, and the reflection as written in its box?"""
    text = plain(cycle.feedback["perfect"])
    for item in cycle.items:
        if item.type == "single":
            option = next(o for o in item.options if o.id == item.key)
            assert f"You chose: {' '.join(option.text.split())}" in text, item.id
            assert " ".join(option.explanation.split()) in text, item.id
        if item.type == "reflection":
            assert "A full answer that meets every criterion of the rubric." in text
    assert f"Points: {cycle.items[0].points:g} of {cycle.items[0].points:g}" in text
    empty = plain(cycle.feedback["empty"])
    assert "has no answer, so it earned no points" in empty


def test_export_lists_every_student_with_their_total(cycle: Cycle) -> None:
    """Does nbgrader's CSV export carry each student's autograded total?"""
    rows = {row["student_id"]: row for row in csv.DictReader(io.StringIO(cycle.grades_csv))}
    assert set(rows) >= {s.name for s in STUDENTS}
    perfect_total = sum(v or 0 for v in recorded_scores(cycle, "perfect").values())
    assert float(rows["perfect"]["raw_score"]) == perfect_total


def test_validate_passes_a_student_who_answered_everything(cycle: Cycle) -> None:
    """Does `nbgrader validate` pass the copy of a student who answered every question in its
    box (reflections included), and name every question for one who answered none?"""
    students = cycle.course.parent / "students"
    for name, passes in (("perfect", True), ("empty", False)):
        notebook = students / name / cycle.assignment / f"{cycle.assignment}.ipynb"
        result = subprocess.run(
            [NBGRADER, "validate", str(notebook)],
            cwd=notebook.parent,
            text=True,
            capture_output=True,
            env=tool_env(),
        )
        assert ("Success! Your notebook passes all the tests." in result.stdout) is passes, (
            result.stdout
        )
        if not passes:
            for number in range(1, len(cycle.items) + 1):
                assert re.search(
                    rf"Questions? (\d+, )*{number}(, \d+)*: no answer saved yet", result.stdout
                ), number
            assert "Traceback" not in result.stdout


def test_swcourse_grade_reads_saved_answers(cycle: Cycle, tmp_path: Path) -> None:
    """Does `swcourse grade`, on the same collected submissions, record for every item exactly
    the hand-worked score that plain nbgrader autograde recorded?"""
    regraded = regrade(cycle, tmp_path)
    for student in ("perfect", "partial", "empty", "wrongtypes"):
        recorded = recorded_scores(regraded, student)
        for number, item in enumerate(cycle.items, start=1):
            grade_id = f"q{number}-{item.id}-{'answer' if answers.is_reflection(item) else 'grade'}"
            assert recorded[grade_id] == expected(student, item), (student, item.id)


# Which item of each pool every student of the variant cycle was asked, worked out once by hand
# from the draw rule and kept here: if the rule or its seed changes, these tests say so.
DRAWN = {
    "perfect": (
        "q-05-leaflet-worker",
        "q-05-college-choice",
        "q-05-refuses-care-home",
        "q-05-contemptuous-remark",
    ),
    "partial": (
        "q-05-guilt-or-wisdom",
        "q-05-recording-opening",
        "q-05-refuses-care-home",
        "q-05-group-votes-exclude",
    ),
    "empty": (
        "q-05-college-choice",
        "q-05-guilt-or-wisdom",
        "q-05-situation-changes",
        "q-05-contemptuous-remark",
    ),
    "wrongtypes": (
        "q-05-leaflet-worker",
        "q-05-recording-opening",
        "q-05-group-votes-exclude",
        "q-05-contemptuous-remark",
    ),
    "deleted": (
        "q-05-leaflet-worker",
        "q-05-recording-opening",
        "q-05-situation-changes",
        "q-05-group-votes-exclude",
    ),
}
SLOTS = {1: "q-05-principles-pool", 2: "q-05-principles-pool"}
SLOTS |= {24: "q-05-dilemmas-pool", 25: "q-05-dilemmas-pool"}


def asked_by_hand(cycle: Cycle, student: str) -> dict[int, tuple[str, object]]:
    """Question number -> (grade id, the item asked) from the DRAWN table, not the draw code."""

    bank = dict(require_course(Path(__file__).resolve().parents[2]).items)
    drawn = iter(DRAWN[student])
    out: dict[int, tuple[str, object]] = {}
    for number, item in enumerate(cycle.items, start=1):
        if number in SLOTS:
            out[number] = (f"q{number}-{SLOTS[number]}-grade", bank[next(drawn)])
        else:
            part = "answer" if answers.is_reflection(item) else "grade"
            out[number] = (f"q{number}-{item.id}-{part}", item)
    return out


def test_variant_cycle_grades_each_students_own_items(variant_cycle: Cycle) -> None:
    """In an assignment that draws 2 of 4 items per objective per student, does plain nbgrader
    record for every student, at each slot, the hand-worked score of the item they were asked,
    with the same maximum for everyone?"""
    for student in DRAWN:
        recorded = recorded_scores(variant_cycle, student)
        for number, (grade_id, item) in asked_by_hand(variant_cycle, student).items():
            # the deleted student answers as the perfect one but deleted its first grade cell,
            # which is left for a hand grade
            want = expected("perfect" if student == "deleted" else student, item)
            if student == "deleted" and number == 1:
                want = None
            assert recorded[grade_id] == want, (student, number, grade_id)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{variant_cycle.course / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_notebook(variant_cycle.assignment, variant_cycle.assignment)
        maxima = {cell.name: cell.max_score for cell in notebook.grade_cells}
    assert maxima["q1-q-05-principles-pool-grade"] == 1.0
    assert len(maxima) == len(variant_cycle.items)


def test_variant_feedback_names_the_question_asked(variant_cycle: Cycle) -> None:
    """Does each student's feedback show the prompt of the item they drew at each slot, and
    never the prompt of a pool item they were not asked?"""
    for student in ("perfect", "partial"):
        text = plain(variant_cycle.feedback[student])
        shown = {n: item for n, (_, item) in asked_by_hand(variant_cycle, student).items()}
        for number in SLOTS:
            prompt = " ".join(shown[number].prompt.split())
            assert f"Question {number}, drawn for you: {prompt}" in text, (student, number)
        asked = set(DRAWN[student])

        bank = dict(require_course(Path(__file__).resolve().parents[2]).items)
        for item_id in {i for s in DRAWN.values() for i in s} - asked:
            assert " ".join(bank[item_id].prompt.split()) not in text, (student, item_id)


def test_swcourse_grade_grades_variants_alike(variant_cycle: Cycle, tmp_path: Path) -> None:
    """Does `swcourse grade`, scoring outside the kernel, pick each student's own item for every
    slot and record the same scores as plain nbgrader?"""
    before = {s: recorded_scores(variant_cycle, s) for s in DRAWN if s != "deleted"}
    regraded = regrade(variant_cycle, tmp_path)
    for student, scores in before.items():
        assert recorded_scores(regraded, student) == scores, student


def test_swcourse_grade_feedback_says_what_was_drawn(variant_cycle: Cycle, tmp_path: Path) -> None:
    """Does the feedback made from what `swcourse grade` wrote say, at each slot, "drawn for
    you" with the prompt of the item the student was asked (the DRAWN table), and is every
    student's page word for word the one plain nbgrader's autograde gives?"""
    regraded = regrade(variant_cycle, tmp_path)
    shutil.rmtree(regraded.course / "feedback")
    run(["generate_feedback", regraded.assignment, "--force"], regraded.course, regraded.exchange)
    for student in DRAWN:
        page = next((regraded.course / "feedback" / student / regraded.assignment).glob("*.html"))
        text = plain(page.read_text())
        for number, (_, item) in asked_by_hand(variant_cycle, student).items():
            if number in SLOTS and (student, number) != ("deleted", 1):  # its grade cell is gone
                prompt = " ".join(item.prompt.split())
                assert f"Question {number}, drawn for you: {prompt}" in text, (student, number)
        assert text == plain(variant_cycle.feedback[student]), student


def test_variant_report_lines_items_up(variant_cycle: Cycle, tmp_path: Path) -> None:
    """Does the class report read each slot as its pool (type and objective known, so mastery
    counts it) and trace each student's slot score to the item they drew (the DRAWN table)?"""
    from swcourse.classreport.report import write_report
    from swcourse.classreport.variant_report import drawn
    from swcourse.grading.gradebook import read_assignment

    root = Path(__file__).resolve().parents[2]
    scores = read_assignment(require_course(root), variant_cycle.assignment, variant_cycle.course)
    columns = {c.name: c for c in scores.matrix.items}
    slot = columns["q24-q-05-dilemmas-pool-grade"]
    assert (slot.item_id, slot.type) == ("q-05-dilemmas-pool", "single")
    assert slot.objectives == ("LO-5.5",)
    traced = {(r.student, r.number): r.item_id for r in drawn(scores.matrix, scores.pools)}
    for student, items in DRAWN.items():
        assert [traced[(student, n)] for n in sorted(SLOTS)] == list(items), student
    html = write_report(
        require_course(root), variant_cycle.course, variant_cycle.assignment, tmp_path / "r.html"
    )
    assert "<h2>Drawn questions</h2>" in html.read_text()

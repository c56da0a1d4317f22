"""The report's figures for drawn questions: each pool item over the students asked it."""

from __future__ import annotations

from pathlib import Path

from swcourse.classreport.analysis import ItemColumn, ScoreMatrix
from swcourse.classreport.attention import find_attention
from swcourse.classreport.variant_report import drawn, drawn_html, item_figures, pools
from swcourse.core.answers import answers_path, write_answer
from swcourse.core.course import require_course
from swcourse.grading.gradebook import AssignmentScores, item_column

ASSIGNMENT = "ch05-principles-values"


def matrix() -> ScoreMatrix:
    """Two slots of the principles pool and one fixed item, for three students."""
    slot = {"max_points": 1.0, "item_id": "q-05-principles-pool", "type": "single"}
    columns = (
        ItemColumn(name="q1-q-05-principles-pool-grade", number=1, **slot),
        ItemColumn(name="q2-q-05-principles-pool-grade", number=2, **slot),
        ItemColumn(name="q3-q-05-anger-session-grade", max_points=1.0, number=3),
    )
    return ScoreMatrix(
        students=("perfect", "partial", "empty"),
        items=columns,
        scores=((1.0, 1.0, 1.0), (0.0, 1.0, 0.0), (None, 0.0, 0.0)),
    )


def test_pools_read_like_items(course_root: Path) -> None:
    """Does a slot's grade cell read as its pool, with the pool's type and objective?"""
    found = pools(require_course(course_root), ASSIGNMENT)
    assert set(found) == {"q-05-principles-pool", "q-05-dilemmas-pool"}
    column = item_column("q24-q-05-dilemmas-pool-grade", 1.0, dict(found))
    assert (column.item_id, column.number, column.type) == ("q-05-dilemmas-pool", 24, "single")
    assert column.objectives == ("LO-5.5",)


def test_each_students_item_is_traced(course_root: Path) -> None:
    """Is every slot score traced to the item that student drew (the hand table of
    test_cycle.DRAWN), and each item's facility worked over only the students asked it?"""
    found = pools(require_course(course_root), ASSIGNMENT)
    rows = drawn(matrix(), found)
    asked = {(r.student, r.number): r.item_id for r in rows}
    assert asked == {
        ("perfect", 1): "q-05-leaflet-worker",
        ("perfect", 2): "q-05-college-choice",
        ("partial", 1): "q-05-guilt-or-wisdom",
        ("partial", 2): "q-05-recording-opening",
        ("empty", 1): "q-05-college-choice",
        ("empty", 2): "q-05-guilt-or-wisdom",
    }
    figures = {f.item_id: f for f in item_figures(rows, found) if f.pool == "q-05-principles-pool"}
    assert figures["q-05-leaflet-worker"].facility == 100.0
    assert (figures["q-05-college-choice"].asked, figures["q-05-college-choice"].graded) == (2, 1)
    assert figures["q-05-college-choice"].facility == 100.0
    assert figures["q-05-guilt-or-wisdom"].facility == 0.0
    assert figures["q-05-recording-opening"].facility == 100.0
    html = drawn_html(matrix(), found)
    assert "<h2>Drawn questions</h2>" in html
    assert '<th scope="row"><code>q-05-leaflet-worker</code></th>' in html
    assert drawn_html(matrix(), {}) == ""


def test_needs_attention_checks_each_students_drawn_item(course_root: Path, tmp_path: Path) -> None:
    """Is a wrongly formed saved answer at a drawn slot checked against the item that student
    drew (partial drew q-05-guilt-or-wisdom at slot 1, test_cycle.DRAWN), and named?"""
    course_dir = tmp_path / "course"
    folder = course_dir / "autograded" / "partial" / ASSIGNMENT
    folder.mkdir(parents=True)
    write_answer(answers_path(folder, ASSIGNMENT), ASSIGNMENT, 1, "z")  # no option z
    scores = AssignmentScores(
        ASSIGNMENT, "Principles", matrix(), {}, pools(require_course(course_root), ASSIGNMENT)
    )
    found = find_attention(require_course(course_root), course_dir, scores)
    messages = [(a.number, a.reason) for a in found["partial"]]
    assert any(number == 1 and "answer_1" in reason for number, reason in messages), messages
    assert "perfect" in found and "partial" in found  # no autograded folder: not graded

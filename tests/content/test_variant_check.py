"""`swcourse check` on assignments that draw items per student: a draw that asks more than its
pool holds, or pools of items that are not interchangeable, are errors naming file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from .test_check import FIXTURES, run_check

ITEM = """  - id: {id}
    objectives: [{objective}]
    use: assessment
    type: true_false
    difficulty: easy
    prompt: "A statement about objectives, number {id}."
    key: true
    explanation_true: "Right: it is so."
    explanation_false: "Not so: it is true."
    points: {points}
"""

ASSIGNMENTS = """schema_version: 1
assignments:
  - id: ch01-quiz
    title: "Chapter 1 quiz"
    introduction: "A fixture assignment that draws items per student."
    items:
      - q-01-one
      - pool: q-01-first-pool
        draw: 3
        from: [q-01-two, q-01-three]
      - pool: q-01-spare
        draw: 1
        from: [q-01-four, q-01-five]
      - q-01-spare
"""


def course(tmp_path: Path) -> Path:
    """The quizzes fixture with four more assessment items and pools that break the rules."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "quizzes", root)
    bank = root / "quizzes" / "bank" / "ch01.yaml"
    extra = [("q-01-two", "LO-1.1", 1), ("q-01-three", "LO-1.1", 1)]
    extra += [("q-01-four", "LO-1.1", 1), ("q-01-five", "LO-1.1", 2)]
    bank.write_text(
        bank.read_text() + "".join(ITEM.format(id=i, objective=o, points=p) for i, o, p in extra)
    )
    (root / "quizzes" / "assignments.yaml").write_text(ASSIGNMENTS)
    return root


def test_draw_more_than_the_pool_is_an_error(tmp_path: Path) -> None:
    """Is a draw of 3 from a pool of 2 reported at its `draw:` line, with what to do?"""
    code, lines = run_check(course(tmp_path))
    assert code == 1
    assert (
        "quizzes/assignments.yaml:9: pool q-01-first-pool draws 3 items from only 2; draw at "
        "most 2 or add items to its `from` list"
    ) in lines


def test_pool_rules(tmp_path: Path) -> None:
    """Is a pool id that is an item's id, and a pool whose items differ in points, reported at
    its line, while a well-formed pool's items count as assessed (not spare)?"""
    _, lines = run_check(course(tmp_path))
    assert (
        "quizzes/assignments.yaml:11: pool id q-01-spare is already the id of a bank item; "
        "give the pool its own id"
    ) in lines
    assert (
        "quizzes/assignments.yaml:13: the items of pool q-01-spare differ in objectives, type or "
        "points; a student's draw must not change what is assessed or how much it is worth"
    ) in lines
    assert not any("assessment items in no assignment" in line for line in lines), lines


def test_draw_within_the_pool_passes(tmp_path: Path) -> None:
    """With the draw within the pool and the pools sound, are there no pool errors at all?"""
    root = course(tmp_path)
    (root / "quizzes" / "assignments.yaml").write_text(
        ASSIGNMENTS.replace("draw: 3", "draw: 2")
        .replace("pool: q-01-spare", "pool: q-01-second-pool")
        .replace("q-01-five]", "q-01-two]\n      - q-01-five")
        .replace("[q-01-two, q-01-three]", "[q-01-three, q-01-one]")
        .replace("      - q-01-one\n", "", 1)
    )
    _, lines = run_check(root)
    assert not any("pool" in line for line in lines), lines
    assert not any("assessment items in no assignment" in line for line in lines), lines


def test_malformed_pool_names_its_fields(tmp_path: Path) -> None:
    """Is a pool entry with a misspelt field and a draw of 0 reported field by field, as a pool
    (not also as a broken item id)?"""
    root = course(tmp_path)
    (root / "quizzes" / "assignments.yaml").write_text(
        ASSIGNMENTS.replace("draw: 3", "draw: 0").replace("from: [q-01-two", "form: [q-01-two")
    )
    _, lines = run_check(root)
    mine = [line for line in lines if line.startswith("quizzes/assignments.yaml")]
    assert mine == [
        "quizzes/assignments.yaml:8: assignments.0.items.1.pool.draw: Input should be greater "
        "than or equal to 1",
        "quizzes/assignments.yaml:8: assignments.0.items.1.pool.form: Extra inputs are not "
        "permitted",
        "quizzes/assignments.yaml:8: assignments.0.items.1.pool.from: Field required",
    ]

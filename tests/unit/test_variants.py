"""Item variants per student (core/variants.py): the same student always gets the same items,
a class gets a spread of them, and the draw is pinned so a change to the rule is noticed."""

from __future__ import annotations

import ast

import pytest

from swcourse.core.variants import drawn_for_slot, drawn_ids, drawn_literal, pick

POOL = [
    "q-05-leaflet-worker",
    "q-05-college-choice",
    "q-05-guilt-or-wisdom",
    "q-05-recording-opening",
]
ASSIGNMENT = "ch05-principles-values"


def test_same_student_same_items() -> None:
    """Does one student get the same two items on every call, in the pool's own order?"""
    first = drawn_ids(POOL, 2, "s0042", ASSIGNMENT, "q-05-principles-pool")
    for _ in range(5):
        assert drawn_ids(POOL, 2, "s0042", ASSIGNMENT, "q-05-principles-pool") == first
    assert len(set(first)) == 2 and set(first) <= set(POOL)
    assert first == [i for i in POOL if i in first]


def test_thirty_students_get_a_spread() -> None:
    """Do 30 students get different draws, with every item of the pool asked of someone?"""
    draws = [
        tuple(drawn_ids(POOL, 2, f"student{n:02d}", ASSIGNMENT, "q-05-principles-pool"))
        for n in range(30)
    ]
    assert len(set(draws)) >= 5  # 6 possible pairs of 4 items
    assert {i for d in draws for i in d} == set(POOL)
    most = max(draws.count(d) for d in set(draws))
    assert most <= 10, draws  # no pair is handed to a third of the class


def test_draws_are_pinned() -> None:
    """Are a few draws exactly as written here (worked out once and kept, like the pinned
    option orders of test_shuffle), so a change to the seed or the rule is caught?"""
    pool = "q-05-principles-pool"
    assert drawn_ids(POOL, 2, "perfect", ASSIGNMENT, pool) == POOL[:2]
    assert drawn_ids(POOL, 2, "partial", ASSIGNMENT, pool) == POOL[2:]
    assert drawn_ids(POOL, 2, "empty", ASSIGNMENT, pool) == POOL[1:3]
    assert drawn_for_slot(POOL, 2, 2, "wrongtypes", ASSIGNMENT, pool) == POOL[3]


def test_the_draw_depends_on_assignment_and_pool() -> None:
    """Is one student's draw seeded by the assignment and the pool too, not the student only?"""
    seen = {
        tuple(drawn_ids(POOL, 2, "perfect", assignment, pool))
        for assignment in ("a1", "a2", "a3", "a4")
        for pool in ("q-01-p", "q-02-p", "q-03-p")
    }
    assert len(seen) > 1


@pytest.mark.parametrize("count", [0, 5])
def test_impossible_draw_is_refused(count: int) -> None:
    """Is drawing none, or more than the pool holds, an error naming the pool?"""
    with pytest.raises(ValueError, match="q-05-principles-pool"):
        drawn_ids(POOL, count, "s1", ASSIGNMENT, "q-05-principles-pool")


def test_box_and_grader_pick_the_same_entry() -> None:
    """Do the answer box's data ("item" ids) and the hidden test's ("id") pick the same item for
    a student, and does the syntax-only reader used outside the kernel agree with both?"""
    slot = {"pool": "q-05-principles-pool", "draw": 2, "place": 1}
    shown = pick({**slot, "items": [{"item": i, "prompt": i} for i in POOL]}, "partial", ASSIGNMENT)
    graded = pick({**slot, "items": [{"id": i, "key": "a"} for i in POOL]}, "partial", ASSIGNMENT)
    assert shown["item"] == graded["id"] == "q-05-guilt-or-wisdom"
    call = (
        ast.parse(
            f"_drawn_item({ASSIGNMENT!r}, 1, {dict(slot, items=[{'id': i} for i in POOL])!r})"
        )
        .body[0]
        .value
    )
    assert drawn_literal(call, "partial") == {"id": "q-05-guilt-or-wisdom"}
    assert drawn_literal(ast.parse("{'id': 'x'}").body[0].value, "partial") is None

"""Feedback facts and the self-check data the core compiles for the book."""

from __future__ import annotations

from typing import Any

import pytest

from swcourse.core.display import item_orders
from swcourse.core.feedback import compile_item, feedback_facts, verdict_data

from ..fixture_items import MATCH, TWO_SITUATIONS, item, opts

ORDER = item(
    id="q-06-order",
    type="ordering",
    explanation="The phases run in this order.",
    items=[{"id": i, "text": i.upper()} for i in ("c", "a", "d", "b")],
    key=["a", "b", "c", "d"],
)


def test_ordering_one_item_moved_to_the_end_is_partly_right() -> None:
    """Is [b, c, d, a] two of three neighbouring pairs right, 0.67 points, as the grader says?"""
    facts = feedback_facts(ORDER, ["b", "c", "d", "a"])
    assert (facts["score"], facts["verdict"], facts["valid"]) == (0.67, "partial", True)
    assert [p["right"] for p in facts["pairs"]] == [False, True, True]
    assert facts["pairs"][0] == {"before": "a", "after": "b", "right": False}


def test_ordering_with_a_missing_step_earns_nothing() -> None:
    """Is an order that leaves a step out wrong, with every pair marked not right?"""
    facts = feedback_facts(ORDER, ["a", "b", "c"])
    assert (facts["score"], facts["verdict"], facts["valid"]) == (0.0, "wrong", False)
    assert not any(p["right"] for p in facts["pairs"])


def test_multiple_marks_each_option_chosen_and_right() -> None:
    """Does each option say whether it was ticked and whether it applies?"""
    q = item(id="q-05-multi", type="multiple", options=opts("a", "b", "c", "d"), key=["a", "c"])
    facts = feedback_facts(q, ["a", "b"])
    assert facts["verdict"] == "wrong" and facts["score"] == 0.0
    assert facts["options"] == [
        {"id": "a", "chosen": True, "key": True},
        {"id": "b", "chosen": True, "key": False},
        {"id": "c", "chosen": False, "key": True},
        {"id": "d", "chosen": False, "key": False},
    ]
    assert feedback_facts(q, [" A "])["verdict"] == "partial"


def test_eight_keys_one_right_rounds_half_to_even() -> None:
    """Is one of eight right 0.12 (Python rounds the half to the even hundredth), not 0.13?"""
    ids = [*"abcdefgh"]
    q = item(id="q-05-eight", type="multiple", options=opts(*ids), key=ids)
    assert feedback_facts(q, ["a"])["score"] == 0.12


def test_matching_names_each_pair() -> None:
    """Does each left item carry the student's match (if a known one) and the right one?"""
    facts = feedback_facts(MATCH, {"x": "p", "y": "r", "z": "nonsense"})
    assert facts["matches"] == [
        {"left": "x", "key": "p", "given": "p", "right": True},
        {"left": "y", "key": "q", "given": "r", "right": False},
        {"left": "z", "key": "r", "given": None, "right": False},
    ]
    assert facts["score"] == 0.33


@pytest.mark.parametrize("answer", [None, 3, "a", ["a"], {"x": 1}, {"x": ["p"]}])
def test_malformed_matching_answers_earn_nothing(answer: Any) -> None:
    """Is anything but a map of text ids worth nothing, with no match reported?"""
    facts = feedback_facts(MATCH, answer)
    assert facts["score"] == 0.0 and [m["given"] for m in facts["matches"]] == [None] * 3


def test_compiled_item_drops_verdict_words_and_a_repeated_answer() -> None:
    """Does the book get 'Why option a is so.' without 'Right.', and a short answer's
    explanation without a first sentence that only repeats the answer?"""
    options = opts("a", "b", "c", why="Right. Why option {} is so.")
    single = compile_item(item(id="q-05-one", type="single", options=options, key="a"))
    assert single["options"][0]["explanation"] == "Why option a is so."
    short = compile_item(
        item(
            id="q-05-soul",
            type="short_text",
            accepted=["soul", "The soul"],
            explanation="Soul. For Biestek the relationship was the heart.",
        )
    )
    assert short["explanation"] == "For Biestek the relationship was the heart."
    assert short["answers"] == ["soul"]


def test_classification_carries_the_core_labels() -> None:
    """Are category labels compiled from the core, not written again in JavaScript?"""
    q = item(
        id="q-08-class",
        type="classification",
        vignettes=TWO_SITUATIONS,
    )
    assert compile_item(q)["categories"] == [
        ["casework", "Casework"],
        ["group work", "Group work"],
        ["both", "Both"],
    ]


def test_item_orders_respect_fixed_order_and_never_start_solved() -> None:
    """Does an ordering item never start in its key's order, and a pinned item keep its order?"""
    for n in range(100):
        assert item_orders(ORDER, f"s{n}")["start"] != ORDER.key
    pinned = item(
        id="q-05-pinned", type="single", options=opts("a", "b", "c", "d"), key="d", fixed_order=True
    )
    assert {tuple(item_orders(pinned, f"s{n}")["options"]) for n in range(30)} == {tuple("abcd")}
    free = item(id="q-05-free", type="single", options=opts("a", "b", "c", "d"), key="d")
    assert len({tuple(item_orders(free, f"s{n}")["options"]) for n in range(30)}) >= 10


def test_verdict_data_keeps_ids_and_keys_and_drops_the_prose() -> None:
    """Does the revision hub get each item's ids, key and points, and none of its texts?"""
    assert verdict_data(MATCH) == {
        "id": "q-05-match",
        "type": "matching",
        "points": 1,
        "left": [{"id": "x"}, {"id": "y"}, {"id": "z"}],
        "right": [{"id": "p"}, {"id": "q"}, {"id": "r"}],
        "key": {"x": "p", "y": "q", "z": "r"},
    }
    short = item(
        id="q-05-soul",
        type="short_text",
        accepted=["soul", "The soul"],
        explanation="Soul. For Biestek the relationship was the heart.",
    )
    assert verdict_data(short) == {
        "id": "q-05-soul",
        "type": "short_text",
        "points": 1,
        "accepted": ["soul", "The soul"],
    }

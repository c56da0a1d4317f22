"""Display order: stable for one learner, spread across learners, pinned when asked."""

from __future__ import annotations

from swcourse.core.shuffle import display_order

IDS = ["a", "b", "c", "d"]


def test_same_seed_same_order() -> None:
    """Does a student see the same order on every reload?"""
    assert display_order(IDS, "s1:q-05-x") == display_order(IDS, "s1:q-05-x")


def test_orders_spread_across_students() -> None:
    """Do thirty students see more than a handful of orders, with the first option moving?"""
    orders = [tuple(display_order(IDS, f"student{n}:q-05-x")) for n in range(30)]
    assert len(set(orders)) >= 10
    assert len({order[0] for order in orders}) == 4


def test_fixed_order_is_kept() -> None:
    """Is an item that pins its order ('all of the above') shown as written?"""
    assert display_order(IDS, "s1:q", fixed=True) == IDS


def test_never_starts_as_the_answer() -> None:
    """Is an ordering question never shown already in its key's order?"""
    key = ["b", "a", "c"]
    for n in range(200):
        assert display_order(["a", "b", "c"], f"s{n}", avoid=key) != key


def test_hash_matches_published_fnv1a_vectors() -> None:
    """Is the seed hash the standard 32-bit FNV-1a (so any JavaScript twin can be checked)?"""
    from swcourse.core.shuffle import fnv1a

    assert [fnv1a(""), fnv1a("a"), fnv1a("foobar")] == [0x811C9DC5, 0xE40C292C, 0xBF9CF968]


def test_orders_are_pinned() -> None:
    """Does the rule still give the orders learners already see? (Changing it reshuffles every
    student's options mid-course; the book's JavaScript twin must change with it.)"""
    assert display_order(IDS, "s1:q-05-x") == ["b", "a", "d", "c"]
    assert display_order(list("abcdefgh"), "learner-1:q-05-soul") == list("hgcdfbae")


def test_grading_ignores_the_order_shown() -> None:
    """Does an answer given in ids score the same whatever order a student saw?"""
    from pydantic import TypeAdapter

    from swcourse.core.bank_schema import Item
    from swcourse.core.scoring import score

    item = TypeAdapter(Item).validate_python(
        {
            "id": "q-05-order-shown",
            "objectives": ["LO-5.1"],
            "use": "assessment",
            "difficulty": "easy",
            "prompt": "Which two apply to this case?",
            "type": "multiple",
            "key": ["a", "c"],
            "options": [
                {"id": i, "text": f"Option {i}", "explanation": "Why it is as it is."} for i in IDS
            ],
        }
    )
    scores = set()
    for n in range(30):
        shown = display_order(IDS, f"student{n}:{item.id}")
        picked = [i for i in shown if i in ("a", "c")]  # the student ticks the same two options
        scores.add(score(item, picked))
    assert scores == {1.0}

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

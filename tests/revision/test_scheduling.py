"""FSRS scheduling through the `fsrs` package: intervals and due order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from swcourse.core import scheduling


def interval(state: dict, when) -> timedelta:
    return scheduling.due_at(state) - when


def test_intervals_grow_on_good_and_shrink_on_again() -> None:
    """Does each Good push the next review further out, and Again bring it back close?"""
    when = scheduling.now()
    state = scheduling.new_state()
    gaps = []
    for _ in range(4):
        state = scheduling.review(state, "good", when)
        gaps.append(interval(state, when))
        when = scheduling.due_at(state)
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] * 10
    lapsed = scheduling.review(state, "again", when)
    assert interval(lapsed, when) < gaps[-1] / 10


def test_easy_waits_longer_than_hard() -> None:
    """From the same state, is Easy scheduled later than Good, and Good later than Hard?"""
    when = scheduling.now()
    state = scheduling.review(scheduling.new_state(), "good", when)
    later = scheduling.due_at(state)
    dues = {
        r: scheduling.due_at(scheduling.review(state, r, later)) for r in ("hard", "good", "easy")
    }
    assert dues["hard"] < dues["good"] < dues["easy"]


def test_due_order_is_most_overdue_first() -> None:
    """Are only due cards listed, the most overdue first?"""
    when = scheduling.now()
    states = {
        name: {**scheduling.new_state(), "due": (when + offset).isoformat()}
        for name, offset in [
            ("soon", timedelta(hours=1)),
            ("late", -timedelta(days=3)),
            ("recent", -timedelta(minutes=5)),
        ]
    }
    assert scheduling.due_order(states, when) == ["late", "recent"]


def test_unknown_rating_is_refused() -> None:
    """Is a rating other than again/hard/good/easy refused with the valid ones named?"""
    with pytest.raises(ValueError, match="rating must be one of"):
        scheduling.review(scheduling.new_state(), "perfect")

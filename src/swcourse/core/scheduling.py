"""Spaced repetition with FSRS (the `fsrs` package): one scheduler for the notebook and the CLI.

The book runs the same algorithm in the browser through `ts-fsrs`, the JavaScript port by the
same project; tests check that both grow intervals on Good and shrink them on Again.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from fsrs import Card, Rating, Scheduler

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

_SCHEDULER = Scheduler(enable_fuzzing=False)  # deterministic intervals: testable and explainable


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_state() -> dict[str, Any]:
    """The scheduling state of a card never reviewed (due at once)."""
    return Card().to_dict()


def review(state: dict[str, Any], rating: str, when: datetime | None = None) -> dict[str, Any]:
    """The card's next state after a review rated again | hard | good | easy."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {sorted(RATINGS)}, not {rating!r}")
    card, _ = _SCHEDULER.review_card(Card.from_dict(state), RATINGS[rating], when or now())
    return card.to_dict()


def due_at(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(state["due"])


def due_order(states: dict[str, dict[str, Any]], when: datetime | None = None) -> list[str]:
    """Card ids due by `when`, most overdue first."""
    moment = when or now()
    due = [(due_at(s), card_id) for card_id, s in states.items() if due_at(s) <= moment]
    return [card_id for _, card_id in sorted(due)]

"""Spaced repetition with FSRS (the `fsrs` package), and the study queue rule Anki users know.

The book runs the same algorithm in the browser through `ts-fsrs`, the JavaScript port by the
same project, with the same parameters (the defaults, no fuzzing). The two count the days since a
card's last review differently (`fsrs` floors the elapsed time, `ts-fsrs` counts UTC calendar
days); `review()` gives `fsrs` the calendar-day count, so both compute the same stability,
difficulty and due date from the same review history (tests/revision/test_parity.py runs both).

The queue rule (due cards before new ones, at most `new_per_day` new cards a day, counts worded
New / Learning / Due) is written here and in `frontend/static/swcourse/revision-core.js`; the
parity test runs both on the same fixtures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler, State

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
DEFAULT_NEW_PER_DAY = 20

_SCHEDULER = Scheduler(enable_fuzzing=False)  # deterministic intervals: testable and explainable


def now() -> datetime:
    """The current moment in UTC, to the millisecond (the precision browsers record)."""
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def new_state() -> dict[str, Any]:
    """The scheduling state of a card never reviewed (due at once)."""
    return dict(Card().to_dict())


def review(state: dict[str, Any], rating: str, when: datetime | None = None) -> dict[str, Any]:
    """The card's next state after a review rated again | hard | good | easy."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {sorted(RATINGS)}, not {rating!r}")
    card = Card.from_dict(state)  # type: ignore[arg-type]  # fsrs types it as its CardDict
    if card.last_review is not None:  # count whole UTC calendar days, as ts-fsrs does
        card.last_review = card.last_review.astimezone(UTC).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    after, _ = _SCHEDULER.review_card(card, RATINGS[rating], when or now())
    return dict(after.to_dict())


def replay(history: Iterable[tuple[str, datetime]]) -> dict[str, Any]:
    """A card's state after its reviews (rating, time), applied oldest first."""
    state = new_state()
    for rating, when in sorted(history, key=lambda review: review[1]):
        state = review(state, rating, when)
    return state


def due_at(state: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(state["due"])


def due_order(states: dict[str, dict[str, Any]], when: datetime | None = None) -> list[str]:
    """Card ids due by `when`, most overdue first."""
    moment = when or now()
    due = [(due_at(s), card_id) for card_id, s in states.items() if due_at(s) <= moment]
    return [card_id for _, card_id in sorted(due)]


@dataclass(frozen=True)
class Queue:
    """What to study now: reviews (learning and due cards, most overdue first), then new cards."""

    reviews: list[str]
    new: list[str]
    counts: dict[str, int]  # {"new": ..., "learning": ..., "due": ...}

    @property
    def cards(self) -> list[str]:
        return [*self.reviews, *self.new]


def study_queue(
    deck: Sequence[str],
    states: dict[str, dict[str, Any]],
    when: datetime,
    new_today: int,
    new_per_day: int | None = DEFAULT_NEW_PER_DAY,
) -> Queue:
    """The queue for `deck` (card ids in course order); `states` holds reviewed cards only.

    `new_today` is how many cards were seen for the first time since the learner's day began;
    `new_per_day=None` lifts the limit (a filtered deck: practise exactly these cards).
    """
    learning: list[tuple[datetime, str]] = []
    due: list[tuple[datetime, str]] = []
    unseen: list[str] = []
    for card_id in deck:
        state = states.get(card_id)
        if state is None:
            unseen.append(card_id)
        elif due_at(state) <= when:
            kind = learning if state["state"] in (State.Learning, State.Relearning) else due
            kind.append((due_at(state), card_id))
    room = len(unseen) if new_per_day is None else max(0, new_per_day - new_today)
    new = unseen[:room]
    reviews = [card_id for _, card_id in sorted(learning + due)]
    return Queue(reviews, new, {"new": len(new), "learning": len(learning), "due": len(due)})


def counts_text(counts: dict[str, int]) -> str:
    """The counts as every host words them: "New 20 · Learning 1 · Due 3"."""
    return f"New {counts['new']} · Learning {counts['learning']} · Due {counts['due']}"


def _half_up(value: float) -> int:
    """JavaScript's Math.round (halves go up), so the book and Python round alike."""
    return math.floor(value + 0.5)


def when_text(due: datetime, when: datetime | None = None) -> str:
    """When a card is next due, as every host words it: "now", "in 10 minutes", "in 3 hours",
    "in 4 days". The book's players.js says the same (tests/revision/test_parity.py)."""
    milliseconds = (due - (when or now())) / timedelta(milliseconds=1)
    minutes = _half_up(milliseconds / 60000)
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"in {minutes} minute{'' if minutes == 1 else 's'}"
    hours = _half_up(minutes / 60)
    if hours < 36:
        return f"in {hours} hour{'' if hours == 1 else 's'}"
    days = _half_up(hours / 24)
    return f"in {days} day{'' if days == 1 else 's'}"

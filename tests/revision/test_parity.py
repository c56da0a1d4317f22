"""The book (ts-fsrs, revision-core.js) and Python (fsrs, core) agree on the same data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swcourse.core import progress, scheduling

from .node_core import run_js

# A hand-written history: same-day learning steps, a lapse, late and early reviews.
HISTORY = [
    ("term:casework", "good", "2026-01-01T09:00:00.000Z"),
    ("term:casework", "good", "2026-01-01T09:10:00.000Z"),
    ("term:casework", "good", "2026-01-03T10:00:00.000Z"),
    ("term:casework", "again", "2026-01-12T10:00:00.000Z"),
    ("term:casework", "good", "2026-01-12T10:12:00.000Z"),
    ("term:casework", "hard", "2026-01-20T08:00:00.000Z"),
    ("term:casework", "easy", "2026-02-10T23:59:00.000Z"),
    ("term:mutual-aid", "again", "2026-01-05T22:30:00.000Z"),
    ("term:mutual-aid", "hard", "2026-01-06T00:10:00.000Z"),
    ("term:mutual-aid", "easy", "2026-01-06T00:20:00.000Z"),
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def python_states() -> dict[str, dict]:
    cards: dict[str, list] = {}
    for card, rating, when in HISTORY:
        cards.setdefault(card, []).append((rating, at(when)))
    return {card: scheduling.replay(history) for card, history in cards.items()}


def test_fsrs_and_ts_fsrs_give_the_same_schedule(course_root: Path) -> None:
    """Replaying one review history, do Python fsrs and ts-fsrs give the same due dates,
    stability, difficulty and state for every card?"""
    reviews = [{"card": c, "rating": r, "at": t} for c, r, t in HISTORY]
    [js] = run_js(course_root, [("replayCards", [reviews])])
    for card, state in python_states().items():
        theirs = js["value"][card]
        assert progress.canonical_time(state["due"]) == theirs["due"], card
        assert state["stability"] == pytest.approx(theirs["stability"], abs=1e-4), card
        assert state["difficulty"] == pytest.approx(theirs["difficulty"], abs=1e-4), card
        assert state["state"] == theirs["state"], card


def test_first_reviews_follow_the_learning_steps() -> None:
    """Does a new card rated Again come back in 1 minute and Good in 10 (FSRS's default
    learning steps), and does Good on the 10-minute step wait whole days?"""
    start = at("2026-03-02T08:00:00.000Z")
    again = scheduling.review(scheduling.new_state(), "again", start)
    good = scheduling.review(scheduling.new_state(), "good", start)
    assert progress.canonical_time(again["due"]) == "2026-03-02T08:01:00.000Z"
    assert progress.canonical_time(good["due"]) == "2026-03-02T08:10:00.000Z"
    graduated = scheduling.review(good, "good", at("2026-03-02T08:10:00.000Z"))
    assert progress.canonical_time(graduated["due"]) == "2026-03-04T08:10:00.000Z"


NOW = "2026-04-10T12:00:00.000Z"
# Hand-written states: two learning cards and two review cards due, one review card not yet due.
STATES = {
    "c1": {"state": 2, "due": "2026-04-09T08:00:00.000Z"},
    "c2": {"state": 1, "due": "2026-04-10T11:58:00.000Z"},
    "c3": {"state": 2, "due": "2026-04-12T08:00:00.000Z"},
    "c4": {"state": 3, "due": "2026-04-10T11:00:00.000Z"},
    "c5": {"state": 2, "due": "2026-04-01T08:00:00.000Z"},
}
DECK = ["c1", "c2", "c3", "c4", "c5", "n1", "n2", "n3", "n4"]
QUEUE_CASES = [
    # (new seen today, limit) -> (reviews, new, counts)
    ((0, 20), (["c5", "c1", "c4", "c2"], ["n1", "n2", "n3", "n4"], (4, 2, 2))),
    ((18, 20), (["c5", "c1", "c4", "c2"], ["n1", "n2"], (2, 2, 2))),
    ((25, 20), (["c5", "c1", "c4", "c2"], [], (0, 2, 2))),
    ((25, None), (["c5", "c1", "c4", "c2"], ["n1", "n2", "n3", "n4"], (4, 2, 2))),
]


@pytest.mark.parametrize(("args", "expected"), QUEUE_CASES)
def test_study_queue_python_matches_the_hand_written_answer(args: tuple, expected: tuple) -> None:
    """Are due and learning cards first (most overdue first), then new cards in course order up
    to what is left of the day's limit, with New / Learning / Due counted?"""
    states = {k: {**v, "due": v["due"].replace("Z", "+00:00")} for k, v in STATES.items()}
    queue = scheduling.study_queue(DECK, states, at(NOW), *args)
    reviews, new, (n, learning, due) = expected
    assert (queue.reviews, queue.new) == (reviews, new)
    assert queue.counts == {"new": n, "learning": learning, "due": due}
    assert scheduling.counts_text(queue.counts) == f"New {n} · Learning {learning} · Due {due}"


def test_study_queue_javascript_matches_python(course_root: Path) -> None:
    """Does the book's queue rule give the same queue and counts for every case?"""
    calls = [("studyQueue", [DECK, STATES, NOW, *args]) for args, _ in QUEUE_CASES]
    calls.append(("countsText", [{"new": 3, "learning": 1, "due": 7}]))
    results = run_js(course_root, calls)
    for (_, (reviews, new, (n, learning, due))), result in zip(QUEUE_CASES, results, strict=False):
        assert result["value"] == {
            "reviews": reviews,
            "new": new,
            "counts": {"new": n, "learning": learning, "due": due},
        }
    assert results[-1]["value"] == scheduling.counts_text({"new": 3, "learning": 1, "due": 7})


def test_new_today_counts_first_reviews_only(course_root: Path) -> None:
    """Is a card counted as new today only if its first review falls today, in both?"""
    reviews = [
        {"card": "a", "rating": "good", "at": "2026-04-09T23:00:00.000Z"},
        {"card": "a", "rating": "good", "at": "2026-04-10T09:00:00.000Z"},
        {"card": "b", "rating": "again", "at": "2026-04-10T09:05:00.000Z"},
        {"card": "b", "rating": "good", "at": "2026-04-10T09:06:00.000Z"},
    ]
    [result] = run_js(course_root, [("newToday", [reviews, "2026-04-10T00:00:00.000Z"])])
    assert result["value"] == 1


FILES = Path(__file__).parent / "fixtures"


def test_file_checks_agree(course_root: Path) -> None:
    """Do Python and the book refuse the same damaged or foreign files with the same reason,
    and accept the same good file?"""
    cases = sorted(FILES.glob("*.json"))
    assert len(cases) >= 6
    results = run_js(course_root, [("checkDocument", [json.loads(p.read_text())]) for p in cases])
    for path, result in zip(cases, results, strict=True):
        data = json.loads(path.read_text())
        try:
            python = {"value": progress.check_document(data)}
        except progress.ProgressFileError as exc:
            python = {"error": "ProgressFileError", "message": str(exc)}
        expected_ok = path.name.startswith("good")
        assert ("error" not in python) == expected_ok, path.name
        if expected_ok:
            assert result == python, path.name
        else:
            assert result["error"] == "ProgressFileError", path.name
            # The wording may differ only in what to update ("swcourse" / "the book").
            assert result["message"].split(";")[0] == python["message"].split(";")[0], path.name


def test_merges_agree(course_root: Path) -> None:
    """Do both merge two files to the same sections: reviews unioned once each, the later
    self-check answer kept, settings from the receiving side?"""
    ours = json.loads((FILES / "good-laptop.json").read_text())["sections"]
    theirs = json.loads((FILES / "good-phone.json").read_text())["sections"]
    [js] = run_js(course_root, [("mergeSections", [ours, theirs])])
    python = progress.merge_sections(
        progress.check_document({"format": progress.FORMAT, "version": 2, "sections": ours}),
        progress.check_document({"format": progress.FORMAT, "version": 2, "sections": theirs}),
    )
    assert js["value"] == python
    cards = python[progress.FLASHCARDS]
    assert len(cards["reviews"]) == 4  # 3 + 2 with one review in both files
    assert cards["settings"] == {"new_per_day": 10}
    assert python["swcourse.selfcheck.v1"]["q-05-x"]["answer"] == "c"  # the later answer


def test_times_are_canonical_in_both(course_root: Path) -> None:
    """Is a time written with an offset or microseconds read as the same instant in both?"""
    samples = [
        "2026-04-10T14:00:00.123456+02:00",
        "2026-04-10T12:00:00Z",
        "2026-04-10T12:00:00.5+00:00",
    ]
    results = run_js(course_root, [("canonicalTime", [s]) for s in samples])
    assert (
        [r["value"] for r in results]
        == [progress.canonical_time(s) for s in samples]
        == ["2026-04-10T12:00:00.123Z", "2026-04-10T12:00:00.000Z", "2026-04-10T12:00:00.500Z"]
    )
    assert (
        progress.canonical_time(datetime(2026, 4, 10, 12, tzinfo=UTC)) == "2026-04-10T12:00:00.000Z"
    )

"""The revision notebook in Voilà: the same counts wording, the daily limit and decks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from playwright.sync_api import Browser, expect

from swcourse.core.cards import find_deck
from swcourse.core.course import CourseLayout, require_course

from .test_scenarios_voila import data_home, open_flashcards, voila_url  # noqa: F401 - fixtures


def test_voila_counts_limit_and_objective_deck(
    browser: Browser,
    voila_url: str,  # noqa: F811
    data_home: Path,  # noqa: F811 - the fixture imported above
    course_root: Path,
) -> None:
    """In Voilà, are counts worded New / Learning / Due, does a new limit of 1 leave no new
    card after one review, and does choosing LO-5.1 offer exactly its cards?"""
    from swcourse.revision.store import ProgressStore

    context = browser.new_context()
    page = context.new_page()
    cards = open_flashcards(page, voila_url)
    cards.locator("summary", has_text="Settings").click()
    cards.get_by_label("New cards per day").fill("1")
    cards.get_by_role("button", name="Save").click()
    counts = cards.locator(".swc-counts")
    with ProgressStore(data_home / "swcourse" / "revision.sqlite3") as store:
        seen = store.new_today(_midnight())
    expect(counts).to_have_text(f"New {max(0, 1 - seen)} · Learning 0 · Due 0", timeout=30_000)
    layout = CourseLayout(course_root)
    objective = find_deck(list(require_course(layout.root).decks), "LO-5.1")
    cards.get_by_label("Deck").select_option("LO-5.1")
    expect(counts).to_have_text(f"New {len(objective.cards)} · Learning 0 · Due 0", timeout=30_000)
    cards.get_by_role("button", name="Show answer").click()
    cards.get_by_role("button", name="Easy").click()
    expect(counts).to_have_text(
        f"New {len(objective.cards) - 1} · Learning 0 · Due 0", timeout=30_000
    )
    context.close()
    with ProgressStore(data_home / "swcourse" / "revision.sqlite3") as store:
        assert store.new_per_day == 1
        assert store.reviews()[-1][0] in objective.cards


def _midnight() -> datetime:
    return datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)

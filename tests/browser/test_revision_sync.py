"""One progress everywhere: the book, the SQLite store (`swcourse revise`, Voilà) show the same
counts after a round trip; the daily limit, objective decks and saved scenario endings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from swcourse.core.course import require_course
from swcourse.revision.store import ProgressStore

from ..revision.cli import revise
from .test_revision_book import HUB


def rate(page: Page, rating: str) -> None:
    cards = page.locator(".swc-flashcards")
    cards.get_by_role("button", name="Show answer").click()
    cards.get_by_role("button", name=rating, exact=True).click()
    expect(cards.locator(".swc-last")).to_be_visible()


def export_from_book(page: Page, target: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    download.value.save_as(target)
    return target


def test_counts_agree_after_round_trips(
    page: Page, base_url: str, course_root: Path, tmp_path: Path
) -> None:
    """After three reviews in the book, does `swcourse revise --import` of its export give the
    store (and so Voilà's widget) the same New / Learning / Due counts; and does the store's
    export, with one more review, bring the book to the store's counts?"""
    from swcourse.widgets import FlashcardWidget

    page.goto(f"{base_url}/{HUB}")
    for rating in ("Good", "Easy", "Good"):
        rate(page, rating)
    counts = page.locator(".swc-flashcards .swc-counts")
    expect(counts).to_have_text("New 17 · Learning 0 · Due 0")
    expect(page.locator(".swc-dashboard .swc-counts")).to_have_text("New 17 · Learning 0 · Due 0")
    book_file = export_from_book(page, tmp_path / "from-book.json")
    store_path = tmp_path / "store.sqlite3"
    done = revise(course_root, store_path, "--import", book_file)
    assert done.exit_code == 0, done.output
    assert "3 new review(s), 0 already here. Today: New 17 · Learning 0 · Due 0." in done.output
    with ProgressStore(store_path) as store:
        widget = FlashcardWidget(store, root=course_root)
        assert widget.counts == {"new": 17, "learning": 0, "due": 0}
        widget.rate(widget.queue[0], "easy")
        assert widget.counts == {"new": 16, "learning": 0, "due": 0}
    store_file = tmp_path / "from-store.json"
    done = revise(course_root, store_path, "--export", store_file)
    assert done.exit_code == 0, done.output
    page.get_by_label("Import progress from a file").set_input_files(str(store_file))
    expect(page.locator(".swc-dashboard [role=status]")).to_contain_text(
        "1 new flashcard review added"
    )
    expect(counts).to_have_text("New 16 · Learning 0 · Due 0")
    expect(page.locator(".swc-flashcards .swc-card-stats")).to_contain_text("4 reviewed so far")


def test_daily_new_card_limit_in_the_book(page: Page, base_url: str) -> None:
    """With the limit set to 2 in Settings, are only 2 new cards offered, then none, with the
    reason shown; and does the limit survive a reload?"""
    page.goto(f"{base_url}/{HUB}")
    cards = page.locator(".swc-flashcards")
    cards.locator("summary", has_text="Settings").click()
    cards.get_by_label("New cards per day").fill("2")
    cards.get_by_role("button", name="Save").click()
    expect(cards.locator(".swc-counts")).to_have_text("New 2 · Learning 0 · Due 0")
    rate(page, "Good")
    rate(page, "Easy")
    expect(cards.locator(".swc-done")).to_contain_text("New cards are limited to 2 a day")
    expect(cards.locator(".swc-counts")).to_have_text("New 0 · Learning 0 · Due 0")
    page.reload()
    expect(page.locator(".swc-flashcards .swc-counts")).to_have_text("New 0 · Learning 0 · Due 0")


def objective_cards(course_root: Path, objective: str) -> set[str]:
    """The card ids of an objective's practice items, worked out from the bank by hand."""
    items = require_course(course_root).all_items
    found: set[str] = set()
    for item in items:
        if item.use != "practice" or objective not in item.objectives or item.type == "reflection":
            continue
        if item.type == "classification":
            found |= {f"item:{item.id}:{v.id}" for v in item.vignettes}
        else:
            found.add(f"item:{item.id}")
    return found


def test_practise_a_weak_objective_opens_exactly_its_cards(
    page: Page, base_url: str, course_root: Path
) -> None:
    """After a wrong self-check answer on LO-5.1, does the dashboard list LO-5.1 with a
    'Practise' link that opens a deck of exactly LO-5.1's cards, new ones included?"""
    items = require_course(course_root).all_items
    item = next(
        i
        for i in items
        if i.use == "practice" and i.type == "true_false" and "LO-5.1" in i.objectives
    )
    page.goto(f"{base_url}/book/05-principles-values.html")
    block = page.locator(f'.swc-question[data-item="{item.id}"]')
    block.locator(f"input[value={'false' if item.key else 'true'}]").check()
    block.get_by_role("button", name="Check answer").click()
    expect(block.locator(".swc-check-feedback")).to_contain_text("Not quite.")
    page.goto(f"{base_url}/{HUB}")
    weak = page.locator(".swc-weak li", has_text="LO-5.1")
    expect(weak).to_contain_text("0% of self-check answers right")
    weak.get_by_role("link", name="Practise LO-5.1's flashcards").click()
    expect(page).to_have_url(re.compile(r"\?deck=LO-5\.1#flashcards$"))
    cards = page.locator(".swc-flashcards")
    expect(cards.get_by_label("Deck")).to_have_value("LO-5.1")
    expected = objective_cards(course_root, "LO-5.1")
    expect(cards.locator(".swc-counts")).to_have_text(f"New {len(expected)} · Learning 0 · Due 0")
    seen = set()
    data = json.loads(page.locator("#flashcards script.swc-data").text_content())
    fronts = {c["front"]: c["id"] for c in data["cards"]}
    for _ in range(len(expected)):
        seen.add(fronts[cards.locator(".swc-card-text").inner_text()])
        rate(page, "Easy")
    assert seen == expected
    expect(cards.locator(".swc-done")).to_be_visible()


def test_scenario_ending_survives_a_reload(page: Page, base_url: str) -> None:
    """Does a finished scenario still show its ending after a reload, saved under
    swcourse.scenarios.v1, and does the dashboard count it?"""
    page.goto(f"{base_url}/book/08-compared.html")
    player = page.locator("#scenario-intake-decision .swc-player")
    while not player.locator(".swc-ending").count():
        player.locator("button.swc-choice").first.click()
        player.locator("button.swc-continue").click()
    ending = player.locator(".swc-ending-title").inner_text()
    page.reload()
    player = page.locator("#scenario-intake-decision .swc-player")
    expect(player.locator(".swc-ending-title")).to_have_text(ending)
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('swcourse.scenarios.v1'))")
    assert saved["intake-decision"]["last_ending"]["ending"]
    page.goto(f"{base_url}/{HUB}")
    expect(page.locator(".swc-dashboard")).to_contain_text("Practice scenarios finished: 1 of")

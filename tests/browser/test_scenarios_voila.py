"""A scenario played in Voilà: the same player, and Python sees the path and score."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, expect

from swcourse.core.course import require_course
from swcourse.core.display import choice_order
from swcourse.core.engine import best_score, replay
from swcourse.serve import voila_command, voila_env

from . import assignment_driver as drive
from .scenario_driver import first_choice_path, play_with_mouse, shown_order

HUB_USER = "voila-student-7"  # the hub user the kernel sees; it seeds the order of choices


@pytest.fixture(scope="module")
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the notebooks' progress file goes (XDG_DATA_HOME), away from the real user's."""
    return tmp_path_factory.mktemp("xdg-data")


@pytest.fixture(scope="module")
def voila_url(course_root: Path, data_home: Path) -> Iterator[str]:
    port = drive.free_port()
    env = {
        **voila_env(course_root / "build"),
        "XDG_DATA_HOME": str(data_home),
        "JUPYTERHUB_USER": HUB_USER,
    }
    url = f"http://127.0.0.1:{port}"
    command = voila_command(course_root / "notebooks", port)
    with drive.server(command, course_root / "notebooks", env, url, "voila", data_home.parent):
        yield url


def open_flashcards(page: Page, voila_url: str) -> Locator:
    """The revision notebook in Voilà, once its first card is up: the flashcards widget."""
    page.goto(f"{voila_url}/voila/render/revise.ipynb", timeout=120_000)
    cards = page.locator(".swc-flashcards")
    expect(cards.get_by_role("button", name="Show answer")).to_be_visible(timeout=120_000)
    return cards


def test_python_sees_the_path_and_score(
    browser: Browser, voila_url: str, course_root: Path
) -> None:
    """After a student plays a scenario in Voilà, does the Python side report the same path and
    the engine's score, with no console errors on the page? Are the choices shown in the order
    the core gives the hub user?"""
    first = require_course(course_root).scenarios[0].model
    choices = first_choice_path(first)
    expected = replay(first, choices)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.goto(f"{voila_url}/voila/render/scenarios.ipynb", timeout=120_000)
    player = page.locator(".swc-player")
    expect(player).to_be_visible(timeout=120_000)
    status = page.locator(".swc-python-status")
    expect(status).to_contain_text("in progress; choices []", timeout=30_000)
    expect(player.locator("button.swc-choice").first).to_be_visible()
    assert shown_order(player) == choice_order(first, first.start, HUB_USER)
    play_with_mouse(player, choices)
    expect(status).to_have_text(
        f"Python sees: finished; choices {choices}; score {expected.score} of a possible "
        f"{best_score(first)}; ending: {expected.steps[-1]}",
        timeout=30_000,
    )
    player.locator("button.swc-restart").click()
    expect(status).to_contain_text("in progress; choices []", timeout=30_000)
    context.close()
    assert errors == []


def test_flashcards_notebook_saves_reviews_in_the_shared_store(
    browser: Browser, voila_url: str, data_home: Path
) -> None:
    """Does rating a card in the revision notebook save a review in the SQLite file that
    `swcourse revise` reads, and does the page show what Python recorded?"""
    from swcourse.revision.store import ProgressStore

    context = browser.new_context()
    page = context.new_page()
    cards = open_flashcards(page, voila_url)
    cards.get_by_role("button", name="Show answer").click()
    cards.get_by_role("button", name="Good").click()
    expect(cards.locator(".swc-card-stats")).to_contain_text("1 reviewed so far", timeout=30_000)
    context.close()
    with ProgressStore(data_home / "swcourse" / "revision.sqlite3") as store:
        assert [rating for _, rating, _ in store.reviews()] == ["good"]

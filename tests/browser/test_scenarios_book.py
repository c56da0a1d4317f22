"""Scenarios in the static book: play to an ending by mouse and by keyboard, undo, restart,
read without JavaScript, and stay accessible at the end screen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from swcourse.core.course import require_course
from swcourse.core.display import choice_order
from swcourse.core.engine import best_score, replay
from swcourse.core.scenarios import find_scenario

from .scenario_driver import (
    best_path,
    choice_button,
    first_choice_path,
    play_with_keyboard,
    play_with_mouse,
    shown_order,
)
from .test_accessibility import AXE_TAGS

# (scenario id, the chapter page that embeds it)
EMBEDDED = [
    ("intake-decision", "book/08-compared.html"),
    ("group-confidentiality-breach", "book/05-principles-values.html"),
]


def scenario(course_root: Path, scenario_id: str):
    return find_scenario(require_course(course_root), scenario_id).model


def open_first(page: Page, base_url: str, course_root: Path) -> tuple[Any, Locator]:
    """Open the page of the first embedded scenario: the scenario and its player."""
    scenario_id, page_path = EMBEDDED[0]
    page.goto(f"{base_url}/{page_path}")
    return scenario(course_root, scenario_id), page.locator(f"#scenario-{scenario_id} .swc-player")


@pytest.mark.parametrize(("scenario_id", "page_path"), EMBEDDED)
def test_play_with_mouse_to_an_ending_and_restart(
    page: Page, base_url: str, course_root: Path, scenario_id: str, page_path: str
) -> None:
    """Can a student click through to an ending, see the engine's score, and play again?"""
    case = scenario(course_root, scenario_id)
    choices = first_choice_path(case)
    page.goto(f"{base_url}/{page_path}")
    player = page.locator(f"#scenario-{scenario_id} .swc-player")
    expect(page.locator(f"#scenario-{scenario_id} .swc-static")).to_be_hidden()
    play_with_mouse(player, choices)
    expected = replay(case, choices)
    expect(player.locator(".swc-score")).to_have_text(
        f"Your score: {expected.score} of a possible {best_score(case)}."
    )
    expect(player.locator(".swc-review li")).to_have_count(len(choices))
    player.locator("button.swc-restart").click()
    expect(player.locator(".swc-summary")).to_be_visible()
    expect(player.locator(".swc-progress span")).to_have_text(
        re.compile(r"^Decision 1 of up to \d+$")
    )


def test_keyboard_only_best_path_reaches_a_strong_ending(
    page: Page, base_url: str, course_root: Path
) -> None:
    """With Tab and Enter alone, does the best path reach a strong ending with full marks?"""
    case, player = open_first(page, base_url, course_root)
    play_with_keyboard(page, player, best_path(case))
    expect(player.locator(".swc-ending")).to_have_class(re.compile("swc-ending-strong"))
    expect(player.locator(".swc-score")).to_have_text(
        f"Your score: {best_score(case)} of a possible {best_score(case)}."
    )


def test_feedback_is_announced_and_a_choice_can_be_undone(
    page: Page, base_url: str, course_root: Path
) -> None:
    """Is the feedback put in the live region, and does 'Undo this choice' return to the node?"""
    case, player = open_first(page, base_url, course_root)
    first_text = player.locator(".swc-text").inner_text()
    choice_button(player, 0).click()
    first_choice = case.nodes[case.start].choices[0]
    expect(player.locator(".swc-live")).to_contain_text(first_choice.feedback)
    expect(player.locator(".swc-principles")).to_contain_text(first_choice.principles[0])
    player.locator("button.swc-back").click()
    expect(player.locator(".swc-text")).to_have_text(first_text)


def test_scenario_reads_as_linked_sections_without_javascript(
    browser: Browser, base_url: str, course_root: Path
) -> None:
    """With JavaScript off, is the scenario shown as sections whose choices link onward?"""
    scenario_id, page_path = EMBEDDED[0]
    case = scenario(course_root, scenario_id)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/{page_path}")
    static = page.locator(f"#scenario-{scenario_id} .swc-static")
    expect(static).to_be_visible()
    first_link = static.locator(f"#scenario-{scenario_id}-{case.start} li > a").first
    target = case.nodes[case.start].choices[0].next
    expect(first_link).to_have_attribute("href", f"#scenario-{scenario_id}-{target}")
    expect(static.locator(f"#scenario-{scenario_id}-{target}")).to_have_count(1)
    context.close()


def test_end_screen_passes_axe(page: Page, base_url: str, course_root: Path) -> None:
    """Does the player's end screen (review, score, buttons) pass WCAG 2.1 A/AA?"""
    case, player = open_first(page, base_url, course_root)
    play_with_mouse(player, first_choice_path(case))
    axe = (course_root / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "([sel, tags]) => axe.run(sel, {runOnly: {type: 'tag', values: tags}})",
        [f"#scenario-{EMBEDDED[0][0]}", AXE_TAGS],
    )
    assert [v["id"] for v in result["violations"]] == []


def test_each_browser_sees_its_own_choice_order_on_every_reload(
    browser: Browser, base_url: str, course_root: Path
) -> None:
    """Is the first node's order the one the core gives this browser's learner id, the same
    after a reload, and different for other learners?"""
    scenario_id, page_path = EMBEDDED[0]
    case = scenario(course_root, scenario_id)
    seen = set()
    for n in range(6):
        context = browser.new_context()
        context.add_init_script(f"localStorage.setItem('swcourse.learner.v1', 'browser-{n:04d}')")
        page = context.new_page()
        page.goto(f"{base_url}/{page_path}")
        player = page.locator(f"#scenario-{scenario_id} .swc-player")
        expect(player.locator("button.swc-choice").first).to_be_visible()
        order = shown_order(player)
        assert order == choice_order(case, case.start, f"browser-{n:04d}")
        page.reload()
        expect(player.locator("button.swc-choice").first).to_be_visible()
        assert shown_order(player) == order
        seen.add(tuple(order))
        context.close()
    assert len(seen) >= 3


def test_a_fresh_browser_keeps_the_learner_id_it_makes(page: Page, base_url: str) -> None:
    """Does a browser with no learner id get a random one, kept across reloads?"""
    _, page_path = EMBEDDED[0]
    page.goto(f"{base_url}/{page_path}")
    made = page.evaluate("() => localStorage.getItem('swcourse.learner.v1')")
    assert made and len(made) >= 16
    page.reload()
    assert page.evaluate("() => localStorage.getItem('swcourse.learner.v1')") == made

"""Driving the scenario player in a browser, shared by the book and Voilà tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from swcourse.core.engine import Playthrough, path_facts
from swcourse.core.scenario_schema import Scenario


def best_path(scenario: Scenario) -> list[int]:
    """Choice indices of a highest-scoring play-through (ties: the first listed)."""
    facts = path_facts(scenario)
    play, choices = Playthrough(scenario), []
    while not play.finished:
        node = play.current
        gains = [c.score + facts.best.get(c.next, 0) for c in node.choices]  # type: ignore[union-attr]
        index = gains.index(max(gains))
        choices.append(index)
        play = play.choose(index)
    return choices


def first_choice_path(scenario: Scenario) -> list[int]:
    """Always take the first option."""
    play = Playthrough(scenario)
    while not play.finished:
        play = play.choose(0)
    return list(play.choices)


def choice_button(player: Locator, index: int) -> Locator:
    """The button of the choice written at `index` (learners see the choices shuffled)."""
    return player.locator(f'button.swc-choice[data-choice="{index}"]')


def shown_order(player: Locator) -> list[int]:
    """The written indices of the current node's choices, in the order shown."""
    return [
        int(i)
        for i in player.locator("button.swc-choice").evaluate_all(
            "buttons => buttons.map(b => b.dataset.choice)"
        )
    ]


def play_with_mouse(player: Locator, choices: list[int]) -> None:
    """Click each choice, check its feedback appears, then continue."""
    for index in choices:
        choice_button(player, index).click()
        expect(player.locator(".swc-feedback .swc-consequence")).not_to_be_empty()
        player.locator("button.swc-continue").click()
    expect(player.locator(".swc-ending")).to_be_visible()


def play_with_keyboard(page: Page, player: Locator, choices: list[int]) -> None:
    """Tab and Enter only: from the focused scenario text, Tab to the choice, Enter, Tab, Enter."""
    player.locator(".swc-choice").first.focus()  # the first shown, whichever choice it is
    for step, index in enumerate(choices):
        if step:  # after Continue the player focuses the new node's text
            expect(player.locator(".swc-text")).to_be_focused()
            page.keyboard.press("Tab")
        for _ in range(shown_order(player).index(index)):
            page.keyboard.press("Tab")
        expect(choice_button(player, index)).to_be_focused()
        page.keyboard.press("Enter")
        expect(player.locator(".swc-feedback")).to_be_focused()
        page.keyboard.press("Tab")
        expect(player.locator("button.swc-continue")).to_be_focused()
        page.keyboard.press("Enter")
    expect(player.locator(".swc-ending")).to_be_focused()

"""The deck: a proper prompt for every kind of card, and decks per chapter and objective."""

from __future__ import annotations

from pathlib import Path

import pytest

from swcourse.core.bank_schema import Classification, SingleChoice, TrueFalse
from swcourse.core.cards import find_deck, item_cards
from swcourse.core.course import CourseLayout, require_course

TRUE_FALSE = TrueFalse(
    id="q-05-tf-example",
    objectives=["LO-5.1"],
    use="practice",
    difficulty="easy",
    type="true_false",
    prompt="Biestek described seven principles of the casework relationship.",
    key=True,
    explanation_true="Right. He named seven, each tied to a need.",
    explanation_false="He did name seven principles, one for each need.",
)


def test_true_false_card_asks_true_or_false_and_answers_with_the_reason() -> None:
    """Does a true/false statement become a card that asks "True or false?" and whose back
    gives the verdict and why (without the self-check's leading "Right.")?"""
    [card] = item_cards(TRUE_FALSE)
    assert card.ask == "True or false?"
    assert card.front == "Biestek described seven principles of the casework relationship."
    assert card.back == "True. He named seven, each tied to a need."
    assert (card.kind, card.chapter, card.objectives) == ("true_false", 5, ("LO-5.1",))


def test_choice_card_lists_its_options_and_classification_splits_per_situation() -> None:
    """Does a single-choice card show its options, and does a classification item give one
    card per situation, asking casework, group work or both?"""
    single = SingleChoice(
        id="q-07-single-example",
        objectives=["LO-7.1"],
        use="practice",
        difficulty="easy",
        type="single",
        prompt="Which stage comes first?",
        key="b",
        options=[
            {"id": "a", "text": "Ending", "explanation": "It comes last of all."},
            {"id": "b", "text": "Beginning", "explanation": "Right. It opens."},
            {"id": "c", "text": "Middle", "explanation": "It is the second."},
        ],
    )
    [card] = item_cards(single)
    assert sorted(card.options) == ["Beginning", "Ending", "Middle"]
    assert card.back == "Beginning. It opens."
    sort = Classification(
        id="q-02-sort-example",
        objectives=["LO-2.2"],
        use="practice",
        difficulty="easy",
        type="classification",
        prompt="Sort these situations.",
        vignettes=[
            {
                "id": "v1",
                "text": "A worker meets one tenant about arrears.",
                "answer": "casework",
                "explanation": "One person, one relationship.",
            },
            {
                "id": "v2",
                "text": "Eight carers meet weekly to share advice.",
                "answer": "group work",
                "explanation": "Members help each other.",
            },
        ],
    )
    cards = item_cards(sort)
    assert [c.id for c in cards] == ["item:q-02-sort-example:v1", "item:q-02-sort-example:v2"]
    assert {c.ask for c in cards} == {"Casework, group work, or both?"}
    assert cards[1].back == "Group work. Members help each other."


def test_every_card_in_the_deck_has_a_prompt(course_root: Path) -> None:
    """Does every card say what to recall, with a question and an answer that are not empty?"""
    deck = list(require_course(course_root).deck)
    assert all(c.ask and c.front.strip() and c.back.strip() for c in deck)
    assert len({c.id for c in deck}) == len(deck)
    assert {c.kind for c in deck} >= {"term", "single", "true_false", "short_text"}


def test_objective_deck_holds_exactly_its_cards(course_root: Path) -> None:
    """Does the LO-5.1 deck hold the cards of exactly the practice items tagged LO-5.1, and
    is it a filtered deck (no daily limit), while chapter 5's deck is limited?"""
    layout = CourseLayout(course_root)
    expected = set()
    for item in require_course(layout.root).all_items:
        if item.use == "practice" and "LO-5.1" in item.objectives and item.type != "reflection":
            expected |= (
                {f"item:{item.id}:{v.id}" for v in item.vignettes}
                if item.type == "classification"
                else {f"item:{item.id}"}
            )
    found = list(require_course(layout.root).decks)
    objective = find_deck(found, "LO-5.1")
    assert set(objective.cards) == expected and expected
    assert not objective.limited
    chapter = find_deck(found, "5")
    assert chapter.id == "chapter-5" and chapter.limited
    assert set(objective.cards) <= set(chapter.cards)


def test_unknown_deck_is_named_in_the_error(course_root: Path) -> None:
    """Is a deck name that does not exist refused with the kinds of names that work?"""
    layout = CourseLayout(course_root)
    with pytest.raises(LookupError, match=r"no deck 'LO-99\.9'.*LO-5\.1"):
        find_deck(list(require_course(layout.root).decks), "LO-99.9")

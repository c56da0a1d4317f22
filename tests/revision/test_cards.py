"""The deck: a proper prompt for every kind of card, and decks per chapter and objective."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest

from swcourse.core.bank_schema import (
    Classification,
    ItemBase,
    Matching,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from swcourse.core.cards import find_deck, item_cards
from swcourse.core.course import CourseLayout, require_course


def practice(kind: type[ItemBase], item_id: str, objective: str, **fields: Any) -> Any:
    """An easy practice item of `kind`, tagged with one objective."""
    return kind(
        id=item_id,
        objectives=[objective],
        use="practice",
        difficulty="easy",
        type=get_args(kind.model_fields["type"].annotation)[0],  # the type's one literal
        **fields,
    )


TRUE_FALSE = practice(
    TrueFalse,
    "q-05-tf-example",
    "LO-5.1",
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
    single = practice(
        SingleChoice,
        "q-07-single-example",
        "LO-7.1",
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
    sort = practice(
        Classification,
        "q-02-sort-example",
        "LO-2.2",
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


def test_ordering_and_matching_cards_answer_in_arrows() -> None:
    """Does an ordering card list its steps (never starting in the right order) and answer
    with them in order, and a matching card name its left side in the question, list the
    right side, and answer pair by pair?"""
    stages = [
        {"id": "a", "text": "Middle"},
        {"id": "b", "text": "Ending"},
        {"id": "c", "text": "Beginning"},
    ]
    order = practice(
        Ordering,
        "q-07-order-example",
        "LO-7.1",
        prompt="Put the stages of a group in order.",
        items=stages,
        key=["c", "a", "b"],
        explanation="A group forms, works, then ends.",
    )
    [card] = item_cards(order)
    assert (card.ask, card.back) == (
        "Put these in order.",
        "Beginning → Middle → Ending. A group forms, works, then ends.",
    )
    assert sorted(card.options) == ["Beginning", "Ending", "Middle"]
    assert list(card.options) != ["Beginning", "Middle", "Ending"]
    match = practice(
        Matching,
        "q-05-match-example",
        "LO-5.1",
        prompt="Match each principle to the need it answers.",
        left=[
            {"id": "l1", "text": "Acceptance"},
            {"id": "l2", "text": "Confidentiality"},
            {"id": "l3", "text": "Individualization"},
        ],
        right=[
            {"id": "r1", "text": "To be treated as a person"},
            {"id": "r2", "text": "To be accepted as one is"},
            {"id": "r3", "text": "To keep secrets"},
        ],
        key={"l1": "r2", "l2": "r3", "l3": "r1"},
        explanation="Biestek tied each principle to one need.",
    )
    [card] = item_cards(match)
    assert card.front == (
        "Match each principle to the need it answers. "
        "Match each of: Acceptance; Confidentiality; Individualization."
    )
    assert card.options == (
        "To be treated as a person",
        "To be accepted as one is",
        "To keep secrets",
    )
    assert card.back == (
        "Acceptance → To be accepted as one is; Confidentiality → To keep secrets; "
        "Individualization → To be treated as a person. Biestek tied each principle to one need."
    )


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

"""The revision deck: flashcards made from glossary terms and practice items.

Cards have stable ids (`term:<slug>`, `item:<bank id>`) so progress saved in a browser or a
SQLite file survives rebuilds and content edits that keep the ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .bank_schema import (
    Classification,
    Matching,
    MultipleSelect,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from .models import Chapter, GlossaryFile
from .shuffle import display_order
from .yamlio import Loaded

# Items whose answer a learner can recall and check on a card's back (not reflections).
CARD_TYPES = (
    SingleChoice,
    MultipleSelect,
    TrueFalse,
    ShortText,
    Ordering,
    Matching,
    Classification,
)
KINDS = (
    "term",
    "single",
    "multiple",
    "true_false",
    "short_text",
    "ordering",
    "matching",
    "classification",
)
CATEGORY = {"casework": "Casework", "group work": "Group work", "both": "Both"}


@dataclass(frozen=True)
class Flashcard:
    """One card: what to do (`ask`), the question, any choices to recall among, the answer."""

    id: str
    front: str
    back: str
    chapter: int
    objectives: tuple[str, ...] = ()
    kind: str = "term"
    ask: str = "What does this term mean?"
    options: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["objectives"] = list(self.objectives)
        data["options"] = list(self.options)
        return data


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def answer_text(item: Any) -> str:
    """The right answer in words, for a card's back or the book's no-JavaScript answers."""
    return str(item.key_text())


def answer_explanation(item: Any) -> str:
    """Why the right answer is right (the key option's explanation, or the item's)."""
    return str(item.key_explanation())


VERDICT = re.compile(r"^(right|correct|yes)[.:!,]?\s+", re.IGNORECASE)


def _item_back(item: Any) -> str:
    """Answer, then why; a leading "Right." written for self-check feedback is dropped."""
    return f"{answer_text(item)}. {VERDICT.sub('', answer_explanation(item))}"


def _ordered(
    item: Any, ids: list[str], text: dict[str, str], avoid: list[str] | None = None
) -> tuple[str, ...]:
    return tuple(
        text[i] for i in display_order(ids, f"card:{item.id}", fixed=item.fixed_order, avoid=avoid)
    )


# What each card asks the learner to do, by item type (classification cards ask per vignette).
ASK = {
    "true_false": "True or false?",
    "single": "Which one is right?",
    "multiple": "Which of these are right? (There may be more than one.)",
    "short_text": "Answer in a few words.",
    "ordering": "Put these in order.",
    "matching": "Match each one to its partner.",
}


def item_cards(item: Any) -> list[Flashcard]:
    """The card(s) for one practice item, each with a prompt that says what to recall."""
    base = {"chapter": int(item.id[2:4]), "objectives": tuple(item.objectives), "kind": item.type}
    card_id = f"item:{item.id}"
    if item.type == "classification":
        return [
            Flashcard(
                f"{card_id}:{v.id}",
                v.text,
                f"{CATEGORY[v.answer]}. {VERDICT.sub('', v.explanation)}",
                ask="Casework, group work, or both?",
                **base,
            )
            for v in item.vignettes
        ]
    if item.type not in ASK:
        return []
    front: str = item.prompt
    options: tuple[str, ...] = ()
    match item.type:
        case "single" | "multiple":
            text = {o.id: o.text for o in item.options}
            options = _ordered(item, list(text), text)
        case "ordering":
            text = {i.id: i.text for i in item.items}
            options = _ordered(item, list(text), text, avoid=item.key)
        case "matching":
            options = tuple(p.text for p in item.right)
            front = f"{item.prompt} Match each of: {'; '.join(p.text for p in item.left)}."
    return [
        Flashcard(card_id, front, _item_back(item), ask=ASK[item.type], options=options, **base)
    ]


def deck_cards(glossaries: Iterable[Loaded[GlossaryFile]], items: Iterable[Any]) -> list[Flashcard]:
    """Every glossary term, then every practice item that has an answer, in course order."""
    cards = [
        Flashcard(f"term:{slug(t.term)}", t.term, t.definition, t.chapter)
        for g in glossaries
        for t in g.model.terms
    ]
    for item in items:
        if item.use == "practice" and isinstance(item, CARD_TYPES):
            cards.extend(item_cards(item))
    return sorted(cards, key=lambda card: (card.chapter, card.id))


@dataclass(frozen=True)
class Deck:
    """A deck to study: all cards, one chapter's, or one objective's (a filtered deck)."""

    id: str
    title: str
    cards: tuple[str, ...]
    limited: bool  # the daily new-card limit applies (not to a filtered deck)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "cards": list(self.cards),
            "limited": self.limited,
        }


def chapter_decks(chapters: Sequence[Chapter], deck: list[Flashcard]) -> list[Deck]:
    """The decks of `deck` given the course's chapters, in course order."""
    found = [Deck("all", "All cards", tuple(c.id for c in deck), True)]
    for chapter in chapters:
        ids = tuple(c.id for c in deck if c.chapter == chapter.number)
        if ids:
            found.append(
                Deck(
                    f"chapter-{chapter.number}",
                    f"Chapter {chapter.number}: {chapter.title}",
                    ids,
                    True,
                )
            )
    for chapter in chapters:
        for objective in chapter.objectives:
            ids = tuple(c.id for c in deck if objective.id in c.objectives)
            if ids:
                found.append(Deck(objective.id, f"{objective.id}: {objective.text}", ids, False))
    return found


def find_deck(found: list[Deck], name: str) -> Deck:
    """The deck named `name`: "all", a chapter number ("5" or "chapter-5"), or an objective id."""
    wanted = {"all": "all"}.get(name.lower(), name)
    if wanted.isdigit():
        wanted = f"chapter-{int(wanted)}"
    for deck in found:
        if deck.id.lower() == wanted.lower():
            return deck
    names = ", ".join(d.id for d in found[:4])
    raise LookupError(
        f"there is no deck {name!r}; use all, a chapter number such as 5, or a "
        f"learning objective such as LO-5.1 (decks: {names}, ...)"
    )

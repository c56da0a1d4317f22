"""The revision deck: flashcards made from glossary terms and practice items.

Cards have stable ids (`term:<slug>`, `item:<bank id>`) so progress saved in a browser or a
SQLite file survives rebuilds and content edits that keep the ids.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from .bank import ShortText, SingleChoice, TrueFalse
from .banks import all_items, load_banks
from .course import CourseLayout, load_glossaries

CARD_TYPES = (SingleChoice, TrueFalse, ShortText)  # items whose answer fits on a card's back


@dataclass(frozen=True)
class Flashcard:
    id: str
    front: str
    back: str
    chapter: int
    objectives: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["objectives"] = list(self.objectives)
        return data


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def answer_text(item: Any) -> str:
    """The right answer in words, for a card's back or the book's no-JavaScript answers."""
    match item.type:
        case "single":
            return next(o.text for o in item.options if o.id == item.key)
        case "multiple":
            return "; ".join(o.text for o in item.options if o.id in item.key)
        case "true_false":
            return "True" if item.key else "False"
        case "short_text":
            return item.accepted[0]
        case "ordering":
            text = {i.id: i.text for i in item.items}
            return " → ".join(text[i] for i in item.key)
        case "matching":
            left = {p.id: p.text for p in item.left}
            right = {p.id: p.text for p in item.right}
            return "; ".join(f"{left[k]} → {right[v]}" for k, v in item.key.items())
        case "classification":
            return "; ".join(f"{v.text} → {v.answer}" for v in item.vignettes)
    return ""


def answer_explanation(item: Any) -> str:
    """Why the right answer is right (the key option's explanation, or the item's)."""
    match item.type:
        case "single":
            return next(o.explanation for o in item.options if o.id == item.key)
        case "multiple":
            return " ".join(o.explanation for o in item.options if o.id in item.key)
        case "true_false":
            return item.explanation_true if item.key else item.explanation_false
        case "classification":
            return " ".join(v.explanation for v in item.vignettes)
    return getattr(item, "explanation", "")


VERDICT = re.compile(r"^(right|correct|yes)[.:!,]?\s+", re.IGNORECASE)


def _item_back(item: Any) -> str:
    """Answer, then why; a leading "Right." written for self-check feedback is dropped."""
    return f"{answer_text(item)}. {VERDICT.sub('', answer_explanation(item))}"


def build_deck(layout: CourseLayout) -> list[Flashcard]:
    """Every glossary term, then every practice item with a one-line answer, in course order."""
    glossaries, _ = load_glossaries(layout)
    cards = [Flashcard(f"term:{slug(t.term)}", t.term, t.definition, t.chapter)
             for g in glossaries for t in g.model.terms]
    banks, _ = load_banks(layout)
    for item in all_items(banks):
        if item.use == "practice" and isinstance(item, CARD_TYPES):
            cards.append(Flashcard(f"item:{item.id}", item.prompt, _item_back(item),
                                   int(item.id[2:4]), tuple(item.objectives)))
    return sorted(cards, key=lambda card: (card.chapter, card.id))

"""Scoring answers to bank items: one rule per question type, shared by self-checks and grading.

Each type's rule lives on its class (core/items/); these functions are the one door other
modules use. Answers are plain Python values, as a student gives them: an option id, a list of
ids, True/False, a dict of matches, a string. Ids are text: case and surrounding spaces do not
matter, and a value of any other kind never matches. Partial credit goes to multiple select,
ordering, matching and classification. Reflections are graded by hand and score None here.
"""

from __future__ import annotations

from typing import Any

from .items import ItemBase
from .items.text import answer_id, answer_ids, normalise_category, normalise_text

__all__ = ["answer_id", "answer_ids", "fraction", "normalise_category", "normalise_text", "score"]


def fraction(item: Any, answer: Any) -> float | None:
    """The share of the item's points an answer earns, 0.0 to 1.0 (None for reflections)."""
    if not isinstance(item, ItemBase):
        raise TypeError(f"unknown item type {type(item).__name__}")
    return item.fraction(answer)


def score(item: Any, answer: Any) -> float | None:
    """Points earned, rounded to hundredths (None for reflections, graded by hand)."""
    share = fraction(item, answer)
    return None if share is None else round(share * item.points, 2)

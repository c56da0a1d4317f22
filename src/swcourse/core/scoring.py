"""Scoring answers to bank items: one rule per question type, shared by self-checks and grading.

Answers are plain Python values, as a student writes them in a notebook: an option id, a list
of ids, True/False, a dict of matches, a string. Ids are text: case and surrounding spaces do
not matter, and a value of any other kind never matches. Partial credit goes to multiple select,
ordering, matching and classification. Reflections are graded by hand and score None here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .bank import (
    CATEGORIES,
    Classification,
    Matching,
    MultipleSelect,
    Ordering,
    Reflection,
    ShortText,
    SingleChoice,
    TrueFalse,
)

ARTICLES = re.compile(r"\b(the|a|an)\b")


def normalise_text(text: str) -> str:
    """Case, accents, punctuation, articles and spacing do not matter in short answers."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("-", " "))
    return " ".join(ARTICLES.sub(" ", text).split())


def normalise_category(value: Any) -> str | None:
    """'Group work', 'group_work', 'GROUPWORK' all mean the same category."""
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[^a-z]", "", value.lower())
    return next((c for c in CATEGORIES if c.replace(" ", "") == compact), None)


def fraction(item: Any, answer: Any) -> float | None:
    """The share of the item's points an answer earns, 0.0 to 1.0 (None for reflections)."""
    match item:
        case SingleChoice():
            return 1.0 if answer_id(answer) == item.key else 0.0
        case TrueFalse():
            return 1.0 if isinstance(answer, bool) and answer is item.key else 0.0
        case MultipleSelect():
            return _multiple(item, answer)
        case Ordering():
            return _ordering(item, answer)
        case Matching():
            return _matching(item, answer)
        case Classification():
            return _classification(item, answer)
        case ShortText():
            if not isinstance(answer, str):
                return 0.0
            return (
                1.0 if normalise_text(answer) in {normalise_text(a) for a in item.accepted} else 0.0
            )
        case Reflection():
            return None
    raise TypeError(f"unknown item type {type(item).__name__}")


def score(item: Any, answer: Any) -> float | None:
    """Points earned, rounded to hundredths (None for reflections, graded by hand)."""
    share = fraction(item, answer)
    return None if share is None else round(share * item.points, 2)


def answer_id(value: Any) -> str | None:
    """An option id as a student gives it (' B ' is b); anything but text is no id at all."""
    return value.strip().lower() if isinstance(value, str) else None


def answer_ids(answer: Any) -> list[str] | None:
    """A list of option ids, or None when the answer is not a list of text."""
    if not isinstance(answer, list | tuple) or not all(isinstance(a, str) for a in answer):
        return None
    return [a.strip().lower() for a in answer]


def _multiple(item: MultipleSelect, answer: Any) -> float:
    """Right picks minus wrong picks, over the number of right options; never below zero."""
    chosen = answer_ids(answer)
    if chosen is None:
        return 0.0
    picked, key = set(chosen), set(item.key)
    return max(0.0, (len(picked & key) - len(picked - key)) / len(key))


def _ordering(item: Ordering, answer: Any) -> float:
    """Share of neighbouring pairs in the right relative order (a one-place slip costs little)."""
    order = answer_ids(answer)
    if order is None or sorted(order) != sorted(item.key):
        return 0.0
    pairs = list(zip(item.key, item.key[1:], strict=False))
    position = {value: index for index, value in enumerate(order)}
    return sum(position[a] < position[b] for a, b in pairs) / len(pairs)


def _matching(item: Matching, answer: Any) -> float:
    if not isinstance(answer, dict):
        return 0.0
    given = {answer_id(k): answer_id(v) for k, v in answer.items()}
    return sum(given.get(left) == right for left, right in item.key.items()) / len(item.key)


def _classification(item: Classification, answer: Any) -> float:
    if not isinstance(answer, dict):
        return 0.0
    given = {answer_id(k): normalise_category(v) for k, v in answer.items()}
    return sum(given.get(v.id) == v.answer for v in item.vignettes) / len(item.vignettes)

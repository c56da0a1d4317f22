"""Answer fixtures for the grading tests: what a perfect, a partial, an empty and a confused
student write, derived from each item so the fixtures follow the bank."""

from __future__ import annotations

from typing import Any

from swcourse.core.bank_schema import Reflection


def perfect(item: Any) -> Any:
    match item.type:
        case "short_text":
            return item.accepted[0].upper()  # tolerant matching must still accept it
        case "classification":
            return {v.id: v.answer for v in item.vignettes}
        case "reflection":
            return "A full answer that meets every criterion of the rubric."
        case _:
            return item.key


def partial(item: Any) -> Any:
    """Roughly half right, exercising partial credit where a type allows it."""
    match item.type:
        case "single":
            return next(o.id for o in item.options if o.id != item.key)
        case "true_false":
            return not item.key
        case "multiple":
            return item.key[: max(1, len(item.key) // 2)]
        case "ordering":
            order = list(item.key)
            order[0], order[1] = order[1], order[0]
            return order
        case "matching":
            keys = list(item.key)
            wrong = dict(item.key)
            wrong[keys[0]], wrong[keys[1]] = item.key[keys[1]], item.key[keys[0]]
            return wrong
        case "classification":
            answers = {v.id: v.answer for v in item.vignettes}
            first = item.vignettes[0]
            answers[first.id] = "both" if first.answer != "both" else "casework"
            return answers
        case "short_text":
            return "not the answer"
        case "reflection":
            return "A short answer that meets part of the rubric."
    raise TypeError(item.type)


def expected_partial(item: Any) -> float | None:
    """What `partial` earns, worked out by hand from the marking rules in AUTHORING.md (not by
    calling the scorer): a wrong single, true/false or short answer earns nothing; half the
    keys of a multiple select earn that share; swapping the first two of an ordering breaks one
    of its neighbouring pairs; swapping two matches loses two rows; one wrong situation loses
    one row of a classification. Rounded to hundredths, as grades are recorded."""
    match item.type:
        case "single" | "true_false" | "short_text":
            share = 0.0
        case "multiple":
            share = max(1, len(item.key) // 2) / len(item.key)
        case "ordering":
            share = (len(item.key) - 2) / (len(item.key) - 1)
        case "matching":
            share = (len(item.key) - 2) / len(item.key)
        case "classification":
            share = (len(item.vignettes) - 1) / len(item.vignettes)
        case _:
            return None
    return round(share * item.points, 2)


def wrong_type(item: Any) -> Any:
    """Values of the wrong kind: a number for text, a string for a list, and so on."""
    return {
        "single": 2,
        "true_false": "True",
        "multiple": "a, b",
        "ordering": "a b c",
        "matching": ["x", "y"],
        "classification": "casework",
        "short_text": 42,
        "reflection": "Reflection.",
    }[item.type]


def is_reflection(item: Any) -> bool:
    return isinstance(item, Reflection)

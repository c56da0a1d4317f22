"""Feedback facts: what an answer earned and, part by part, what was right, for the book to word.

The grader's number comes from `scoring.score`; the facts here add what a learner needs to read
alongside it (which options they chose and whether each applies, which matches or neighbouring
steps went wrong), from each type's `part_facts` (core/items/). The book's self-check player
computes the same facts in JavaScript, and a browser test holds the two equal on a generated
table of right, partial, wrong and malformed answers, so the book never tells a student anything
the grader would contradict.
"""

from __future__ import annotations

from typing import Any

from .items.text import LEADING_VERDICT, plain
from .scoring import fraction, score

__all__ = [
    "LEADING_VERDICT",
    "compile_item",
    "feedback_facts",
    "plain",
    "verdict",
    "verdict_data",
]
# Fields only a learner reads (or the page lays out by); no verdict or feedback fact uses them.
PROSE = frozenset(
    {
        "prompt",
        "text",
        "explanation",
        "explanation_true",
        "explanation_false",
        "answers",
        "tags",
        "difficulty",
        "use",
        "objectives",
        "fixed_order",
    }
)


def verdict(share: float) -> str:
    """'right' (full credit), 'partial' (some) or 'wrong' (none)."""
    return "right" if share >= 1.0 else "partial" if share > 0 else "wrong"


def feedback_facts(item: Any, answer: Any) -> dict[str, Any]:
    """The grader's score of `answer` plus, part by part, what was chosen and what was right."""
    share = fraction(item, answer)
    if share is None:
        raise ValueError(f"{item.id} is a reflection; it is graded by hand, not checked")
    return {
        "fraction": share,
        "score": score(item, answer),
        "points": item.points,
        "verdict": verdict(share),
        **item.part_facts(answer),
    }


def compile_item(item: Any) -> dict[str, Any]:
    """A practice item as the self-check player needs it: text to show, and nothing to decide.

    Explanations lose a leading "Right." or "No." (the player says which), a short answer's
    explanation loses a first sentence that only repeats the answer (the player shows it), and
    classification items carry the category labels the core uses.
    """
    return dict(item.compiled())


def verdict_data(item: Any) -> dict[str, Any]:
    """The compiled item without its prose: what the book needs to reach the self-check's
    verdict and feedback facts (verdicts.js) on a saved answer, as the revision hub does for
    every practice item at once (a sixth of the full items' weight). The hub's parity test
    runs on this data, so a field a verdict needs cannot be dropped unnoticed."""
    return dict(_without_prose(compile_item(item)))


def _without_prose(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_prose(v) for k, v in value.items() if k not in PROSE}
    if isinstance(value, list):
        return [_without_prose(v) for v in value]
    return value

"""What generated assignment notebooks call: a friendly format check and the hidden grader.

Students run `check_format` to learn whether an answer is *written* correctly (never whether it
is right). The hidden test cell calls `grade_answer`, which scores with the core's one set of
rules and returns the points, so nbgrader records partial credit from the cell's result.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from ..core.bank import CATEGORIES, Item
from ..core.scoring import normalise_category, score

_ITEM = TypeAdapter(Item)

HOW_TO_WRITE = {
    "single": 'one option letter in quotes, e.g. "b"',
    "multiple": 'a list of option letters, e.g. ["a", "c"]',
    "true_false": "True or False, without quotes",
    "ordering": 'a list of every item id in your order, e.g. ["c", "a", "b"]',
    "matching": 'a dict from each left id to a right id, e.g. {"x": "p", "y": "q"}',
    "classification": 'a dict from each situation id to "casework", "group work" or "both"',
    "short_text": 'a short answer in quotes, e.g. "mutual aid"',
}


def _problem(kind: str, value: Any, ids: list[str], extra: list[str]) -> str | None:
    """Why `value` is not written the way this kind of question needs (None if it is)."""
    if kind == "single":
        ok = isinstance(value, str) and value.strip().lower() in ids
        return None if ok else f"use one of {ids}"
    if kind == "true_false":
        return None if isinstance(value, bool) else "write True or False without quotes"
    if kind == "short_text":
        return None if isinstance(value, str) and value.strip() else "write a word or phrase in quotes"
    if kind in ("multiple", "ordering"):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return "write a list of ids in square brackets"
        unknown = sorted({v.strip().lower() for v in value} - set(ids))
        if unknown:
            return f"these are not ids of this question: {unknown}; use ids from {ids}"
        if kind == "ordering" and sorted(v.strip().lower() for v in value) != sorted(ids):
            return f"list every id exactly once: {ids}"
        return None
    if kind in ("matching", "classification"):
        if not isinstance(value, dict):
            return "write a dict in curly brackets"
        missing = sorted(set(ids) - {str(k).strip().lower() for k in value})
        if missing:
            return f"give an answer for every id; missing: {missing}"
        if kind == "classification":
            bad = [v for v in value.values() if normalise_category(v) is None]
            if bad:
                return f"use only {list(CATEGORIES)}; not {bad}"
        elif extra:
            bad = sorted({str(v).strip().lower() for v in value.values()} - set(extra))
            if bad:
                return f"match to ids from {extra}; not {bad}"
        return None
    return None


def check_format(number: int, kind: str, value: Any, ids: list[str] | None = None,
                 targets: list[str] | None = None) -> str:
    """Say whether `answer_<number>` is written in the form its question needs; print and return."""
    name = f"answer_{number}"
    if value is None or value is Ellipsis:
        message = f"{name} is not answered yet: write {HOW_TO_WRITE[kind]}."
    else:
        issue = _problem(kind, value, [i.lower() for i in ids or []], [t.lower() for t in targets or []])
        message = (f"OK: {name} is written correctly (this checks the form, not whether it is right)."
                   if issue is None else f"Check {name}: {issue}.")
    print(message)
    return message


def grade_answer(item: dict[str, Any], value: Any) -> float:
    """Points for `value` on `item` (its full bank entry); never raises on a student's answer."""
    try:
        points = score(_ITEM.validate_python(item), value)
    except Exception:  # noqa: BLE001 - a malformed answer earns nothing, it must not crash grading
        return 0.0
    return float(points or 0.0)

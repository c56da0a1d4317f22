"""Matching: each left entry goes with one right entry; the answer maps left id -> right id.

Credit is the share of left entries matched as the key matches them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import ItemBase, Pair, question_ids, unique
from .registry import register
from .text import answer_id, given_map, md, pairs


def dict_problem(value: Any, ids: list[str]) -> str | None:
    """A dict with an answer for every id (matching and classification)."""
    if not isinstance(value, dict):
        return "write a dict in curly brackets"
    missing = sorted(set(ids) - {str(k).strip().lower() for k in value})
    if missing:
        return f"give an answer for every id; missing: {missing}"
    return None


def clean_dict(question: dict[str, Any], value: Any, allowed: set[str]) -> dict[str, Any] | None:
    """`value` keyed by the question's ids in their order, if every key and value is allowed."""
    ids = question_ids(question)
    if (
        isinstance(value, dict)
        and set(value) <= set(ids)
        and all(v in allowed for v in value.values())
    ):
        return {k: value[k] for k in ids if k in value}
    return None


@register
class Matching(ItemBase):
    label = "matching"
    heading = "Match"
    how_to_write = 'a dict from each left id to a right id, e.g. {"x": "p", "y": "q"}'

    type: Literal["matching"]
    left: list[Pair] = Field(min_length=3, max_length=8)
    right: list[Pair] = Field(min_length=3, max_length=10)
    key: dict[str, str] = Field(description="left id -> right id")
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _key_pairs(self) -> Matching:
        left, right = [p.id for p in self.left], [p.id for p in self.right]
        unique(left + right, "left and right")
        if set(self.key) != set(left):
            raise ValueError("key must give a match for every left id, and only those")
        unknown = set(self.key.values()) - set(right)
        if unknown:
            raise ValueError(f"key matches to right ids that do not exist: {sorted(unknown)}")
        return self

    def fraction(self, answer: Any) -> float:
        if not isinstance(answer, dict):
            return 0.0
        given = {answer_id(k): answer_id(v) for k, v in answer.items()}
        return sum(given.get(left) == right for left, right in self.key.items()) / len(self.key)

    def part_facts(self, answer: Any) -> dict[str, Any]:
        given = given_map(answer, answer_id)
        known = {p.id for p in self.right}
        return {
            "matches": [
                {
                    "left": left,
                    "key": right,
                    "given": given.get(left) if given.get(left) in known else None,
                    "right": given.get(left) == right,
                }
                for left, right in self.key.items()
            ]
        }

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        problem = dict_problem(value, ids)
        if problem is None and targets:
            bad = sorted({str(v).strip().lower() for v in value.values()} - set(targets))
            if bad:
                return f"match to ids from {targets}; not {bad}"
        return problem

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        cleaned = clean_dict(question, value, {p["id"] for p in question["right"]})
        return cleaned if cleaned is not None else super().clean_answer(question, value)

    def key_text(self) -> str:
        left = {p.id: p.text for p in self.left}
        right = {p.id: p.text for p in self.right}
        return "; ".join(f"{left[k]} → {right[v]}" for k, v in self.key.items())

    def answer_lines(self, value: Any) -> list[str]:
        left = {p.id: p.text for p in self.left}
        right = {p.id: p.text for p in self.right}
        if not isinstance(value, dict):
            return []
        rows = [
            f"- {md(left[k])} → {md(right.get(str(v), 'no match chosen'))}"
            for k, v in value.items()
            if k in left
        ]
        if not rows:
            return []
        return ["**Your matches:**\n" + "\n".join(rows), f"**Why:** {md(self.explanation)}"]

    def box_data(self) -> dict[str, Any]:
        return {**super().box_data(), "left": pairs(self.left), "right": pairs(self.right)}

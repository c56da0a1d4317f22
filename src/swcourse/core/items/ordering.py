"""Ordering: put every item in order; the answer lists every id once (["c", "a", "b"]).

Credit is the share of neighbouring pairs of the key in the right relative order, so a
one-place slip costs little.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import Field, model_validator

from .base import ItemBase, Pair, question_ids, unique
from .multiple import id_list_problem
from .registry import register
from .text import answer_ids, md, pairs


def order_digest(ids: list[str]) -> str:
    """A one-way fingerprint of an order, so a start order can avoid the key without showing it."""
    return hashlib.sha256(json.dumps(ids).encode()).hexdigest()[:16]


@register
class Ordering(ItemBase):
    label = "ordering"
    heading = "Put in order"
    how_to_write = 'a list of every item id in your order, e.g. ["c", "a", "b"]'

    type: Literal["ordering"]
    items: list[Pair] = Field(
        min_length=3, max_length=10, description="Listed in a shuffled order."
    )
    key: list[str] = Field(description="Item ids in the correct order.")
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _key_is_permutation(self) -> Ordering:
        ids = [i.id for i in self.items]
        unique(ids, "item")
        if sorted(self.key) != sorted(ids):
            raise ValueError("key must list every item id exactly once")
        if self.key == ids:
            raise ValueError("items are already in the key's order; list them shuffled")
        return self

    def _neighbours(self) -> list[tuple[str, str]]:
        return list(zip(self.key, self.key[1:], strict=False))

    def fraction(self, answer: Any) -> float:
        order = answer_ids(answer)
        if order is None or sorted(order) != sorted(self.key):
            return 0.0
        position = {value: index for index, value in enumerate(order)}
        neighbours = self._neighbours()
        return sum(position[a] < position[b] for a, b in neighbours) / len(neighbours)

    def part_facts(self, answer: Any) -> dict[str, Any]:
        order = answer_ids(answer)
        valid = order is not None and sorted(order) == sorted(self.key)
        position = {value: index for index, value in enumerate(order or [])}
        return {
            "valid": valid,
            "pairs": [
                {"before": a, "after": b, "right": valid and position[a] < position[b]}
                for a, b in self._neighbours()
            ],
        }

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        problem = id_list_problem(value, ids)
        if problem is None and sorted(v.strip().lower() for v in value) != sorted(ids):
            return f"list every id exactly once: {ids}"
        return problem

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if isinstance(value, list) and sorted(value) == sorted(question_ids(question)):
            return list(value)
        return super().clean_answer(question, value)

    def key_text(self) -> str:
        text = {i.id: i.text for i in self.items}
        return " → ".join(text[i] for i in self.key)

    def answer_lines(self, value: Any) -> list[str]:
        text = {i.id: i.text for i in self.items}
        if not isinstance(value, list) or not all(isinstance(v, str) and v in text for v in value):
            return []
        return [
            "**Your order:**\n" + "\n".join(f"{n}. {md(text[v])}" for n, v in enumerate(value, 1)),
            f"**Why:** {md(self.explanation)}",
        ]

    def box_data(self) -> dict[str, Any]:
        data = {**super().box_data(), "items": pairs(self.items)}
        data["avoid"] = order_digest(list(self.key))
        return data

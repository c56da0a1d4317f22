"""Multiple select: several options are right; the answer is a list of ids (["a", "c"]).

Right picks minus wrong picks, over the number of right options, never below zero.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import ItemBase, Option, question_ids, unique
from .registry import register
from .text import answer_ids, md, pairs


@register
class MultipleSelect(ItemBase):
    label = "multiple choice"
    heading = "Choose all that apply"
    how_to_write = 'a list of option letters, e.g. ["a", "c"]'

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3, max_length=8)
    key: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_are_options(self) -> MultipleSelect:
        ids = [o.id for o in self.options]
        unique(ids, "option")
        unknown = set(self.key) - set(ids)
        if unknown:
            raise ValueError(f"key names options that do not exist: {sorted(unknown)}")
        return self

    def fraction(self, answer: Any) -> float:
        chosen = answer_ids(answer)
        if chosen is None:
            return 0.0
        picked, key = set(chosen), set(self.key)
        return max(0.0, (len(picked & key) - len(picked - key)) / len(key))

    def part_facts(self, answer: Any) -> dict[str, Any]:
        picked = set(answer_ids(answer) or [])
        return {
            "options": [
                {"id": o.id, "chosen": o.id in picked, "key": o.id in self.key}
                for o in self.options
            ]
        }

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        return id_list_problem(value, ids)

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        ids = question_ids(question)
        if isinstance(value, list) and set(value) <= set(ids) and len(set(value)) == len(value):
            return [i for i in ids if i in value]
        return super().clean_answer(question, value)

    def key_text(self) -> str:
        return "; ".join(o.text for o in self.options if o.id in self.key)

    def key_explanation(self) -> str:
        return " ".join(o.explanation for o in self.options if o.id in self.key)

    def answer_lines(self, value: Any) -> list[str]:
        by_id = {o.id: o for o in self.options}
        chosen = (
            [
                by_id[v.strip().lower()]
                for v in value
                if isinstance(v, str) and v.strip().lower() in by_id
            ]
            if isinstance(value, list)
            else []
        )
        if not chosen:
            return []
        return [
            "**You chose:**\n" + "\n".join(f"- {md(o.text)} — {md(o.explanation)}" for o in chosen)
        ]

    def box_data(self) -> dict[str, Any]:
        return {**super().box_data(), "options": pairs(self.options)}


def id_list_problem(value: Any, ids: list[str]) -> str | None:
    """A list of text whose every entry is one of `ids` (multiple select and ordering)."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return "write a list of ids in square brackets"
    unknown = sorted({v.strip().lower() for v in value} - set(ids))
    if unknown:
        return f"these are not ids of this question: {unknown}; use ids from {ids}"
    return None

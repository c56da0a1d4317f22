"""Single choice: one option is the key; the answer is its id ("b")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import ItemBase, Option, question_ids, unique
from .registry import register
from .text import answer_id, md, pairs


@register
class SingleChoice(ItemBase):
    label = "single choice"
    heading = "Single choice"
    how_to_write = 'one option letter in quotes, e.g. "b"'

    type: Literal["single"]
    options: list[Option] = Field(min_length=3, max_length=6)
    key: str

    @model_validator(mode="after")
    def _key_is_option(self) -> SingleChoice:
        unique([o.id for o in self.options], "option")
        if self.key not in {o.id for o in self.options}:
            raise ValueError(f"key {self.key!r} is not one of the options")
        return self

    def fraction(self, answer: Any) -> float:
        return 1.0 if answer_id(answer) == self.key else 0.0

    def part_facts(self, answer: Any) -> dict[str, Any]:
        chosen = answer_id(answer)
        return {
            "options": [
                {"id": o.id, "chosen": o.id == chosen, "key": o.id == self.key}
                for o in self.options
            ]
        }

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        ok = isinstance(value, str) and value.strip().lower() in ids
        return None if ok else f"use one of {ids}"

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if value in question_ids(question):
            return value
        return super().clean_answer(question, value)

    def key_text(self) -> str:
        return next(o.text for o in self.options if o.id == self.key)

    def key_explanation(self) -> str:
        return next(o.explanation for o in self.options if o.id == self.key)

    def answer_lines(self, value: Any) -> list[str]:
        by_id = {o.id: o for o in self.options}
        option = by_id.get(str(value).strip().lower()) if isinstance(value, str) else None
        if option is None:
            return []
        return [f"**You chose:** {md(option.text)}", f"**Why:** {md(option.explanation)}"]

    def box_data(self) -> dict[str, Any]:
        return {**super().box_data(), "options": pairs(self.options)}

"""Reflection: a written answer marked by hand with a rubric; the core never scores it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import LONGEST_TEXT, ItemBase, RubricLevel
from .registry import register


@register
class Reflection(ItemBase):
    label = "reflection"
    heading = "Reflection (marked by hand)"
    how_to_write = "your reflection in quotes"
    hand_graded = True

    type: Literal["reflection"]
    rubric: list[RubricLevel] = Field(min_length=1)
    guidance: str = Field(min_length=10, description="What a strong answer covers (for graders).")

    @model_validator(mode="after")
    def _points_match_rubric(self) -> Reflection:
        total = sum(level.points for level in self.rubric)
        if total != self.points:
            raise ValueError(f"points ({self.points}) must equal the rubric's total ({total})")
        return self

    def fraction(self, answer: Any) -> None:
        return None

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if isinstance(value, str) and len(value) < LONGEST_TEXT:
            return value
        return super().clean_answer(question, value)

    def box_data(self) -> dict[str, Any]:
        rubric = [
            {"criterion": r.criterion, "points": r.points, "look_for": r.look_for}
            for r in self.rubric
        ]
        return {**super().box_data(), "rubric": rubric}

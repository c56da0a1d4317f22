"""True or false: the answer is True or False (not the words "true" or "false")."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import ItemBase
from .registry import register
from .text import md


@register
class TrueFalse(ItemBase):
    label = "true or false"
    heading = "True or false"
    how_to_write = "True or False, without quotes"

    type: Literal["true_false"]
    key: bool
    explanation_true: str = Field(min_length=10, description="Feedback for answering 'true'.")
    explanation_false: str = Field(min_length=10, description="Feedback for answering 'false'.")

    def fraction(self, answer: Any) -> float:
        return 1.0 if isinstance(answer, bool) and answer is self.key else 0.0

    def part_facts(self, answer: Any) -> dict[str, Any]:
        return {"given": answer if isinstance(answer, bool) else None}

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        return None if isinstance(value, bool) else "write True or False without quotes"

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if isinstance(value, bool):
            return value
        return super().clean_answer(question, value)

    def key_text(self) -> str:
        return "True" if self.key else "False"

    def key_explanation(self) -> str:
        return self.explanation_true if self.key else self.explanation_false

    def answer_lines(self, value: Any) -> list[str]:
        if not isinstance(value, bool):
            return []
        why = self.explanation_true if value else self.explanation_false
        return [f"**You chose:** {'True' if value else 'False'}", f"**Why:** {md(why)}"]

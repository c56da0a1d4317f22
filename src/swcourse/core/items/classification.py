"""Casework, group work or both: each situation gets a category; the answer maps situation id
-> "casework" | "group work" | "both" (spelling of the category is forgiven).

Credit is the share of situations placed as the key places them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from ..models import Strict
from .base import ItemBase, unique
from .matching import clean_dict, dict_problem
from .registry import register
from .text import (
    CATEGORIES,
    CATEGORY_LABELS,
    answer_id,
    category_choices,
    given_map,
    md,
    normalise_category,
    pairs,
    plain,
)


class Vignette(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=20)
    answer: Literal["casework", "group work", "both"]
    explanation: str = Field(min_length=10)


@register
class Classification(ItemBase):
    label = "casework, group work or both"
    heading = "Casework, group work or both?"
    how_to_write = 'a dict from each situation id to "casework", "group work" or "both"'

    type: Literal["classification"]
    vignettes: list[Vignette] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _unique_vignettes(self) -> Classification:
        unique([v.id for v in self.vignettes], "vignette")
        return self

    def fraction(self, answer: Any) -> float:
        if not isinstance(answer, dict):
            return 0.0
        given = {answer_id(k): normalise_category(v) for k, v in answer.items()}
        return sum(given.get(v.id) == v.answer for v in self.vignettes) / len(self.vignettes)

    def part_facts(self, answer: Any) -> dict[str, Any]:
        given = given_map(answer, normalise_category)
        return {
            "vignettes": [
                {
                    "id": v.id,
                    "key": v.answer,
                    "given": given.get(v.id),
                    "right": given.get(v.id) == v.answer,
                }
                for v in self.vignettes
            ]
        }

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        problem = dict_problem(value, ids)
        if problem is None:
            bad = [v for v in value.values() if normalise_category(v) is None]
            if bad:
                return f"use only {list(CATEGORIES)}; not {bad}"
        return problem

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        cleaned = clean_dict(question, value, set(CATEGORIES))
        return cleaned if cleaned is not None else super().clean_answer(question, value)

    def key_text(self) -> str:
        return "; ".join(f"{v.text} → {v.answer}" for v in self.vignettes)

    def key_explanation(self) -> str:
        return " ".join(v.explanation for v in self.vignettes)

    def answer_lines(self, value: Any) -> list[str]:
        if not isinstance(value, dict):
            return []
        rows = []
        for vignette in self.vignettes:
            category = CATEGORY_LABELS.get(str(value.get(vignette.id, "")).strip().lower())
            if category:
                rows.append(f"- {md(vignette.text)} **You chose:** {category}.")
        return ["**Your answers:**\n" + "\n".join(rows)] if rows else []

    def compiled(self) -> dict[str, Any]:
        """Also the category values and labels, so the player holds no list of its own."""
        data = super().compiled()
        data["categories"] = category_choices()
        for vignette in data["vignettes"]:
            vignette["explanation"] = plain(vignette["explanation"])
        return data

    def box_data(self) -> dict[str, Any]:
        return {**super().box_data(), "vignettes": pairs(self.vignettes)}

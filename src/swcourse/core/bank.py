"""The question bank: one pydantic model per question type, discriminated by `type`.

Practice items feed the book's self-checks and the flashcards; assessment items feed the graded
nbgrader assignments and never appear in the book.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .models import ObjectiveId, Strict

ITEM_ID = re.compile(r"^q-\d{2}-[a-z0-9-]+$")
CATEGORIES = ("casework", "group work", "both")
CATEGORY_LABELS = {"casework": "Casework", "group work": "Group work", "both": "Both"}


class Option(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)
    explanation: str = Field(min_length=10, description="Why this option is right or wrong.")


class Pair(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)


class Vignette(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=20)
    answer: Literal["casework", "group work", "both"]
    explanation: str = Field(min_length=10)


class RubricLevel(Strict):
    criterion: str = Field(min_length=3)
    points: int = Field(ge=1, le=10)
    look_for: str = Field(min_length=10, description="What earns these points.")


class ItemBase(Strict):
    id: str
    objectives: list[ObjectiveId] = Field(min_length=1)
    use: Literal["practice", "assessment"]
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str] = Field(default_factory=list)
    prompt: str = Field(min_length=10)
    points: int = Field(default=1, ge=1, le=10)
    fixed_order: bool = Field(
        default=False,
        description=(
            "Show options in the order written here (e.g. when one is 'all of the above'); "
            "otherwise each learner sees them shuffled (see core/shuffle.py)."
        ),
    )

    @field_validator("id")
    @classmethod
    def _item_id(cls, value: str) -> str:
        if not ITEM_ID.match(value):
            raise ValueError(f"item id {value!r} must look like q-05-biestek-acceptance")
        return value


def _unique(ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what} ids must be unique")


class SingleChoice(ItemBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=3, max_length=6)
    key: str

    @model_validator(mode="after")
    def _key_is_option(self) -> SingleChoice:
        _unique([o.id for o in self.options], "option")
        if self.key not in {o.id for o in self.options}:
            raise ValueError(f"key {self.key!r} is not one of the options")
        return self


class MultipleSelect(ItemBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3, max_length=8)
    key: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_are_options(self) -> MultipleSelect:
        ids = [o.id for o in self.options]
        _unique(ids, "option")
        unknown = set(self.key) - set(ids)
        if unknown:
            raise ValueError(f"key names options that do not exist: {sorted(unknown)}")
        return self


class TrueFalse(ItemBase):
    type: Literal["true_false"]
    key: bool
    explanation_true: str = Field(min_length=10, description="Feedback for answering 'true'.")
    explanation_false: str = Field(min_length=10, description="Feedback for answering 'false'.")


class Ordering(ItemBase):
    type: Literal["ordering"]
    items: list[Pair] = Field(
        min_length=3, max_length=10, description="Listed in a shuffled order."
    )
    key: list[str] = Field(description="Item ids in the correct order.")
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _key_is_permutation(self) -> Ordering:
        ids = [i.id for i in self.items]
        _unique(ids, "item")
        if sorted(self.key) != sorted(ids):
            raise ValueError("key must list every item id exactly once")
        if self.key == ids:
            raise ValueError("items are already in the key's order; list them shuffled")
        return self


class Matching(ItemBase):
    type: Literal["matching"]
    left: list[Pair] = Field(min_length=3, max_length=8)
    right: list[Pair] = Field(min_length=3, max_length=10)
    key: dict[str, str] = Field(description="left id -> right id")
    explanation: str = Field(min_length=10)

    @model_validator(mode="after")
    def _key_pairs(self) -> Matching:
        left, right = [p.id for p in self.left], [p.id for p in self.right]
        _unique(left + right, "left and right")
        if set(self.key) != set(left):
            raise ValueError("key must give a match for every left id, and only those")
        unknown = set(self.key.values()) - set(right)
        if unknown:
            raise ValueError(f"key matches to right ids that do not exist: {sorted(unknown)}")
        return self


class Classification(ItemBase):
    type: Literal["classification"]
    vignettes: list[Vignette] = Field(min_length=2, max_length=6)

    @model_validator(mode="after")
    def _unique_vignettes(self) -> Classification:
        _unique([v.id for v in self.vignettes], "vignette")
        return self


class ShortText(ItemBase):
    type: Literal["short_text"]
    accepted: list[str] = Field(min_length=1, description="Answers accepted after normalising.")
    explanation: str = Field(min_length=10)


class Reflection(ItemBase):
    type: Literal["reflection"]
    rubric: list[RubricLevel] = Field(min_length=1)
    guidance: str = Field(min_length=10, description="What a strong answer covers (for graders).")

    @model_validator(mode="after")
    def _points_match_rubric(self) -> Reflection:
        total = sum(level.points for level in self.rubric)
        if total != self.points:
            raise ValueError(f"points ({self.points}) must equal the rubric's total ({total})")
        return self


Item = Annotated[
    SingleChoice
    | MultipleSelect
    | TrueFalse
    | Ordering
    | Matching
    | Classification
    | ShortText
    | Reflection,
    Field(discriminator="type"),
]


class BankFile(Strict):
    schema_version: Literal[1]
    items: list[Item] = Field(min_length=1)

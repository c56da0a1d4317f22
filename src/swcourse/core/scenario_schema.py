"""Scenario files: a branching practice case as data (nodes, choices, endings).

A scenario is a directed graph. Nodes hold a moment in the case and the choices open to the
worker; each choice leads to another node or to an ending. Loops are not allowed, so every
play-through ends; paths may merge.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .models import SLUG, ObjectiveId, Strict

SCENARIO_ID = SLUG
STEP_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_CHOICE_SCORE = 3


class Choice(Strict):
    label: str = Field(min_length=3, description="What the worker does or says.")
    feedback: str = Field(min_length=20, description="The consequence, shown after choosing.")
    principles: list[str] = Field(min_length=1, description="Principle(s) honoured or broken.")
    score: int = Field(ge=0, le=MAX_CHOICE_SCORE, description="0 = harmful ... 3 = best practice.")
    next: str = Field(description="ID of the next node or of an ending.")


class Node(Strict):
    speaker: str | None = Field(default=None, description="Who is speaking, if anyone.")
    context: str | None = Field(default=None, description="Short scene-setting line.")
    text: str = Field(min_length=20)
    choices: list[Choice] = Field(min_length=2, max_length=5)
    fixed_order: bool = Field(
        default=False,
        description=(
            "Show the choices in the order written here (e.g. when one refers to the others); "
            "otherwise each learner sees them shuffled (see core/shuffle.py)."
        ),
    )


ENDING_LABELS = {"strong": "Strong ending", "mixed": "Mixed ending", "weak": "Weak ending"}


class Ending(Strict):
    title: str = Field(min_length=3)
    text: str = Field(min_length=20)
    rating: Literal["strong", "mixed", "weak"]


class Scenario(Strict):
    schema_version: Literal[1]
    id: str
    title: str = Field(min_length=5)
    setting: str = Field(min_length=3)
    summary: str = Field(min_length=20, description="What the student is about to do, and as whom.")
    objectives: list[ObjectiveId] = Field(min_length=1)
    start: str
    nodes: dict[str, Node] = Field(min_length=1)
    endings: dict[str, Ending] = Field(min_length=2)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SCENARIO_ID.match(value):
            raise ValueError(f"scenario id {value!r} must be lower-case words joined by hyphens")
        return value

    @model_validator(mode="after")
    def _ids_distinct(self) -> Scenario:
        for step in [*self.nodes, *self.endings]:
            if not STEP_ID.match(step):
                raise ValueError(
                    f"node or ending id {step!r} must be lower-case letters, digits, - or _"
                )
        shared = set(self.nodes) & set(self.endings)
        if shared:
            raise ValueError(f"ids used for both a node and an ending: {sorted(shared)}")
        return self

    def target(self, step: str) -> Node | Ending | None:
        """The node or ending with this id, if any."""
        return self.nodes.get(step) or self.endings.get(step)

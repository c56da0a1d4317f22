"""What every item type shares: the common fields, the parts items are made of, and the hooks
each type fills in (scoring, feedback facts, format checks, answer text, front-end data).

A type's class is its pydantic schema and its rules at once. The hooks take plain data, as a
student gives it (core/answers.py), and never raise on a student's answer.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from ..models import ObjectiveId, Strict
from .text import plain

ITEM_ID = re.compile(r"^q-\d{2}-[a-z0-9-]+$")
LONGEST_TEXT = 20_000  # characters a typed answer may have before the widget refuses to save it


class Option(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)
    explanation: str = Field(min_length=10, description="Why this option is right or wrong.")


class Pair(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str = Field(min_length=1)


class RubricLevel(Strict):
    criterion: str = Field(min_length=3)
    points: int = Field(ge=1, le=10)
    look_for: str = Field(min_length=10, description="What earns these points.")


def unique(ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"{what} ids must be unique")


def question_ids(question: dict[str, Any]) -> list[str]:
    """The ids an answer box shows (options, items, left entries or situations)."""
    return [
        p["id"]
        for p in question.get("options")
        or question.get("items")
        or question.get("left")
        or question.get("vignettes")
        or []
    ]


class ItemBase(Strict):
    """Fields every item has, and the hooks a type overrides."""

    label: ClassVar[str] = "question"
    """The type in words, as flashcard note types and listings name it."""
    heading: ClassVar[str] = "Question"
    """The type as an assignment's question heading names it for the student."""
    how_to_write: ClassVar[str] = "your answer"
    """How an old-style notebook writes the answer in Python (for `check_format`)."""
    hand_graded: ClassVar[bool] = False
    """Marked by a person with a rubric, never scored by the core."""

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

    # -- scoring and feedback ------------------------------------------------------------------

    def fraction(self, answer: Any) -> float | None:
        """The share of the points `answer` earns, 0.0 to 1.0 (None: marked by hand)."""
        raise NotImplementedError

    def part_facts(self, answer: Any) -> dict[str, Any]:
        """Part by part, what was chosen and what was right (for the book's feedback)."""
        return {}

    # -- answers as students give them ---------------------------------------------------------

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        """Why an old-style `answer_N` value is not written as this type needs (None if it is).

        `ids` are the question's lower-case ids, `targets` a matching question's right ids.
        """
        return None

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        """`value` in the saved form if it answers `question` (answer-box data); else ValueError."""
        raise ValueError(f"not an answer to a {question.get('type')} question: {value!r}")

    def key_text(self) -> str:
        """The right answer in words, for a card's back and the book's no-JavaScript answers."""
        return ""

    def key_explanation(self) -> str:
        """Why the right answer is right (the key option's explanation, or the item's)."""
        return str(getattr(self, "explanation", ""))

    def answer_lines(self, value: Any) -> list[str]:
        """What the student answered, as Markdown blocks (empty if it cannot be read)."""
        return []

    # -- what the front ends receive -----------------------------------------------------------

    def compiled(self) -> dict[str, Any]:
        """The item as the self-check player needs it: text to show, and nothing to decide.

        Explanations lose a leading "Right." or "No." (the player says which).
        """
        data = self.model_dump(mode="json")
        for option in data.get("options", []):
            option["explanation"] = plain(option["explanation"])
        for field in ("explanation_true", "explanation_false", "explanation"):
            if field in data:
                data[field] = plain(data[field])
        return dict(data)

    def box_data(self) -> dict[str, Any]:
        """What a graded answer box shows: ids and texts only, never a key or explanation."""
        data: dict[str, Any] = {"type": self.type, "item": self.id}  # type: ignore[attr-defined]
        if self.fixed_order:
            data["fixed_order"] = True
        return data

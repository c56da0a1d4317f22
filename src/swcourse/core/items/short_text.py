"""Short answer: a word or phrase, right when it equals an accepted answer once normalised
(case, accents, punctuation, articles and spacing do not matter)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field

from .base import LONGEST_TEXT, ItemBase
from .registry import register
from .text import md, normalise_text

SENTENCE = re.compile(r"^([^.!?]+)[.!?]\s+(\S.*)$", re.DOTALL)


@register
class ShortText(ItemBase):
    label = "short answer"
    heading = "Short answer"
    how_to_write = 'a short answer in quotes, e.g. "mutual aid"'

    type: Literal["short_text"]
    accepted: list[str] = Field(min_length=1, description="Answers accepted after normalising.")
    explanation: str = Field(min_length=10)

    def fraction(self, answer: Any) -> float:
        if not isinstance(answer, str):
            return 0.0
        return 1.0 if normalise_text(answer) in {normalise_text(a) for a in self.accepted} else 0.0

    @classmethod
    def format_problem(cls, value: Any, ids: list[str], targets: list[str]) -> str | None:
        ok = isinstance(value, str) and value.strip()
        return None if ok else "write a word or phrase in quotes"

    @classmethod
    def clean_answer(cls, question: dict[str, Any], value: Any) -> Any:
        if isinstance(value, str) and len(value) < LONGEST_TEXT:
            return value
        return super().clean_answer(question, value)

    def key_text(self) -> str:
        return self.accepted[0]

    def answer_lines(self, value: Any) -> list[str]:
        if not isinstance(value, str) or not value.strip():
            return []
        return [f"**You wrote:** {md(value)}", f"**Why:** {md(self.explanation)}"]

    def compiled(self) -> dict[str, Any]:
        """Also the distinct accepted answers; the explanation loses a first sentence that only
        repeats the answer (the player shows it)."""
        data = super().compiled()
        data["answers"] = _distinct(self.accepted)
        data["explanation"] = _without_answer(data["explanation"], self.accepted)
        return data


def _distinct(accepted: list[str]) -> list[str]:
    """Accepted answers that differ once normalised ('the unit of attention' = 'unit of ...')."""
    seen: dict[str, str] = {}
    for answer in accepted:
        seen.setdefault(normalise_text(answer), answer)
    return list(seen.values())


def _without_answer(explanation: str, accepted: list[str]) -> str:
    """Drop a first sentence that is just the answer ("Soul. For Biestek ...")."""
    match = SENTENCE.match(explanation)
    if match and normalise_text(match.group(1)) in {normalise_text(a) for a in accepted}:
        return match.group(2)
    return explanation

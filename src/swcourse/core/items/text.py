"""Text rules every item type shares: how ids, categories and short answers are read.

Answers are plain data as a student gives them (core/answers.py). Ids are text: case and
surrounding spaces do not matter, and a value of any other kind never matches. The book's
verdicts.js repeats `normalise_text`, `answer_id` and `normalise_category`, held equal by
tests/browser/test_parity.py; the category values and labels reach JavaScript as data.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

CATEGORIES = ("casework", "group work", "both")
CATEGORY_LABELS = {"casework": "Casework", "group work": "Group work", "both": "Both"}
ARTICLES = re.compile(r"\b(the|a|an)\b")
# A verdict word written at the start of an explanation ("Right. ...", "No. ..."): the players
# say right or wrong themselves, so the word would contradict or repeat them.
LEADING_VERDICT = re.compile(
    r"^(?:right|correct|yes|no|incorrect|wrong|accurate|not quite)"
    r"\s*[.:!,;]\s+",
    re.IGNORECASE,
)


def normalise_text(text: str) -> str:
    """Case, accents, punctuation, articles and spacing do not matter in short answers."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("-", " "))
    return " ".join(ARTICLES.sub(" ", text).split())


def normalise_category(value: Any) -> str | None:
    """'Group work', 'group_work', 'GROUPWORK' all mean the same category."""
    if not isinstance(value, str):
        return None
    compact = re.sub(r"[^a-z]", "", value.lower())
    return next((c for c in CATEGORIES if c.replace(" ", "") == compact), None)


def category_choices() -> list[list[str]]:
    """[value, label] pairs in the course's order: what the players show for a category."""
    return [[value, label] for value, label in CATEGORY_LABELS.items()]


def answer_id(value: Any) -> str | None:
    """An option id as a student gives it (' B ' is b); anything but text is no id at all."""
    return value.strip().lower() if isinstance(value, str) else None


def answer_ids(answer: Any) -> list[str] | None:
    """A list of option ids, or None when the answer is not a list of text."""
    if not isinstance(answer, list | tuple) or not all(isinstance(a, str) for a in answer):
        return None
    return [a.strip().lower() for a in answer]


def given_map(answer: Any, value_rule: Any) -> dict[str, Any]:
    """A dict answer's keys read as ids and its values by `value_rule` (matching, categories)."""
    if not isinstance(answer, dict):
        return {}
    given: dict[str, Any] = {}
    for key, value in answer.items():
        left = answer_id(key)
        if left is not None:
            given[left] = value_rule(value)
    return given


def plain(explanation: str) -> str:
    """An explanation without a leading verdict word, which the player's own words replace."""
    return LEADING_VERDICT.sub("", explanation.strip(), count=1)


def md(text: str) -> str:
    """One line of Markdown that cannot start a heading, list or HTML block."""
    return " ".join(str(text).split()).replace("<", "&lt;")


def pairs(entries: list[Any]) -> list[dict[str, str]]:
    """Ids and texts only, for a front end that must not see keys or explanations."""
    return [{"id": p.id, "text": p.text} for p in entries]

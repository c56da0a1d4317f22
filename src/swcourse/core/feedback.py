"""Feedback facts: what an answer earned and, part by part, what was right, for the book to word.

The grader's number comes from `scoring.score`; the facts here add what a learner needs to read
alongside it (which options they chose and whether each applies, which matches or neighbouring
steps went wrong). The book's self-check player computes the same facts in JavaScript, and a
browser test holds the two equal on a generated table of right, partial, wrong and malformed
answers, so the book never tells a student anything the grader would contradict.
"""

from __future__ import annotations

import re
from typing import Any

from .bank import (
    CATEGORY_LABELS,
    Classification,
    Matching,
    MultipleSelect,
    Ordering,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from .scoring import answer_id, answer_ids, fraction, normalise_category, normalise_text, score

# A verdict word written at the start of an explanation ("Right. ...", "No. ..."): the player
# says right or wrong itself, so the word would contradict or repeat it.
LEADING_VERDICT = re.compile(
    r"^(?:right|correct|yes|no|incorrect|wrong|accurate|not quite)"
    r"\s*[.:!,;]\s+",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"^([^.!?]+)[.!?]\s+(\S.*)$", re.DOTALL)


def verdict(share: float) -> str:
    """'right' (full credit), 'partial' (some) or 'wrong' (none)."""
    return "right" if share >= 1.0 else "partial" if share > 0 else "wrong"


def feedback_facts(item: Any, answer: Any) -> dict[str, Any]:
    """The grader's score of `answer` plus, part by part, what was chosen and what was right."""
    share = fraction(item, answer)
    if share is None:
        raise ValueError(f"{item.id} is a reflection; it is graded by hand, not checked")
    facts: dict[str, Any] = {
        "fraction": share,
        "score": score(item, answer),
        "points": item.points,
        "verdict": verdict(share),
    }
    match item:
        case SingleChoice():
            chosen = answer_id(answer)
            facts["options"] = [
                {"id": o.id, "chosen": o.id == chosen, "key": o.id == item.key}
                for o in item.options
            ]
        case MultipleSelect():
            picked = set(answer_ids(answer) or [])
            facts["options"] = [
                {"id": o.id, "chosen": o.id in picked, "key": o.id in item.key}
                for o in item.options
            ]
        case TrueFalse():
            facts["given"] = answer if isinstance(answer, bool) else None
        case Ordering():
            order = answer_ids(answer)
            valid = order is not None and sorted(order) == sorted(item.key)
            position = {value: index for index, value in enumerate(order or [])}
            facts["valid"] = valid
            facts["pairs"] = [
                {"before": a, "after": b, "right": valid and position[a] < position[b]}
                for a, b in zip(item.key, item.key[1:], strict=False)
            ]
        case Matching():
            given = _given_map(answer, answer_id)
            known = {p.id for p in item.right}
            facts["matches"] = [
                {
                    "left": left,
                    "key": right,
                    "given": given.get(left) if given.get(left) in known else None,
                    "right": given.get(left) == right,
                }
                for left, right in item.key.items()
            ]
        case Classification():
            given = _given_map(answer, normalise_category)
            facts["vignettes"] = [
                {
                    "id": v.id,
                    "key": v.answer,
                    "given": given.get(v.id),
                    "right": given.get(v.id) == v.answer,
                }
                for v in item.vignettes
            ]
    return facts


def _given_map(answer: Any, value_rule: Any) -> dict[str, Any]:
    """Keys and values as the scoring rule reads them (see scoring._matching)."""
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


def compile_item(item: Any) -> dict[str, Any]:
    """A practice item as the self-check player needs it: text to show, and nothing to decide.

    Explanations lose a leading "Right." or "No." (the player says which), a short answer's
    explanation loses a first sentence that only repeats the answer (the player shows it), and
    classification items carry the category labels the core uses.
    """
    data = item.model_dump(mode="json")
    for option in data.get("options", []):
        option["explanation"] = plain(option["explanation"])
    for field in ("explanation_true", "explanation_false", "explanation"):
        if field in data:
            data[field] = plain(data[field])
    if isinstance(item, ShortText):
        data["answers"] = _distinct(item.accepted)
        data["explanation"] = _without_answer(data["explanation"], item.accepted)
    if isinstance(item, Classification):
        data["categories"] = [[value, label] for value, label in CATEGORY_LABELS.items()]
        for vignette in data["vignettes"]:
            vignette["explanation"] = plain(vignette["explanation"])
    return dict(data)


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

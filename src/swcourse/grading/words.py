"""A graded answer told in words, for the feedback page and formgrader.

The instructor and the student read what was chosen as option text, the points it earned and
the explanation of what was chosen; never option ids, never the key of an option the student did
not choose, never Python. Markdown, because nbconvert renders it in the feedback HTML.
"""

from __future__ import annotations

from typing import Any

from ..core.bank import Item

CATEGORY_TEXT = {"casework": "Casework", "group work": "Group work", "both": "Both"}


def _points(earned: float, possible: float) -> str:
    return f"{earned:g} of {possible:g} point{'s' if possible != 1 else ''}"


def _clean(text: str) -> str:
    """One line of Markdown that cannot start a heading, list or HTML block."""
    return " ".join(str(text).split()).replace("<", "&lt;")


def answer_lines(item: Item, value: Any) -> list[str]:
    """What the student answered, as Markdown blocks (empty if it cannot be read)."""
    by_id = {o.id: o for o in getattr(item, "options", [])}
    match item.type:
        case "single":
            option = by_id.get(str(value).strip().lower()) if isinstance(value, str) else None
            return (
                [f"**You chose:** {_clean(option.text)}", f"**Why:** {_clean(option.explanation)}"]
                if option
                else []
            )
        case "multiple":
            chosen = (
                [
                    by_id[v.strip().lower()]
                    for v in value
                    if isinstance(v, str) and v.strip().lower() in by_id
                ]
                if isinstance(value, list)
                else []
            )
            return (
                [
                    "**You chose:**\n"
                    + "\n".join(f"- {_clean(o.text)} — {_clean(o.explanation)}" for o in chosen)
                ]
                if chosen
                else []
            )
        case "true_false":
            if not isinstance(value, bool):
                return []
            why = item.explanation_true if value else item.explanation_false
            return [f"**You chose:** {'True' if value else 'False'}", f"**Why:** {_clean(why)}"]
        case "ordering":
            text = {i.id: i.text for i in item.items}
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v in text for v in value
            ):
                return []
            return [
                "**Your order:**\n"
                + "\n".join(f"{n}. {_clean(text[v])}" for n, v in enumerate(value, 1)),
                f"**Why:** {_clean(item.explanation)}",
            ]
        case "matching":
            left = {p.id: p.text for p in item.left}
            right = {p.id: p.text for p in item.right}
            if not isinstance(value, dict):
                return []
            rows = [
                f"- {_clean(left[k])} → {_clean(right.get(str(v), 'no match chosen'))}"
                for k, v in value.items()
                if k in left
            ]
            return (
                ["**Your matches:**\n" + "\n".join(rows), f"**Why:** {_clean(item.explanation)}"]
                if rows
                else []
            )
        case "classification":
            if not isinstance(value, dict):
                return []
            rows = []
            for vignette in item.vignettes:
                category = CATEGORY_TEXT.get(str(value.get(vignette.id, "")).strip().lower())
                if category:
                    rows.append(f"- {_clean(vignette.text)} **You chose:** {category}.")
            return ["**Your answers:**\n" + "\n".join(rows)] if rows else []
        case "short_text":
            if not isinstance(value, str) or not value.strip():
                return []
            return [f"**You wrote:** {_clean(value)}", f"**Why:** {_clean(item.explanation)}"]
    return []


def feedback_markdown(number: int | None, item: Item, value: Any, earned: float) -> str:
    """The whole grade note: the answer in words and what it earned."""
    lines = answer_lines(item, value)
    which = f"Question {number}" if number else "This question"
    if value is None:
        lines = [f"{which} has no answer, so it earned no points."]
    elif not lines:
        lines = [
            f"{which} has an answer that is not one this question takes (for example a "
            "letter that is not an option), so it earned no points."
        ]
    return "\n\n".join([*lines, f"**Points:** {_points(earned, item.points)}"])

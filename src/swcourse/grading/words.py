"""A graded answer told in words, for the feedback page and formgrader.

The instructor and the student read what was chosen as option text, the points it earned and
the explanation of what was chosen; never option ids, never the key of an option the student did
not choose, never Python. Markdown, because nbconvert renders it in the feedback HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.bank_schema import Item
from ..core.items import CATEGORY_LABELS

CATEGORY_TEXT = CATEGORY_LABELS  # the name this module has always exported


def _points(earned: float, possible: float) -> str:
    return f"{earned:g} of {possible:g} point{'s' if possible != 1 else ''}"


def answer_lines(item: Item, value: Any) -> list[str]:
    """What the student answered, as Markdown blocks (empty if it cannot be read)."""
    return list(item.answer_lines(value))


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


def drawn_markdown(number: int, item: Mapping[str, Any]) -> str:
    """What a drawn question's grade cell shows first: the prompt of the item of its pool this
    student was asked (core/variants.py), so formgrader and the feedback say which it was. The
    hidden test shows it under nbgrader (`swcourse.variants.drawn_item`); `swcourse grade`
    writes the same output outside the kernel (submission.py)."""
    return f"**Question {number}, drawn for you:** {' '.join(str(item['prompt']).split())}"

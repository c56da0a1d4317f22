"""The cells of a drawn question (a pool's slot, see core/variants.py) in a source notebook.

Every candidate of the pool goes into the notebook: their display data in the answer-box cell,
their bank entries in the hidden test. Both cells pick the student's own item when they run
(swcourse.variants), so one released notebook serves the whole class with fixed points per cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pprint import pformat
from typing import Any

from nbformat import NotebookNode

from ..core.items import type_heading
from .notebooks import display_data, grade_cell_source, hidden_code, markdown


@dataclass(frozen=True)
class DrawnQuestion:
    """One slot of a pool (core/variants.py): asked like an item, filled per student.

    Its pool's items share objectives, type and points (`swcourse check` holds them to it), so
    the header, the footer and the gradebook read a slot as they read an item."""

    pool: str
    draw: int
    place: int
    members: tuple[Any, ...]

    @property
    def id(self) -> str:
        return self.pool

    @property
    def type(self) -> str:
        return str(self.members[0].type)

    @property
    def points(self) -> float:
        return float(self.members[0].points)

    @property
    def objectives(self) -> list[str]:
        return list(self.members[0].objectives)


def _slot(question: DrawnQuestion, entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "pool": question.pool,
        "draw": question.draw,
        "place": question.place,
        "items": entries,
    }


def drawn_cells(
    stem: str, number: int, question: DrawnQuestion, also: list[int]
) -> list[NotebookNode]:
    """Question, answer box and grade cell of one slot: every candidate is in the notebook and
    each student's own is picked when the cells run (grading.variants)."""
    base = f"q{number}-{question.pool}"
    points = f"{question.points:g} point{'s' if question.points != 1 else ''}"
    many = len(question.objectives) > 1
    heading = (
        f"### Question {number} · {type_heading(question.type)} · {points}\n\n"
        f"*Objective{'s' if many else ''}: {', '.join(question.objectives)}*\n\n"
        f"This question is drawn for you from a set of {len(question.members)} that assess the "
        "same objective, so classmates may have a different one. It is in the box below."
    )
    shown = [{**display_data(m), "prompt": m.prompt} for m in question.members]
    box = pformat(_slot(question, shown), width=100, sort_dicts=True)
    hidden = pformat(
        _slot(question, [m.model_dump(mode="python") for m in question.members]),
        width=100,
        sort_dicts=True,
    )
    grade = grade_cell_source(
        stem,
        number,
        f"_drawn_item({stem!r}, {number}, {hidden})",
        also,
        ("from swcourse.variants import drawn_item as _drawn_item",),
    )
    return [
        markdown(f"{base}-question", heading, locked=True),
        hidden_code(
            f"{base}-box",
            "# Shows this question and its answer box. Your answer is saved as you give it.\n"
            f"from swcourse.variants import drawn_box\ndrawn_box({stem!r}, {number}, {box})",
            locked=True,
        ),
        hidden_code(f"{base}-grade", grade, grade=True, locked=True, points=question.points),
    ]

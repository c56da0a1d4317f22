"""Drawn questions in the gradebook and the report: which item each student was asked.

A pool's slot is one grade cell (`q{N}-{pool id}-grade`) with the same points for everyone, so
totals, exports and the per-question table stay as for any item; the slot's column carries the
pool's type and objectives, so mastery per objective counts it. Which item filled a slot for a
student is not stored anywhere: it is recomputed here with the same seeded draw the answer box
and the grade cell use (core/variants.py), which gives each pool item's own figures over the
students who were asked it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..core.course import Course
from ..core.variants import drawn_for_slot
from .analysis import Cell, ScoreMatrix


@dataclass(frozen=True)
class Pool:
    """A pool as the gradebook reader sees it: it stands in for an item (id, type, objectives)."""

    id: str
    assignment: str
    type: str
    objectives: tuple[str, ...]
    draw: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class Drawn:
    """One student's score on the item they were asked at one slot."""

    student: str
    number: int
    pool: str
    item_id: str
    score: Cell
    max_points: float


@dataclass(frozen=True)
class ItemFigures:
    """How one item of a pool went, over the students who were asked it."""

    pool: str
    item_id: str
    asked: int
    graded: int
    facility: float | None


def pools(course: Course, assignment: str) -> dict[str, Pool]:
    """Pool id -> pool, for one assignment of quizzes/assignments.yaml (none if it is absent)."""
    spec = course.assignment_by_id.get(assignment)
    if spec is None:
        return {}
    items = course.items
    found: dict[str, Pool] = {}
    for slot in spec.slots():
        if slot.drawn and slot.pool not in found and slot.ids[0] in items:
            first = items[slot.ids[0]]
            found[slot.pool] = Pool(
                slot.pool, assignment, first.type, tuple(first.objectives), slot.draw, slot.ids
            )
    return found


def drawn(matrix: ScoreMatrix, found: dict[str, Pool]) -> list[Drawn]:
    """Every student's item and score at every slot of the matrix, in question order."""
    out: list[Drawn] = []
    places: dict[str, int] = {}
    for index, column in enumerate(matrix.items):
        pool = found.get(column.item_id)
        if pool is None:
            continue
        places[pool.id] = place = places.get(pool.id, 0) + 1  # slots come in question order
        for student, score in zip(matrix.students, matrix.column(index), strict=True):
            item_id = drawn_for_slot(
                pool.members, pool.draw, place, student, pool.assignment, pool.id
            )
            out.append(Drawn(student, column.number, pool.id, item_id, score, column.max_points))
    return out


def item_figures(rows: list[Drawn], found: dict[str, Pool]) -> list[ItemFigures]:
    """Each pool item's facility (mean share of its points, in %) over the students asked it."""
    figures = []
    for pool in found.values():
        for item_id in pool.members:
            asked = [r for r in rows if r.pool == pool.id and r.item_id == item_id]
            known = [r for r in asked if r.score is not None and r.max_points]
            facility = (
                100 * sum(float(r.score or 0) / r.max_points for r in known) / len(known)
                if known
                else None
            )
            figures.append(ItemFigures(pool.id, item_id, len(asked), len(known), facility))
    return figures


def drawn_html(matrix: ScoreMatrix, found: dict[str, Pool]) -> str:
    """The report's section on drawn questions; empty when the assignment draws nothing."""
    if not found:
        return ""
    from .report import _table  # the report's own accessible table

    rows = [
        [
            f"<code>{escape(f.item_id)}</code>",
            f"<code>{escape(f.pool)}</code>",
            str(f.asked),
            str(f.graded),
            "not yet known" if f.facility is None else f"{f.facility:.0f}%",
        ]
        for f in item_figures(drawn(matrix, found), found)
    ]
    return (
        "<h2>Drawn questions</h2><p>Each student answers some items of each pool, drawn for "
        "them. The Questions table gives each slot's figures over the whole class; this table "
        "gives each item's facility over the students who were asked it.</p>"
        + _table(
            "Items of each pool: how many students were asked each, and how they did",
            "drawn-caption",
            ["Item", "Pool", "Asked of", "Scores in", "Facility"],
            rows,
        )
    )

"""Item variants per student: which items of a pool each student is asked, like Moodle's
random questions.

An assignment may list a pool of equivalent assessment items (same objectives, type and points)
and draw some of them for each student. nbgrader releases one notebook to everyone, so the
notebook holds a fixed number of question slots, each worth the same points for every student;
which item fills a slot is decided here, from the nbgrader student id, the assignment and the
pool, with the same seeded shuffle that orders options (core/shuffle.py). The answer box, the
grade cell and the grade readers all call `drawn_ids`, so they always agree, and the draw never
needs to be stored: a student cannot change it by editing a file.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import Any

from .shuffle import display_order


def draw_seed(student: str, assignment: str, pool: str) -> str:
    """The shuffle seed of one student's draw from one pool of one assignment."""
    return f"{student}:{assignment}:{pool}"


def drawn_ids(
    pool_ids: Sequence[str], count: int, student: str, assignment: str, pool: str
) -> list[str]:
    """The `count` items of the pool this student is asked, in the order the pool lists them
    (slot 1 is the first of them), the same every time for the same student."""
    if not 1 <= count <= len(pool_ids):
        raise ValueError(f"cannot draw {count} of the {len(pool_ids)} items in pool {pool}")
    chosen = set(display_order(list(pool_ids), draw_seed(student, assignment, pool))[:count])
    return [item_id for item_id in pool_ids if item_id in chosen]


def drawn_for_slot(
    pool_ids: Sequence[str], count: int, place: int, student: str, assignment: str, pool: str
) -> str:
    """The item that fills slot `place` (1-based) of a pool for this student."""
    return drawn_ids(pool_ids, count, student, assignment, pool)[place - 1]


def entry_id(entry: Mapping[str, Any]) -> str:
    """The item id of a pool entry: an answer box's data calls it "item", a bank item "id"."""
    return str(entry.get("item", entry.get("id", "")))


def pick(slot: Mapping[str, Any], student: str, assignment: str) -> dict[str, Any]:
    """The entry of a generated slot ({pool, draw, place, items}) this student is asked."""
    entries = {entry_id(e): dict(e) for e in slot["items"]}
    chosen = drawn_for_slot(
        list(entries), int(slot["draw"]), int(slot["place"]), student, assignment, str(slot["pool"])
    )
    return entries[chosen]


def drawn_literal(node: ast.AST, student: str) -> dict[str, Any] | None:
    """The item a generated `_drawn_item(stem, N, slot)` call picks for `student`, read from the
    hidden test's syntax without running it (for graders that score outside the kernel); None
    for any other expression."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_drawn_item"
        and len(node.args) == 3
        and not node.keywords
    ):
        return None
    stem, _number, slot = (ast.literal_eval(arg) for arg in node.args)
    return pick(slot, student, str(stem))

"""Assignment specs (`quizzes/assignments.yaml`): which bank items each graded notebook holds.

An entry of `items` is a bank item id, or a pool to draw from per student (`Draw`: see
core/variants.py for why the draw is seeded and never stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, field_validator

from .course import Course
from .models import SLUG, Strict
from .problems import Problem
from .yamlio import Loaded

ASSIGNMENT_ID = SLUG
POOL_ID = re.compile(r"^q-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


class Draw(Strict):
    """Some items of a pool of equivalent items, drawn per student, as Moodle's random questions."""

    pool: str = Field(
        description="The pool's id, written like an item id (q-05-...) and used as the slots' "
        "grade ids, so the gradebook and the report find the pool; not the id of a bank item."
    )
    draw: int = Field(ge=1, description="How many of the pool's items each student is asked.")
    from_: list[str] = Field(
        alias="from",
        min_length=2,
        description="The pool: assessment items with the same objectives, type and points.",
    )

    @field_validator("pool")
    @classmethod
    def _pool_id(cls, value: str) -> str:
        if not POOL_ID.match(value):
            raise ValueError(f"pool id {value!r} must look like an item id, e.g. q-05-values-pool")
        return value


# A mapping is a pool, anything else an item id: errors then name only the form meant.
Entry = Annotated[
    Annotated[str, Tag("item")] | Annotated[Draw, Tag("pool")],
    Discriminator(lambda v: "pool" if isinstance(v, dict | Draw) else "item"),
]


@dataclass(frozen=True)
class Slot:
    """One question of a notebook: a fixed item (`ids` holds just it) or place `place` of a draw."""

    ids: tuple[str, ...]
    pool: str = ""
    draw: int = 1
    place: int = 1

    @property
    def drawn(self) -> bool:
        return bool(self.pool)


class AssignmentSpec(Strict):
    id: str = Field(description="nbgrader assignment name; also the notebook's file name.")
    title: str = Field(min_length=5)
    chapter: int | None = Field(default=None, description="The chapter it assesses, if one.")
    scenario: str | None = Field(default=None, description="Scenario a case study is built on.")
    introduction: str = Field(min_length=20, description="What the assignment asks, for students.")
    items: list[Entry] = Field(
        min_length=1,
        description="Bank item ids, in the order asked; an entry {pool, draw, from} asks `draw` "
        "items of the pool `from`, chosen per student.",
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ASSIGNMENT_ID.match(value):
            raise ValueError(f"assignment id {value!r} must be lower-case words joined by hyphens")
        return value

    def item_ids(self) -> list[str]:
        """Every bank item the notebook holds, pools included, in the order listed."""
        return [i for entry in self.items for i in _ids(entry)]

    def slots(self) -> list[Slot]:
        """The notebook's questions in order: a draw of N gives N slots."""
        out: list[Slot] = []
        for entry in self.items:
            if isinstance(entry, Draw):
                ids = tuple(entry.from_)
                out += [Slot(ids, entry.pool, entry.draw, p) for p in range(1, entry.draw + 1)]
            else:
                out.append(Slot((entry,)))
        return out


def _ids(entry: str | Draw) -> list[str]:
    return list(entry.from_) if isinstance(entry, Draw) else [entry]


def listed_items(spec: AssignmentSpec, a_index: int) -> list[tuple[tuple[int | str, ...], str]]:
    """(where in the file, item id) for every item an assignment lists, pools included."""
    out: list[tuple[tuple[int | str, ...], str]] = []
    for i_index, entry in enumerate(spec.items):
        where: tuple[int | str, ...] = ("assignments", a_index, "items", i_index)
        if isinstance(entry, Draw):
            out += [((*where, "from", f), item_id) for f, item_id in enumerate(entry.from_)]
        else:
            out.append((where, entry))
    return out


class AssignmentsFile(Strict):
    schema_version: int = Field(ge=1, le=1)
    assignments: list[AssignmentSpec] = Field(min_length=1)
    private_bank: str | None = Field(
        default=None,
        description=(
            "A folder outside this repository holding private assessment items (bank files); "
            "relative paths start at the course folder. SWCOURSE_PRIVATE_BANK overrides it."
        ),
    )


def check_assignments(course: Course) -> list[Problem]:
    """Items exist and are assessment items; every objective and assessment item is assessed."""
    layout = course.layout
    if not layout.assignments.is_file():
        return [Problem(layout.assignments, 1, "quizzes/assignments.yaml is missing")]
    specs = course.assignments_file
    if specs is None:
        return []  # a load problem, reported by load_course
    items: dict[str, Any] = dict(course.items)
    problems: list[Problem] = []
    used: set[str] = set()
    seen_ids: set[str] = set()
    pools: set[str] = set()
    for a_index, spec in enumerate(specs.model.assignments):
        if spec.id in seen_ids:
            problems.append(
                specs.problem(
                    f"assignment id {spec.id} is used twice", "assignments", a_index, "id"
                )
            )
        seen_ids.add(spec.id)
        for where, item_id in listed_items(spec, a_index):
            item = items.get(item_id)
            if item is None:
                problems.append(specs.problem(f"item {item_id} is not in quizzes/bank", *where))
            elif item.use != "assessment":
                problems.append(
                    specs.problem(
                        f"item {item_id} is a practice item; graded "
                        "assignments use assessment items only",
                        *where,
                    )
                )
            elif item_id in used:
                problems.append(
                    specs.problem(f"item {item_id} is already in another assignment", *where)
                )
            used.add(item_id)
        problems += _pool_problems(specs, a_index, items, pools)
    problems += _unassessed(course, specs, items, used)
    return problems


def _unassessed(
    course: Course, specs: Loaded[AssignmentsFile], items: dict[str, Any], used: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    objectives = course.objectives_file
    if objectives is None:
        return problems  # a load problem, reported by load_course
    assessed = {o for item_id in used if item_id in items for o in items[item_id].objectives}
    for c_index, chapter in enumerate(objectives.model.chapters):
        for o_index, objective in enumerate(chapter.objectives):
            if objective.id not in assessed:
                problems.append(
                    objectives.problem(
                        f"{objective.id} is not assessed by any item in quizzes/assignments.yaml",
                        "chapters",
                        c_index,
                        "objectives",
                        o_index,
                        "id",
                    )
                )
    spare = sorted(i for i, item in items.items() if item.use == "assessment" and i not in used)
    if spare:
        problems.append(
            specs.problem(
                "assessment items in no assignment: "
                + ", ".join(spare)
                + "; add them to an assignment or mark them practice",
                "assignments",
            )
        )
    return problems


def _pool_problems(
    specs: Loaded[AssignmentsFile], a_index: int, items: dict[str, Any], pools: set[str]
) -> list[Problem]:
    """A draw asks no more than its pool holds, from items a student could swap fairly."""
    problems: list[Problem] = []
    for i_index, entry in enumerate(specs.model.assignments[a_index].items):
        if not isinstance(entry, Draw):
            continue
        where = ("assignments", a_index, "items", i_index)
        if entry.draw > len(entry.from_):
            problems.append(
                specs.problem(
                    f"pool {entry.pool} draws {entry.draw} items from only {len(entry.from_)}; "
                    f"draw at most {len(entry.from_)} or add items to its `from` list",
                    *where,
                    "draw",
                )
            )
        if entry.pool in items or entry.pool in pools:
            what = "a bank item" if entry.pool in items else "another pool"
            problems.append(
                specs.problem(
                    f"pool id {entry.pool} is already the id of {what}; give the pool its own id",
                    *where,
                    "pool",
                )
            )
        pools.add(entry.pool)
        if len(set(entry.from_)) != len(entry.from_):
            problems.append(specs.problem(f"pool {entry.pool} lists an item twice", *where, "from"))
        found = [items[i] for i in entry.from_ if i in items]
        if any(item.type == "reflection" for item in found):
            problems.append(
                specs.problem(
                    f"pool {entry.pool} holds a reflection; reflections are marked by hand with "
                    "their own rubric, so draw only autograded items",
                    *where,
                    "from",
                )
            )
        kinds = {(tuple(sorted(i.objectives)), i.type, float(i.points)) for i in found}
        if len(kinds) > 1:
            problems.append(
                specs.problem(
                    f"the items of pool {entry.pool} differ in objectives, type or points; a "
                    "student's draw must not change what is assessed or how much it is worth",
                    *where,
                    "from",
                )
            )
    return problems

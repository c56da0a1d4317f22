"""Assignment specs (`quizzes/assignments.yaml`): which bank items each graded notebook holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from .course import Course, CourseLayout, load_objectives
from .models import SLUG, Strict
from .problems import ContentError, Problem
from .yamlio import Loaded, load_model

ASSIGNMENT_ID = SLUG


class AssignmentSpec(Strict):
    id: str = Field(description="nbgrader assignment name; also the notebook's file name.")
    title: str = Field(min_length=5)
    chapter: int | None = Field(default=None, description="The chapter it assesses, if one.")
    scenario: str | None = Field(default=None, description="Scenario a case study is built on.")
    introduction: str = Field(min_length=20, description="What the assignment asks, for students.")
    items: list[str] = Field(min_length=1, description="Bank item ids, in the order asked.")

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not ASSIGNMENT_ID.match(value):
            raise ValueError(f"assignment id {value!r} must be lower-case words joined by hyphens")
        return value


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


def assignments_path(layout: CourseLayout) -> Path:
    return layout.assignments


def load_assignments(layout: CourseLayout) -> Loaded[AssignmentsFile]:
    return load_model(assignments_path(layout), AssignmentsFile)


def check_assignments(course: Course) -> list[Problem]:
    """Items exist and are assessment items; every objective and assessment item is assessed."""
    layout = course.layout
    if not assignments_path(layout).is_file():
        return [Problem(assignments_path(layout), 1, "quizzes/assignments.yaml is missing")]
    specs = course.assignments_file
    if specs is None:
        return []  # a load problem, reported by load_course
    items: dict[str, Any] = dict(course.items)
    problems: list[Problem] = []
    used: set[str] = set()
    seen_ids: set[str] = set()
    for a_index, spec in enumerate(specs.model.assignments):
        if spec.id in seen_ids:
            problems.append(
                specs.problem(
                    f"assignment id {spec.id} is used twice", "assignments", a_index, "id"
                )
            )
        seen_ids.add(spec.id)
        for i_index, item_id in enumerate(spec.items):
            where = ("assignments", a_index, "items", i_index)
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
    problems += _unassessed(layout, specs, items, used)
    return problems


def _unassessed(
    layout: CourseLayout, specs: Loaded[AssignmentsFile], items: dict[str, Any], used: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    try:
        objectives = load_objectives(layout)
    except ContentError:
        return problems
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

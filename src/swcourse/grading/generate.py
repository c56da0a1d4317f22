"""`swcourse assignments generate`: write (or check) every nbgrader source notebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..core.assignments import listed_items
from ..core.atomic import write_text_atomic as write_atomically
from ..core.course import Course, CourseLayout
from ..core.problems import ContentError, Problem
from ..core.scenarios import find_scenario
from .drawn_cells import DrawnQuestion
from .notebooks import build


@dataclass(frozen=True)
class Generated:
    path: Path
    text: str
    current: bool  # the file on disk already has exactly this text


def source_path(layout: CourseLayout, assignment_id: str) -> Path:
    return layout.quizzes / "source" / assignment_id / f"{assignment_id}.ipynb"


def render_all(course: Course) -> list[Generated]:
    """Every assignment's notebook text, compared with what is committed."""
    specs = course.assignments_file
    if specs is None:
        path = course.layout.assignments
        raise ContentError([Problem(path, 1, "quizzes/assignments.yaml is missing")])
    items = course.items
    missing = [
        Problem(specs.path, specs.line(*where), f"no item {item_id}")
        for a, spec in enumerate(specs.model.assignments)
        for where, item_id in listed_items(spec, a)
        if item_id not in items
    ]
    if missing:
        raise ContentError(missing)
    out = []
    for spec in specs.model.assignments:
        scenario = find_scenario(course, spec.scenario).model if spec.scenario else None
        questions = [
            DrawnQuestion(s.pool, s.draw, s.place, tuple(items[i] for i in s.ids))
            if s.drawn
            else items[s.ids[0]]
            for s in spec.slots()
        ]
        notebook = build(spec, questions, course.objective_texts, scenario)
        text = nbformat.writes(notebook) + "\n"
        path = source_path(course.layout, spec.id)
        current = path.is_file() and path.read_text(encoding="utf-8") == text
        out.append(Generated(path, text, current))
    return out


def generate(course: Course) -> list[Generated]:
    """Write the notebooks that changed; returns all of them."""
    rendered = render_all(course)
    for notebook in rendered:
        if not notebook.current:
            write_atomically(notebook.path, notebook.text)
    return rendered

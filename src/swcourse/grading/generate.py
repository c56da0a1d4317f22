"""`swcourse assignments generate`: write (or check) every nbgrader source notebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..core.assignments import listed_items, load_assignments
from ..core.atomic import write_text_atomic as write_atomically
from ..core.banks import bank_items
from ..core.course import CourseLayout, load_objectives
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


def render_all(layout: CourseLayout) -> list[Generated]:
    """Every assignment's notebook text, compared with what is committed."""
    specs = load_assignments(layout)
    items = {item.id: item for item in bank_items(layout)}
    objectives = {
        o.id: o.text for c in load_objectives(layout).model.chapters for o in c.objectives
    }
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
        scenario = find_scenario(layout, spec.scenario).model if spec.scenario else None
        questions = [
            DrawnQuestion(s.pool, s.draw, s.place, tuple(items[i] for i in s.ids))
            if s.drawn
            else items[s.ids[0]]
            for s in spec.slots()
        ]
        notebook = build(spec, questions, objectives, scenario)
        text = nbformat.writes(notebook) + "\n"
        path = source_path(layout, spec.id)
        current = path.is_file() and path.read_text(encoding="utf-8") == text
        out.append(Generated(path, text, current))
    return out


def generate(layout: CourseLayout) -> list[Generated]:
    """Write the notebooks that changed; returns all of them."""
    rendered = render_all(layout)
    for notebook in rendered:
        if not notebook.current:
            write_atomically(notebook.path, notebook.text)
    return rendered

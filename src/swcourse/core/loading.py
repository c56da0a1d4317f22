"""How `load_course` reads a course: each file once, every problem kept.

Split from course.py because the loaders it calls (bank, scenarios, assignments, references)
themselves import `CourseLayout` from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .assignments import AssignmentsFile
from .banks import duplicate_ids, load_banks
from .bibtex import bib_keys
from .course import Course, CourseLayout, TocEntry, load_glossaries, load_objectives
from .models import TimelineFile
from .problems import ContentError, Problem
from .scenario_schema import Scenario
from .yamlio import Loaded, load_model, read_yaml


def _attempt(problems: list[Problem], load: Any, *args: Any) -> Any:
    """`load(*args)`, or None with its problems added to `problems`."""
    try:
        return load(*args)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


def toc_entries(path: Path) -> tuple[TocEntry, ...]:
    """Every `file:` of a Jupyter Book table of contents, in reading order, with its line."""
    _, node = read_yaml(path)
    found: list[TocEntry] = []

    def walk(node: yaml.Node | None) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value in ("file", "root") and isinstance(value, yaml.ScalarNode):
                    page = value.value.removesuffix(".md")
                    found.append(TocEntry(page, value.start_mark.line + 1))
                else:
                    walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                walk(value)

    walk(node)
    return tuple(found)


def _references(layout: CourseLayout, problems: list[Problem]) -> dict[str, int]:
    if not layout.references.is_file():
        problems.append(Problem(layout.references, 1, "book/references.bib is missing"))
        return {}
    keys, bib_problems = bib_keys(layout.references)
    problems.extend(bib_problems)
    return keys


def _scenarios(layout: CourseLayout, problems: list[Problem]) -> tuple[Loaded[Scenario], ...]:
    loaded = [_attempt(problems, load_model, p, Scenario) for p in layout.scenario_files()]
    return tuple(s for s in loaded if s is not None)


def load_parts(layout: CourseLayout) -> tuple[Course, list[Problem]]:
    """Read every course file that exists; a file that does not load is a problem, not a stop."""
    problems: list[Problem] = []
    objectives = _attempt(problems, load_objectives, layout)
    glossaries, glossary_problems = load_glossaries(layout)
    problems += glossary_problems
    references = _references(layout, problems)
    timeline = (
        _attempt(problems, load_model, layout.timeline, TimelineFile)
        if layout.timeline.is_file()
        else None
    )
    toc = _attempt(problems, toc_entries, layout.toc) if layout.toc.is_file() else None
    banks, bank_problems = load_banks(layout)
    problems += bank_problems + duplicate_ids(layout, banks)
    assignments = (
        _attempt(problems, load_model, layout.assignments, AssignmentsFile)
        if layout.assignments.is_file()
        else None
    )
    course = Course(
        layout=layout,
        objectives_file=objectives,
        glossaries=tuple(glossaries),
        references=references,
        timeline=timeline,
        toc=toc,
        banks=tuple(banks),
        scenarios=_scenarios(layout, problems),
        assignments_file=assignments,
    )
    return course, sorted(set(problems))

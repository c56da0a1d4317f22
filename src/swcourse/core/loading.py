"""How `load_course` reads a course: each file once, every problem kept.

The only place that reads course files: every host gets the `Course` built here, so no
adapter keeps a loader of its own that could read a file a second time or drop its problems.
Split from course.py because the schemas it validates against (bank, scenarios, assignments)
themselves import `CourseLayout` from there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .assignments import AssignmentsFile
from .bank_schema import BankFile
from .bibtex import bib_keys
from .course import Course, CourseLayout
from .models import GlossaryFile, ObjectivesFile, TimelineEvent, TimelineFile
from .myst import RoleUse
from .private_bank import private_bank_files
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


def toc_entries(path: Path) -> tuple[RoleUse, ...]:
    """Every `file:` of a Jupyter Book table of contents, in reading order, with its line."""
    _, node = read_yaml(path)
    found: list[RoleUse] = []

    def walk(node: yaml.Node | None) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value in ("file", "root") and isinstance(value, yaml.ScalarNode):
                    page = value.value.removesuffix(".md")
                    found.append(RoleUse(value.start_mark.line + 1, page))
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


def _optional(layout_path: Path, model: Any, problems: list[Problem]) -> Any:
    """The file loaded as `model`, or None when it is absent or does not load (a problem)."""
    return _attempt(problems, load_model, layout_path, model) if layout_path.is_file() else None


def _glossaries(layout: CourseLayout, problems: list[Problem]) -> list[Loaded[GlossaryFile]]:
    loaded = [_attempt(problems, load_model, p, GlossaryFile) for p in layout.glossary_files()]
    return [g for g in loaded if g is not None]


def _banks(
    layout: CourseLayout, specs: Loaded[AssignmentsFile] | None, problems: list[Problem]
) -> list[Loaded[BankFile]]:
    """Every bank file that loads (public, then private); a practice item in the private bank
    and an id used twice are problems."""
    loaded: list[Loaded[BankFile]] = []
    private, private_problems = private_bank_files(layout, specs)
    problems += private_problems
    for path in [*layout.bank_files(), *private]:
        bank = _attempt(problems, load_model, path, BankFile)
        if bank is None:
            continue
        if path in private:
            problems += [
                bank.problem(
                    f"{item.id} is a practice item; practice items belong in "
                    "quizzes/bank, because the book shows them to everyone",
                    "items",
                    index,
                    "use",
                )
                for index, item in enumerate(bank.model.items)
                if item.use == "practice"
            ]
        loaded.append(bank)
    problems += _duplicate_ids(layout, loaded)
    return loaded


def _duplicate_ids(layout: CourseLayout, banks: list[Loaded[BankFile]]) -> list[Problem]:
    """An id used twice, public or private, is reported at its second use naming the first."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for bank in banks:
        for index, item in enumerate(bank.model.items):
            if item.id in seen:
                problems.append(
                    bank.problem(
                        f"item id {item.id} is also used at {seen[item.id]}; "
                        "give one of them a new id",
                        "items",
                        index,
                        "id",
                    )
                )
            seen.setdefault(item.id, _where(layout, bank, index))
    return problems


def _where(layout: CourseLayout, bank: Loaded[BankFile], index: int) -> str:
    """`file:line` of an item's id: relative inside the course, absolute for a private file."""
    line = bank.line("items", index, "id")
    return Problem(bank.path, line, "").format(layout.root).removesuffix(": ")


def private_files(layout: CourseLayout) -> list[Path]:
    """The private bank's files, for knowing what a rebuild depends on (their problems are
    reported by `load_course`)."""
    specs = _optional(layout.assignments, AssignmentsFile, [])
    return private_bank_files(layout, specs)[0]


def timeline_alone(root: Path) -> tuple[TimelineEvent, ...]:
    """The timeline's milestones in date order, read from that one file.

    Only for the figure cell of a book page, which myst-nb runs in a Jupyter kernel outside the
    build's process, where the build's `Course` is out of reach: loading the whole course there
    would parse every other file a second time per build. The build's own `load_course` reports
    the file's problems; here a file that does not load is a ContentError (the cell fails).
    """
    layout = CourseLayout(root)
    events = load_model(layout.timeline, TimelineFile).model.events
    return tuple(sorted(events, key=lambda event: event.year))


def load_parts(layout: CourseLayout) -> tuple[Course, list[Problem]]:
    """Read every course file that exists; a file that does not load is a problem, not a stop."""
    problems: list[Problem] = []
    objectives = _attempt(problems, load_model, layout.objectives, ObjectivesFile)
    glossaries = _glossaries(layout, problems)
    references = _references(layout, problems)
    timeline = _optional(layout.timeline, TimelineFile, problems)
    toc = _attempt(problems, toc_entries, layout.toc) if layout.toc.is_file() else None
    assignments = _optional(layout.assignments, AssignmentsFile, problems)
    banks = _banks(layout, assignments, problems)  # assignments may name a private bank
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

"""Loading the question bank and checking it against the course's learning objectives.

The bank is quizzes/bank/*.yaml plus, when an instructor names one, a private folder of
assessment items outside the repository (private_bank.py): both load and check alike.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .bank_schema import BankFile
from .course import Course, CourseLayout
from .private_bank import private_bank_files
from .problems import ContentError, Problem
from .yamlio import Loaded, load_model

MIN_ASSESSMENT = 3
MIN_PRACTICE = 2


def bank_files(layout: CourseLayout) -> list[Path]:
    return layout.bank_files()


def load_banks(layout: CourseLayout) -> tuple[list[Loaded[BankFile]], list[Problem]]:
    """Every bank file that loads (public, then private), plus the problems of the rest."""
    loaded: list[Loaded[BankFile]] = []
    private, problems = private_bank_files(layout)
    for path in [*bank_files(layout), *private]:
        try:
            bank = load_model(path, BankFile)
        except ContentError as exc:
            problems.extend(exc.problems)
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
    return loaded, problems


def all_items(banks: list[Loaded[BankFile]]) -> list[Any]:
    return [item for bank in banks for item in bank.model.items]


def duplicate_ids(layout: CourseLayout, banks: list[Loaded[BankFile]]) -> list[Problem]:
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


def check_bank(course: Course) -> list[Problem]:
    """Known objectives, and enough practice and assessment per objective (file and duplicate-id
    problems are load problems, reported by `load_course`)."""
    problems: list[Problem] = []
    objectives = course.objectives_file
    if objectives is None:
        return problems  # reported as a load problem
    known = set(course.objectives)
    for bank in course.banks:
        for index, item in enumerate(bank.model.items):
            for o_index, objective in enumerate(item.objectives):
                if objective not in known:
                    problems.append(
                        bank.problem(
                            f"objective {objective} is not in book/objectives.yaml",
                            "items",
                            index,
                            "objectives",
                            o_index,
                        )
                    )
    counts = Counter(
        (objective, item.use) for item in course.all_items for objective in item.objectives
    )
    for c_index, chapter in enumerate(objectives.model.chapters):
        for o_index, goal in enumerate(chapter.objectives):
            for use, minimum in (("assessment", MIN_ASSESSMENT), ("practice", MIN_PRACTICE)):
                have = counts[(goal.id, use)]
                if have < minimum:
                    problems.append(
                        objectives.problem(
                            f"{goal.id} has {have} {use} item(s) in quizzes/bank; it needs at "
                            f"least {minimum}",
                            "chapters",
                            c_index,
                            "objectives",
                            o_index,
                            "id",
                        )
                    )
    return problems


def _where(layout: CourseLayout, bank: Loaded[BankFile], index: int) -> str:
    """`file:line` of an item's id: relative inside the course, absolute for a private file."""
    line = bank.line("items", index, "id")
    return Problem(bank.path, line, "").format(layout.root).removesuffix(": ")


def bank_items(layout: CourseLayout) -> list[Any]:
    """Every item of the bank, in bank order; a file that does not load, or an id used twice
    (public and private banks together), is an error."""
    banks, problems = load_banks(layout)
    problems += duplicate_ids(layout, banks)
    if problems:
        raise ContentError(problems)
    return all_items(banks)


def practice_items(layout: CourseLayout, objective: str) -> list[Any]:
    """The practice items of one objective, in bank order (assessment items never)."""
    return [
        item
        for item in bank_items(layout)
        if item.use == "practice" and objective in item.objectives
    ]
